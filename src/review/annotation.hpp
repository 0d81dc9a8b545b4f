#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace review {

class Change;
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
    std::string codeGroup; // of the code in the tag's codebook version: "ESC"
    std::string codeLabel;
    std::string codeKind;  // point | interval
    int64_t startUs = 0;
    std::optional<int64_t> endUs;
    std::optional<std::string> subject; // officer | person | other_officer | bystander
    std::optional<int> intensity;       // 1..3
    std::optional<std::string> value;   // for codes with values (UOF.09)
    std::string comment;
    std::string coder;   // as the reader may see it: the name, or "Member n" (visibility.hpp)
    int64_t coderId = 0; // the person who made it
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

// Each of these is one change (Workspace::change, Action::Tag): validated against the active
// codebook (code exists, point/interval, subject, intensity 1-3, value), written with its
// audit entry and its undo step, and committed before it returns: what it returns is on
// disk. Only a tag's author may change or delete it. On a blind encounter whose pass the
// acting coder has marked done they are refused (NotAllowed), as are undo and redo of
// a change there: the pass must be reopened first.
common::Result<Annotation> addAnnotation(Workspace& ws, const NewAnnotation& input);
// Many at once in one transaction (imports, benchmarks); all or none.
common::Result<std::vector<Annotation>> addAnnotations(Workspace& ws, const std::vector<NewAnnotation>& inputs);
common::Result<Annotation> changeAnnotation(Workspace& ws, const std::string& uuid, const AnnotationChange& change);
// Soft delete. Deleting a deleted tag is an error naming it.
common::Result<Annotation> deleteAnnotation(Workspace& ws, const std::string& uuid);

// A tag of another person `coderId`, inside the caller's change, checked like addAnnotation
// and with no undo step: adjudication's consensus tags (adjudication.hpp; they change only
// by a new decision) and imported tags (tag_import.hpp).
common::Result<Annotation> addTagFor(Change& change, const NewAnnotation& input, int64_t coderId);

// Interval tagging from the window: press the hotkey to start (an open interval is saved
// at once, so a crash keeps it), press again to stop (sets its end).
common::Result<Annotation> startIntervalTag(Workspace& ws, const NewAnnotation& input);
common::Result<Annotation> stopIntervalTag(Workspace& ws, const std::string& uuid, int64_t endUs);
// The acting coder's intervals still open on the encounter (to resume after a restart).
common::Result<std::vector<Annotation>> openIntervals(Workspace& ws, const std::string& encounterRef);

enum class AnnotationOrder {
    ByEncounterStart,      // encounter reference, start time, creation
    ByEncounterCoderStart, // encounter row, coder row, start time: an index's order, for exports of millions
};

struct AnnotationFilter {
    std::optional<std::string> encounterRef;
    std::optional<std::string> coder; // as the reader sees the name ("Member 2" for a member)
    std::optional<std::string> code;
    bool includeDeleted = false;
    std::optional<int64_t> screeningId; // the encounters shown at this screening
    bool onlyMine = false;              // the acting person's own tags
    // Visibility (visibility.hpp): the list is what the acting person may see. Set this only
    // where no tag reaches anyone's eyes (de-duplicating an import).
    bool allCoders = false;
    AnnotationOrder order = AnnotationOrder::ByEncounterStart;
};
// Calls onTag for each tag the acting person may see (Action::ReadTags and visibility.hpp),
// ordered by encounter, start time, then creation, with the coder named as they may see it.
common::Status forEachVisibleTag(Workspace& ws, const AnnotationFilter& filter,
                                 const std::function<void(const Annotation&)>& onTag);
common::Result<std::vector<Annotation>> listAnnotations(Workspace& ws, const AnnotationFilter& filter = {});
// How many live tags the acting person may see per code, over all encounters.
common::Result<std::map<std::string, int64_t>> visibleTagCountsByCode(Workspace& ws);
// The people (row ids) who made the tags the acting person may see (filter: deleted, screening).
common::Result<std::set<int64_t>> visibleTaggers(Workspace& ws, const AnnotationFilter& filter);
// How many live tags the acting person may see on one encounter; empty when their roles do
// not let them read tags at all (an administrator), without a refusal in the log.
common::Result<std::optional<int64_t>> visibleTagCountOn(Workspace& ws, int64_t encounterId);
// How many tags the acting person may see per encounter row id (filter: deleted, screening).
common::Result<std::map<int64_t, int64_t>> visibleTagCounts(Workspace& ws, const AnnotationFilter& filter);
// listAnnotations for showing to a person outside the window (tag list): the reading is
// written to the audit log (tag.read), as the law asks for consultation of data.
common::Result<std::vector<Annotation>> readTags(Workspace& ws, const AnnotationFilter& filter);
// Any tag by UUID, with the coder's real name: for checks inside review, never for display.
common::Result<Annotation> findAnnotation(Workspace& ws, const std::string& uuid);

// The timeline lanes of an encounter: one lane per coder as the acting person may see them
// (visibility.hpp), in name order.
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
