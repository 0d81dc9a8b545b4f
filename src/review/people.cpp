#include "review/people.hpp"

#include <algorithm>

#include "common/utf8.hpp"
#include "review/footage.hpp"
#include "review/ids.hpp"
#include "review/keys.hpp"
#include "review/sealed_columns.hpp"
#include "review/workspace.hpp"
#include "store/database.hpp"

namespace review {

// Sets the signed-in state of a Workspace (its friend), so nothing else can.
class SignIn {
public:
    static void set(Workspace& ws, const Person& person, DataKey key)
    {
        ws.m_personId = person.id;
        ws.m_personName = person.name;
        ws.m_roles = person.roles;
        ws.m_key = std::move(key);
        ws.m_codebookCache.reset();
    }
    // The person only, keeping the key (init makes the key before the person's row).
    static void setPerson(Workspace& ws, const Person& person)
    {
        ws.m_personId = person.id;
        ws.m_personName = person.name;
        ws.m_roles = person.roles;
    }
    static void clear(Workspace& ws)
    {
        ws.m_personId = 0;
        ws.m_personName.clear();
        ws.m_roles = 0;
        ws.m_key = DataKey();
        ws.m_codebookCache.reset();
    }
};

namespace {

constexpr Roles kAdministrator = static_cast<Roles>(Role::Administrator);
constexpr int kFreeTries = 2;          // wrong passphrases in a row before waiting starts
constexpr int64_t kMaxWaitSeconds = 300;

const std::string kPersonColumns = "id, uuid, name, roles, passphrase IS NOT NULL, removed_us, created_us";

Person readPerson(const store::Statement& s)
{
    Person p;
    p.id = s.getInt(0);
    p.uuid = s.getText(1);
    p.name = s.getText(2);
    auto roles = parseRoles(s.getText(3));
    p.roles = roles ? *roles : 0;
    p.hasPassphrase = s.getInt(4) != 0;
    p.removedUs = s.getOptInt(5);
    p.createdUs = s.getInt(6);
    return p;
}

common::Result<std::optional<Person>> lookUp(store::Database& db, std::string_view name)
{
    auto stmt = db.cached("SELECT " + kPersonColumns + " FROM person WHERE name = ?");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, name);
    auto row = stmt->step();
    if (!row)
        return row.error();
    std::optional<Person> person;
    if (*row)
        person = readPerson(*stmt);
    stmt->reset();
    return person;
}

common::Error nobodyCalled(std::string_view name)
{
    return common::makeError(common::ErrorCode::NotAllowed,
                             "there is nobody called \"" + common::toValidUtf8(name)
                                 + "\" in this database; an administrator can add them (bwv-review person add)");
}

common::Result<Person> findLive(Workspace& ws, std::string_view name)
{
    auto person = lookUp(ws.db(), name);
    if (!person)
        return person.error();
    if (!*person || (*person)->removedUs || isAdjudicationCoder((*person)->name))
        return common::makeError(common::ErrorCode::NotFound,
                                 "there is nobody called \"" + common::toValidUtf8(name) + "\" in this database");
    return **person;
}

common::Result<int> administratorCount(store::Database& db)
{
    auto stmt = db.cached("SELECT roles FROM person WHERE removed_us IS NULL AND passphrase IS NOT NULL");
    if (!stmt)
        return stmt.error();
    int count = 0;
    if (auto done = stmt->eachRow([&] {
            auto roles = parseRoles(stmt->getText(0));
            if (roles && (*roles & kAdministrator))
                ++count;
        });
        !done)
        return done.error();
    return count;
}

// Writes a new passphrase record and the database key wrapped under it.
common::Status storePassphrase(Change& change, int64_t personId, std::string_view passphrase, const DataKey& key)
{
    auto secrets = newPassphrase(passphrase);
    if (!secrets)
        return secrets.error();
    const std::string wrapped = wrapDataKey(key, secrets->wrapKey);
    wipe(secrets->wrapKey);
    auto update = change.db().cached("UPDATE person SET passphrase = ?, wrapped_key = ?, failed_signins = 0,"
                                     " last_failed_us = NULL WHERE id = ?");
    if (!update)
        return update.error();
    update->bindAll(secrets->record, store::Blob{wrapped}, personId);
    return update->run();
}

common::Result<int64_t> insertPerson(Change& change, std::string_view name, Roles roles)
{
    auto insert = change.db().cached("INSERT INTO person (uuid, name, roles, created_us) VALUES (?, ?, ?, ?)");
    if (!insert)
        return insert.error();
    insert->bindAll(newUuid(), name, rolesText(roles), nowUs());
    if (auto done = insert->run(); !done)
        return done.error();
    return change.db().lastInsertRowid();
}

// How long `name` must wait before the next try, after `failures` wrong ones in a row.
int64_t waitSeconds(int64_t failures)
{
    if (failures <= kFreeTries)
        return 0;
    return std::min<int64_t>(int64_t(1) << std::min<int64_t>(failures - kFreeTries - 1, 20), kMaxWaitSeconds);
}

common::Status countFailure(Workspace& ws, const Person& person, int64_t failures)
{
    if (ws.readOnly())
        return {};
    return ws.changeAsSystem("signin.failed", person.uuid, [&](Change& change) -> common::Status {
        change.setPerson(person.name);
        change.detail() = {{"failures_in_a_row", failures + 1}};
        auto update = change.db().cached("UPDATE person SET failed_signins = failed_signins + 1, last_failed_us = ?"
                                         " WHERE id = ?");
        if (!update)
            return update.error();
        update->bindAll(nowUs(), person.id);
        return update->run();
    });
}

} // namespace

