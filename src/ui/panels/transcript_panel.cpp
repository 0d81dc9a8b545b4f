// The Transcript tab (issue 14): every line of the encounter's transcripts in encounter
// time, searched by whole words; a click goes to the line, "Tag" tags it. And the Picture
// tab's privacy masks: how many blur the picture, showing them (chair or lead, audited),
// drawing and removing them.
#include "ui/panels/panels.hpp"

#include <algorithm>
#include <cstdio>

#include "ui/tagging_session.hpp"
#include "ui/time_format.hpp"

namespace ui {
namespace {

// The codes a line can be tagged with, in codebook order.
std::vector<const review::Code*> taggableCodes(const review::Codebook& codebook)
{
    std::vector<const review::Code*> out;
    for (const review::Code& code : codebook.codes)
        if (code.isTaggable())
            out.push_back(&code);
    return out;
}

void drawCodeChoice(const TaggingSession& session, TranscriptTabState& state)
{
    const auto codes = taggableCodes(session.codebook());
    if (codes.empty())
        return;
    if (state.code.empty())
        state.code = codes.front()->id;
    std::string shown = state.code;
    for (const review::Code* code : codes)
        if (code->id == state.code)
            shown = code->label + " (" + code->id + ")";
    ImGui::TextUnformatted("Tag lines as");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##line-code", shown.c_str())) {
        for (const review::Code* code : codes) {
            const std::string label = code->label + " (" + code->id + ")";
            if (ImGui::Selectable(label.c_str(), code->id == state.code))
                state.code = code->id;
        }
        ImGui::EndCombo();
    }
}

} // namespace

void drawTranscriptTab(TaggingSession& session, TranscriptTabState& state, const PlayerSnapshot& snapshot,
                       CommandSink& out)
{
    if (session.cues().empty()) {
        ImGui::TextWrapped("No camera of this encounter has a transcript. A chair or a lead imports one with\n"
                           "  bwv-review transcript import FILE.srt --footage VIDEO");
        return;
    }
    ImGui::SetNextItemWidth(-1);
    char buffer[256];
    std::snprintf(buffer, sizeof buffer, "%s", state.query.c_str());
    if (ImGui::InputTextWithHint("##transcript-search", "Search the transcript (whole words)", buffer, sizeof buffer))
        state.query = buffer;
    const std::vector<review::EncounterCue>& cues = session.cues();
    if (state.query != state.searchedFor || state.searchedAt != session.changeCount()) {
        state.found.clear();
        for (const review::EncounterCue* cue : session.searchCues(state.query))
            state.found.push_back(cue - cues.data());
        state.searchedFor = state.query;
        state.searchedAt = session.changeCount();
    }
    drawCodeChoice(session, state);
    ImGui::TextDisabled("%zu of %zu lines", state.found.size(), cues.size());

    const float detailHeight = ImGui::GetTextLineHeightWithSpacing() * 4.5f;
    ImGui::BeginChild("##transcript-lines", ImVec2(0, -detailHeight), true);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(state.found.size()));
    while (clipper.Step())
        for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
            const std::size_t at = static_cast<std::size_t>(state.found[static_cast<std::size_t>(row)]);
            if (at >= cues.size())
                continue;
            const review::EncounterCue* cue = &cues[at];
            ImGui::PushID(row);
            if (ImGui::SmallButton("Tag"))
                out.push_back(cmd::TagCue{state.code, cue->cueId});
            ImGui::SameLine();
            // The line showing now stands out: it is what the picture's subtitle says.
            const bool now = cue->startUs <= snapshot.positionUs && snapshot.positionUs < cue->endUs;
            std::string line = formatMediaTime(cue->startUs) + "  " + cue->camera + "  " +
                               (cue->speaker.empty() ? "" : cue->speaker + ": ") + cue->text;
            for (char& c : line)
                if (c == '\n')
                    c = ' ';
            if (now)
                ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 230, 150, 255));
            if (ImGui::Selectable(line.c_str(), state.selected == cue->cueId)) {
                state.selected = cue->cueId;
                out.push_back(cmd::SeekTime{cue->startUs});
            }
            if (now)
                ImGui::PopStyleColor();
            ImGui::PopID();
        }
    ImGui::EndChild();
    const auto chosen = std::find_if(cues.begin(), cues.end(),
                                     [&](const review::EncounterCue& c) { return c.cueId == state.selected; });
    if (chosen != cues.end()) {
        const review::EncounterCue& cue = *chosen;
        ImGui::TextDisabled("%s - %s, %s", formatMediaTime(cue.startUs).c_str(), formatMediaTime(cue.endUs).c_str(),
                            cue.camera.c_str());
        ImGui::TextWrapped("%s%s", cue.speaker.empty() ? "" : (cue.speaker + ": ").c_str(), cue.text.c_str());
    } else {
        ImGui::TextDisabled("Click a line to go to it.");
    }
}

