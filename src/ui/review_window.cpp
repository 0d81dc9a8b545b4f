#include "ui/review_window.hpp"


#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <type_traits>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <imgui.h>

#include "analysis/summary_source.hpp"
#include "exchange/exports.hpp"
#include "media/video_reader.hpp"
#include "player/media_clock.hpp"
#include "player/speed.hpp"
#include "ui/gl.hpp"
#include "ui/shortcuts.hpp"
#include "ui/time_format.hpp"

namespace ui {
namespace {

constexpr int kThumbnailHeight = 90;
constexpr int kMaxThumbnails = 400;
constexpr int64_t kWaveformBucketUs = 10000;

template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

} // namespace

void lowerThreadPriority()
{
    setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 10);
}

struct ReviewWindow::OpenRequest {
    std::filesystem::path path;
    bool add = false;
    bool firstOfBatch = false;
    std::unique_ptr<common::BackgroundJob<std::unique_ptr<media::VideoReader>>> job;
};

ReviewWindow::ReviewWindow(Options options) : m_options(std::move(options))
{
    player::Player::Options playerOptions;
    playerOptions.audio = m_options.audio;
    playerOptions.wake = m_options.wake;
    playerOptions.refreshUs = m_options.refreshUs;
    m_player = std::make_unique<player::Player>(playerOptions);
}

ReviewWindow::~ReviewWindow()
{
    m_opening.clear();
    m_thumbnailJobs.clear();
    m_waveformJobs.clear();
    m_player.reset();
    for (CameraOverview& overview : m_overviews)
        for (unsigned texture : overview.textures)
            glDeleteTextures(1, &texture);
}

common::Status ReviewWindow::init(Fonts fonts)
{
    m_fonts = fonts;
    m_layout = loadWindowLayout();
    for (int i = 0; i < player::Player::kMaxCameras; ++i) {
        auto renderer = std::make_unique<VideoRenderer>();
        if (auto status = renderer->init(); !status)
            return status;
        m_renderers.push_back(std::move(renderer));
    }
    return {};
}

void ReviewWindow::openFiles(const std::vector<std::filesystem::path>& paths, bool add)
{
    bool first = true;
    for (const auto& path : paths) {
        auto request = std::make_unique<OpenRequest>();
        request->path = path;
        request->add = add;
        request->firstOfBatch = first && !add;
        first = false;
        auto wake = m_options.wake;
        request->job = std::make_unique<common::BackgroundJob<std::unique_ptr<media::VideoReader>>>(
            "open " + path.filename().string(),
            [path](std::stop_token, std::atomic<double>&) -> common::Result<std::unique_ptr<media::VideoReader>> {
                auto reader = media::VideoReader::open(path);
                // Decode the first frame here too, so it is in the reader's cache when the
                // decode thread asks for it.
                if (reader)
                    (void)(*reader)->frame(0);
                return reader;
            },
            wake);
        m_opening.push_back(std::move(request));
    }
}

bool ReviewWindow::busy() const
{
    return !m_opening.empty();
}

void ReviewWindow::saveState()
{
    if (!m_options.restorePositions || m_player->cameraCount() == 0)
        return;
    const auto& camera = m_player->camera(0);
    saveLastPosition(camera.path, m_player->positionUs() - camera.offsetUs);
}