common::Status checkPersonName(std::string_view name)
{
    auto bad = [](std::string why) { return common::makeError(common::ErrorCode::InvalidInput, std::move(why)); };
    if (name.empty() || name.find_first_not_of(" \t") == std::string_view::npos)
        return bad("a person needs a name");
    if (name.size() > 64)
        return bad("a person's name can have at most 64 characters");
    if (!common::isValidUtf8(name))
        return bad("the name \"" + common::toValidUtf8(name) + "\" is not valid text (UTF-8): type it again");
    if (std::any_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }))
        return bad("a person's name cannot hold control characters");
    if (name.front() == ' ' || name.back() == ' ')
        return bad("a person's name cannot start or end with a space");
    if (isAdjudicationCoder(name))
        return bad("\"" + std::string(name) + "\" is reserved for adjudication's tags; choose another name");
    return {};
}

common::Result<bool> hasAdministrator(Workspace& ws)
{
    auto count = administratorCount(ws.db());
    if (!count)
        return count.error();
    return *count > 0;
}

common::Result<Person> initDatabase(Workspace& ws, std::string_view name, std::string_view passphrase)
{
    if (auto ok = checkPersonName(name); !ok)
        return ok.error();
    if (ws.readOnly())
        return common::makeError(common::ErrorCode::Io, "the database is read-only here", ws.db().path().string());
    if (passphrase.size() < kMinPassphraseBytes)
        return common::makeError(common::ErrorCode::InvalidInput,
                                 "a passphrase needs at least " + std::to_string(kMinPassphraseBytes) + " characters");
    DataKey key = DataKey::generate();
    Person admin;
    auto done = ws.changeAsSystem("database.initialised", "", [&](Change& change) -> common::Status {
        auto admins = administratorCount(change.db());
        if (!admins)
            return admins.error();
        if (*admins > 0)
            return common::makeError(common::ErrorCode::NotAllowed,
                                     "this database already has an administrator; ask them to add you "
                                     "(bwv-review person add)",
                                     ws.db().path().string());
        change.setPerson(std::string(name));
        // The DataKey must be in the workspace for sealing; it is the admin's from now on.
        SignIn::set(ws, Person{0, "", std::string(name), kAdministrator, true, std::nullopt, 0}, std::move(key));
        auto existing = lookUp(change.db(), name);
        if (!existing)
            return existing.error();
        int64_t id = 0;
        Roles roles = kAdministrator;
        if (*existing) {
            id = (*existing)->id;
            roles |= (*existing)->roles;
            auto update = change.db().cached("UPDATE person SET roles = ?, removed_us = NULL WHERE id = ?");
            if (!update)
                return update.error();
            update->bindAll(rolesText(roles), id);
            if (auto ran = update->run(); !ran)
                return ran.error();
        } else {
            auto inserted = insertPerson(change, name, roles);
            if (!inserted)
                return inserted.error();
            id = *inserted;
        }
        if (auto stored = storePassphrase(change, id, passphrase, ws.dataKey()); !stored)
            return stored;
        auto sealed = sealPlainText(change);
        if (!sealed)
            return sealed.error();
        auto read = lookUp(change.db(), name);
        if (!read)
            return read.error();
        admin = **read;
        change.setItem(admin.uuid);
        change.detail() = {{"administrator", admin.name}, {"values_sealed", *sealed}};
        change.sealEverything();
        return {};
    });
    if (!done) {
        SignIn::clear(ws);
        return done.error();
    }
    // Signed in with the key made above, now under the administrator's real row.
    SignIn::setPerson(ws, admin);
    return admin;
}

