#include "analysis/summary_source.hpp"

#include <map>

#include "review/blind_coding.hpp"
#include "review/screening.hpp"
#include "review/workspace.hpp"
#include "store/database.hpp"

namespace analysis {

common::Result<SummaryData> loadSummaryData(review::Workspace& ws, const SummaryScope& scope)
{
    if (scope.quarter) {
        const std::string& q = *scope.quarter;
        bool ok = q.size() == 7 && q[4] == '-' && q[5] == 'Q' && q[6] >= '1' && q[6] <= '4';
        for (std::size_t i = 0; ok && i < 4; ++i)
            ok = q[i] >= '0' && q[i] <= '9';
        if (!ok)
            return common::makeError(common::ErrorCode::Usage, "--quarter wants YYYY-Qn, e.g. 2024-Q2, not \"" + q + "\"");
    }
    std::optional<int64_t> screeningId;
    if (scope.screening) {
        auto s = review::findScreening(ws, *scope.screening);
        if (!s)
            return s.error();
        screeningId = s->id;
    }
    store::Database& db = ws.db();
    SummaryData data;
    std::map<int64_t, std::size_t> index;
    auto encounters = db.prepare(
        "SELECT e.id, e.reference FROM encounter e WHERE ?1 IS NULL OR e.id IN"
        " (SELECT encounter_id FROM screening_encounter WHERE screening_id = ?1) ORDER BY e.reference");
    if (!encounters)
        return encounters.error();
    encounters->bind(1, screeningId);
    std::vector<std::pair<int64_t, SummaryEncounter>> all;
    if (auto done = encounters->eachRow([&] {
            SummaryEncounter e;
            e.reference = encounters->getText(1);
            all.emplace_back(encounters->getInt(0), std::move(e));
        });
        !done)
        return done.error();
    std::map<int64_t, std::size_t> position;
    for (std::size_t i = 0; i < all.size(); ++i)
        position[all[i].first] = i;
    auto fields = db.prepare("SELECT encounter_id, field, value FROM encounter_field");
    if (!fields)
        return fields.error();
    if (auto done = fields->eachRow([&] {
            auto found = position.find(fields->getInt(0));
            if (found != position.end())
                all[found->second].second.fields[fields->getText(1)] = fields->getText(2);
        });
        !done)
        return done.error();
    auto shown = db.prepare("SELECT se.encounter_id, s.name FROM screening_encounter se JOIN screening s ON s.id ="
                            " se.screening_id ORDER BY s.id");
    if (!shown)
        return shown.error();
    if (auto done = shown->eachRow([&] {
            auto found = position.find(shown->getInt(0));
            if (found != position.end())
                all[found->second].second.screenings.push_back(shown->getText(1));
        });
        !done)
        return done.error();
    for (auto& [id, e] : all) {
        if (scope.quarter) {
            auto date = e.fields.find("date");
            if (date == e.fields.end() || quarterOf(date->second) != *scope.quarter)
                continue;
        }
        index[id] = data.encounters.size();
        data.encounters.push_back(std::move(e));
    }
    // Blind coding: counts would tell a coder what the others tagged before their pass is done.
    auto visible = review::visibleTagsCondition(ws, "a");
    if (!visible)
        return visible.error();
    auto tags = db.prepare(
        "SELECT a.encounter_id, c.name, a.code, k.group_id, a.start_us, a.end_us FROM annotation a"
        " JOIN coder c ON c.id = a.coder_id JOIN code k ON k.codebook_id = a.codebook_id AND k.code = a.code"
        " WHERE a.deleted_us IS NULL AND " + *visible + " ORDER BY a.encounter_id, a.start_us, a.id");
    if (!tags)
        return tags.error();
    for (;;) {
        auto row = tags->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        auto found = index.find(tags->getInt(0));
        if (found == index.end())
            continue;
        data.tags.push_back({found->second, tags->getText(1), tags->getText(2), tags->getText(3), tags->getInt(4),
                             tags->getOptInt(5)});
    }
    return data;
}

} // namespace analysis
