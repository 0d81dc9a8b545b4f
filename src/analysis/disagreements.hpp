#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/event_agreement.hpp"
#include "common/result.hpp"
#include "review/permissions.hpp"

namespace review {
class Workspace;
}

namespace analysis {

// The disagreements of coders on an encounter, for adjudication (review/adjudication.hpp):
// their tags are matched into events by the rule of event_agreement.hpp (matchEvents, the
// same tolerance as `stats irr`), and every event that not all of them tagged is a
// disagreement. Two point tags of one code further apart than the tolerance are two
// events, each tagged by one coder: two disagreements.

struct EventTag {
    std::string coder;
    std::string uuid; // the original tag, to name as a source of a decision
    std::int64_t startUs = 0;
    std::optional<std::int64_t> endUs;
};

struct Disagreement {
    std::string code;
    std::int64_t startUs = 0;           // earliest start of its tags
    std::optional<std::int64_t> endUs;  // latest end, when any tag is an interval
    std::vector<EventTag> tags;          // who tagged it, in the order the coders were named
    std::vector<std::string> notTaggedBy; // who did not, in that order
    std::optional<std::string> decision; // UUID of a decision that names one of its tags as a source
};

struct CoderComparison {
    std::vector<std::string> coders;
    double toleranceSeconds = 0;
    std::size_t events = 0;              // events found by at least one coder
    std::size_t agreed = 0;              // events every coder tagged
    std::vector<Disagreement> disagreements; // by start, then code
};

// Pure: `tagIds[i]` is the UUID of `tags[i]`. Tags of coders not named are left out.
CoderComparison compareCoders(const std::vector<TimedTag>& tags, const std::vector<std::string>& tagIds,
                              const std::vector<std::string>& coders, double toleranceSeconds);

// The named coders' live tags on the encounter, for comparing them: the acting person needs
// `action` (adjudication or measuring agreement) and, on a blind encounter, their pass done
// (`purpose` completes the refusal: "measuring agreement"). Each coder must exist and, with
// `eachTagged`, have a tag there (NotFound names them). `ids`, when given, receives each
// tag's UUID.
common::Result<std::vector<TimedTag>> coderTags(review::Workspace& ws, const std::string& encounterRef,
                                                const std::vector<std::string>& coders, review::Action action,
                                                std::string_view purpose, bool eachTagged,
                                                std::vector<std::string>* ids = nullptr);

// Reads the named coders' live tags on the encounter and compares them, marking those a
// decision already cites. Needs at least two distinct coders who exist, a tolerance of zero
// or more, and on a blind encounter the acting coder's pass done (PermissionDenied says so).
common::Result<CoderComparison> encounterDisagreements(review::Workspace& ws, const std::string& encounterRef,
                                                       const std::vector<std::string>& coders, double toleranceSeconds);

} // namespace analysis