common::Status signIn(Workspace& ws, std::string_view name, std::string_view passphrase)
{
    SignIn::clear(ws);
    auto found = lookUp(ws.db(), name);
    if (!found)
        return found.error();
    if (!*found || (*found)->removedUs || isAdjudicationCoder((*found)->name)) {
        auto admins = hasAdministrator(ws);
        if (admins && !*admins)
            return common::makeError(common::ErrorCode::NotAllowed,
                                     "this database has no administrator yet: set it up with "
                                     "bwv-review --as NAME init",
                                     ws.db().path().string());
        return nobodyCalled(name);
    }
    const Person person = **found;
    auto stmt = ws.db().cached("SELECT passphrase, wrapped_key, failed_signins, last_failed_us FROM person WHERE id = ?");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, person.id);
    auto row = stmt->step();
    if (!row)
        return row.error();
    const auto record = stmt->getOptText(0);
    const std::string wrapped = stmt->getBytes(1);
    const int64_t failures = stmt->getInt(2);
    const int64_t lastFailedUs = stmt->getOptInt(3).value_or(0);
    stmt->reset();
    if (!record)
        return common::makeError(common::ErrorCode::NotAllowed,
                                 person.name + " has no passphrase yet: an administrator must set one "
                                               "(bwv-review person reset-passphrase " + person.name + ")");
    const int64_t readyUs = lastFailedUs + waitSeconds(failures) * 1'000'000;
    if (const int64_t now = nowUs(); now < readyUs) {
        const int64_t seconds = (readyUs - now + 999'999) / 1'000'000;
        return common::makeError(common::ErrorCode::NotAllowed,
                                 "too many wrong passphrases for " + person.name + " in a row: try again in "
                                     + std::to_string(seconds) + (seconds == 1 ? " second" : " seconds"));
    }
    auto wrapKey = checkPassphrase(*record, passphrase);
    if (!wrapKey) {
        if (wrapKey.error().code != common::ErrorCode::NotAllowed)
            return wrapKey.error();
        if (auto counted = countFailure(ws, person, failures); !counted)
            return counted.error();
        return common::makeError(common::ErrorCode::NotAllowed, "the passphrase for " + person.name + " is wrong");
    }
    auto key = unwrapDataKey(wrapped, *wrapKey);
    wipe(*wrapKey);
    if (!key)
        return key.error();
    if (failures > 0 && !ws.readOnly()) {
        auto reset = ws.changeAsSystem("signin.succeeded", person.uuid, [&](Change& change) -> common::Status {
            change.setPerson(person.name);
            change.detail() = {{"after_failures", failures}};
            auto update = change.db().cached("UPDATE person SET failed_signins = 0, last_failed_us = NULL WHERE id = ?");
            if (!update)
                return update.error();
            update->bind(1, person.id);
            return update->run();
        });
        if (!reset)
            return reset.error();
    }
    SignIn::set(ws, person, std::move(*key));
    // Registered footage is named only now (its paths are sealed): from here no output of
    // this process may land on it.
    protectRegisteredFootage(ws);
    return {};
}

