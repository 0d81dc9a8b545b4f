#include "ui/tagging_session.hpp"

#include <algorithm>
#include <cstdio>

#include "analysis/summary_source.hpp"
#include "review/feedback.hpp"
#include "review/footage.hpp"
#include "review/people.hpp"
#include "review/screening.hpp"
#include "ui/time_format.hpp"

namespace ui {
namespace {

// "#rrggbb" -> IM_COL32(r, g, b, 255) (ABGR in memory order).
uint32_t packColour(const std::string& hex)
{
    unsigned r = 0x50, g = 0xa0, b = 0xff;
    if (hex.size() == 7 && hex[0] == '#')
        std::sscanf(hex.c_str() + 1, "%2x%2x%2x", &r, &g, &b);
    return 0xff000000u | (b << 16) | (g << 8) | r;
}

// Once committed, a tag's UUID goes to standard output: what a script (or the crash
// test) can rely on being in the database.
void printSaved(const review::Annotation& a)
{
    std::fprintf(stdout, "tag saved %s\n", a.uuid.c_str());
    std::fflush(stdout);
}

const char* const kSubjects[] = {"officer", "person", "other_officer", "bystander"};

} // namespace

common::Result<std::unique_ptr<TaggingSession>> TaggingSession::open(review::Workspace workspace,
                                                                     const OpenOptions& options)
{
    std::unique_ptr<TaggingSession> session(new TaggingSession(std::move(workspace)));
    session->m_chair = session->m_workspace.holds(review::Role::Chair);
    auto encounter = review::findEncounter(session->m_workspace, options.encounterRef);
    if (!encounter)
        return encounter.error();
    session->m_encounter = std::move(*encounter);
    auto codebook = review::activeCodebook(session->m_workspace);
    if (!codebook)
        return codebook.error();
    session->m_codebook = std::move(*codebook);

    if (!options.screeningRef.empty()) {
        auto screening = review::findScreening(session->m_workspace, options.screeningRef);
        if (!screening)
            return screening.error();
        session->m_screeningRef = screening->uuid;
        session->m_screeningName = screening->name;
        session->m_screeningQuarter = screening->date ? analysis::quarterOf(*screening->date) : "";
    } else if (auto screenings = review::listScreenings(session->m_workspace)) {
        // The newest screening that showed this encounter: a member opening an encounter
        // during a screening gives feedback for that screening.
        int64_t newest = -1;
        for (const review::Screening& s : *screenings) {
            bool shows = std::find(s.encounterRefs.begin(), s.encounterRefs.end(), session->m_encounter.reference)
                      != s.encounterRefs.end();
            if (shows && s.createdUs > newest) {
                newest = s.createdUs;
                session->m_screeningRef = s.uuid;
                session->m_screeningName = s.name;
                session->m_screeningQuarter = s.date ? analysis::quarterOf(*s.date) : "";
            }
        }
    }
    auto open = review::openIntervals(session->m_workspace, session->m_encounter.uuid);
    if (!open)
        return open.error();
    for (review::Annotation& a : *open)
        session->m_open[a.code] = std::move(a);
    if (auto status = session->refresh(); !status)
        return status.error();
    session->refreshOverlays();
    return session;
}

void TaggingSession::recordOpened()
{
    for (const review::EncounterFootage& f : m_encounter.footage)
        (void)review::recordFootageOpened(m_workspace, f.footageId);
}

common::Status TaggingSession::saveCameraOffset(int64_t footageId, int64_t offsetUs)
{
    for (review::EncounterFootage& f : m_encounter.footage)
        if (f.footageId == footageId) {
            if (auto saved = review::linkFootage(m_workspace, f.footageUuid, m_encounter.uuid, f.label, offsetUs); !saved)
                return saved;
            f.offsetUs = offsetUs;
            return {};
        }
    return common::makeError(common::ErrorCode::NotFound, "that camera is not one of this encounter's");
}

common::Status TaggingSession::refresh()
{
    auto lanes = review::annotationLanes(m_workspace, m_encounter.uuid);
    if (!lanes)
        return lanes.error();
    m_lanes = std::move(*lanes);
    m_tags.clear();
    for (const review::AnnotationLane& lane : m_lanes)
        m_tags.insert(m_tags.end(), lane.annotations.begin(), lane.annotations.end());
    std::sort(m_tags.begin(), m_tags.end(), [](const review::Annotation& a, const review::Annotation& b) {
        return a.startUs != b.startUs ? a.startUs < b.startUs : a.createdUs < b.createdUs;
    });
    if (auto blind = review::blindCodingStatus(m_workspace, m_encounter.uuid))
        m_blind = std::move(*blind);
    refreshAdjudication();
    refreshChair();
    if (!m_screeningRef.empty() && review::allows(m_workspace.roles(), review::Action::GiveFeedback)) {
        auto answers = review::feedbackAnswers(m_workspace, m_screeningRef, m_encounter.uuid);
        if (!answers)
            return answers.error();
        m_feedback = std::move(*answers);
        auto submitted = review::feedbackSubmittedAt(m_workspace, m_screeningRef, m_encounter.uuid);
        if (!submitted)
            return submitted.error();
        m_submittedUs = *submitted;
        m_othersFeedback.clear();
        if (auto visible = review::visibleFeedback(m_workspace, m_screeningRef, m_encounter.uuid)) {
            m_othersFeedback = std::move(*visible);
            m_othersFeedback.erase(m_workspace.personName());
        }
    }
    ++m_changes;
    return {};
}

void TaggingSession::refreshChair()
{
    m_merge.reset();
    m_policeActions.clear();
    if (!m_chair || m_screeningRef.empty())
        return;
    if (auto merge = review::mergeFeedback(m_workspace, m_screeningRef, m_encounter.uuid))
        m_merge = std::move(*merge);
    if (auto actions = review::policeActionsCarriedForward(m_workspace, m_screeningRef))
        for (review::PoliceAction& a : *actions)
            if (a.encounterRef && *a.encounterRef == m_encounter.reference)
                m_policeActions.push_back(std::move(a));
}

common::Status TaggingSession::saveConsolidation(const review::ConsolidationEdit& edit)
{
    if (auto saved = review::saveConsolidation(m_workspace, m_screeningRef, m_encounter.uuid, edit); !saved)
        return saved.error();
    refreshChair();
    ++m_changes;
    return {};
}

common::Result<std::string> TaggingSession::raisePoliceAction(const std::string& request)
{
    review::NewPoliceAction action;
    action.screeningRef = m_screeningRef;
    action.encounterRef = m_encounter.uuid;
    action.request = request;
    auto raised = review::raisePoliceAction(m_workspace, action);
    if (!raised)
        return raised.error();
    refreshChair();
    ++m_changes;
    return std::string("Sent to the police as an action (open until the police answer and it is closed).");
}

common::Result<std::string> TaggingSession::respondToPoliceAction(const std::string& uuid, const review::PoliceResponse& response)
{
    auto saved = review::respondToPoliceAction(m_workspace, uuid, response);
    if (!saved)
        return saved.error();
    refreshChair();
    ++m_changes;
    return "Police response saved; the action is " + saved->status + ".";
}

void TaggingSession::refreshAdjudication()
{
    m_comparison.reset();
    m_confusion.reset();
    m_adjudicationProblem.clear();
    if (!review::allows(m_workspace.roles(), review::Action::Adjudicate))
        return; // the Adjudicate tab is the lead's
    std::vector<std::string> coders;
    for (const review::AnnotationLane& lane : m_lanes)
        if (!review::isAdjudicationCoder(lane.coder))
            coders.push_back(lane.coder);
    if (coders.size() < 2) {
        m_adjudicationProblem = m_blind.blind && !m_blind.actingCoderMaySeeOthers
                                  ? "This encounter is coded blind: the other coders' tags show once you mark your pass done."
                                  : "Adjudication compares two coders or more; this encounter has tags from "
                                        + std::to_string(coders.size()) + ".";
        return;
    }
    auto comparison = analysis::encounterDisagreements(m_workspace, m_encounter.uuid, coders, m_tolerance);
    if (!comparison) {
        m_adjudicationProblem = comparison.error().message;
        return;
    }
    m_comparison = std::move(*comparison);
    // Needs the agreement permission too (a lead holds it); without it the tab simply has no table.
    if (review::allows(m_workspace.roles(), review::Action::MeasureAgreement))
        if (auto confusion = analysis::encounterConfusion(m_workspace, m_encounter.uuid, {coders[0], coders[1]}, m_tolerance))
            m_confusion = std::move(*confusion);
    if (auto decisions = review::listDecisions(m_workspace, m_encounter.uuid))
        m_decisions = std::move(*decisions);
}

void TaggingSession::setTolerance(double seconds)
{
    m_tolerance = std::max(0.0, seconds);
    refreshAdjudication();
    ++m_changes;
}

common::Result<std::string> TaggingSession::decide(const review::NewDecision& decision)
{
    auto decided = review::recordDecision(m_workspace, decision);
    if (!decided)
        return decided.error();
    (void)refresh();
    return decision.nothingHappened ? "Decided: no " + decided->code + " at " + formatMediaTime(decided->startUs)
                                    : "Decided: " + decided->code + " at " + formatMediaTime(decided->startUs)
                                          + " (a consensus tag)";
}

common::Result<std::string> TaggingSession::markPassDone()
{
    auto status = review::markPassDone(m_workspace, m_encounter.uuid);
    if (!status)
        return status.error();
    (void)refresh();
    return std::string("Your pass is marked done: you now see the other coders' tags, and yours are kept as they are.");
}

common::Result<std::string> TaggingSession::reopenPass()
{
    auto status = review::reopenPass(m_workspace, m_encounter.uuid);
    if (!status)
        return status.error();
    (void)refresh();
    return std::string("Your pass is open again: you see only your own tags until you mark it done.");
}

bool TaggingSession::refreshIfChangedElsewhere()
{
    auto version = m_workspace.db().dataVersion();
    if (!version)
        return false;
    const int64_t now = *version;
    bool changed = m_dataVersion >= 0 && now != m_dataVersion;
    m_dataVersion = now;
    if (!changed)
        return false;
    if (auto encounter = review::findEncounter(m_workspace, m_encounter.uuid))
        m_encounter = std::move(*encounter);
    refreshOverlays();
    return refresh().ok();
}

std::string TaggingSession::describe(const review::Annotation& a, const char* what) const
{
    std::string text = a.code;
    if (const review::Code* code = m_codebook.find(a.code))
        text += " " + code->label;
    text += std::string(" ") + what + " at " + formatMediaTime(a.startUs);
    if (a.endUs && *a.endUs != a.startUs)
        text += " - " + formatMediaTime(*a.endUs);
    return text;
}

common::Result<std::string> TaggingSession::tag(const std::string& code, int64_t atUs, std::optional<int64_t> footageId)
{
    const review::Code* info = m_codebook.find(code);
    if (!info || !info->isTaggable())
        return common::makeError(common::ErrorCode::Usage, code + " is not a code you can tag on the timeline");
    if (info->isInterval()) {
        if (auto it = m_open.find(code); it != m_open.end()) {
            // A second press ends it; before its start (stepped back) it ends where it began.
            auto stopped = review::stopIntervalTag(m_workspace, it->second.uuid, std::max(atUs, it->second.startUs));
            if (!stopped)
                return stopped.error();
            m_open.erase(it);
            (void)refresh();
            return describe(*stopped, "ended, from");
        }
    }
    review::NewAnnotation input;
    input.encounterRef = m_encounter.uuid;
    input.code = code;
    input.startUs = atUs;
    input.subject = m_subject;
    input.intensity = m_intensity;
    input.footageId = footageId;
    if (info->isInterval()) {
        input.openInterval = true;
        auto started = review::startIntervalTag(m_workspace, input);
        if (!started)
            return started.error();
        printSaved(*started);
        m_open[code] = *started;
        (void)refresh();
        return describe(*started, "started") + " (press again to end it)";
    }
    auto added = review::addAnnotation(m_workspace, input);
    if (!added)
        return added.error();
    printSaved(*added);
    (void)refresh();
    return describe(*added, "tagged");
}

void TaggingSession::cycleSubject()
{
    if (!m_subject) {
        m_subject = kSubjects[0];
        return;
    }
    for (size_t i = 0; i < std::size(kSubjects); ++i)
        if (*m_subject == kSubjects[i]) {
            if (i + 1 < std::size(kSubjects))
                m_subject = kSubjects[i + 1];
            else
                m_subject.reset();
            return;
        }
    m_subject.reset();
}

void TaggingSession::cycleIntensity()
{
    if (!m_intensity)
        m_intensity = 1;
    else if (*m_intensity < 3)
        ++*m_intensity;
    else
        m_intensity.reset();
}

common::Result<std::string> TaggingSession::change(const std::string& uuid, const review::AnnotationChange& change)
{
    auto changed = review::changeAnnotation(m_workspace, uuid, change);
    if (!changed)
        return changed.error();
    (void)refresh();
    return describe(*changed, "changed:");
}

common::Result<std::string> TaggingSession::remove(const std::string& uuid)
{
    auto removed = review::deleteAnnotation(m_workspace, uuid);
    if (!removed)
        return removed.error();
    for (auto it = m_open.begin(); it != m_open.end(); ++it)
        if (it->second.uuid == uuid) {
            m_open.erase(it);
            break;
        }
    (void)refresh();
    return describe(*removed, "deleted, was");
}

common::Result<std::string> TaggingSession::undo()
{
    return afterUndoOrRedo(review::undo(m_workspace), "undo", "Undone");
}

common::Result<std::string> TaggingSession::redo()
{
    return afterUndoOrRedo(review::redo(m_workspace), "redo", "Redone");
}

common::Result<std::string> TaggingSession::afterUndoOrRedo(const common::Result<std::optional<review::Annotation>>& result,
                                                            const char* verb, const char* done)
{
    if (!result)
        return result.error();
    if (!*result)
        return std::string("Nothing to ") + verb;
    // Undoing or redoing an interval's start or end changes which intervals are open.
    if (auto open = review::openIntervals(m_workspace, m_encounter.uuid)) {
        m_open.clear();
        for (review::Annotation& a : *open)
            m_open[a.code] = std::move(a);
    }
    (void)refresh();
    return std::string(done) + ": " + describe(**result, "now");
}

uint32_t TaggingSession::colourOf(const std::string& code) const
{
    if (const review::Code* c = m_codebook.find(code))
        return packColour(c->colour);
    return packColour({});
}

std::vector<AnnotationLane> TaggingSession::lanes(int64_t positionUs) const
{
    std::vector<AnnotationLane> result;
    for (const review::AnnotationLane& lane : m_lanes) {
        AnnotationLane out;
        // The final coding is no person: its lane says what it is.
        out.name = lane.coder == review::kFinalName ? "Final coding" : lane.coder;
        for (const review::Annotation& a : lane.annotations) {
            LaneSpan span;
            span.startUs = a.startUs;
            bool open = !a.endUs && m_codebook.find(a.code) && m_codebook.find(a.code)->isInterval();
            span.endUs = a.endUs ? *a.endUs : (open ? std::max(a.startUs, positionUs) : a.startUs);
            span.colour = colourOf(a.code);
            span.label = a.code;
            out.spans.push_back(std::move(span));
        }
        result.push_back(std::move(out));
    }
    return result;
}

common::Result<analysis::Summary> TaggingSession::summarise(const std::string& by)
{
    if (!review::allows(m_workspace.roles(), review::Action::Summarise)) // asked on every redraw: no audit
        return common::makeError(common::ErrorCode::NotAllowed,
                                 "charts across all encounters are for the chair and the lead researcher");
    auto data = analysis::loadSummaryData(m_workspace, {});
    if (!data)
        return data.error();
    analysis::SummaryOptions options;
    options.by = by;
    return analysis::summarise(*data, options);
}

std::map<std::string, std::string> TaggingSession::gowiselyFromTags() const
{
    std::map<std::string, std::string> result;
    for (const review::Annotation& a : m_tags)
        if (a.coderId == m_workspace.personId() && a.code.size() == 5 && a.code.rfind("PAC.", 0) == 0)
            result["gowisely." + a.code.substr(4)] = "yes";
    return result;
}

common::Status TaggingSession::saveEncounterField(const std::string& field, const std::string& value)
{
    auto saved = review::setEncounterFields(m_workspace, m_encounter.uuid, {{field, value}});
    if (!saved)
        return saved.error();
    m_encounter.fields = saved->fields;
    ++m_changes;
    return {};
}

common::Status TaggingSession::saveFeedback(const std::string& question, const std::string& value)
{
    if (m_screeningRef.empty())
        return common::makeError(common::ErrorCode::Usage, "this encounter is not part of a screening, so there is no feedback form");
    if (auto saved = review::saveFeedbackAnswer(m_workspace, m_screeningRef, m_encounter.uuid, question, value); !saved)
        return saved.error();
    if (value.empty())
        m_feedback.erase(question);
    else
        m_feedback[question] = value;
    ++m_changes;
    return {};
}

common::Status TaggingSession::refreshAudit(const std::string& person, const std::string& action)
{
    review::AuditFilter filter;
    if (!person.empty())
        filter.person = person;
    if (!action.empty())
        filter.action = action;
    filter.limit = 500;
    auto entries = review::listAudit(m_workspace, filter);
    if (!entries)
        return entries.error();
    m_audit = std::move(*entries);
    return {};
}

common::Result<std::string> TaggingSession::submitFeedback()
{
    if (m_screeningRef.empty())
        return common::makeError(common::ErrorCode::Usage, "this encounter is not part of a screening, so there is no feedback form");
    auto submitted = review::submitFeedback(m_workspace, m_screeningRef, m_encounter.uuid);
    if (!submitted)
        return submitted.error();
    (void)refresh();
    return std::string("Your feedback is submitted. You now see the other members' tags and feedback, as Member 1, 2 ...");
}

} // namespace ui
