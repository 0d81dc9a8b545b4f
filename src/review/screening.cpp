#include "review/screening.hpp"

#include <set>

#include <nlohmann/json.hpp>

#include "common/json_text.hpp"
#include "common/utf8.hpp"
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

constexpr std::string_view kNamePlace = "screening.name";
constexpr std::string_view kPanelPlace = "screening.panel";

Screening readScreening(const Workspace& ws, const store::Statement& s)
{
    Screening out;
    out.id = s.getInt(0);
    out.uuid = s.getText(1);
    out.name = ws.readText(s.getBytes(2), kNamePlace);
    out.date = s.getOptText(3);
    out.panel = ws.readText(s.getBytes(4), kPanelPlace);
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

// Every screening, oldest held first: names are sealed, so finding one by name happens here.
common::Result<std::vector<Screening>> allScreenings(Workspace& ws)
{
    auto stmt = ws.db().prepare(std::string("SELECT ") + kColumns + " FROM screening ORDER BY coalesce(held_on, ''), id");
    if (!stmt)
        return stmt.error();
    std::vector<Screening> all;
    if (auto done = stmt->eachRow([&] { all.push_back(readScreening(ws, *stmt)); }); !done)
        return done.error();
    for (Screening& s : all)
        if (auto done = loadOrder(ws, s); !done)
            return done.error();
    return all;
}

common::Result<Screening> lookUpScreening(Workspace& ws, const std::string& ref)
{
    auto all = allScreenings(ws);
    if (!all)
        return all.error();
    std::string lower = ref;
    for (char& c : lower)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const Screening* found = nullptr;
    for (const Screening& s : *all)
        if ((s.uuid == lower || s.name == ref) && (!found || s.id > found->id)) // the newest of a name
            found = &s;
    if (!found)
        return common::makeError(common::ErrorCode::NotFound, "there is no such screening", "screening " + ref);
    return *found;
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

    if (!common::isValidUtf8(input.name) || !common::isValidUtf8(input.panel) || !common::isValidUtf8(input.force))
        return common::makeError(common::ErrorCode::InvalidInput,
                                 "the screening's name, panel or force is not valid text (UTF-8): type it again");
    auto uuid = ws.change(Action::SetUpScreening, "", [&](Change& change) -> common::Result<std::string> {
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
        const std::string uuid = newUuid();
        nlohmann::json attendees(input.attendees);
        auto insert = change.db().prepare("INSERT INTO screening (uuid, name, panel, force, held_on, venue, selection,"
                                          " attendees, created_by, created_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        if (!insert)
            return insert.error();
        insert->bindAll(uuid, store::Blob{change.sealText(input.name, kNamePlace)},
                        store::Blob{change.sealText(input.panel, kPanelPlace)}, input.force, input.date, input.venue,
                        input.selection, common::jsonText(attendees), change.personId(), nowUs());
        if (auto done = insert->run(); !done)
            return done.error();
        const int64_t id = change.db().lastInsertRowid();
        change.seal(RowKind::Screening, {id});
        auto order = change.db().prepare("INSERT INTO screening_encounter (screening_id, encounter_id, position) VALUES (?, ?, ?)");
        if (!order)
            return order.error();
        for (size_t i = 0; i < encounters.size(); ++i) {
            order->reset();
            order->bindAll(id, encounters[i], static_cast<int64_t>(i + 1));
            if (auto done = order->run(); !done)
                return done.error();
            change.seal(RowKind::ScreeningEncounter, {id, encounters[i]});
        }
        change.setAction("screening.created");
        change.setItem(uuid);
        change.detail() = {{"name", change.sealForDetail(input.name, "name")}, {"encounters", input.encounterRefs.size()}};
        return uuid;
    });
    if (!uuid)
        return uuid.error();
    return findScreening(ws, *uuid);
}

common::Result<Screening> findScreening(Workspace& ws, const std::string& ref)
{
    if (auto allowed = ws.require(Action::ReadScreening, ref); !allowed)
        return allowed.error();
    return lookUpScreening(ws, ref);
}

common::Result<std::vector<Screening>> listScreenings(Workspace& ws)
{
    if (auto allowed = ws.require(Action::ReadScreening); !allowed)
        return allowed.error();
    return allScreenings(ws);
}

} // namespace review