void signOut(Workspace& ws) { SignIn::clear(ws); }

common::Result<std::vector<std::string>> signInNames(Workspace& ws)
{
    auto stmt = ws.db().prepare("SELECT name FROM person WHERE removed_us IS NULL AND passphrase IS NOT NULL"
                                " ORDER BY name COLLATE NOCASE");
    if (!stmt)
        return stmt.error();
    std::vector<std::string> names;
    if (auto done = stmt->eachRow([&] { names.push_back(stmt->getText(0)); }); !done)
        return done.error();
    return names;
}

common::Result<Person> addPerson(Workspace& ws, std::string_view name, Roles roles,
                                 const std::optional<std::string>& passphrase)
{
    if (auto ok = checkPersonName(name); !ok)
        return ok.error();
    if (roles == 0)
        return common::makeError(common::ErrorCode::InvalidInput, "give the person at least one role");
    if (passphrase && passphrase->size() < kMinPassphraseBytes)
        return common::makeError(common::ErrorCode::InvalidInput,
                                 "a passphrase needs at least " + std::to_string(kMinPassphraseBytes) + " characters");
    return ws.change(Action::ManagePeople, name, [&](Change& change) -> common::Result<Person> {
        change.setAction("person.added");
        auto existing = lookUp(change.db(), name);
        if (!existing)
            return existing.error();
        int64_t id = 0;
        if (*existing && !(*existing)->removedUs)
            return common::makeError(common::ErrorCode::InvalidInput,
                                     "there is already someone called " + std::string(name)
                                         + " (change their roles with: bwv-review person roles)");
        if (*existing) { // added again after being removed: the same row, so their tags stay theirs
            id = (*existing)->id;
            auto update = change.db().cached("UPDATE person SET roles = ?, removed_us = NULL WHERE id = ?");
            if (!update)
                return update.error();
            update->bindAll(rolesText(roles), id);
            if (auto ran = update->run(); !ran)
                return ran.error();
        } else {
            auto inserted = insertPerson(change, name, roles);
            if (!inserted)
                return inserted.error();
            id = *inserted;
        }
        if (passphrase)
            if (auto stored = storePassphrase(change, id, *passphrase, ws.dataKey()); !stored)
                return stored.error();
        change.seal(RowKind::Person, {id});
        auto added = lookUp(change.db(), name);
        if (!added)
            return added.error();
        change.setItem((*added)->uuid);
        change.detail() = {{"name", std::string(name)}, {"roles", rolesText(roles)}, {"passphrase_set", passphrase.has_value()}};
        return **added;
    });
}

