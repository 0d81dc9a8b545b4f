// The review window's people side: signing in, handing over to the next member, and the
// commands that change the encounter through its TaggingSession (tags, forms, exports,
// blind coding, adjudication, the chair's work, the audit log).
#include <algorithm>
#include <atomic>
#include <memory>

#include "exchange/exports.hpp"
#include "review/encounter.hpp"
#include "ui/review_window.hpp"
#include "ui/time_format.hpp"

namespace ui {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

} // namespace

void ReviewWindow::setTaggingSession(std::unique_ptr<TaggingSession> session)
{
    m_session = std::move(session);
    m_codeKeys.clear();
    if (!m_session)
        return;
    std::vector<std::pair<std::string, std::string>> keys;
    for (const review::Code& code : m_session->codebook().codes)
        if (code.hotkey && code.isTaggable())
            keys.emplace_back(code.id, *code.hotkey);
    m_codeKeys = parseHotkeys(keys);
    m_side.charts.dirty = true;
}

void ReviewWindow::finishEditing()
{
    if (!m_session)
        return;
    CommandSink pending;
    flushForm(m_side.encounterForm, false, true, pending);
    flushForm(m_side.feedbackForm, true, true, pending);
    for (const Command& command : pending)
        apply(command);
}

void ReviewWindow::setSignInGate(std::unique_ptr<SignInGate> gate)
{
    m_gate = std::move(gate);
    m_signIn = SignInPanelState{};
}

void ReviewWindow::startSession(std::unique_ptr<TaggingSession> session, const std::vector<std::filesystem::path>& files)
{
    std::vector<std::filesystem::path> cameras;
    std::vector<int64_t> offsets;
    if (session) {
        for (const review::EncounterFootage& f : session->encounter().footage) {
            cameras.emplace_back(f.path);
            offsets.push_back(f.offsetUs);
        }
        if (session->encounter().footage.empty())
            addMessage("Encounter " + session->encounter().reference
                       + " has no footage yet: add some with bwv-review footage add FILE --encounter "
                       + session->encounter().reference + ".");
        session->recordOpened();
    }
    std::error_code ec;
    for (const auto& file : files) // loose files after the encounter's cameras
        if (std::none_of(cameras.begin(), cameras.end(), [&](const auto& c) { return std::filesystem::equivalent(c, file, ec); }))
            cameras.push_back(file);
    setTaggingSession(std::move(session));
    if (m_player->cameraCount() > 0 || !m_opening.empty())
        return; // handed over: the cameras are open already
    if (!offsets.empty())
        setInitialOffsets(offsets);
    if (!cameras.empty())
        openFiles(cameras, false);
}

void ReviewWindow::applyPeople(const Command& command)
{
    if (const auto* c = std::get_if<cmd::SignIn>(&command)) {
        if (!m_gate)
            return;
        auto session = m_gate->signIn(c->name, c->passphrase);
        if (!session)
            return; // the gate shows why
        const SignInGate::Plan plan = m_gate->plan();
        m_gate.reset();
        startSession(std::move(*session), plan.files);
        return;
    }
    if (std::holds_alternative<cmd::HandOver>(command)) {
        if (!m_session)
            return;
        finishEditing();
        m_player->pause();
        SignInGate::Plan plan;
        plan.encounterRef = m_session->encounter().uuid;
        plan.screeningRef = m_session->screeningRef();
        const std::filesystem::path database = m_session->workspace().db().path();
        // Nothing of the previous person's view stays: their session, forms as typed, filters.
        m_session.reset();
        const float volume = m_side.volume;
        m_side = SidePanelState{};
        m_side.volume = volume;
        auto gate = SignInGate::open(database, plan);
        if (!gate) {
            addMessage("Signed out. " + gate.error().describe());
            return;
        }
        setSignInGate(std::move(*gate));
    }
}

