#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace review {

class Workspace;

// Blind coding (issue 5). A lead researcher starts blind coding on an encounter; from then
// on each coder sees only their own tags on it until they mark their pass done. Once done,
// a coder sees everyone's tags, and their own tags on the encounter are frozen (no add,
// change, delete, undo or redo) until they reopen the pass, which is audited, so nobody
// can quietly correct their coding after seeing the others'. Adjudication (adjudication.hpp)
// waits until every coder's pass is done.
//
// Design note: the state of an encounter, per acting coder.
//   not blind     -- startBlindCoding -->  blind, pass open
//   blind, open   -- markPassDone     -->  blind, pass done
//   blind, done   -- reopenPass       -->  blind, pass open
// Invariants:
//   1. Not blind: everyone sees every tag; passes mean nothing.
//   2. Blind and the acting coder's pass open: every read path that shows tags to the
//      acting coder (annotationLanes, listAnnotations, tag list, stats, exports) shows only
//      their own (visibleTagsCondition); agreement and adjudication are refused.
//   3. Blind and the acting coder's pass done: they see all tags and cannot change their own.
// There is no way back from blind to not blind: the record of who saw what stays true.
//
// The coders of a blind encounter are those with a live tag on it or a pass row, except
// the coders named `consensus` (adjudication's decisions) and `final` (the final coding).
// A lead who codes nothing but wants to adjudicate marks their own (empty) pass done: that
// is the audited statement "I will not code this encounter blind".
//
// All functions take the acting coder from the Workspace; one thread, like the Workspace.
// Writes are one transaction each, with an audit entry (blind.started, blind.pass_done,
// blind.pass_reopened), committed before they return.

// The coder whose tags are adjudication's decisions (people.hpp): never a blind coder.
inline constexpr std::string_view kConsensusCoder = "consensus";

struct CodingPass {
    std::string coder;
    std::optional<int64_t> doneUs;  // Unix microseconds; empty: the pass is open
    std::optional<int64_t> tags;    // live tags on the encounter; empty when the acting coder may not see others
};

struct BlindCodingStatus {
    std::string encounterRef;
    std::string encounterUuid;
    bool blind = false;
    std::string startedBy;  // when blind
    int64_t startedUs = 0;
    std::vector<CodingPass> passes; // the encounter's coders (see above), by name
    bool actingCoderMaySeeOthers = true;
    bool allPassesDone = false;     // blind, at least one coder, every pass done
};

common::Result<BlindCodingStatus> startBlindCoding(Workspace& ws, const std::string& encounterRef);
// The acting coder's pass: done, or open again. Refused when the encounter is not blind,
// or when the pass already is in the asked state.
common::Result<BlindCodingStatus> markPassDone(Workspace& ws, const std::string& encounterRef);
common::Result<BlindCodingStatus> reopenPass(Workspace& ws, const std::string& encounterRef);
common::Result<BlindCodingStatus> blindCodingStatus(Workspace& ws, const std::string& encounterRef);

// Whether the acting coder may see other coders' tags on the encounter (invariant 1-3).
common::Result<bool> maySeeOthersTags(Workspace& ws, const std::string& encounterRef);

// Ok when the acting coder may see others' tags on the encounter; otherwise a
// NotAllowed error whose message, one sentence, says the pass must be marked done
// first. `purpose` completes "... before <purpose>", e.g. "measuring agreement".
common::Status requireSightOfOthers(Workspace& ws, const std::string& encounterRef, std::string_view purpose);

// Ok when the encounter is not blind, or every coder's pass on it is done (and the acting
// coder's too): what adjudication needs. Otherwise NotAllowed naming who is not done.
common::Status requireAllPassesDone(Workspace& ws, const std::string& encounterRef);

// References of the blind encounters whose pass the acting coder has not marked done, by
// reference: where their exports and summaries carry only their own tags (for a warning;
// it says nothing about what others tagged).
common::Result<std::vector<std::string>> encountersBlindToActingCoder(Workspace& ws);

// Refused (NotAllowed) when coder `coderId` has marked their pass on the blind
// encounter `encounterId` done: their tags there are frozen until they reopen it. Called by
// the annotation writes inside their transaction.
common::Status requirePassOpen(Workspace& ws, int64_t encounterId, int64_t coderId);

} // namespace review
