#include "review/encounter.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "review/audit_log.hpp"
#include "review/codebook.hpp"
#include "review/encounter_form.hpp"
#include "review/ids.hpp"
#include "common/utf8.hpp"
#include "review/workspace.hpp"
#include "store/database.hpp"

namespace review {
namespace {

common::Error notFound(const std::string& ref)
{
    return common::makeError(common::ErrorCode::NotFound,
                             "there is no such encounter (add it with: bwv-review encounter add " + ref + ")",
                             "encounter " + ref);
}

constexpr std::string_view kValuePlace = "encounter_field.value";
constexpr std::string_view kLabelPlace = "encounter_footage.label";
constexpr std::string_view kPathPlace = "footage.path";

} // namespace

// Applies checked values inside the caller's change; the audit detail names the fields with
// their new values sealed.
common::Status writeEncounterFields(Change& change, int64_t encounter, const FieldValues& values)
{
    if (values.empty())
        return {};
    const int64_t now = nowUs();
    nlohmann::json changed = nlohmann::json::object();
    for (const auto& [name, value] : values) {
        auto stmt = value.empty()
                        ? change.db().cached("DELETE FROM encounter_field WHERE encounter_id = ? AND field = ?")
                        : change.db().cached("INSERT INTO encounter_field (encounter_id, field, value, changed_by, changed_us)"
                                             " VALUES (?, ?, ?, ?, ?) ON CONFLICT (encounter_id, field) DO UPDATE SET"
                                             " value = excluded.value, changed_by = excluded.changed_by,"
                                             " changed_us = excluded.changed_us");
        if (!stmt)
            return stmt.error();
        if (value.empty())
            stmt->bindAll(encounter, name);
        else
            stmt->bindAll(encounter, name, store::Blob{change.sealText(value, kValuePlace)}, change.personId(), now);
        if (auto done = stmt->run(); !done)
            return done.error();
        change.seal(RowKind::EncounterField, {encounter, name});
        changed[name] = change.sealForDetail(value, name);
    }
    auto touch = change.db().cached("UPDATE encounter SET changed_us = ? WHERE id = ?");
    if (!touch)
        return touch.error();
    touch->bindAll(now, encounter);
    if (auto done = touch->run(); !done)
        return done.error();
    change.detail()["fields"] = changed;
    return {};
}

common::Result<EncounterKey> ensureEncounter(Change& change, const std::string& reference)
{
    if (reference.empty() || reference.find_first_not_of(" \t") == std::string::npos)
        return common::makeError(common::ErrorCode::Usage, "an encounter needs a reference");
    if (!common::isValidUtf8(reference))
        return common::makeError(common::ErrorCode::InvalidInput,
                                 "the reference \"" + common::toValidUtf8(reference) + "\" is not valid text (UTF-8)");
    auto find = change.db().cached("SELECT id, uuid, reference FROM encounter WHERE reference = ?1 OR uuid = lower(?1)");
    if (!find)
        return find.error();
    find->bind(1, reference);
    auto row = find->step();
    if (!row)
        return row.error();
    if (*row) {
        EncounterKey key{find->getInt(0), find->getText(1), find->getText(2), false};
        find->reset();
        return key;
    }
    find->reset();
    EncounterKey key{0, newUuid(), reference, true};
    const int64_t now = nowUs();
    auto insert = change.db().cached("INSERT INTO encounter (uuid, reference, created_us, changed_us) VALUES (?, ?, ?, ?)");
    if (!insert)
        return insert.error();
    insert->bindAll(key.uuid, reference, now, now);
    if (auto done = insert->run(); !done)
        return done.error();
    key.id = change.db().lastInsertRowid();
    change.seal(RowKind::Encounter, {key.id});
    return key;
}

namespace {

common::Result<FieldValues> checkValues(Workspace& ws, const std::string& ref, const FieldValues& values)
{
    if (values.empty())
        return FieldValues{};
    auto codebook = activeCodebook(ws);
    if (!codebook)
        return codebook.error();
    FieldValues checked;
    for (const auto& [name, value] : values) {
        auto canonical = normaliseFormValue(name, value, *codebook);
        if (!canonical)
            return common::makeError(canonical.error().code, canonical.error().message, "encounter " + ref);
        checked.emplace_back(name, *canonical);
    }
    return checked;
}

} // namespace

common::Result<int64_t> encounterId(Workspace& ws, const std::string& ref)
{
    auto stmt = ws.db().cached("SELECT id FROM encounter WHERE reference = ?1 OR uuid = lower(?1)");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, ref);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return notFound(ref);
    return stmt->getInt(0);
}

common::Result<EncounterKey> encounterKey(Workspace& ws, const std::string& ref)
{
    auto stmt = ws.db().cached("SELECT id, uuid, reference FROM encounter WHERE reference = ?1 OR uuid = lower(?1)");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, ref);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return notFound(ref);
    EncounterKey key{stmt->getInt(0), stmt->getText(1), stmt->getText(2), false};
    stmt->reset();
    return key;
}

