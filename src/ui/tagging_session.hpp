#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analysis/confusion.hpp"
#include "analysis/disagreements.hpp"
#include "analysis/summary.hpp"
#include "common/result.hpp"
#include "review/adjudication.hpp"
#include "review/annotation.hpp"
#include "review/blind_coding.hpp"
#include "review/chair.hpp"
#include "review/codebook.hpp"
#include "review/encounter.hpp"
#include "review/audit_log.hpp"
#include "review/masks.hpp"
#include "review/transcripts.hpp"
#include "review/workspace.hpp"
#include "ui/snapshot.hpp"

namespace ui {

// The window's link to the database: one encounter being reviewed by one coder (and, when
// opened from a screening, that member's feedback form). Every change goes through the
// review layer, which commits before returning, so what the window shows as saved is on
// disk. Keeps copies of what the panels show (tags, lanes, forms) and refreshes them after
// each change. UI thread only; no GL or ImGui here.
class TaggingSession {
public:
    struct OpenOptions {
        std::string encounterRef;  // reference or UUID
        std::string screeningRef;  // empty: the newest screening that shows the encounter, if any
    };

    // On a workspace someone is signed in to. The Chair tab shows for a chair.
    static common::Result<std::unique_ptr<TaggingSession>> open(review::Workspace workspace, const OpenOptions& options);

    // The Audit tab (chairs and administrators): entries newest first, filtered.
    bool mayReadAudit() const { return review::allows(m_workspace.roles(), review::Action::ReadAudit); }
    const std::vector<review::AuditEntry>& auditEntries() const { return m_audit; }
    common::Status refreshAudit(const std::string& person, const std::string& action);
    // The member's feedback on this encounter: submitted (final, others' then visible as "Member n").
    common::Result<std::string> submitFeedback();
    std::optional<int64_t> feedbackSubmittedUs() const { return m_submittedUs; }
    // Other members' feedback the person may see (after submitting): name -> question -> value.
    const std::map<std::string, std::map<std::string, std::string>>& othersFeedback() const { return m_othersFeedback; }

    const review::Encounter& encounter() const { return m_encounter; }
    const review::Codebook& codebook() const { return m_codebook; }
    const std::string& coder() const { return m_workspace.personName(); }
    review::Workspace& workspace() { return m_workspace; }
    // Saves where the encounter's camera `footageId` starts on its timeline (linkFootage:
    // audited, a chair, lead or administrator only), and keeps it for the session.
    common::Status saveCameraOffset(int64_t footageId, int64_t offsetUs);
    const std::string& screeningRef() const { return m_screeningRef; }
    const std::string& screeningName() const { return m_screeningName; }
    // "2024-Q2" of the screening's date; empty without a screening or a date.
    const std::string& screeningQuarter() const { return m_screeningQuarter; }

    // Audit: footage.opened for each of the encounter's files.
    void recordOpened();

    // The hotkey or the codebook button for `code` at encounter time `atUs`, on the camera
    // with footage id `footageId`: a point tag, or the start / the end of an interval.
    // Returns what happened in words for the status line ("ESC.02 tagged at 00:01:02.400").
    common::Result<std::string> tag(const std::string& code, int64_t atUs, std::optional<int64_t> footageId);
    // The intervals the acting coder has started and not ended: code -> annotation.
    const std::map<std::string, review::Annotation>& openIntervals() const { return m_open; }

    // Subject and intensity given to the next tags (cycled by keys; none by default).
    const std::optional<std::string>& nextSubject() const { return m_subject; }
    std::optional<int> nextIntensity() const { return m_intensity; }
    void cycleSubject();
    void cycleIntensity();
    void setNextSubject(std::optional<std::string> subject) { m_subject = std::move(subject); }
    void setNextIntensity(std::optional<int> intensity) { m_intensity = intensity; }

    common::Result<std::string> change(const std::string& uuid, const review::AnnotationChange& change);
    common::Result<std::string> remove(const std::string& uuid);
    common::Result<std::string> undo();
    common::Result<std::string> redo();

    // Every live tag of the encounter this coder may see, by start time.
    const std::vector<review::Annotation>& tags() const { return m_tags; }
    // One lane per coder (review::annotationLanes), coloured from the codebook; open
    // intervals end at `positionUs` so they grow while the video plays.
    std::vector<AnnotationLane> lanes(int64_t positionUs) const;
    // Counts and rates over every encounter of the database (analysis::summarise), grouped
    // by `by` (an analysis::summaryByFields() entry, or empty).
    common::Result<analysis::Summary> summarise(const std::string& by);
    uint32_t colourOf(const std::string& code) const; // IM_COL32 layout

    // The encounter form (encounter fields) and this member's feedback answers.
    const std::map<std::string, std::string>& encounterFields() const { return m_encounter.fields; }
    const std::map<std::string, std::string>& feedback() const { return m_feedback; }
    // What the GOWISELY questions would say from this coder's PAC tags (yes where tagged),
    // for the answers the member has not given.
    std::map<std::string, std::string> gowiselyFromTags() const;
    common::Status saveEncounterField(const std::string& field, const std::string& value);
    common::Status saveFeedback(const std::string& question, const std::string& value);

    // Blind coding (review/blind_coding.hpp): the encounter's state for the acting coder.
    const review::BlindCodingStatus& blindCoding() const { return m_blind; }
    common::Result<std::string> markPassDone();
    common::Result<std::string> reopenPass();