void ReviewWindow::finishOpening()
{
    // Files join in the order they were asked for: wait for the oldest.
    while (!m_opening.empty() && m_opening.front()->job->ready()) {
        auto request = std::move(m_opening.front());
        m_opening.erase(m_opening.begin());
        auto result = request->job->take();
        if (request->firstOfBatch) {
            saveState();
            m_thumbnailJobs.clear();
            m_waveformJobs.clear();
            m_footageChecks.clear();
            m_player->clear();
            for (CameraOverview& overview : m_overviews)
                for (unsigned texture : overview.textures)
                    glDeleteTextures(1, &texture);
            m_overviews.clear();
            m_messages.clear();
            m_video = VideoPanelState();
            m_timeline = TimelineState();
            m_selectedCamera = 0;
        }
        if (!result || !*result) {
            m_messages.push_back(result ? result->error().describe() : request->path.string() + ": could not be opened");
            continue;
        }
        bool wasEmpty = m_player->cameraCount() == 0;
        auto status = m_player->addCamera(std::move(result->value()), request->path);
        if (!status) {
            m_messages.push_back(status.error().describe());
            continue;
        }
        int index = m_player->cameraCount() - 1;
        const auto& camera = m_player->camera(index);
        if (camera.facts.video)
            m_video.views[index].rotation = camera.facts.video->rotation;
        if (static_cast<size_t>(index) < m_initialOffsetsUs.size())
            m_player->setOffsetUs(index, m_initialOffsetsUs[static_cast<size_t>(index)]); // exact, as saved
        m_overviews.emplace_back();
        startOverview(index);
        checkOpenedCamera(index);
        if (wasEmpty && m_options.restorePositions) {
            if (auto last = loadLastPosition(camera.path); last && *last > 0 && *last < camera.durationUs)
                m_player->seek(*last + camera.offsetUs);
        }
        alignLooseCamerasByClock();
    }
}

void ReviewWindow::startOverview(int camera)
{
    const auto& info = m_player->camera(camera);
    auto path = info.path;
    auto index = info.index;
    auto wake = m_options.wake;
    m_thumbnailJobs.resize(static_cast<size_t>(camera) + 1);
    m_waveformJobs.resize(static_cast<size_t>(camera) + 1);
    m_thumbnailJobs[static_cast<size_t>(camera)] = std::make_unique<common::BackgroundJob<std::vector<media::Thumbnail>>>(
        "thumbnails",
        [path, index](std::stop_token stop, std::atomic<double>& progress) {
            lowerThreadPriority();
            return media::computeThumbnails(path, *index, kThumbnailHeight, kMaxThumbnails, stop, progress);
        },
        wake);
    if (info.facts.audio)
        m_waveformJobs[static_cast<size_t>(camera)] = std::make_unique<common::BackgroundJob<media::WaveformPeaks>>(
            "waveform",
            [path](std::stop_token stop, std::atomic<double>& progress) {
                lowerThreadPriority();
                return media::computeWaveform(path, kWaveformBucketUs, stop, progress);
            },
            wake);
}

void ReviewWindow::pollOverviews()
{
    for (size_t i = 0; i < m_overviews.size() && i < m_thumbnailJobs.size(); ++i) {
        CameraOverview& overview = m_overviews[i];
        if (auto& job = m_thumbnailJobs[i]) {
            overview.thumbnailProgress = job->progress();
            if (auto result = job->take()) {
                if (*result) {
                    overview.thumbnails = std::move(result->value());
                    uploadThumbnails(static_cast<int>(i));
                }
                overview.thumbnailsReady = true;
                job.reset();
            }
        }
        // Masks added, removed or lifted since the thumbnails were drawn: draw them again.
        if (overview.thumbnailsReady && m_session && overview.masksVersion != m_session->masksVersion())
            uploadThumbnails(static_cast<int>(i));
        if (i < m_waveformJobs.size()) {
            if (auto& job = m_waveformJobs[i]) {
                if (auto result = job->take()) {
                    if (*result) {
                        overview.waveform = std::move(result->value());
                        overview.waveformReady = true;
                    }
                    job.reset();
                }
            }
        }
    }
}

bool ReviewWindow::tick()
{
    bool before = m_opening.empty();
    finishOpening();
    pollOverviews();
    pollFootageChecks();
    pollExports();
    bool tagsChanged = false;
    if (m_session && player::steadyNowUs() - m_lastChangeCheckUs > 1'000'000) {
        m_lastChangeCheckUs = player::steadyNowUs();
        tagsChanged = m_session->refreshIfChangedElsewhere();
    }
    bool changed = m_player->update() || tagsChanged;
    uploadFrames();
    refreshSnapshot();
    bool result = changed || m_framesChanged || (before != m_opening.empty());
    m_framesChanged = false;
    return result;
}

