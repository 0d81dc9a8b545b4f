#include "review/screening.hpp"

#include <set>

#include <nlohmann/json.hpp>

#include "review/audit_log.hpp"
#include "review/encounter.hpp"
#include "review/ids.hpp"
#include "review/time_text.hpp"
#include "review/workspace.hpp"
#include "store/database.hpp"

namespace review {
namespace {

common::Error usage(const std::string& name, const std::string& why)
{
    return common::makeError(common::ErrorCode::Usage, why, "screening " + name);
}

common::Status loadOrder(Workspace& ws, Screening& s)
{
    auto stmt = ws.db().cached("SELECT e.reference FROM screening_encounter se JOIN encounter e ON e.id = se.encounter_id"
                               " WHERE se.screening_id = ? ORDER BY se.position");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, s.id);
    if (auto done = stmt->eachRow([&] {
            s.encounterRefs.push_back(stmt->getText(0));
        });
        !done)
        return done.error();
    return {};
}

const char* kColumns = "id, uuid, name, held_on, panel, force, venue, selection, attendees, created_us";

Screening readScreening(const store::Statement& s)
{
    Screening out;
    out.id = s.getInt(0);
    out.uuid = s.getText(1);
    out.name = s.getText(2);
    out.date = s.getOptText(3);
    out.panel = s.getText(4);
    out.force = s.getText(5);
    out.venue = s.getOptText(6);
    out.selection = s.getOptText(7);
    auto attendees = nlohmann::json::parse(s.getText(8), nullptr, false);
    if (attendees.is_object())
        for (const auto& [role, count] : attendees.items())
            if (count.is_number_integer())
                out.attendees[role] = count.get<int>();
    out.createdUs = s.getInt(9);
    return out;
}

} // namespace

common::Result<Screening> addScreening(Workspace& ws, const NewScreening& input)
{
    if (input.name.empty())
        return common::makeError(common::ErrorCode::Usage, "a screening needs a name");
    if (input.date && !isIsoDate(*input.date))
        return usage(input.name, "\"" + *input.date + "\" is not a date: write it as YYYY-MM-DD");
    if (input.venue && *input.venue != "police_premises" && *input.venue != "streamed")
        return usage(input.name, "the venue must be police_premises or streamed");
    static const std::set<std::string> kSelections = {"random", "chair_selected", "sub_group", "requested"};
    if (input.selection && !kSelections.count(*input.selection))
        return usage(input.name, "how encounters were selected must be random, chair_selected, sub_group or requested");

    auto tx = ws.db().beginWrite();
    if (!tx)
        return tx.error();
    std::vector<int64_t> encounters;
    std::set<int64_t> seen;
    for (const std::string& ref : input.encounterRefs) {
        auto id = encounterId(ws, ref);
        if (!id)
            return id.error();
        if (!seen.insert(*id).second)
            return usage(input.name, "encounter " + ref + " is listed twice");
        encounters.push_back(*id);
    }
    auto coder = ws.coderId();
    if (!coder)
        return coder.error();
    const std::string uuid = newUuid();
    nlohmann::json attendees(input.attendees);
    auto insert = ws.db().prepare("INSERT INTO screening (uuid, name, panel, force, held_on, venue, selection, attendees,"
                                  " created_by, created_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!insert)
        return insert.error();
    insert->bindAll(uuid, input.name, input.panel, input.force, input.date, input.venue, input.selection,
                    attendees.dump(), *coder, nowUs());
    if (auto done = insert->run(); !done)
        return done.error();
    const int64_t id = ws.db().lastInsertRowid();
    auto order = ws.db().prepare("INSERT INTO screening_encounter (screening_id, encounter_id, position) VALUES (?, ?, ?)");
    if (!order)
        return order.error();
    for (size_t i = 0; i < encounters.size(); ++i) {
        order->reset();
        order->bindAll(id, encounters[i], static_cast<int64_t>(i + 1));
        if (auto done = order->run(); !done)
            return done.error();
    }
    if (auto done = appendAudit(ws.db(), ws.coder(), "screening.created", uuid,
                                {{"name", input.name}, {"encounters", input.encounterRefs.size()}});
        !done)
        return done.error();
    if (auto done = tx->commit(); !done)
        return done.error();
    return findScreening(ws, uuid);
}

common::Result<Screening> findScreening(Workspace& ws, const std::string& ref)
{
    auto stmt = ws.db().prepare(std::string("SELECT ") + kColumns
                                + " FROM screening WHERE uuid = lower(?1) OR name = ?1 ORDER BY id DESC LIMIT 1");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, ref);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return common::makeError(common::ErrorCode::NotFound, "there is no such screening", "screening " + ref);
    Screening s = readScreening(*stmt);
    if (auto done = loadOrder(ws, s); !done)
        return done.error();
    return s;
}

common::Result<std::vector<Screening>> listScreenings(Workspace& ws)
{
    auto stmt = ws.db().prepare(std::string("SELECT ") + kColumns + " FROM screening ORDER BY coalesce(held_on, ''), id");
    if (!stmt)
        return stmt.error();
    std::vector<Screening> all;
    if (auto done = stmt->eachRow([&] {
            all.push_back(readScreening(*stmt));
        });
        !done)
        return done.error();
    for (Screening& s : all)
        if (auto done = loadOrder(ws, s); !done)
            return done.error();
    return all;
}

} // namespace review
