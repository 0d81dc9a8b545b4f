#include "review/audit_log.hpp"

#include <array>
#include <unordered_map>

#include "review/ids.hpp"
#include "review/keys.hpp"
#include "review/sha256.hpp"
#include "review/workspace.hpp"
#include "store/database.hpp"

namespace review {
namespace {

void addField(std::string& out, std::string_view field)
{
    out += std::to_string(field.size());
    out += ':';
    out += field;
    out += '\n';
}

struct Trigger {
    std::string_view name;
    std::string_view sql;
};

// The same triggers as db/0001_init.sql and db/0004_people_and_trust.sql.
constexpr std::array kTriggers = {
    Trigger{"audit_entry_no_update",
            "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry BEGIN SELECT RAISE(ABORT, "
            "'the audit log is append-only: entries cannot be changed'); END"},
    Trigger{"audit_entry_no_delete",
            "CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry BEGIN SELECT RAISE(ABORT, "
            "'the audit log is append-only: entries cannot be removed'); END"},
    Trigger{"audit_seal_no_update",
            "CREATE TRIGGER audit_seal_no_update BEFORE UPDATE ON audit_seal BEGIN SELECT RAISE(ABORT, "
            "'the audit log is append-only: seals cannot be changed'); END"},
    Trigger{"audit_seal_no_delete",
            "CREATE TRIGGER audit_seal_no_delete BEFORE DELETE ON audit_seal BEGIN SELECT RAISE(ABORT, "
            "'the audit log is append-only: seals cannot be removed'); END"},
};

constexpr std::string_view kProtectionRestored = "audit.protection_restored";

common::Result<std::vector<std::string>> missingTriggers(store::Database& db)
{
    std::vector<std::string> missing;
    auto find = db.cached("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?");
    if (!find)
        return find.error();
    for (const Trigger& t : kTriggers) {
        find->bind(1, t.name);
        auto row = find->step();
        if (!row)
            return row.error();
        if (!*row)
            missing.emplace_back(t.name);
        find->reset();
    }
    return missing;
}

// "tag 0c8f...", "form answer grounds_summary of encounter 2a0f...": a row key in words.
std::string rowInWords(const std::string& key)
{
    static const std::array<std::pair<std::string_view, std::string_view>, 19> kWords = {{
        {"annotation/", "tag "},
        {"encounter_field/", "encounter form answer "},
        {"feedback_answer/", "feedback answer "},
        {"feedback_submission/", "feedback submission "},
        {"consolidation/", "chair's consolidation "},
        {"police_action/", "police action "},
        {"person/", "person "},
        {"encounter/", "encounter "},
        {"footage/", "footage "},
        {"encounter_footage/", "camera link "},
        {"screening/", "screening "},
        {"screening_encounter/", "screening order "},
        {"blind_coding/", "blind coding of encounter "},
        {"coding_pass/", "coding pass "},
        {"adjudication/", "adjudication "},
        {"retention/", "retention policy "},
        {"transcript/", "transcript "},
        {"transcript_cue/", "transcript line "},
        {"mask/", "privacy mask "},
    }};
    for (const auto& [prefix, words] : kWords)
        if (key.rfind(prefix, 0) == 0)
            return std::string(words) + key.substr(prefix.size());
    return key;
}

} // namespace

std::string auditHash(const AuditEntry& entry)
{
    std::string text;
    addField(text, entry.prevHash);
    addField(text, std::to_string(entry.id));
    addField(text, std::to_string(entry.atUs));
    addField(text, entry.person);
    addField(text, entry.action);
    addField(text, entry.item);
    addField(text, entry.detail);
    if (entry.seals) // entries from schema 4 on; older ones were hashed without
        addField(text, "seals " + *entry.seals);
    return sha256Hex(text);
}

common::Result<int64_t> appendAudit(store::Database& db, std::string_view person, std::string_view action,
                                    std::string_view item, const nlohmann::json& detail, std::span<const RowSeal> seals)
{
    if (!db.inTransaction())
        return common::makeError(common::ErrorCode::Internal, "audit entry written outside a transaction");
    auto last = db.cached("SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1");
    if (!last)
        return last.error();
    auto row = last->step();
    if (!row)
        return row.error();
    AuditEntry entry;
    entry.id = *row ? last->getInt(0) + 1 : 1;
    entry.prevHash = *row ? last->getText(1) : std::string(kAuditGenesisHash);
    last->reset();
    entry.atUs = nowUs();
    entry.person = person;
    entry.action = action;
    entry.item = item;
    // Invalid UTF-8 in a detail must not throw out of an audited change: replace it.
    entry.detail = detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    entry.seals = sealsDigest(seals);
    entry.hash = auditHash(entry);

    auto insert = db.cached("INSERT INTO audit_entry (id, at_us, person, action, item, detail, prev_hash, hash, seals)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!insert)
        return insert.error();
    insert->bindAll(entry.id, entry.atUs, entry.person, entry.action, entry.item, entry.detail, entry.prevHash,
                    entry.hash, *entry.seals);
    if (auto done = insert->run(); !done)
        return done.error();
    auto seal = db.cached("INSERT INTO audit_seal (entry_id, row_key, row_hash) VALUES (?, ?, ?)");
    if (!seal)
        return seal.error();
    for (const RowSeal& s : seals) {
        seal->bindAll(entry.id, s.key, s.hash);
        if (auto done = seal->run(); !done)
            return done.error();
        seal->reset();
    }
    return entry.id;
}

common::Result<AuditHead> auditHead(store::Database& db)
{
    auto last = db.cached("SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1");
    if (!last)
        return last.error();
    auto row = last->step();
    if (!row)
        return row.error();
    AuditHead head;
    if (*row) {
        head.entries = last->getInt(0);
        head.hash = last->getText(1);
    }
    last->reset();
    return head;
}

common::Result<std::vector<std::string>> ensureAuditProtection(store::Database& db)
{
    auto missing = missingTriggers(db);
    if (!missing || missing->empty())
        return missing;
    auto tx = db.beginWrite();
    if (!tx)
        return tx.error();
    for (const Trigger& t : kTriggers)
        for (const std::string& name : *missing)
            if (name == t.name)
                if (auto done = db.exec(t.sql); !done)
                    return done.error();
    if (auto logged = appendAudit(db, "bwv-review", kProtectionRestored, "audit_entry", {{"missing", *missing}});
        !logged)
        return logged.error();
    if (auto done = tx->commit(); !done)
        return done.error();
    return missing;
}

namespace {

constexpr std::size_t kMaxProblems = 10;

// Pass 1: the chain, each entry's seals, and the head. Fills `latest` with each covered
// row's last seal (empty hash: removed). Sets `intact` false when the chain itself broke
// (then the seals cannot be trusted to check the rows against).
common::Status checkChain(bool& intact, store::Database& db, const std::optional<std::string>& head, AuditVerdict& verdict,
                          std::unordered_map<std::string, std::optional<std::string>>& latest)
{
    auto entries = db.prepare("SELECT id, at_us, person, action, item, detail, prev_hash, hash, seals FROM audit_entry"
                              " ORDER BY id");
    auto seals = db.prepare("SELECT entry_id, row_key, row_hash FROM audit_seal ORDER BY entry_id, row_key");
    if (!entries)
        return entries.error();
    if (!seals)
        return seals.error();
    auto problem = [&](std::string text) {
        if (verdict.problems.size() < kMaxProblems)
            verdict.problems.push_back(std::move(text));
    };
    std::string headHash;
    std::optional<int64_t> headCount;
    if (head) {
        headHash = *head;
        if (auto colon = head->find(':'); colon != std::string::npos) {
            headCount = std::strtoll(head->substr(0, colon).c_str(), nullptr, 10);
            headHash = head->substr(colon + 1);
        }
    }
    bool headFound = false;

    auto sealRow = seals->step();
    if (!sealRow)
        return sealRow.error();
    std::string expectedPrev(kAuditGenesisHash);
    int64_t expectedId = 1;
    for (;;) {
        auto row = entries->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        AuditEntry entry{entries->getInt(0),  entries->getInt(1),  entries->getText(2),
                         entries->getText(3), entries->getText(4), entries->getText(5),
                         entries->getText(6), entries->getText(7), entries->getOptText(8)};
        ++verdict.entries;
        std::vector<RowSeal> own;
        while (*sealRow && seals->getInt(0) <= entry.id) {
            if (seals->getInt(0) < entry.id)
                problem("a seal refers to audit entry " + std::to_string(seals->getInt(0))
                        + ", which is not in the log: seals were added outside bwv-review");
            else
                own.push_back({seals->getText(1), seals->getOptText(2)});
            sealRow = seals->step();
            if (!sealRow)
                return sealRow.error();
        }
        const std::string when = " (" + entry.action + ", " + isoTime(entry.atUs) + ")";
        intact = false; // until this entry is found sound
        if (entry.id != expectedId) {
            problem("entry " + std::to_string(entry.id) + " follows entry " + std::to_string(expectedId - 1)
                    + ": entries in between were removed");
            return {};
        }
        if (entry.prevHash != expectedPrev) {
            problem("entry " + std::to_string(entry.id) + when
                    + " does not link to the entry before it: an entry was removed, inserted or replaced");
            return {};
        }
        if (auditHash(entry) != entry.hash) {
            problem("entry " + std::to_string(entry.id) + when + " was altered after it was written");
            return {};
        }
        if ((entry.seals && sealsDigest(own) != *entry.seals) || (!entry.seals && !own.empty())) {
            problem("the rows recorded by entry " + std::to_string(entry.id) + when
                    + " were altered after it was written");
            return {};
        }
        if (entry.action == kProtectionRestored)
            problem("the audit log's protection against changes was found removed and was restored at "
                    + isoTime(entry.atUs) + " (entry " + std::to_string(entry.id)
                    + "): the database was changed outside bwv-review");
        intact = true;
        for (RowSeal& s : own)
            latest[s.key] = std::move(s.hash);
        if (head && entry.hash == headHash && (!headCount || *headCount == entry.id))
            headFound = true;
        expectedPrev = entry.hash;
        ++expectedId;
    }
    while (*sealRow) {
        problem("a seal refers to audit entry " + std::to_string(seals->getInt(0))
                + ", which is not in the log: entries were removed from its end, or seals added");
        sealRow = seals->step();
        if (!sealRow)
            return sealRow.error();
    }
    if (head && !headFound)
        problem("the log does not contain the head " + *head
                + " recorded earlier: it was rewritten or cut back since then");
    return {};
}

} // namespace

common::Result<AuditVerdict> verifyAudit(Workspace& ws, const std::optional<std::string>& head)
{
    if (auto allowed = ws.require(Action::VerifyAudit); !allowed)
        return allowed.error();
    store::Database& db = ws.db();
    AuditVerdict verdict;
    auto missing = missingTriggers(db);
    if (!missing)
        return missing.error();
    for (const std::string& name : *missing)
        verdict.problems.push_back("the audit log's protection against changes (" + name + ") has been removed");

    std::unordered_map<std::string, std::optional<std::string>> latest;
    bool intact = true;
    if (auto done = checkChain(intact, db, head, verdict, latest); !done)
        return done.error();
    if (!intact)
        return verdict;

    auto problem = [&](std::string text) {
        if (verdict.problems.size() < kMaxProblems)
            verdict.problems.push_back(std::move(text));
    };
    if (auto done = forEachCoveredRow(db, [&](const RowSeal& row) {
            ++verdict.rows;
            auto found = latest.find(row.key);
            if (found == latest.end())
                problem(rowInWords(row.key) + " is not in the audit log: it was added outside bwv-review");
            else if (!found->second)
                problem(rowInWords(row.key) + " was removed according to the audit log but is there again");
            else if (*found->second != *row.hash)
                problem(rowInWords(row.key) + " was changed outside bwv-review after its last audit entry");
            if (found != latest.end())
                latest.erase(found);
        });
        !done)
        return done.error();
    for (const auto& [key, hash] : latest)
        if (hash)
            problem(rowInWords(key) + " was removed outside bwv-review");
    return verdict;
}

common::Result<std::vector<AuditEntry>> listAudit(Workspace& ws, const AuditFilter& filter)
{
    if (auto allowed = ws.require(Action::ReadAudit); !allowed)
        return allowed.error();
    std::string sql = "SELECT id, at_us, person, action, item, detail, prev_hash, hash, seals FROM audit_entry WHERE 1";
    if (filter.sinceUs)
        sql += " AND at_us >= ?1";
    if (filter.person)
        sql += " AND person = ?2";
    if (filter.action)
        sql += filter.action->ends_with('.') ? " AND substr(action, 1, length(?3)) = ?3" : " AND action = ?3";
    sql += " ORDER BY id DESC LIMIT ?4";
    auto stmt = ws.db().prepare(sql);
    if (!stmt)
        return stmt.error();
    if (filter.sinceUs)
        stmt->bind(1, *filter.sinceUs);
    if (filter.person)
        stmt->bind(2, *filter.person);
    if (filter.action)
        stmt->bind(3, *filter.action);
    stmt->bind(4, filter.limit);
    std::vector<AuditEntry> out;
    if (auto done = stmt->eachRow([&] {
            out.push_back({stmt->getInt(0), stmt->getInt(1), stmt->getText(2), stmt->getText(3), stmt->getText(4),
                           stmt->getText(5), stmt->getText(6), stmt->getText(7), stmt->getOptText(8)});
        });
        !done)
        return done.error();
    // Open the sealed strings in details for the reader.
    for (AuditEntry& entry : out) {
        if (entry.detail.find("\"sealed:") == std::string::npos)
            continue;
        nlohmann::json detail = nlohmann::json::parse(entry.detail, nullptr, false);
        if (detail.is_discarded())
            continue;
        std::function<void(nlohmann::json&, const std::string&)> open = [&](nlohmann::json& j, const std::string& key) {
            if (j.is_string() && isSealedJson(j.get<std::string>())) {
                auto plain = openJson(ws.dataKey(), j.get<std::string>(), "audit." + key);
                j = plain ? *plain : std::string("[cannot be opened]");
            } else if (j.is_object()) {
                for (auto it = j.begin(); it != j.end(); ++it)
                    open(it.value(), it.key());
            } else if (j.is_array()) {
                for (auto& v : j)
                    open(v, key);
            }
        };
        open(detail, "");
        entry.detail = detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    return out;
}

} // namespace review