void ReviewWindow::uploadFrames()
{
    for (int i = 0; i < m_player->cameraCount() && i < static_cast<int>(m_renderers.size()); ++i) {
        const media::VideoFrameRef& frame = m_player->shown(i);
        if (!frame || frame == m_renderers[static_cast<size_t>(i)]->frame())
            continue;
        if (auto status = m_renderers[static_cast<size_t>(i)]->upload(frame); !status) {
            std::string text = status.error().describe();
            if (std::find(m_messages.begin(), m_messages.end(), text) == m_messages.end())
                m_messages.push_back(text);
            continue;
        }
        if (m_firstUploadUs < 0)
            m_firstUploadUs = player::steadyNowUs();
        m_framesChanged = true;
    }
}

void ReviewWindow::refreshSnapshot()
{
    PlayerSnapshot& s = m_snapshot;
    const player::Player& p = *m_player;
    s.hasFootage = p.cameraCount() > 0;
    s.playing = p.playing();
    s.direction = p.direction();
    s.speed = p.speed();
    s.muted = p.muted();
    s.soundPlaying = p.soundPlaying();
    s.soundCamera = p.soundCamera();
    s.selectedCamera = m_selectedCamera;
    s.positionUs = p.positionUs();
    s.startUs = p.timelineStartUs();
    s.endUs = p.timelineEndUs();
    s.audioDriver = p.audioDriver();
    s.clockSource = p.clockSource() == player::ClockSource::Audio ? "audio" : "monotonic";
    s.cameras.resize(static_cast<size_t>(p.cameraCount()));
    for (int i = 0; i < p.cameraCount(); ++i) {
        const auto& info = p.camera(i);
        CameraSnapshot& c = s.cameras[static_cast<size_t>(i)];
        c.label = "Camera " + std::to_string(i + 1) + ": " + info.path.filename().string();
        const auto& shown = p.shown(i);
        c.frame = shown ? shown->number() : -1;
        c.mediaUs = shown ? shown->timeUs() : 0;
        c.frameCount = info.index->frameCount();
        c.offsetUs = info.offsetUs;
        c.durationUs = info.durationUs;
        c.fps = info.index->meanFps();
        c.hasAudio = info.facts.audio.has_value();
        c.soundStartsAtS = info.facts.audio ? info.facts.audio->startsAtS : 0;
        c.wallClock = info.facts.creationTime ? wallClockAt(*info.facts.creationTime, c.mediaUs) : std::nullopt;
        c.error = p.cameraError(i) ? p.cameraError(i)->describe() : std::string();
        showOverlays(i, c);
    }
}


