#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"

namespace review {

class Workspace;

// The final coding of an encounter (issue 12): after adjudication, one set of tags that
// stands for what happened, stored as the tags of the coder named `final` (kFinalName in
// people.hpp) so lanes, exports and reliability see it as one more coder, like
// `consensus`. What goes into it is decided by analysis::finaliseCoding (the events every
// coder agreed on plus the decisions); this file only stores it.

struct FinalTag {
    std::string code;
    int64_t startUs = 0;
    std::optional<int64_t> endUs;
    std::optional<std::string> subject;
    std::optional<int> intensity;
    std::optional<std::string> value;
    bool operator==(const FinalTag&) const = default;
};

struct FinalCodingWrite {
    std::string encounterRef;
    std::string encounterUuid;
    std::size_t kept = 0;    // final tags already there as they should be: left alone
    std::size_t added = 0;   // written now
    std::size_t deleted = 0; // earlier final tags no longer part of it: soft-deleted
};

// One change (Action::Adjudicate, the permission of `adjudicate decide`): makes the live
// final tags of the encounter exactly `tags`. Earlier final tags equal to a wanted one (code,
// times, subject, intensity, value) are kept, the others soft-deleted, the missing ones
// added with the normal annotation checks against the codebook in use; so running it
// again with the same tags changes nothing and leaves the same tags (same UUIDs). One
// audit entry `adjudication.finalised` with `summary` and the counts as details, sealing
// every tag row written. Refused like a decision: NotAllowed without the permission, or
// on a blind encounter before every pass is done.
common::Result<FinalCodingWrite> storeFinalCoding(Workspace& ws, const std::string& encounterRef,
                                                  const std::vector<FinalTag>& tags, const nlohmann::json& summary);

} // namespace review
