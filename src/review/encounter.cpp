#include "review/encounter.hpp"

#include <nlohmann/json.hpp>

#include "review/audit_log.hpp"
#include "review/codebook.hpp"
#include "review/encounter_form.hpp"
#include "review/ids.hpp"
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

// Applies checked values inside the caller's transaction.
common::Status writeFields(Workspace& ws, int64_t encounter, const std::string& uuid, const FieldValues& values)
{
    if (values.empty())
        return {};
    auto coder = ws.coderId();
    if (!coder)
        return coder.error();
    const int64_t now = nowUs();
    nlohmann::json changed = nlohmann::json::object();
    for (const auto& [name, value] : values) {
        auto stmt = value.empty()
                        ? ws.db().cached("DELETE FROM encounter_field WHERE encounter_id = ? AND field = ?")
                        : ws.db().cached("INSERT INTO encounter_field (encounter_id, field, value, changed_by, changed_us)"
                                         " VALUES (?, ?, ?, ?, ?) ON CONFLICT (encounter_id, field) DO UPDATE SET"
                                         " value = excluded.value, changed_by = excluded.changed_by,"
                                         " changed_us = excluded.changed_us");
        if (!stmt)
            return stmt.error();
        if (value.empty())
            stmt->bindAll(encounter, name);
        else
            stmt->bindAll(encounter, name, value, *coder, now);
        if (auto done = stmt->run(); !done)
            return done.error();
        changed[name] = value;
    }
    auto touch = ws.db().cached("UPDATE encounter SET changed_us = ? WHERE id = ?");
    if (!touch)
        return touch.error();
    touch->bindAll(now, encounter);
    if (auto done = touch->run(); !done)
        return done.error();
    return appendAudit(ws.db(), ws.coder(), "form.changed", uuid, {{"fields", changed}});
}

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

common::Result<Encounter> addEncounter(Workspace& ws, const std::string& reference, const FieldValues& values)
{
    if (reference.empty() || reference.find_first_not_of(" \t") == std::string::npos)
        return common::makeError(common::ErrorCode::Usage, "an encounter needs a reference");
    auto checked = checkValues(ws, reference, values);
    if (!checked)
        return checked.error();
    auto tx = ws.db().beginWrite();
    if (!tx)
        return tx.error();
    auto existing = encounterId(ws, reference);
    int64_t id = 0;
    std::string uuid;
    if (existing) {
        id = *existing;
    } else if (existing.error().code == common::ErrorCode::NotFound) {
        uuid = newUuid();
        const int64_t now = nowUs();
        auto insert = ws.db().cached("INSERT INTO encounter (uuid, reference, created_us, changed_us) VALUES (?, ?, ?, ?)");
        if (!insert)
            return insert.error();
        insert->bindAll(uuid, reference, now, now);
        if (auto done = insert->run(); !done)
            return done.error();
        id = ws.db().lastInsertRowid();
        if (auto done = appendAudit(ws.db(), ws.coder(), "encounter.created", uuid, {{"reference", reference}}); !done)
            return done.error();
    } else {
        return existing.error();
    }
    if (uuid.empty()) {
        auto stmt = ws.db().cached("SELECT uuid FROM encounter WHERE id = ?");
        if (!stmt)
            return stmt.error();
        stmt->bind(1, id);
        auto row = stmt->step();
        if (!row)
            return row.error();
        uuid = stmt->getText(0);
    }
    if (auto done = writeFields(ws, id, uuid, *checked); !done)
        return done.error();
    if (auto done = tx->commit(); !done)
        return done.error();
    return findEncounter(ws, uuid);
}

common::Result<Encounter> setEncounterFields(Workspace& ws, const std::string& ref, const FieldValues& values)
{
    auto checked = checkValues(ws, ref, values);
    if (!checked)
        return checked.error();
    auto tx = ws.db().beginWrite();
    if (!tx)
        return tx.error();
    auto encounter = findEncounter(ws, ref);
    if (!encounter)
        return encounter.error();
    if (auto done = writeFields(ws, encounter->id, encounter->uuid, *checked); !done)
        return done.error();
    if (auto done = tx->commit(); !done)
        return done.error();
    return findEncounter(ws, ref);
}

namespace {

common::Status loadDetails(Workspace& ws, Encounter& encounter)
{
    auto fields = ws.db().cached("SELECT field, value FROM encounter_field WHERE encounter_id = ? ORDER BY field");
    if (!fields)
        return fields.error();
    fields->bind(1, encounter.id);
    if (auto done = fields->eachRow([&] {
            encounter.fields[fields->getText(0)] = fields->getText(1);
        });
        !done)
        return done.error();
    auto footage = ws.db().cached(
        "SELECT l.uuid, f.id, f.uuid, f.path, f.sha256, l.offset_us, l.label FROM encounter_footage l"
        " JOIN footage f ON f.id = l.footage_id WHERE l.encounter_id = ? ORDER BY l.label, l.id");
    if (!footage)
        return footage.error();
    footage->bind(1, encounter.id);
    if (auto done = footage->eachRow([&] {
            encounter.footage.push_back({footage->getText(0), footage->getInt(1), footage->getText(2), footage->getText(3),
                                         footage->getText(4), footage->getInt(5), footage->getText(6)});
        });
        !done)
        return done.error();
    return {};
}

} // namespace

common::Result<Encounter> findEncounter(Workspace& ws, const std::string& ref)
{
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
