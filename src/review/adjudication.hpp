#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace review {

class Workspace;

// Adjudication (issue 5): the consensus on a disagreement between coders, recorded by a
// lead researcher or chair with a mandatory reason. Either a consensus tag, an annotation
// of the coder named `consensus` (kConsensusCoder) made with the normal annotation checks
// and audit, so lanes, exports and reliability see it as one more coder; or "nothing
// happened here" (no tag). The original tags the decision was made from are named by UUID
// and never changed. Finding the disagreements is analysis::encounterDisagreements.
//
// On a blind encounter (blind_coding.hpp) decisions wait until every coder's pass is
// done, including the acting coder's when they coded it; listing them needs the acting
// coder to be allowed to see others' tags. One thread, like the Workspace.

struct NewDecision {
    std::string encounterRef; // reference or UUID
    std::string code;
    int64_t startUs = 0;             // encounter time, microseconds
    std::optional<int64_t> endUs;    // for interval codes
    std::string reason;              // required: why the panel decided so
    std::vector<std::string> sources; // UUIDs of the original tags on this encounter
    bool nothingHappened = false;    // no consensus tag: the code does not apply here
    // Passed on to the consensus tag (ignored with nothingHappened).
    std::optional<std::string> subject;
    std::optional<int> intensity;
    std::optional<std::string> value;
};

struct Decision {
    int64_t id = 0;
    std::string uuid;
    std::string encounterRef;
    std::string code;
    int64_t startUs = 0;
    std::optional<int64_t> endUs;
    std::optional<std::string> annotationUuid; // the consensus tag; empty: nothing happened
    std::string reason;
    std::vector<std::string> sources;
    std::string decidedBy;
    int64_t decidedUs = 0;
};

// One transaction: checks (reason not blank, the sources are tags of this encounter,
// blind passes done, the consensus tag valid against the codebook in use), writes the
// consensus tag (audit annotation.created) and the decision (audit adjudication.decided),
// and commits before returning. Usage errors name what is missing.
common::Result<Decision> recordDecision(Workspace& ws, const NewDecision& input);

// The decisions on an encounter, oldest first.
common::Result<std::vector<Decision>> listDecisions(Workspace& ws, const std::string& encounterRef);

} // namespace review
