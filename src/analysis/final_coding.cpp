#include "analysis/final_coding.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include <nlohmann/json.hpp>

#include "analysis/disagreements.hpp"
#include "review/adjudication.hpp"
#include "review/annotation.hpp"
#include "review/blind_coding.hpp"
#include "review/people.hpp"
#include "review/workspace.hpp"

namespace analysis {
namespace {

// The rounded mean of non-negative times (half away from zero), without overflow for any
// encounter length.
std::int64_t meanOf(const std::vector<std::int64_t>& values)
{
    long double sum = 0;
    for (std::int64_t v : values)
        sum += static_cast<long double>(v);
    return static_cast<std::int64_t>(std::llround(static_cast<double>(sum / static_cast<long double>(values.size()))));
}

TimedTag spanOf(const DecisionFacts& d) { return {"", d.code, d.startUs, d.endUs}; }

} // namespace

FinalCodingPlan planFinalCoding(const std::vector<TimedTag>& tags, const std::vector<std::string>& tagIds,
                                const std::vector<std::string>& coders, double toleranceSeconds,
                                const std::vector<DecisionFacts>& decisions)
{
    FinalCodingPlan plan;
    const auto toleranceUs = static_cast<std::int64_t>(std::llround(toleranceSeconds * 1e6));

    // Decisions in force: newest first, each unless a newer one cites one of its sources.
    std::vector<const DecisionFacts*> inForce;
    std::set<std::string> cited;
    for (auto it = decisions.rbegin(); it != decisions.rend(); ++it) {
        const bool replaced = std::any_of(it->sources.begin(), it->sources.end(),
                                          [&](const std::string& s) { return cited.count(s) > 0; });
        if (replaced) {
            ++plan.setAside;
            continue;
        }
        cited.insert(it->sources.begin(), it->sources.end());
        inForce.push_back(&*it);
    }

    for (const MatchedEvent& e : matchEvents(tags, coders, toleranceSeconds)) {
        if (std::any_of(e.tagOfCoder.begin(), e.tagOfCoder.end(), [](int i) { return i < 0; }))
            continue; // not every coder tagged it: a disagreement, for the decisions
        bool covered = false;
        std::vector<std::int64_t> starts, ends;
        for (int i : e.tagOfCoder) {
            const auto index = static_cast<std::size_t>(i);
            const TimedTag& t = tags[index];
            starts.push_back(t.startUs);
            if (t.endUs)
                ends.push_back(*t.endUs);
            if (index < tagIds.size() && cited.count(tagIds[index]))
                covered = true;
            for (const DecisionFacts* d : inForce)
                covered = covered || (d->code == t.code && tagsMatch(spanOf(*d), t, toleranceUs));
        }
        if (covered) {
            ++plan.superseded;
            continue;
        }
        review::FinalTag tag;
        tag.code = e.code;
        tag.startUs = meanOf(starts);
        if (!ends.empty())
            tag.endUs = std::max(tag.startUs, meanOf(ends));
        plan.tags.push_back(std::move(tag));
        ++plan.agreed;
    }
    for (const DecisionFacts* d : inForce) {
        if (d->nothingHappened) {
            ++plan.removed;
            continue;
        }
        plan.tags.push_back({d->code, d->startUs, d->endUs, d->subject, d->intensity, d->value});
        ++plan.decided;
    }
    std::stable_sort(plan.tags.begin(), plan.tags.end(), [](const review::FinalTag& a, const review::FinalTag& b) {
        return std::tie(a.startUs, a.code) < std::tie(b.startUs, b.code);
    });
    return plan;
}

common::Result<FinalCoding> finaliseCoding(review::Workspace& ws, const std::string& encounterRef,
                                           const std::vector<std::string>& coders, double toleranceSeconds)
{
    using common::ErrorCode;
    using common::makeError;
    const std::string what = "encounter " + encounterRef;
    // Refusals first, in the words of `adjudicate decide`, before anything is read.
    if (auto allowed = ws.require(review::Action::Adjudicate, encounterRef); !allowed)
        return allowed.error();
    if (!(toleranceSeconds >= 0) || !std::isfinite(toleranceSeconds))
        return makeError(ErrorCode::Usage, "the tolerance must be zero or more seconds", what);
    if (auto done = review::requireAllPassesDone(ws, encounterRef); !done)
        return done.error();

    FinalCoding out;
    out.toleranceSeconds = toleranceSeconds;
    out.coders = coders;
    if (out.coders.empty()) {
        auto lanes = review::annotationLanes(ws, encounterRef);
        if (!lanes)
            return lanes.error();
        for (const review::AnnotationLane& lane : *lanes)
            if (!review::isAdjudicationCoder(lane.coder))
                out.coders.push_back(lane.coder);
    }
    for (const std::string& coder : out.coders)
        if (review::isAdjudicationCoder(coder))
            return makeError(ErrorCode::Usage,
                             "the final coding is built from the coders' own tags: name them, not " + coder, what);
    std::set<std::string> distinct(out.coders.begin(), out.coders.end());
    if (out.coders.size() < 2 || distinct.size() != out.coders.size())
        return makeError(ErrorCode::Usage, "a final coding needs the tags of at least two different coders", what);

    std::vector<std::string> ids;
    auto tags = coderTags(ws, encounterRef, out.coders, review::Action::Adjudicate, "finalising the coding", true, &ids);
    if (!tags)
        return tags.error();
    auto decisions = review::listDecisions(ws, encounterRef);
    if (!decisions)
        return decisions.error();
    std::vector<DecisionFacts> facts;
    for (const review::Decision& d : *decisions) {
        DecisionFacts f{d.code, d.startUs, d.endUs, !d.annotationUuid.has_value(), d.sources, {}, {}, {}};
        if (d.annotationUuid) {
            auto consensus = review::findAnnotation(ws, *d.annotationUuid);
            if (!consensus)
                return consensus.error();
            f.subject = consensus->subject;
            f.intensity = consensus->intensity;
            f.value = consensus->value;
        }
        facts.push_back(std::move(f));
    }
    out.plan = planFinalCoding(*tags, ids, out.coders, toleranceSeconds, facts);

    nlohmann::json summary = {{"coders", out.coders},
                              {"toleranceSeconds", toleranceSeconds},
                              {"agreed", out.plan.agreed},
                              {"decided", out.plan.decided},
                              {"removed", out.plan.removed},
                              {"superseded", out.plan.superseded},
                              {"tags", out.plan.tags.size()}};
    auto written = review::storeFinalCoding(ws, encounterRef, out.plan.tags, summary);
    if (!written)
        return written.error();
    out.written = std::move(*written);
    return out;
}

} // namespace analysis