void ReviewWindow::draw(float width, float height, CommandSink& out)
{
    if (m_gate) { // nothing of the encounter shows until someone signs in
        drawSignInPanel(ImVec2(width, height), m_signIn, m_gate->names(), m_gate->problem(), m_fonts, out);
        return;
    }
    float scale = m_fonts.scale;
    float sideWidth = m_layout.sidePanelWidth > 0 ? m_layout.sidePanelWidth : 450.0f * scale;
    float timelineHeight = m_layout.timelineHeight > 0 ? m_layout.timelineHeight : std::max(150.0f * scale, height * 0.2f);
    float transportHeight = ImGui::GetFrameHeightWithSpacing() * 2.0f + ImGui::GetStyle().WindowPadding.y * 2.0f;
    sideWidth = std::min(sideWidth, width * 0.4f);
    timelineHeight = std::min(timelineHeight, height * 0.5f);
    ImVec2 videoPos(0, 0);
    ImVec2 videoSize(width - sideWidth, std::max(10.0f, height - timelineHeight - transportHeight));

    // Each camera is drawn at the size it is shown, straight into the window (see
    // VideoRenderer::drawDirect), from a callback in the video panel's draw list.
    std::vector<CameraView> views;
    auto cells = videoCells(videoPos, videoSize, std::max(1, m_player->cameraCount()));
    ImVec2 fbScale = ImGui::GetIO().DisplayFramebufferScale;
    float fbHeight = height * fbScale.y;
    for (int i = 0; i < m_player->cameraCount() && i < 4; ++i) {
        VideoDrawRequest& request = m_drawRequests[i];
        CameraView view{&request, cells[static_cast<size_t>(i)].first, cells[static_cast<size_t>(i)].second};
        request.renderer = m_renderers[static_cast<size_t>(i)].get();
        request.view = m_video.views[i];
        request.view.fastSampling = m_player->playing(); // motion hides it; stills get bilinear
        // From 2x the window must draw a new picture every refresh: shade half the pixels.
        request.view.halfResolution = m_player->playing() && m_player->speed() >= 1.99;
        request.view.panX *= fbScale.x;
        request.view.panY *= fbScale.y;
        request.adjust = m_adjust;
        request.x = static_cast<int>(view.cellPos.x * fbScale.x);
        request.width = static_cast<int>(view.cellSize.x * fbScale.x);
        request.height = static_cast<int>(view.cellSize.y * fbScale.y);
        request.y = static_cast<int>(fbHeight - (view.cellPos.y + view.cellSize.y) * fbScale.y);
        views.push_back(view);
    }

    std::vector<std::string> progress;
    for (const auto& request : m_opening)
        progress.push_back("Opening " + request->path.filename().string() + " (indexing frames)...");
    footageCheckProgress(progress);
    m_video.maskTool = &m_side.maskTool; // both are reset when files or people change
    drawVideoPanel(videoPos, videoSize, m_video, views, m_snapshot, m_timeline, m_overviews, m_messages, progress, m_fonts, out);
    if (m_session && (m_side.charts.dirty || m_side.charts.computedFor != m_session->changeCount()))
        refreshCharts();
    drawSidePanel(ImVec2(width - sideWidth, 0), ImVec2(sideWidth, videoSize.y), m_side, m_adjust, m_snapshot, m_session.get(),
                  m_fonts, out);
    if (m_session) {
        flushForm(m_side.encounterForm, false, false, out);
        flushForm(m_side.feedbackForm, true, false, out);
    }
    drawTransportPanel(ImVec2(0, videoSize.y), ImVec2(width, transportHeight), m_snapshot, m_fonts, out);
    std::vector<AnnotationLane> lanes = m_lanes;
    std::vector<int64_t> heat;
    if (m_session) {
        auto tagged = m_session->lanes(m_snapshot.positionUs);
        lanes.insert(lanes.end(), tagged.begin(), tagged.end());
        for (const review::Annotation& a : m_session->tags())
            heat.push_back(a.startUs);
    }
    drawTimelinePanel(ImVec2(0, videoSize.y + transportHeight), ImVec2(width, height - videoSize.y - transportHeight),
                      m_timeline, m_snapshot, m_overviews, lanes, heat, m_fonts, out);
    drawHelpOverlay(m_showHelp, m_fonts);
    drawFileBrowser(m_browser, out);
    drawGoToDialog(m_goTo, out);
    dispatchShortcuts(m_selectedCamera, m_codeKeys, out);
}

void ReviewWindow::showResult(const common::Result<std::string>& result)
{
    m_side.statusIsError = !result;
    m_side.status = result ? *result : "Not saved: " + result.error().describe();
}

void ReviewWindow::showStatus(const common::Status& status)
{
    if (status)
        return;
    m_side.statusIsError = true;
    m_side.status = "Not saved: " + status.error().describe();
}