common::Result<Person> setRoles(Workspace& ws, std::string_view name, Roles roles)
{
    if (roles == 0)
        return common::makeError(common::ErrorCode::InvalidInput,
                                 "give at least one role (to stop someone signing in: bwv-review person remove)");
    auto changed = ws.change(Action::ManagePeople, name, [&](Change& change) -> common::Result<Person> {
        change.setAction("person.roles_changed");
        auto person = findLive(ws, name);
        if (!person)
            return person.error();
        if ((person->roles & kAdministrator) && !(roles & kAdministrator)) {
            auto admins = administratorCount(change.db());
            if (!admins)
                return admins.error();
            if (*admins <= 1)
                return common::makeError(common::ErrorCode::InvalidInput,
                                         person->name + " is the only administrator: make someone else an "
                                                        "administrator first");
        }
        auto update = change.db().cached("UPDATE person SET roles = ? WHERE id = ?");
        if (!update)
            return update.error();
        update->bindAll(rolesText(roles), person->id);
        if (auto ran = update->run(); !ran)
            return ran.error();
        change.seal(RowKind::Person, {person->id});
        change.setItem(person->uuid);
        change.detail() = {{"name", person->name}, {"before", rolesText(person->roles)}, {"after", rolesText(roles)}};
        person->roles = roles;
        return *person;
    });
    if (changed && changed->id == ws.personId())
        SignIn::setPerson(ws, *changed); // one's own roles count from now on
    return changed;
}

common::Status resetPassphrase(Workspace& ws, std::string_view name, std::string_view passphrase)
{
    if (passphrase.size() < kMinPassphraseBytes)
        return common::makeError(common::ErrorCode::InvalidInput,
                                 "a passphrase needs at least " + std::to_string(kMinPassphraseBytes) + " characters");
    const Action action = ws.signedIn() && name == ws.personName() ? Action::ChangeOwnPassphrase : Action::ManagePeople;
    return ws.change(action, name, [&](Change& change) -> common::Status {
        change.setAction("person.passphrase_set");
        auto person = findLive(ws, name);
        if (!person)
            return person.error();
        if (auto stored = storePassphrase(change, person->id, passphrase, ws.dataKey()); !stored)
            return stored;
        change.seal(RowKind::Person, {person->id});
        change.setItem(person->uuid);
        change.detail() = {{"name", person->name}};
        return {};
    });
}

common::Status removePerson(Workspace& ws, std::string_view name)
{
    return ws.change(Action::ManagePeople, name, [&](Change& change) -> common::Status {
        change.setAction("person.removed");
        auto person = findLive(ws, name);
        if (!person)
            return person.error();
        if (person->roles & kAdministrator) {
            auto admins = administratorCount(change.db());
            if (!admins)
                return admins.error();
            if (*admins <= 1 && person->hasPassphrase)
                return common::makeError(common::ErrorCode::InvalidInput,
                                         person->name + " is the only administrator: make someone else an "
                                                        "administrator first");
        }
        // The row stays (their tags and feedback stay theirs); they can no longer sign in.
        auto update = change.db().cached("UPDATE person SET removed_us = ?, passphrase = NULL, wrapped_key = NULL"
                                         " WHERE id = ?");
        if (!update)
            return update.error();
        update->bindAll(nowUs(), person->id);
        if (auto ran = update->run(); !ran)
            return ran.error();
        change.seal(RowKind::Person, {person->id});
        change.setItem(person->uuid);
        change.detail() = {{"name", person->name}};
        return {};
    });
}

common::Result<std::vector<Person>> listPeople(Workspace& ws)
{
    if (auto allowed = ws.require(Action::ListPeople); !allowed)
        return allowed.error();
    auto stmt = ws.db().prepare("SELECT " + kPersonColumns + " FROM person WHERE name NOT IN (?, ?) ORDER BY name COLLATE NOCASE");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(kConsensusName, kFinalName);
    std::vector<Person> people;
    if (auto done = stmt->eachRow([&] { people.push_back(readPerson(*stmt)); }); !done)
        return done.error();
    return people;
}

common::Result<std::vector<PersonRef>> everyone(Workspace& ws)
{
    if (!ws.signedIn())
        return common::makeError(common::ErrorCode::NotAllowed, "nobody is signed in");
    auto stmt = ws.db().prepare("SELECT id, uuid, name, pseudonym FROM person ORDER BY id");
    if (!stmt)
        return stmt.error();
    std::vector<PersonRef> out;
    if (auto done = stmt->eachRow([&] {
            out.push_back({stmt->getInt(0), stmt->getText(1), stmt->getText(2), stmt->getOptText(3)});
        });
        !done)
        return done.error();
    return out;
}