void drawMasksSection(const TaggingSession& session, MaskToolState& tool, const PlayerSnapshot& snapshot,
                      CommandSink& out)
{
    const int selected = snapshot.selectedCamera;
    const CameraSnapshot* camera = selected >= 0 && static_cast<std::size_t>(selected) < snapshot.cameras.size()
                                       ? &snapshot.cameras[static_cast<std::size_t>(selected)]
                                       : nullptr;
    ImGui::TextUnformatted("Privacy masks");
    int onCamera = 0;
    for (const review::Mask& mask : session.masks())
        onCamera += camera && camera->footageId == mask.footageId;
    if (session.masks().empty())
        ImGui::TextDisabled("No part of these recordings is masked.");
    else if (session.masksLifted())
        ImGui::TextColored(ImVec4(1.0f, 0.6f, 0.4f, 1.0f), "Masked areas are shown to you (logged).");
    else
        ImGui::TextWrapped("%d mask%s on this camera; %d blur%s this frame.", onCamera, onCamera == 1 ? "" : "s",
                           camera ? camera->masks : 0, camera && camera->masks == 1 ? "s" : "");
    if (!session.mayChangeMasks())
        return;
    if (!session.masks().empty()) {
        bool lifted = session.masksLifted();
        if (ImGui::Checkbox("Show masked areas (written to the audit log)", &lifted))
            out.push_back(cmd::LiftMasks{lifted});
    }
    ImGui::BeginDisabled(!camera || !camera->footageId);
    ImGui::RadioButton("Rectangle", !tool.ellipse) ? (void)(tool.ellipse = false) : (void)0;
    ImGui::SameLine();
    ImGui::RadioButton("Ellipse", tool.ellipse) ? (void)(tool.ellipse = true) : (void)0;
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.5f);
    ImGui::SliderFloat("##mask-seconds", &tool.seconds, 1.0f, 120.0f, "for %.0f s");
    ImGui::SameLine();
    if (ImGui::Button(tool.drawing && tool.moving.empty() ? "Drag on the picture..." : "Draw a mask")) {
        tool.drawing = !(tool.drawing && tool.moving.empty());
        tool.moving.clear();
        tool.camera = selected;
    }
    ImGui::EndDisabled();
    for (const review::Mask& mask : session.masks()) {
        if (!camera || camera->footageId != mask.footageId)
            continue;
        ImGui::PushID(mask.uuid.c_str());
        ImGui::Text("%s %s - %s", review::maskShapeName(mask.shape), formatMediaTime(mask.fromUs).c_str(),
                    formatMediaTime(mask.toUs).c_str());
        ImGui::SameLine();
        // Where it is at the frame shown: drag its box again here, and it moves between.
        const bool movingThis = tool.drawing && tool.moving == mask.uuid;
        if (ImGui::SmallButton(movingThis ? "Drag on the picture..." : "Move it here")) {
            tool.drawing = !movingThis;
            tool.moving = movingThis ? std::string() : mask.uuid;
            tool.camera = selected;
            tool.ellipse = mask.shape == review::MaskShape::Ellipse;
        }
        ImGui::SameLine();
        if (ImGui::SmallButton("Remove"))
            out.push_back(cmd::RemoveMask{mask.uuid});
        ImGui::PopID();
    }
}

} // namespace ui