// The encounter time of the frame on screen in the selected camera: what a tag marks.
// A camera outside its recording at the playhead shows nothing there: the next camera
// that does gives the frame.
int64_t ReviewWindow::shownTimelineUs() const
{
    return shownFrameTime().first;
}

std::pair<int64_t, int> ReviewWindow::shownFrameTime() const
{
    int64_t position = m_player->positionUs();
    auto covers = [&](size_t i) {
        const CameraSnapshot& c = m_snapshot.cameras[i];
        return c.frame >= 0 && position >= c.offsetUs && (c.durationUs <= 0 || position - c.offsetUs <= c.durationUs);
    };
    size_t count = m_snapshot.cameras.size();
    for (size_t k = 0; k < count; ++k) {
        size_t i = (static_cast<size_t>(m_selectedCamera) + k) % count;
        if (covers(i))
            return {m_snapshot.cameras[i].offsetUs + m_snapshot.cameras[i].mediaUs, static_cast<int>(i)};
    }
    return {position, -1};
}


void ReviewWindow::pollExports()
{
    ExportState& state = m_side.exports;
    if (m_checkJob) {
        if (auto result = m_checkJob->take()) {
            state.checking = false;
            if (*result) {
                state.notices = std::move(result->value());
                state.checked = true;
            } else {
                state.result = result->error().describe();
                state.resultIsError = true;
            }
            m_checkJob.reset();
            m_framesChanged = true;
        }
    }
    if (m_exportJob) {
        state.progress = m_exportJob->progress();
        if (auto result = m_exportJob->take()) {
            state.running = false;
            state.resultIsError = !*result;
            state.result = *result ? result->value() : "Not exported: " + result->error().describe();
            state.checked = false; // a new export is checked again
            m_exportJob.reset();
            m_framesChanged = true;
        }
    }
}

