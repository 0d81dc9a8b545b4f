#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
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
// `heat`: start times of the tags of every coder, sorted: a strip shows where they cluster.
void drawTimelinePanel(ImVec2 pos, ImVec2 size, TimelineState& state, const PlayerSnapshot& snapshot,
                       const std::vector<CameraOverview>& overviews, const std::vector<AnnotationLane>& lanes,
                       const std::vector<int64_t>& heat, const Fonts& fonts, CommandSink& out);

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
// Drawing a privacy mask on a camera's picture (the Picture tab starts it, the video panel
// takes the drag): from the frame shown, for `seconds` of that camera's footage.
struct MaskToolState {
    bool drawing = false;          // the next drag on a picture draws a mask
    std::string moving;            // ... or says where this mask (uuid) is at the frame shown
    bool ellipse = false;
    float seconds = 10.0f;
    bool dragging = false;
    int camera = -1;
    ImVec2 from, to;               // screen positions of the drag
};
struct VideoPanelState {
    MaskToolState* maskTool = nullptr; // the side panel's (ReviewWindow wires them)
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

// ---- side panel: tabs for tagging (codes, tag list, forms, charts) and for the picture,
// sound and cameras. The tagging tabs read a TaggingSession (nullptr: no encounter open).
struct TagListState {
    std::string group;         // "" = every group
    std::string coder;         // "" = every coder
    std::string selected;      // uuid of the tag being edited
    std::string comment;       // its comment as being typed
    std::string commentOf;     // uuid the comment buffer belongs to
    double commentEditedAt = -1;
};
// A form whose fields save as the member types: a field's text is saved once typing
// has paused for a moment, or at once when the field loses focus.
struct FormState {
    std::map<std::string, std::string> buffers;
    std::string pendingField;
    double pendingSince = -1;
};
struct ChartBar {
    std::string label;
    double value = 0;
    std::string text;          // the value as shown, with the number behind a rate
    uint32_t colour = 0;
};
struct ChartData {
    std::string title;
    std::vector<ChartBar> bars;
};
struct ChartState {
    bool allEncounters = false;
    std::string by;            // an analysis::summaryByFields() entry; "" = all together
    std::string value;         // which value of `by` to show
    std::vector<std::string> values;
    std::vector<ChartData> charts;
    std::string error;
    int64_t computedFor = -1;  // TaggingSession::changeCount() the charts were made from
    bool dirty = true;
};
// The Export tab: a format, the file, redaction; the free-text check before the export.
struct ExportState {
    int format = 0;            // index into the tab's list of formats
    bool redact = false;
    bool withTranscript = false;
    bool screeningOnly = false;
    bool replace = false;      // the person ticked "replace it" for the file named in replaceFor
    std::string replaceFor;
    std::string out;           // the file to write; filled with a suggestion
    int outFormat = -1;        // the format the suggestion was made for
    bool checking = false, running = false;
    bool checked = false;      // the free-text check ran for the current choices
    std::vector<std::string> notices;
    double progress = 0;
    std::string result;
    bool resultIsError = false;
};
// The chair's tab: the consolidation's texts as typed, police responses being written.
struct ChairState {
    bool loaded = false;
    std::string points, questions;
    double pointsEditedAt = -1, questionsEditedAt = -1;
    std::map<std::string, std::string> responses, dates, statuses; // by police action uuid
};
struct AdjudicationState {
    std::string reason;        // why: required for every decision
    float tolerance = 1.0f;
    int confusionGroup = -1;   // the confusion table shown: -1 all codes, else a group's index
};
struct AuditTabState {
    std::string person, action; // filters as typed
    bool dirty = true;          // ask for the entries again
};
// The Transcript tab: a search, the lines it found (cue ids), the code a line is tagged with.
struct TranscriptTabState {
    std::string query;
    std::string searchedFor = "\x01"; // the query `found` answers (never typed: searched first time)
    int64_t searchedAt = -1;           // TaggingSession::changeCount() of that search
    std::vector<int64_t> found;        // positions in TaggingSession::cues(), in time order
    std::string code;                  // tag lines with this code ("" = the first taggable)
    int64_t selected = -1;             // cue id whose whole text shows below the list
};
struct SidePanelState {
    float volume = 1.0f;
    bool subtitles = true;             // the transcript's line under each picture
    MaskToolState maskTool;
    TranscriptTabState transcript;
    AuditTabState audit;
    AdjudicationState adjudication;
    ChairState chair;
    ExportState exports;
    TagListState tags;
    FormState encounterForm, feedbackForm;
    ChartState charts;
    std::string status;        // the last tagging action, in words
    bool statusIsError = false;
};
class TaggingSession;
void drawSidePanel(ImVec2 pos, ImVec2 size, SidePanelState& state, PictureAdjust& adjust, const PlayerSnapshot& snapshot,
                   TaggingSession* session, const Fonts& fonts, CommandSink& out);
// The tabs' contents (tagging_panels.cpp).
void drawCodesTab(const TaggingSession& session, const SidePanelState& state, const Fonts& fonts, CommandSink& out);
void drawTagListTab(const TaggingSession& session, TagListState& state, const PlayerSnapshot& snapshot,
                    const Fonts& fonts, CommandSink& out);
void drawEncounterFormTab(const TaggingSession& session, FormState& state, CommandSink& out);
void drawFeedbackFormTab(const TaggingSession& session, FormState& state, CommandSink& out);
void drawChartsTab(ChartState& state);
void drawExportTab(const TaggingSession& session, ExportState& state, CommandSink& out);
void drawChairTab(const TaggingSession& session, ChairState& state, CommandSink& out);
void drawAdjudicationTab(const TaggingSession& session, AdjudicationState& state, const Fonts& fonts, CommandSink& out);
// Inside the Adjudicate tab, when TaggingSession::confusion() holds a table.
void drawConfusionTable(const TaggingSession& session, AdjudicationState& state);
// transcript_panel.cpp: the lines of the encounter's transcripts, searched; and the Picture
// tab's masks section.
void drawTranscriptTab(TaggingSession& session, TranscriptTabState& state, const PlayerSnapshot& snapshot,
                       CommandSink& out);
void drawMasksSection(const TaggingSession& session, MaskToolState& tool, const PlayerSnapshot& snapshot,
                      CommandSink& out);
// Saves of fields whose typing pause has passed (or all of them, `all`), as commands.
void flushForm(FormState& state, bool feedback, bool all, CommandSink& out);

// ---- the sign-in screen (sign_in_panel.cpp): names, passphrase, why the last try failed
struct SignInPanelState {
    int selected = -1;          // index into the names
    std::string passphrase;     // as typed; wiped once sent
};
void drawSignInPanel(ImVec2 size, SignInPanelState& state, const std::vector<std::string>& names,
                     const std::string& problem, const Fonts& fonts, CommandSink& out);

// ---- the Audit tab (audit_panel.cpp): the audit log, newest first, for chairs and administrators
void drawAuditTab(const TaggingSession& session, AuditTabState& state, CommandSink& out);

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
