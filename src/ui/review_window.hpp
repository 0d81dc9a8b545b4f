#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "common/background_job.hpp"
#include "media/overview.hpp"
#include "player/player.hpp"
#include "ui/commands.hpp"
#include "ui/fonts.hpp"
#include "ui/panels/panels.hpp"
#include "ui/settings.hpp"
#include "ui/shortcuts.hpp"
#include "ui/sign_in_gate.hpp"
#include "ui/tagging_session.hpp"
#include "ui/snapshot.hpp"
#include "ui/video_renderer.hpp"

namespace media {
class VideoReader;
}

namespace ui {

// Background work yields the cores to playback (DESIGN.md: one low-priority worker): call
// at the start of a worker thread.
void lowerThreadPriority();

// The review window's state and behaviour, apart from GLFW: the player, the files being
// opened, the per-camera renderers and timeline overviews, the panels' states, and the
// command handler. The frame loop (app.cpp) calls tick(), then draw(), then apply() for
// each command. UI thread only.
class ReviewWindow {
public:
    struct Options {
        std::function<void()> wake;   // from worker threads: wake the frame loop
        bool audio = true;
        bool restorePositions = true; // per file, start where the user left it
        int64_t refreshUs = 16667;
    };

    explicit ReviewWindow(Options options);
    ~ReviewWindow();

    // Compiles shaders; the GL context must be current.
    common::Status init(Fonts fonts);

    // Opens files in the background; they become the cameras of the encounter (or are
    // added to it). Unreadable files leave a one-line message in the window.
    void openFiles(const std::vector<std::filesystem::path>& paths, bool add);
    // Sets a camera's offset once it is open (the demo: camera B starts 2.4 s later).
    void setInitialOffsets(std::vector<int64_t> offsetsUs) { m_initialOffsetsUs = std::move(offsetsUs); }
    void setAnnotationLanes(std::vector<AnnotationLane> lanes) { m_lanes = std::move(lanes); }
    void addMessage(std::string message) { m_messages.push_back(std::move(message)); }
    // Tagging: the encounter being reviewed (its footage is opened separately).
    void setTaggingSession(std::unique_ptr<TaggingSession> session);
    // Someone signed in: the session (null: nothing to tag) and its cameras, at their
    // offsets, then `files`; opened unless cameras are open already (a hand over).
    void startSession(std::unique_ptr<TaggingSession> session, const std::vector<std::filesystem::path>& files);
    // The sign-in screen covers the window until someone signs in (review_window_session.cpp).
    void setSignInGate(std::unique_ptr<SignInGate> gate);
    bool signInShown() const { return m_gate != nullptr; }
    TaggingSession* taggingSession() { return m_session.get(); }
    // Saves form fields still waiting for a pause in typing (before the window closes).
    void finishEditing();

    // Polls background jobs, advances the player, uploads new frames. Returns true when
    // something changed that needs drawing.
    bool tick();
    // Lays out and draws every panel for a framebuffer of `width` x `height`.
    void draw(float width, float height, CommandSink& out);
    void apply(const Command& command);

    bool quitRequested() const { return m_quit; }
    bool busy() const;                 // files opening
    int64_t untilNextTickUs() const;
    player::Player& player() { return *m_player; }
    const player::Player& player() const { return *m_player; }
    const PlayerSnapshot& snapshot() const { return m_snapshot; }
    // Harness: the planes uploaded for camera `camera`, hashed after reading them back.
    std::string shownPlanesMd5(int camera) const;
    int64_t shownFrame(int camera) const;
    // True when no exact frame is on its way (stepping and seeking have landed).
    bool settled() const;
    int64_t firstFrameUploadedUs() const { return m_firstUploadUs; }
    const std::vector<std::string>& messages() const { return m_messages; }
    WindowLayout& layout() { return m_layout; }
    void saveState();

private:
    struct OpenRequest;
    void finishOpening();
    void startOverview(int camera);
    void pollOverviews();
    void refreshSnapshot();
    void showOverlays(int camera, CameraSnapshot& snapshot);
    void uploadThumbnails(int camera); // with the camera's privacy masks blurred in

    void uploadFrames();
    void goTo(const std::string& text);
    // Moves a camera by whole frames of its own against the others and, for an encounter's
    // camera, saves the offset (review::linkFootage, audited) before anything is tagged
    // with it; when it cannot be saved (not a chair or lead) the camera stays where it was.
    void nudgeOffset(int camera, int frames);
    // Files opened without an encounter start where their cameras' clocks say, against
    // each other (media::offsetsFromClocks); the encounter's cameras keep their saved offsets.
    void alignLooseCamerasByClock();
    void applyTagging(const Command& command);
    void applyPeople(const Command& command);
    void showResult(const common::Result<std::string>& result);
    void showStatus(const common::Status& status);
    int64_t shownTimelineUs() const;
    std::pair<int64_t, int> shownFrameTime() const; // encounter time of the frame shown, and its camera
    std::optional<int64_t> footageIdOf(int camera) const;
    void refreshCharts();
    void pollExports();
    // review_window_footage.cpp: an opened camera against its registration.
    void checkOpenedCamera(int camera);
    void pollFootageChecks();
    void footageCheckProgress(std::vector<std::string>& lines) const;

    Options m_options;
    Fonts m_fonts;
    std::unique_ptr<player::Player> m_player;
    std::vector<std::unique_ptr<OpenRequest>> m_opening;
    std::vector<int64_t> m_initialOffsetsUs;
    std::vector<std::unique_ptr<VideoRenderer>> m_renderers;
    VideoDrawRequest m_drawRequests[4];
    std::vector<CameraOverview> m_overviews;
    std::vector<std::unique_ptr<common::BackgroundJob<std::vector<media::Thumbnail>>>> m_thumbnailJobs;
    std::vector<std::unique_ptr<common::BackgroundJob<media::WaveformPeaks>>> m_waveformJobs;
    std::vector<AnnotationLane> m_lanes;
    std::unique_ptr<TaggingSession> m_session;
    std::unique_ptr<SignInGate> m_gate;
    SignInPanelState m_signIn;
    std::unique_ptr<common::BackgroundJob<std::vector<std::string>>> m_checkJob;
    std::unique_ptr<common::BackgroundJob<std::string>> m_exportJob;
    struct FootageHashCheck {
        int64_t footageId = 0;
        std::string name;
        std::unique_ptr<common::BackgroundJob<std::string>> job;
    };
    std::vector<FootageHashCheck> m_footageChecks;
    std::vector<CodeHotkey> m_codeKeys;
    int64_t m_lastChangeCheckUs = 0;
    std::vector<std::string> m_messages;
    PlayerSnapshot m_snapshot;
    TimelineState m_timeline;
    VideoPanelState m_video;
    SidePanelState m_side;
    PictureAdjust m_adjust;
    PictureAdjust m_renderedAdjust;
    bool m_showHelp = false;
    FileBrowserState m_browser;
    GoToState m_goTo;
    int m_selectedCamera = 0;
    bool m_quit = false;
    bool m_framesChanged = true;
    int64_t m_firstUploadUs = -1;
    WindowLayout m_layout;
};

} // namespace ui
