#include "analysis/summary_source.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "review/annotation.hpp"
#include "review/encounter.hpp"
#include "review/screening.hpp"
#include "review/workspace.hpp"

namespace analysis {

common::Result<SummaryData> loadSummaryData(review::Workspace& ws, const SummaryScope& scope)
{
    if (auto allowed = ws.require(review::Action::Summarise); !allowed)
        return allowed.error();
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
    auto stored = review::listEncounters(ws);
    if (!stored)
        return stored.error();
    auto screenings = review::listScreenings(ws);
    if (!screenings)
        return screenings.error();
    std::map<std::string, std::vector<std::string>> shownAt; // reference -> screening names, oldest first
    std::optional<std::vector<std::string>> inScope;
    for (const review::Screening& s : *screenings) {
        for (const std::string& ref : s.encounterRefs)
            shownAt[ref].push_back(s.name);
        if (screeningId && s.id == *screeningId)
            inScope = s.encounterRefs;
    }
    SummaryData data;
    std::map<int64_t, std::size_t> index;
    for (const review::Encounter& e : *stored) { // by reference
        if (inScope && std::find(inScope->begin(), inScope->end(), e.reference) == inScope->end())
            continue;
        SummaryEncounter summary;
        summary.reference = e.reference;
        summary.fields = e.fields;
        summary.screenings = shownAt[e.reference];
        if (scope.quarter) {
            auto date = summary.fields.find("date");
            if (date == summary.fields.end() || quarterOf(date->second) != *scope.quarter)
                continue;
        }
        index[e.id] = data.encounters.size();
        data.encounters.push_back(std::move(summary));
    }
    // What the person may see (blind coding, independent assessment: review/visibility.hpp).
    review::AnnotationFilter filter;
    filter.screeningId = screeningId;
    filter.order = review::AnnotationOrder::ByEncounterCoderStart;
    std::vector<SummaryTag> tags;
    if (auto done = review::forEachVisibleTag(ws, filter, [&](const review::Annotation& a) {
            auto found = index.find(a.encounterId);
            if (found != index.end())
                tags.push_back({found->second, a.coder, a.code, a.codeGroup, a.startUs, a.endUs});
        });
        !done)
        return done.error();
    std::stable_sort(tags.begin(), tags.end(), [](const SummaryTag& a, const SummaryTag& b) {
        return std::tie(a.encounter, a.startUs) < std::tie(b.encounter, b.startUs);
    });
    data.tags = std::move(tags);
    return data;
}

} // namespace analysis
