#include "analysis/disagreements.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "review/adjudication.hpp"
#include "review/annotation.hpp"
#include "review/blind_coding.hpp"
#include "review/people.hpp"
#include "review/workspace.hpp"

namespace analysis {

CoderComparison compareCoders(const std::vector<TimedTag>& tags, const std::vector<std::string>& tagIds,
                              const std::vector<std::string>& coders, double toleranceSeconds)
{
    CoderComparison out;
    out.coders = coders;
    out.toleranceSeconds = toleranceSeconds;
    const std::vector<MatchedEvent> events = matchEvents(tags, coders, toleranceSeconds);
    out.events = events.size();
    for (const MatchedEvent& e : events) {
        Disagreement d;
        d.code = e.code;
        bool first = true;
        for (std::size_t k = 0; k < coders.size(); ++k) {
            const int index = e.tagOfCoder[k];
            if (index < 0) {
                d.notTaggedBy.push_back(coders[k]);
                continue;
            }
            const TimedTag& t = tags[static_cast<std::size_t>(index)];
            const std::string uuid = static_cast<std::size_t>(index) < tagIds.size() ? tagIds[static_cast<std::size_t>(index)]
                                                                                     : std::string();
            d.tags.push_back({coders[k], uuid, t.startUs, t.endUs});
            d.startUs = first ? t.startUs : std::min(d.startUs, t.startUs);
            if (t.endUs)
                d.endUs = d.endUs ? std::max(*d.endUs, *t.endUs) : *t.endUs;
            first = false;
        }
        if (d.notTaggedBy.empty()) {
            ++out.agreed;
            continue;
        }
        out.disagreements.push_back(std::move(d));
    }
    std::stable_sort(out.disagreements.begin(), out.disagreements.end(), [](const Disagreement& a, const Disagreement& b) {
        return a.startUs != b.startUs ? a.startUs < b.startUs : a.code < b.code;
    });
    return out;
}

common::Result<std::vector<TimedTag>> coderTags(review::Workspace& ws, const std::string& encounterRef,
                                                const std::vector<std::string>& coders, review::Action action,
                                                std::string_view purpose, bool eachTagged, std::vector<std::string>* ids)
{
    const std::string what = "encounter " + encounterRef;
    if (auto allowed = ws.require(action, encounterRef); !allowed)
        return allowed.error();
    if (auto may = review::requireSightOfOthers(ws, encounterRef, purpose); !may)
        return may.error();
    auto people = review::everyone(ws);
    if (!people)
        return people.error();
    for (const std::string& coder : coders)
        if (std::none_of(people->begin(), people->end(), [&](const review::PersonRef& p) { return p.name == coder; }))
            return common::makeError(common::ErrorCode::NotFound, "there is no coder named " + coder, what);
    std::vector<TimedTag> tags;
    for (const std::string& coder : coders) {
        review::AnnotationFilter filter;
        filter.encounterRef = encounterRef;
        filter.coder = coder;
        auto list = review::listAnnotations(ws, filter);
        if (!list)
            return list.error();
        if (eachTagged && list->empty())
            return common::makeError(common::ErrorCode::NotFound, "coder " + coder + " has no tags on this encounter",
                                     encounterRef);
        for (const review::Annotation& a : *list) {
            tags.push_back({coder, a.code, a.startUs, a.endUs});
            if (ids)
                ids->push_back(a.uuid);
        }
    }
    return tags;
}

common::Result<CoderComparison> encounterDisagreements(review::Workspace& ws, const std::string& encounterRef,
                                                       const std::vector<std::string>& coders, double toleranceSeconds)
{
    const std::string what = "encounter " + encounterRef;
    if (!(toleranceSeconds >= 0))
        return common::makeError(common::ErrorCode::Usage, "the tolerance must be zero or more seconds", what);
    std::set<std::string> distinct(coders.begin(), coders.end());
    if (coders.size() < 2 || distinct.size() != coders.size())
        return common::makeError(common::ErrorCode::Usage, "name at least two different coders to compare", what);
    std::vector<std::string> ids;
    auto tags = coderTags(ws, encounterRef, coders, review::Action::Adjudicate, "listing disagreements", false, &ids);
    if (!tags)
        return tags.error();
    CoderComparison out = compareCoders(*tags, ids, coders, toleranceSeconds);

    auto decisions = review::listDecisions(ws, encounterRef);
    if (!decisions)
        return decisions.error();
    std::map<std::string, std::string> decidedFrom; // source tag -> decision
    for (const review::Decision& d : *decisions)
        for (const std::string& source : d.sources)
            decidedFrom.emplace(source, d.uuid);
    for (Disagreement& d : out.disagreements)
        for (const EventTag& t : d.tags)
            if (auto found = decidedFrom.find(t.uuid); found != decidedFrom.end() && !d.decision)
                d.decision = found->second;
    return out;
}

} // namespace analysis
