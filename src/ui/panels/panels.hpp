#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <imgui.h>

#include "ui/commands.hpp"
#include "ui/fonts.hpp"
#include "ui/snapshot.hpp"
#include "ui/video_renderer.hpp"

namespace ui {

// ---- transport bar: buttons, speed, the always-visible frame / time / wall clock
void drawTransportPanel(ImVec2 pos, ImVec2 size, const PlayerSnapshot& snapshot, const Fonts& fonts, CommandSink& out);

// ---- timeline: ruler, keyframe thumbnails, waveform, annotation lanes, playhead
struct TimelineState {
    double visibleFraction = 1.0;  // 1 = the whole timeline; smaller = zoomed in
    double viewStartUs = 0;        // left edge when zoomed
    bool dragging = false;
    int64_t dragUs = 0;            // where the drag is
    double dragRestSince = 0;      // ImGui time of the last drag movement
    bool dragSeekSent = false;     // the exact seek for the resting position went out
    std::optional<int64_t> previewUs; // while dragging: show the nearest thumbnail there
};
void drawTimelinePanel(ImVec2 pos, ImVec2 size, TimelineState& state, const PlayerSnapshot& snapshot,
                       const std::vector<CameraOverview>& overviews, const std::vector<AnnotationLane>& lanes,
                       const Fonts& fonts, CommandSink& out);

// ---- the pictures, one cell per camera; zoom with the wheel, pan by dragging
// What the draw callback needs to put one camera's picture on screen while ImGui renders.
// Owned by the ReviewWindow so it outlives the frame's draw lists.
struct VideoDrawRequest {
    VideoRenderer* renderer = nullptr;
    PictureView view;              // pan in framebuffer pixels
    PictureAdjust adjust;
    int x = 0, y = 0, width = 0, height = 0; // GL framebuffer pixels, origin bottom left
};
struct CameraView {
    VideoDrawRequest* request = nullptr;
    ImVec2 cellPos, cellSize;      // screen rectangle of the cell
};
struct VideoPanelState {
    PictureView views[4];          // zoom / pan per camera (rotation filled from the file)
    bool panning = false;
    int panningCamera = -1;
};
void drawVideoPanel(ImVec2 pos, ImVec2 size, VideoPanelState& state, const std::vector<CameraView>& views,
                    const PlayerSnapshot& snapshot, const TimelineState& timeline,
                    const std::vector<CameraOverview>& overviews, const std::vector<std::string>& messages,
                    const std::vector<std::string>& progress, const Fonts& fonts, CommandSink& out);
// The cells of `count` cameras inside a video area (1: whole; 2: side by side; 3-4: 2x2).
std::vector<std::pair<ImVec2, ImVec2>> videoCells(ImVec2 pos, ImVec2 size, int count);

// ---- side panel: picture adjustments, cameras (offset, sound), volume
struct SidePanelState {
    float volume = 1.0f;
};
void drawSidePanel(ImVec2 pos, ImVec2 size, SidePanelState& state, PictureAdjust& adjust,
                   const PlayerSnapshot& snapshot, CommandSink& out);

// ---- overlays
void drawHelpOverlay(bool& open, const Fonts& fonts);

struct FileBrowserState {
    bool open = false;
    std::filesystem::path dir;
    std::vector<std::filesystem::directory_entry> entries;
    std::filesystem::path listed;   // dir the entries belong to
    int selected = -1;
    bool showAll = false;           // all files, not only video
    std::string error;
};
void drawFileBrowser(FileBrowserState& state, CommandSink& out);

struct GoToState {
    bool open = false;
    bool focus = false;
    char text[64] = {};
    std::string error;
};
void drawGoToDialog(GoToState& state, CommandSink& out);

} // namespace ui
