#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/event_agreement.hpp"
#include "common/result.hpp"
#include "review/final_coding.hpp"

namespace review {
class Workspace;
}

namespace analysis {

// What the final coding of an encounter holds (issue 12), after adjudication:
//  1. Agreed events: the events of matchEvents (event_agreement.hpp, the tolerance of
//     `stats irr` and `adjudicate list`) that every named coder tagged, one final tag each
//     with the code and the mean of the tags' starts (rounded to the microsecond); its end
//     is the mean of the ends of those tags that have one, none when none has.
//  2. Decisions (review/adjudication.hpp), newest first; a decision is set aside when a
//     newer one already cites one of its source tags (the panel changed its mind). Each
//     decision with a consensus tag adds that tag (code, times, subject, intensity, value).
//     A decision of "nothing happened" adds nothing: its event stays out.
//  3. An agreed event is left out (superseded) when a decision cites one of its tags, or a
//     decision of the same code matches it in time (the rule of matchEvents between the
//     decision's span and each tag of the event): the decision says what happened there.
// Final tags are ordered by start, then code.

struct DecisionFacts {
    std::string code;
    std::int64_t startUs = 0;
    std::optional<std::int64_t> endUs;
    bool nothingHappened = false;
    std::vector<std::string> sources; // UUIDs of the coders' tags it rests on
    // Of the consensus tag, when there is one.
    std::optional<std::string> subject;
    std::optional<int> intensity;
    std::optional<std::string> value;
};

struct FinalCodingPlan {
    std::vector<review::FinalTag> tags;
    std::size_t agreed = 0;     // agreed events in it
    std::size_t decided = 0;    // consensus tags in it
    std::size_t removed = 0;    // decisions of "nothing happened" taken
    std::size_t superseded = 0; // agreed events left out for a decision
    std::size_t setAside = 0;   // decisions replaced by a newer one on the same tags
};

// Pure. `tagIds[i]` is the UUID of `tags[i]`; `decisions` oldest first.
FinalCodingPlan planFinalCoding(const std::vector<TimedTag>& tags, const std::vector<std::string>& tagIds,
                                const std::vector<std::string>& coders, double toleranceSeconds,
                                const std::vector<DecisionFacts>& decisions);

struct FinalCoding {
    std::vector<std::string> coders;
    double toleranceSeconds = 0;
    FinalCodingPlan plan;
    review::FinalCodingWrite written;
};

// Reads the coders' live tags (every coder with tags on the encounter but `consensus` and
// `final` when `coders` is empty) and the decisions, plans the final coding and stores it
// (review::storeFinalCoding: one audited change; running it again gives the same tags).
// Usage errors for fewer than two different coders, `consensus` or `final` among them, or a
// negative tolerance; NotFound for a coder who does not exist or has no tags there;
// NotAllowed without the adjudication permission or on a blind encounter before every
// pass is done.
common::Result<FinalCoding> finaliseCoding(review::Workspace& ws, const std::string& encounterRef,
                                           const std::vector<std::string>& coders, double toleranceSeconds);

} // namespace analysis
