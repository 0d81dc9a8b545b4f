#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace review {

class Workspace;

// A tag on an encounter's timeline. Times are integer microseconds of encounter time
// (footage offset + media time); endUs only for interval codes (an interval being
// recorded has none yet: see startIntervalTag). Deleting sets deletedUs; rows stay.
struct Annotation {
    int64_t id = 0;
    std::string uuid;
    int64_t encounterId = 0;
    std::string encounterRef;
    std::optional<int64_t> footageId;
    int64_t codebookId = 0;
    int codebookVersion = 0;
    std::string code;
    int64_t startUs = 0;
    std::optional<int64_t> endUs;
    std::optional<std::string> subject; // officer | person | other_officer | bystander
    std::optional<int> intensity;       // 1..3
    std::optional<std::string> value;   // for codes with values (UOF.09)
    std::string comment;
    std::string coder;
    int64_t createdUs = 0;
    int64_t changedUs = 0;
    std::optional<int64_t> deletedUs;
};

struct NewAnnotation {
    std::string encounterRef; // reference or UUID
    std::string code;
    int64_t startUs = 0;
    std::optional<int64_t> endUs;
    std::optional<std::string> subject;
    std::optional<int> intensity;
    std::optional<std::string> value;
    std::string comment;
    std::optional<int64_t> footageId;
    bool openInterval = false; // an interval whose end is not known yet (startIntervalTag)
};

// What to change; fields left empty stay as they are.
struct AnnotationChange {
    std::optional<std::string> code;
    std::optional<int64_t> startUs;
    std::optional<std::optional<int64_t>> endUs;
    std::optional<std::optional<std::string>> subject;
    std::optional<std::optional<int>> intensity;
    std::optional<std::optional<std::string>> value;
    std::optional<std::string> comment;
};

// Each of these is one transaction: validated against the active codebook (code exists,
// point/interval, subject, intensity 1-3, value), written with its audit entry and its
// undo step, and committed before it returns: what it returns is on disk. On a blind
// encounter whose pass the acting coder has marked done they are refused (PermissionDenied),
// as are undo and redo of a change there: the pass must be reopened first.
common::Result<Annotation> addAnnotation(Workspace& ws, const NewAnnotation& input);
// Many at once in one transaction (imports, benchmarks); all or none.
common::Result<std::vector<Annotation>> addAnnotations(Workspace& ws, const std::vector<NewAnnotation>& inputs);
common::Result<Annotation> changeAnnotation(Workspace& ws, const std::string& uuid, const AnnotationChange& change);
// Soft delete. Deleting a deleted tag is an error naming it.
common::Result<Annotation> deleteAnnotation(Workspace& ws, const std::string& uuid);

// For adjudication (adjudication.hpp): adds one tag of coder `coderId` (the consensus
// coder) inside the caller's write transaction, with the same checks and audit entry as
// addAnnotation (the entry names the acting coder, its detail the tag's coder), and no
// undo step: a consensus tag changes only by a new decision.
common::Result<Annotation> addAnnotationInTransaction(Workspace& ws, const NewAnnotation& input, int64_t coderId);

// Interval tagging from the window: press the hotkey to start (an open interval is saved
// at once, so a crash keeps it), press again to stop (sets its end).
common::Result<Annotation> startIntervalTag(Workspace& ws, const NewAnnotation& input);
common::Result<Annotation> stopIntervalTag(Workspace& ws, const std::string& uuid, int64_t endUs);
// The acting coder's intervals still open on the encounter (to resume after a restart).
common::Result<std::vector<Annotation>> openIntervals(Workspace& ws, const std::string& encounterRef);

struct AnnotationFilter {
    std::optional<std::string> encounterRef;
    std::optional<std::string> coder;
    std::optional<std::string> code;
    bool includeDeleted = false;
    // Blind coding (blind_coding.hpp): the list is what the acting coder may see, so on a
    // blind encounter whose pass they have not marked done, only their own tags. Set this
    // only where no tag reaches the acting coder's eyes (de-duplicating an import).
    bool allCoders = false;
};
// Ordered by encounter, start time, then creation. Only what the acting coder may see,
// unless the filter says allCoders.
common::Result<std::vector<Annotation>> listAnnotations(Workspace& ws, const AnnotationFilter& filter = {});
common::Result<Annotation> findAnnotation(Workspace& ws, const std::string& uuid);

// The timeline lanes of an encounter: one lane per coder, in coder name order. On a blind
// encounter whose pass the acting coder has not marked done, only their own lane.
struct AnnotationLane {
    std::string coder;
    std::vector<Annotation> annotations;
};
common::Result<std::vector<AnnotationLane>> annotationLanes(Workspace& ws, const std::string& encounterRef);

// Undo/redo of the acting coder's annotation changes, kept in the database so they
// survive a restart. Returns the annotation as it now is, or nothing when there is
// nothing to undo/redo. A new change after undo drops what could have been redone.
common::Result<std::optional<Annotation>> undo(Workspace& ws);
common::Result<std::optional<Annotation>> redo(Workspace& ws);

} // namespace review