    // Adjudication: the disagreements of the coders whose tags this coder may see (not
    // the consensus coder), matched with `tolerance` seconds, and the decisions so far.
    // Empty with a reason in adjudicationProblem() when it cannot be done yet.
    const std::optional<analysis::CoderComparison>& disagreements() const { return m_comparison; }
    const std::string& adjudicationProblem() const { return m_adjudicationProblem; }
    const std::vector<review::Decision>& decisions() const { return m_decisions; }
    // The confusion table (analysis/confusion.hpp) of the first two coders compared, with
    // the same tolerance; rebuilt with the disagreements (when tags change or the tolerance
    // moves), never per frame. Empty where they are.
    const std::optional<analysis::Confusion>& confusion() const { return m_confusion; }
    double tolerance() const { return m_tolerance; }
    void setTolerance(double seconds);
    common::Result<std::string> decide(const review::NewDecision& decision);

    // The chair's work (review/chair.hpp), when opened as the chair from a screening: the
    // members' feedback merged, and the police actions about this encounter carried
    // forward to this screening.
    const std::optional<review::FeedbackMerge>& chairView() const { return m_merge; }
    const std::vector<review::PoliceAction>& policeActions() const { return m_policeActions; }
    common::Status saveConsolidation(const review::ConsolidationEdit& edit);
    common::Result<std::string> raisePoliceAction(const std::string& request);
    common::Result<std::string> respondToPoliceAction(const std::string& uuid, const review::PoliceResponse& response);

    int64_t changeCount() const { return m_changes; } // bumps on every refresh (panels re-read)
    // Re-reads tags and forms when another connection (the command line, another member's
    // window) has changed the database since the last look: SQLite's data_version, one
    // cheap query. Returns true when it refreshed.
    bool refreshIfChangedElsewhere();

    // Transcripts and privacy masks of the encounter's cameras (tagging_session_overlays.cpp).
    const std::vector<review::EncounterCue>& cues() const { return m_cues; }
    // The cues saying `query` (exchange::findCues), or all of them when it has no word.
    std::vector<const review::EncounterCue*> searchCues(const std::string& query) const;
    // The text of the cues showing on camera `footageId` at its media time `mediaUs`.
    std::string subtitleAt(int64_t footageId, int64_t mediaUs) const;
    // An interval tag of `code` over the cue's span, on its camera.
    common::Result<std::string> tagCue(const std::string& code, int64_t cueId);
    const std::vector<review::Mask>& masks() const { return m_masks; }
    // The masks of camera `footageId` at its media time, as the renderer draws them; none
    // while this person has lifted them.
    std::vector<review::Mask> masksAt(int64_t footageId, int64_t mediaUs) const;
    bool mayChangeMasks() const { return review::allows(m_workspace.roles(), review::Action::MaskFootage); }
    bool masksLifted() const { return m_masksLifted; }
    // Bumps whenever masks change or are lifted: what shows them (thumbnails) redraws.
    int64_t masksVersion() const { return m_masksVersion; }
    // Shows (lift) or hides again the masked areas for this person until hand-over; lifting
    // is written to the audit log for each masked recording first, and refused without it.
    common::Result<std::string> liftMasks(bool lift);
    common::Result<std::string> addMask(int64_t footageId, const review::NewMask& mask);
    common::Result<std::string> removeMask(const std::string& uuid);
    common::Result<std::string> moveMask(const std::string& uuid, int64_t atUs, const review::MaskBox& box);

private:
    TaggingSession(review::Workspace workspace) : m_workspace(std::move(workspace)) {}
    common::Status refresh();
    std::string describe(const review::Annotation& a, const char* what) const;
    common::Result<std::string> afterUndoOrRedo(const common::Result<std::optional<review::Annotation>>& result,
                                                const char* verb, const char* done);

    review::Workspace m_workspace;
    review::Encounter m_encounter;
    review::Codebook m_codebook;
    std::string m_screeningRef, m_screeningName, m_screeningQuarter;
    std::vector<review::Annotation> m_tags;
    std::vector<review::AnnotationLane> m_lanes;
    std::map<std::string, review::Annotation> m_open;
    std::map<std::string, std::string> m_feedback;
    std::optional<std::string> m_subject;
    std::optional<int> m_intensity;
    bool m_chair = false;
    std::optional<review::FeedbackMerge> m_merge;
    std::vector<review::PoliceAction> m_policeActions;
    void refreshChair();
    review::BlindCodingStatus m_blind;
    std::optional<analysis::CoderComparison> m_comparison;
    std::optional<analysis::Confusion> m_confusion;
    std::string m_adjudicationProblem;
    std::vector<review::Decision> m_decisions;
    double m_tolerance = 1.0;
    void refreshAdjudication();
    int64_t m_changes = 0;
    int64_t m_dataVersion = -1;
    std::vector<review::AuditEntry> m_audit;
    std::optional<int64_t> m_submittedUs;
    std::map<std::string, std::map<std::string, std::string>> m_othersFeedback;
    void refreshOverlays();
    void bumpMasksVersion();
    std::vector<review::EncounterCue> m_cues;
    std::vector<review::Mask> m_masks;
    bool m_masksLifted = false;
    int64_t m_masksVersion = 0;
};

} // namespace ui