void ReviewWindow::applyTagging(const Command& command)
{
    if (!m_session) {
        if (std::holds_alternative<cmd::Tag>(command) || std::holds_alternative<cmd::Undo>(command)) {
            m_side.statusIsError = true;
            m_side.status = "Tagging needs an encounter: open the footage with bwv-review gui --encounter REF.";
        }
        return;
    }
    TaggingSession& session = *m_session;
    auto nudged = [&](const std::string& uuid, bool end, int frames, bool here) -> common::Result<std::string> {
        const review::Annotation* tag = nullptr;
        for (const review::Annotation& a : session.tags())
            if (a.uuid == uuid)
                tag = &a;
        if (!tag || m_player->cameraCount() == 0)
            return common::makeError(common::ErrorCode::NotFound, "that tag is no longer there");
        int64_t from = end && tag->endUs ? *tag->endUs : tag->startUs;
        int64_t to = shownTimelineUs();
        if (!here) {
            // By whole frames of the selected camera: to the neighbouring frame's time.
            const auto& camera = m_player->camera(std::clamp(m_selectedCamera, 0, m_player->cameraCount() - 1));
            int64_t frame = camera.index->frameAtTime(from - camera.offsetUs) + frames;
            frame = std::clamp<int64_t>(frame, 0, camera.index->frameCount() - 1);
            to = camera.index->timeUs(frame) + camera.offsetUs;
        }
        review::AnnotationChange change;
        if (end)
            change.endUs = std::optional<int64_t>(std::max(to, tag->startUs));
        else
            change.startUs = tag->endUs ? std::min(to, *tag->endUs) : to;
        return session.change(uuid, change);
    };
    std::visit(Overloaded{
                   [&](const cmd::Tag& c) {
                       auto [atUs, camera] = shownFrameTime();
                       showResult(session.tag(c.code, atUs, footageIdOf(camera)));
                   },
                   [&](const cmd::Undo&) { showResult(session.undo()); },
                   [&](const cmd::Redo&) { showResult(session.redo()); },
                   [&](const cmd::CycleSubject&) { session.cycleSubject(); },
                   [&](const cmd::CycleIntensity&) { session.cycleIntensity(); },
                   [&](const cmd::SetNextSubject& c) { session.setNextSubject(c.subject); },
                   [&](const cmd::SetNextIntensity& c) { session.setNextIntensity(c.intensity); },
                   [&](const cmd::ChangeTag& c) { showResult(session.change(c.uuid, c.change)); },
                   [&](const cmd::NudgeTag& c) { showResult(nudged(c.uuid, c.end, c.frames, false)); },
                   [&](const cmd::TagHere& c) { showResult(nudged(c.uuid, c.end, 0, true)); },
                   [&](const cmd::DeleteTag& c) { showResult(session.remove(c.uuid)); },
                   [&](const cmd::SaveEncounterField& c) { showStatus(session.saveEncounterField(c.field, c.value)); },
                   [&](const cmd::SaveFeedback& c) { showStatus(session.saveFeedback(c.question, c.value)); },
                   [&](const cmd::CheckExport& c) {
                       ExportState& state = m_side.exports;
                       state.checking = true;
                       state.result.clear();
                       auto connection = session.workspace().openAnotherConnection();
                       if (!connection) {
                           state.checking = false;
                           return showStatus(connection.error());
                       }
                       auto ws = std::make_shared<review::Workspace>(std::move(*connection));
                       m_checkJob = std::make_unique<common::BackgroundJob<std::vector<std::string>>>(
                           "free-text check",
                           [ws, request = c.request](std::stop_token, std::atomic<double>&)
                               -> common::Result<std::vector<std::string>> {
                               auto notices = exchange::checkExport(*ws, request);
                               if (!notices)
                                   return notices.error();
                               std::vector<std::string> lines;
                               for (const exchange::PiiNotice& n : *notices)
                                   lines.push_back(exchange::describeNotice(n, request.redact));
                               return lines;
                           },
                           m_options.wake);
                   },
                   [&](const cmd::StartExport& c) {
                       ExportState& state = m_side.exports;
                       state.running = true;
                       state.progress = 0;
                       state.result.clear();
                       auto connection = session.workspace().openAnotherConnection();
                       if (!connection) {
                           state.running = false;
                           return showStatus(connection.error());
                       }
                       auto ws = std::make_shared<review::Workspace>(std::move(*connection));
                       m_exportJob = std::make_unique<common::BackgroundJob<std::string>>(
                           "export",
                           [ws, request = c.request](std::stop_token stop, std::atomic<double>& progress)
                               -> common::Result<std::string> {
                               lowerThreadPriority();
                               auto outcome = exchange::runExport(*ws, request, [&](double share) {
                                   progress.store(share);
                                   return !stop.stop_requested();
                               });
                               if (!outcome)
                                   return outcome.error();
                               return outcome->summary;
                           },
                           m_options.wake);
                   },
                   [&](const cmd::MarkPassDone&) { showResult(session.markPassDone()); },
                   [&](const cmd::SaveConsolidation& c) { showStatus(session.saveConsolidation(c.edit)); },
                   [&](const cmd::RaisePoliceAction& c) { showResult(session.raisePoliceAction(c.request)); },
                   [&](const cmd::RespondPoliceAction& c) { showResult(session.respondToPoliceAction(c.uuid, c.response)); },
                   [&](const cmd::ReopenPass&) { showResult(session.reopenPass()); },
                   [&](const cmd::SetTolerance& c) { session.setTolerance(c.seconds); },
                   [&](const cmd::Decide& c) { showResult(session.decide(c.decision)); },
                   [&](const cmd::CancelExport&) {
                       if (m_exportJob)
                           m_exportJob->cancel();
                   },
                   [&](const cmd::SubmitFeedback&) { showResult(session.submitFeedback()); },
                   [&](const cmd::RefreshAudit& c) { showStatus(session.refreshAudit(c.person, c.action)); },
                   [&](const cmd::TagCue& c) { showResult(session.tagCue(c.code, c.cueId)); },
                   [&](const cmd::LiftMasks& c) { showResult(session.liftMasks(c.lift)); },
                   [&](const cmd::AddMask& c) {
                       if (auto footageId = footageIdOf(c.camera))
                           showResult(session.addMask(*footageId, c.mask));
                       else
                           showStatus(common::makeError(common::ErrorCode::NotFound,
                                                        "masks go on registered footage of the encounter: this camera's "
                                                        "file is not one"));
                   },
                   [&](const cmd::RemoveMask& c) { showResult(session.removeMask(c.uuid)); },
                   [&](const cmd::MoveMask& c) { showResult(session.moveMask(c.uuid, c.atUs, c.box)); },
                   [&](const auto&) {},
               },
               command);
}


} // namespace ui