namespace {

constexpr std::string_view kExportKeySetting = "export.hmac_key";
constexpr std::string_view kExportKeyPlace = "setting.value";
constexpr std::size_t kExportKeyBytes = 32;

common::Result<std::optional<std::string>> readExportKey(Workspace& ws)
{
    auto get = ws.db().cached("SELECT value FROM setting WHERE key = ?");
    if (!get)
        return get.error();
    get->bind(1, kExportKeySetting);
    auto row = get->step();
    if (!row)
        return row.error();
    std::optional<std::string> key;
    if (*row) {
        auto plain = openText(ws.dataKey(), get->getBytes(0), kExportKeyPlace);
        get->reset();
        if (!plain)
            return plain.error();
        // Databases before sealing kept it as hex.
        std::string raw;
        if (plain->size() == 2 * kExportKeyBytes) {
            for (std::size_t i = 0; i < kExportKeyBytes; ++i)
                raw += static_cast<char>(std::stoi(plain->substr(2 * i, 2), nullptr, 16));
        } else {
            raw = *plain;
        }
        if (raw.size() != kExportKeyBytes)
            return common::makeError(common::ErrorCode::Corrupt, "the pseudonymisation key is damaged",
                                     ws.db().path().string());
        key = raw;
    }
    get->reset();
    return key;
}

} // namespace

common::Result<std::string> pseudonymisationKey(Workspace& ws)
{
    if (!ws.signedIn())
        return common::makeError(common::ErrorCode::NotAllowed, "nobody is signed in");
    auto key = readExportKey(ws);
    if (!key)
        return key.error();
    if (*key)
        return **key;
    if (ws.readOnly())
        return common::makeError(common::ErrorCode::PermissionDenied,
                                 "nothing has been exported from this database before, and it is read-only here, so "
                                 "its pseudonyms cannot be made: export once from a copy that can be written",
                                 ws.db().path().string());
    // First use in this database: make it. Another process may race us; INSERT OR IGNORE
    // keeps whichever was saved first, and that one is read back.
    auto made = ws.changeAsSystem("export.key_created", "", [&](Change& change) -> common::Status {
        DataKey fresh = DataKey::generate();
        const std::string raw(reinterpret_cast<const char*>(fresh.bytes()), kExportKeyBytes);
        auto put = change.db().cached("INSERT OR IGNORE INTO setting (key, value) VALUES (?, ?)");
        if (!put)
            return put.error();
        put->bindAll(kExportKeySetting, store::Blob{change.sealText(raw, kExportKeyPlace)});
        return put->run();
    });
    if (!made)
        return made.error();
    key = readExportKey(ws);
    if (!key)
        return key.error();
    if (!*key)
        return common::makeError(common::ErrorCode::Internal, "the pseudonymisation key was not saved");
    return **key;
}

common::Result<int64_t> adjudicationPersonId(Change& change, std::string_view name)
{
    auto found = lookUp(change.db(), name);
    if (!found)
        return found.error();
    if (*found && ((*found)->roles != 0 || (*found)->hasPassphrase))
        return common::makeError(common::ErrorCode::NotAllowed, "a person here is called \"" + std::string(name)
                                     + "\", the name adjudication keeps for its own tags, so they cannot be saved");
    if (*found)
        return (*found)->id;
    auto inserted = insertPerson(change, name, 0);
    if (!inserted)
        return inserted.error();
    change.seal(RowKind::Person, {*inserted});
    return *inserted;
}

std::string personNameById(Workspace& ws, int64_t id)
{
    auto stmt = ws.db().cached("SELECT name FROM person WHERE id = ?");
    if (!stmt)
        return {};
    stmt->bind(1, id);
    auto row = stmt->step();
    std::string name = row && *row ? stmt->getText(0) : std::string();
    stmt->reset();
    return name;
}

} // namespace review