void ReviewWindow::refreshCharts()
{
    ChartState& charts = m_side.charts;
    charts.dirty = false;
    charts.computedFor = m_session->changeCount();
    charts.charts.clear();
    charts.error.clear();
    const review::Codebook& codebook = m_session->codebook();
    if (!charts.allEncounters) {
        // This encounter: tags per group and per code, every coder this one may see.
        std::map<std::string, int> perGroup, perCode;
        for (const review::Annotation& a : m_session->tags()) {
            ++perCode[a.code];
            if (const review::Code* code = codebook.find(a.code))
                ++perGroup[code->group];
        }
        ChartData groups{"Tags per group, this encounter", {}};
        for (const review::CodeGroup& g : codebook.groups)
            if (perGroup.count(g.id)) {
                uint32_t colour = 0xff000000u;
                unsigned r = 0, gr = 0, b = 0;
                if (std::sscanf(g.colour.c_str(), "#%2x%2x%2x", &r, &gr, &b) == 3)
                    colour |= (b << 16) | (gr << 8) | r;
                groups.bars.push_back({g.id, static_cast<double>(perGroup[g.id]), std::to_string(perGroup[g.id]), colour});
            }
        ChartData codes{"Tags per code, this encounter", {}};
        for (const auto& [code, count] : perCode)
            codes.bars.push_back({code, static_cast<double>(count), std::to_string(count), m_session->colourOf(code)});
        charts.charts.push_back(std::move(groups));
        charts.charts.push_back(std::move(codes));
        return;
    }
    auto summary = m_session->summarise(charts.by);
    if (!summary) {
        charts.error = summary.error().describe();
        return;
    }
    charts.values.clear();
    for (const analysis::SummaryGroup& g : summary->groups)
        charts.values.push_back(g.value);
    if (charts.value.empty() && !charts.values.empty())
        charts.value = charts.values.front();
    for (const analysis::SummaryGroup& g : summary->groups) {
        if (!charts.by.empty() && g.value != charts.value)
            continue;
        std::string scope = charts.by.empty() ? "all encounters" : charts.value;
        ChartData groups{"Encounters with a tag of each group (" + scope + ", " + std::to_string(g.encounters) + " encounters)", {}};
        for (const analysis::CodeRate& rate : g.groups) {
            char text[64];
            std::snprintf(text, sizeof text, "%.0f%% (%lld of %lld)", rate.share * 100, static_cast<long long>(rate.encountersWith),
                          static_cast<long long>(rate.encounters));
            uint32_t colour = 0xffc0a060u;
            for (const review::CodeGroup& cg : codebook.groups) {
                unsigned r = 0, gr = 0, b = 0;
                if (cg.id == rate.code && std::sscanf(cg.colour.c_str(), "#%2x%2x%2x", &r, &gr, &b) == 3)
                    colour = 0xff000000u | (b << 16) | (gr << 8) | r;
            }
            groups.bars.push_back({rate.code, rate.share, text, colour});
        }
        ChartData codes{"Tags per encounter, by code (" + scope + ")", {}};
        std::vector<analysis::CodeRate> rates = g.codes;
        std::sort(rates.begin(), rates.end(), [](const auto& a, const auto& b) { return a.tags > b.tags; });
        if (rates.size() > 15)
            rates.resize(15);
        for (const analysis::CodeRate& rate : rates) {
            char text[64];
            std::snprintf(text, sizeof text, "%.2f (%lld tags)", rate.perEncounter, static_cast<long long>(rate.tags));
            codes.bars.push_back({rate.code, rate.perEncounter, text, m_session->colourOf(rate.code)});
        }
        charts.charts.push_back(std::move(groups));
        charts.charts.push_back(std::move(codes));
    }
    ChartData gowisely{"GOWISELY: share of encounters where each element was given", {}};
    for (const analysis::GowiselyElement& e : summary->gowisely) {
        char text[64];
        if (e.rate)
            std::snprintf(text, sizeof text, "%.0f%% (%lld of %lld)", *e.rate * 100, static_cast<long long>(e.given),
                          static_cast<long long>(e.encounters));
        else
            std::snprintf(text, sizeof text, "no answers");
        gowisely.bars.push_back({e.element, e.rate.value_or(0), text, 0xff70c070u});
    }
    charts.charts.push_back(std::move(gowisely));
}

void ReviewWindow::goTo(const std::string& text)
{
    auto target = parseGoTo(text);
    if (!target || m_player->cameraCount() == 0)
        return;
    const auto& camera = m_player->camera(0);
    if (target->isFrame) {
        m_player->seekToFrame(target->frame);
        return;
    }
    int64_t t = target->timeUs + target->extraFrames * camera.frameDurationUs;
    int64_t frame = camera.index->frameAtTime(t);
    m_player->seekToFrame(frame);
}