common::Result<Encounter> addEncounter(Workspace& ws, const std::string& reference, const FieldValues& values)
{
    auto checked = checkValues(ws, reference, values);
    if (!checked)
        return checked.error();
    auto uuid = ws.change(Action::SetUpEncounter, reference, [&](Change& change) -> common::Result<std::string> {
        auto key = ensureEncounter(change, reference);
        if (!key)
            return key.error();
        change.setAction(key->created ? "encounter.created" : "form.changed");
        change.setItem(key->uuid);
        change.detail()["reference"] = key->reference;
        if (auto done = writeEncounterFields(change, key->id, *checked); !done)
            return done.error();
        if (!key->created && checked->empty())
            change.markUnchanged();
        return key->uuid;
    });
    if (!uuid)
        return uuid.error();
    return findEncounter(ws, *uuid);
}

common::Result<Encounter> setEncounterFields(Workspace& ws, const std::string& ref, const FieldValues& values)
{
    auto checked = checkValues(ws, ref, values);
    if (!checked)
        return checked.error();
    auto uuid = ws.change(Action::SetUpEncounter, ref, [&](Change& change) -> common::Result<std::string> {
        auto id = encounterId(ws, ref);
        if (!id)
            return id.error();
        auto key = ensureEncounter(change, ref);
        if (!key)
            return key.error();
        change.setAction("form.changed");
        change.setItem(key->uuid);
        change.detail()["reference"] = key->reference;
        if (auto done = writeEncounterFields(change, key->id, *checked); !done)
            return done.error();
        return key->uuid;
    });
    if (!uuid)
        return uuid.error();
    return findEncounter(ws, *uuid);
}

namespace {

common::Status loadDetails(Workspace& ws, Encounter& encounter)
{
    auto fields = ws.db().cached("SELECT field, value FROM encounter_field WHERE encounter_id = ? ORDER BY field");
    if (!fields)
        return fields.error();
    fields->bind(1, encounter.id);
    if (auto done = fields->eachRow([&] {
            encounter.fields[fields->getText(0)] = ws.readText(fields->getBytes(1), kValuePlace);
        });
        !done)
        return done.error();
    auto footage = ws.db().cached(
        "SELECT l.uuid, f.id, f.uuid, f.path, f.sha256, l.offset_us, l.label FROM encounter_footage l"
        " JOIN footage f ON f.id = l.footage_id WHERE l.encounter_id = ? ORDER BY l.id");
    if (!footage)
        return footage.error();
    footage->bind(1, encounter.id);
    if (auto done = footage->eachRow([&] {
            encounter.footage.push_back({footage->getText(0), footage->getInt(1), footage->getText(2),
                                         ws.readText(footage->getBytes(3), kPathPlace), footage->getText(4),
                                         footage->getInt(5), ws.readText(footage->getBytes(6), kLabelPlace)});
        });
        !done)
        return done.error();
    // By label in clear (the stored labels are sealed, and a sealed value changes each time
    // it is written), then in the order they were linked: the window's camera order must not
    // change when an offset is saved.
    std::stable_sort(encounter.footage.begin(), encounter.footage.end(),
                     [](const EncounterFootage& a, const EncounterFootage& b) { return a.label < b.label; });
    return {};
}

} // namespace

common::Result<Encounter> findEncounter(Workspace& ws, const std::string& ref)
{
    if (auto allowed = ws.require(Action::ReadEncounter, ref); !allowed)
        return allowed.error();
    auto stmt = ws.db().cached("SELECT id, uuid, reference, created_us, changed_us FROM encounter"
                               " WHERE reference = ?1 OR uuid = lower(?1)");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, ref);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return notFound(ref);
    Encounter encounter{stmt->getInt(0), stmt->getText(1), stmt->getText(2), {}, {}, stmt->getInt(3), stmt->getInt(4)};
    stmt->reset();
    if (auto done = loadDetails(ws, encounter); !done)
        return done.error();
    return encounter;
}

common::Result<std::vector<Encounter>> listEncounters(Workspace& ws)
{
    if (auto allowed = ws.require(Action::ReadEncounter); !allowed)
        return allowed.error();
    auto stmt = ws.db().prepare("SELECT id, uuid, reference, created_us, changed_us FROM encounter ORDER BY reference");
    if (!stmt)
        return stmt.error();
    std::vector<Encounter> encounters;
    if (auto done = stmt->eachRow([&] {
            encounters.push_back({stmt->getInt(0), stmt->getText(1), stmt->getText(2), {}, {}, stmt->getInt(3), stmt->getInt(4)});
        });
        !done)
        return done.error();
    for (Encounter& encounter : encounters)
        if (auto done = loadDetails(ws, encounter); !done)
            return done.error();
    return encounters;
}

} // namespace review

namespace review {

common::Result<Encounter> readEncounter(Workspace& ws, const std::string& ref)
{
    auto encounter = findEncounter(ws, ref);
    if (!encounter)
        return encounter.error();
    if (auto logged = ws.recordEvent("encounter.read", encounter->uuid, {{"reference", encounter->reference}}); !logged)
        return logged.error();
    return encounter;
}

} // namespace review