void ReviewWindow::apply(const Command& command)
{
    player::Player& p = *m_player;
    int64_t lastFrame = p.cameraCount() > 0 ? p.camera(0).index->frameCount() - 1 : 0;
    std::visit(Overloaded{
                   [&](const cmd::TogglePlay&) { p.togglePlay(); },
                   [&](const cmd::Pause&) { p.pause(); },
                   [&](const cmd::Step& c) { p.step(c.frames); },
                   [&](const cmd::JumpBy& c) { p.seek(p.positionUs() + c.us); },
                   [&](const cmd::SeekTime& c) { p.seek(c.timelineUs); },
                   [&](const cmd::SeekFrame& c) { p.seekToFrame(c.frame); },
                   [&](const cmd::GoToStart&) { p.playing() ? p.seek(p.timelineStartUs()) : p.seekToFrame(0); },
                   [&](const cmd::GoToEnd&) {
                       p.pause();
                       p.seekToFrame(lastFrame);
                   },
                   [&](const cmd::Faster&) { p.setSpeed(player::fasterSpeed(p.speed())); },
                   [&](const cmd::Slower&) { p.setSpeed(player::slowerSpeed(p.speed())); },
                   [&](const cmd::SetSpeed& c) { p.setSpeed(c.speed); },
                   [&](const cmd::ShuttleForward&) { p.shuttleForward(); },
                   [&](const cmd::ShuttleBackward&) { p.shuttleBackward(); },
                   [&](const cmd::ToggleMute&) { p.setMuted(!p.muted()); },
                   [&](const cmd::SetVolume& c) { p.setVolume(c.volume); },
                   [&](const cmd::ZoomBy& c) {
                       PictureView& v = m_video.views[m_selectedCamera];
                       v.zoom = std::clamp(v.zoom * c.factor, 0.1f, 32.0f);
                   },
                   [&](const cmd::ZoomFit&) { m_video.views[m_selectedCamera] = PictureView{1.0f, 0, 0, false, m_video.views[m_selectedCamera].rotation}; },
                   [&](const cmd::ZoomOneToOne&) { m_video.views[m_selectedCamera] = PictureView{1.0f, 0, 0, true, m_video.views[m_selectedCamera].rotation}; },
                   [&](const cmd::ResetPicture&) { m_adjust = PictureAdjust(); },
                   [&](const cmd::ToggleHelp&) { m_showHelp = !m_showHelp; },
                   [&](const cmd::ToggleBrowser&) { m_browser.open = !m_browser.open; },
                   [&](const cmd::OpenGoTo&) {
                       m_goTo.open = true;
                       m_goTo.focus = true;
                   },
                   [&](const cmd::GoTo& c) { goTo(c.text); },
                   [&](const cmd::OpenFiles& c) { openFiles(c.paths, c.add); },
                   [&](const cmd::SelectCamera& c) { m_selectedCamera = std::clamp(c.camera, 0, std::max(0, p.cameraCount() - 1)); },
                   [&](const cmd::NextCamera&) { m_selectedCamera = p.cameraCount() > 0 ? (m_selectedCamera + 1) % p.cameraCount() : 0; },
                   [&](const cmd::SetSoundCamera& c) { p.setSoundCamera(c.camera); },
                   [&](const cmd::NudgeOffset& c) { nudgeOffset(c.camera, c.frames); },
                   [&](const cmd::CloseOverlays&) {
                       m_showHelp = false;
                       m_browser.open = false;
                       m_goTo.open = false;
                   },
                   [&](const cmd::Quit&) { m_quit = true; },
                   [&](const cmd::SignIn& c) { applyPeople(c); },
                   [&](const cmd::HandOver& c) { applyPeople(c); },
                   [&](const auto& tagging) { applyTagging(Command(tagging)); },
               },
               command);
    m_framesChanged = true;
}

int64_t ReviewWindow::untilNextTickUs() const
{
    int64_t wait = m_player->untilNextUpdateUs();
    if (!m_opening.empty() || !m_thumbnailJobs.empty() || m_exportJob || m_checkJob)
        wait = std::min<int64_t>(wait, 100000);
    if (m_session) // tags from other connections show within a second
        wait = std::min<int64_t>(wait, 1'000'000);
    return wait;
}

std::string ReviewWindow::shownPlanesMd5(int camera) const
{
    if (camera < 0 || static_cast<size_t>(camera) >= m_renderers.size())
        return {};
    return m_renderers[static_cast<size_t>(camera)]->planesMd5();
}

int64_t ReviewWindow::shownFrame(int camera) const
{
    if (camera < 0 || static_cast<size_t>(camera) >= m_renderers.size())
        return -1;
    const auto& frame = m_renderers[static_cast<size_t>(camera)]->frame();
    return frame ? frame->number() : -1;
}

bool ReviewWindow::settled() const
{
    if (!m_opening.empty())
        return false;
    if (m_player->cameraCount() == 0)
        return true;
    if (m_player->playing())
        return true;
    return m_player->settled() && m_player->currentFrame() == shownFrame(0);
}

} // namespace ui
