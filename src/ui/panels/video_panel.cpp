#include "ui/panels/panels.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <string>

#include "ui/panel.hpp"
#include "ui/time_format.hpp"

namespace ui {

std::vector<std::pair<ImVec2, ImVec2>> videoCells(ImVec2 pos, ImVec2 size, int count)
{
    std::vector<std::pair<ImVec2, ImVec2>> cells;
    if (count <= 1) {
        cells.emplace_back(pos, size);
        return cells;
    }
    int columns = 2;
    int rows = count <= 2 ? 1 : 2;
    float w = std::floor(size.x / static_cast<float>(columns));
    float h = std::floor(size.y / static_cast<float>(rows));
    for (int i = 0; i < count; ++i)
        cells.emplace_back(ImVec2(pos.x + static_cast<float>(i % columns) * w, pos.y + static_cast<float>(i / columns) * h),
                           ImVec2(w - 2, h - 2));
    return cells;
}

namespace {

void drawVideoCallback(const ImDrawList*, const ImDrawCmd* command)
{
    auto* request = static_cast<VideoDrawRequest*>(command->UserCallbackData);
    request->renderer->drawDirect(request->x, request->y, request->width, request->height, request->view, request->adjust);
}

class VideoPanel : public Panel {
public:
    VideoPanel(VideoPanelState& state, const std::vector<CameraView>& views, const PlayerSnapshot& snapshot,
               const TimelineState& timeline, const std::vector<CameraOverview>& overviews,
               const std::vector<std::string>& messages, const std::vector<std::string>& progress, const Fonts& fonts,
               CommandSink& out)
        : Panel("##video", ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoBackground),
          m_state(state),
          m_views(views), m_snapshot(snapshot), m_timeline(timeline), m_overviews(overviews), m_messages(messages),
          m_progress(progress), m_fonts(fonts), m_out(out)
    {
    }

protected:
    void drawContent() override
    {
        ImDrawList* draw = ImGui::GetWindowDrawList();
        ImGuiIO& io = ImGui::GetIO();
        for (size_t i = 0; i < m_views.size(); ++i) {
            const CameraView& view = m_views[i];
            ImGui::SetCursorScreenPos(view.cellPos);
            ImGui::PushID(static_cast<int>(i));
            ImGui::Dummy(view.cellSize);
            // Outside the camera's recording (it started later or stopped earlier than the
            // others), say so instead of showing its first or last frame as if it were now.
            std::string outside = outsideRecording(i);
            if (!outside.empty()) {
                ImVec2 extent = ImGui::CalcTextSize(outside.c_str());
                draw->AddText(ImVec2(view.cellPos.x + (view.cellSize.x - extent.x) * 0.5f, view.cellPos.y + (view.cellSize.y - extent.y) * 0.5f),
                              ImGui::GetColorU32(ImGuiCol_TextDisabled), outside.c_str());
            } else if (view.request && view.request->renderer) {
                // The picture is drawn by the renderer itself while ImGui renders this list,
                // then ImGui's own GL state is restored for the overlays drawn after it.
                draw->AddCallback(&drawVideoCallback, view.request);
                draw->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
            }
            bool hovered = ImGui::IsItemHovered();
            PictureView& pv = m_state.views[i];
            if (hovered && io.MouseWheel != 0.0f && !io.KeyCtrl) {
                // Zoom about the mouse position.
                float factor = io.MouseWheel > 0 ? 1.25f : 0.8f;
                float cx = view.cellPos.x + view.cellSize.x * 0.5f + pv.panX;
                float cy = view.cellPos.y + view.cellSize.y * 0.5f + pv.panY;
                float newZoom = std::clamp(pv.zoom * factor, 0.1f, 32.0f);
                float applied = newZoom / pv.zoom;
                pv.panX += (io.MousePos.x - cx) * (1.0f - applied);
                pv.panY += (io.MousePos.y - cy) * (1.0f - applied);
                pv.zoom = newZoom;
            }
            if (drawMask(draw, static_cast<int>(i), view, hovered)) {
                // The drag draws a mask, not a pan.
            } else if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
                m_state.panning = true;
                m_state.panningCamera = static_cast<int>(i);
                if (static_cast<int>(i) != m_snapshot.selectedCamera)
                    m_out.push_back(cmd::SelectCamera{static_cast<int>(i)});
            }
            if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
                pv.zoom = 1.0f;
                pv.panX = pv.panY = 0.0f;
                pv.oneToOne = false;
            }
            if (m_state.panning && m_state.panningCamera == static_cast<int>(i)) {
                if (ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
                    pv.panX += io.MouseDelta.x;
                    pv.panY += io.MouseDelta.y;
                } else {
                    m_state.panning = false;
                }
            }
            drawOverlay(draw, static_cast<int>(i), view);
            ImGui::PopID();
        }
        if (m_views.empty())
            drawEmpty(draw);
        drawMessages(draw);
    }

private:
    std::string outsideRecording(size_t i) const
    {
        if (i >= m_snapshot.cameras.size())
            return {};
        const CameraSnapshot& camera = m_snapshot.cameras[i];
        int64_t mediaUs = m_snapshot.positionUs - camera.offsetUs;
        if (mediaUs < 0)
            return "No footage from this camera yet: it starts at " + formatMediaTime(camera.offsetUs);
        if (camera.durationUs > 0 && mediaUs > camera.durationUs)
            return "No footage from this camera now: it ended at " + formatMediaTime(camera.offsetUs + camera.durationUs);
        return {};
    }

    // The mask tool (MaskToolState): a drag on the picture of the camera it was started for
    // gives the box, in fractions of the picture as shown, from the frame shown now.
    bool drawMask(ImDrawList* draw, int i, const CameraView& view, bool hovered)
    {
        MaskToolState* tool = m_state.maskTool;
        if (!tool || !tool->drawing || tool->camera != i || !view.request || !view.request->renderer)
            return false;
        ImGuiIO& io = ImGui::GetIO();
        if (!tool->dragging) {
            if (hovered)
                ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeAll);
            if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
                tool->dragging = true;
                tool->from = tool->to = io.MousePos;
            }
            return hovered;
        }
        tool->to = io.MousePos;
        const ImVec2 a(std::min(tool->from.x, tool->to.x), std::min(tool->from.y, tool->to.y));
        const ImVec2 b(std::max(tool->from.x, tool->to.x), std::max(tool->from.y, tool->to.y));
        if (tool->ellipse) {
            for (int k = 0; k < 48; ++k) {
                const float t = static_cast<float>(k) / 48.0f * 6.2831853f;
                draw->PathLineTo(ImVec2((a.x + b.x) / 2 + std::cos(t) * (b.x - a.x) / 2,
                                        (a.y + b.y) / 2 + std::sin(t) * (b.y - a.y) / 2));
            }
            draw->PathStroke(IM_COL32(255, 200, 60, 255), ImDrawFlags_Closed, 2.0f);
        }
        draw->AddRect(a, b, IM_COL32(255, 200, 60, tool->ellipse ? 120 : 255), 0.0f, 0, 2.0f);
        if (ImGui::IsMouseDown(ImGuiMouseButton_Left))
            return true;
        tool->dragging = false;
        tool->drawing = false;
        // The picture's rectangle in the cell, as the renderer last drew it (framebuffer pixels).
        float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        view.request->renderer->pictureRect(x0, y0, x1, y1);
        const ImVec2 scale = io.DisplayFramebufferScale;
        const float left = view.cellPos.x + x0 / scale.x, top = view.cellPos.y + y0 / scale.y;
        const float width = (x1 - x0) / scale.x, height = (y1 - y0) / scale.y;
        if (width <= 0 || height <= 0 || static_cast<size_t>(i) >= m_snapshot.cameras.size())
            return true;
        auto fraction = [](float v) { return std::clamp(static_cast<double>(v), 0.0, 1.0); };
        review::MaskBox box;
        box.x = fraction((a.x - left) / width);
        box.y = fraction((a.y - top) / height);
        box.w = fraction((b.x - left) / width) - box.x;
        box.h = fraction((b.y - top) / height) - box.y;
        if (box.w < 0.005 || box.h < 0.005)
            return true; // a click, not a drag
        const CameraSnapshot& camera = m_snapshot.cameras[static_cast<size_t>(i)];
        if (!tool->moving.empty()) {
            m_out.push_back(cmd::MoveMask{tool->moving, camera.mediaUs, box});
            tool->moving.clear();
            return true;
        }
        review::NewMask mask;
        mask.shape = tool->ellipse ? review::MaskShape::Ellipse : review::MaskShape::Rect;
        mask.fromUs = camera.mediaUs;
        mask.toUs = camera.mediaUs + static_cast<int64_t>(tool->seconds * 1e6);
        mask.box = box;
        m_out.push_back(cmd::AddMask{i, mask});
        return true;
    }

    // The transcript's line(s) at this frame, centred near the bottom like subtitles.
    void drawSubtitle(ImDrawList* draw, const CameraSnapshot& camera, const CameraView& view, float bottom)
    {
        if (camera.subtitle.empty())
            return;
        const float wrap = view.cellSize.x * 0.85f;
        ImFont* font = ImGui::GetFont();
        const float size = ImGui::GetFontSize() * 1.2f;
        const ImVec2 extent = font->CalcTextSizeA(size, FLT_MAX, wrap, camera.subtitle.c_str());
        const ImVec2 p(view.cellPos.x + (view.cellSize.x - extent.x) * 0.5f, bottom - extent.y - 8);
        draw->AddRectFilled(ImVec2(p.x - 8, p.y - 4), ImVec2(p.x + extent.x + 8, p.y + extent.y + 4),
                            IM_COL32(0, 0, 0, 190), 4.0f);
        draw->AddText(font, size, p, IM_COL32(255, 255, 255, 255), camera.subtitle.c_str(), nullptr, wrap);
    }

    void drawOverlay(ImDrawList* draw, int i, const CameraView& view)
    {
        if (static_cast<size_t>(i) >= m_snapshot.cameras.size())
            return;
        const CameraSnapshot& camera = m_snapshot.cameras[static_cast<size_t>(i)];
        // Bottom left: cameras burn their own clock into the top of the picture.
        float lineHeight = ImGui::GetTextLineHeight() + 6;
        float lines = camera.wallClock ? 2.0f : 1.0f;
        ImVec2 p = ImVec2(view.cellPos.x + 8, view.cellPos.y + view.cellSize.y - lines * lineHeight - 4);
        char text[256];
        std::snprintf(text, sizeof text, "%s%s  frame %lld  %s", camera.label.c_str(),
                      i == m_snapshot.soundCamera ? "  [sound]" : "", static_cast<long long>(camera.frame),
                      formatMediaTime(camera.mediaUs).c_str());
        ImVec2 extent = ImGui::CalcTextSize(text);
        bool selected = i == m_snapshot.selectedCamera && m_snapshot.cameras.size() > 1;
        draw->AddRectFilled(ImVec2(p.x - 4, p.y - 2), ImVec2(p.x + extent.x + 4, p.y + extent.y + 2),
                            selected ? IM_COL32(40, 70, 130, 200) : IM_COL32(0, 0, 0, 160), 3.0f);
        draw->AddText(p, IM_COL32(255, 255, 255, 255), text);
        drawSubtitle(draw, camera, view, p.y - 4);
        if (camera.masks > 0) {
            const char* masked = camera.masks == 1 ? "1 area blurred" : "areas blurred";
            const ImVec2 q(p.x + extent.x + 14, p.y);
            const ImVec2 e = ImGui::CalcTextSize(masked);
            draw->AddRectFilled(ImVec2(q.x - 4, q.y - 2), ImVec2(q.x + e.x + 4, q.y + e.y + 2), IM_COL32(90, 60, 20, 200), 3.0f);
            draw->AddText(q, IM_COL32(255, 220, 160, 255), masked);
        }
        if (camera.wallClock) {
            ImVec2 q(p.x, p.y + extent.y + 6);
            ImVec2 e = ImGui::CalcTextSize(camera.wallClock->c_str());
            draw->AddRectFilled(ImVec2(q.x - 4, q.y - 2), ImVec2(q.x + e.x + 4, q.y + e.y + 2), IM_COL32(0, 0, 0, 160), 3.0f);
            draw->AddText(q, IM_COL32(255, 230, 150, 255), camera.wallClock->c_str());
        }
        if (!camera.error.empty()) {
            ImVec2 q(view.cellPos.x + 8, view.cellPos.y + view.cellSize.y * 0.5f);
            draw->AddText(m_fonts.large, m_fonts.large->FontSize, q, IM_COL32(255, 120, 100, 255), camera.error.c_str());
        }
        // While the timeline is dragged: the nearest keyframe thumbnail at once.
        if (m_timeline.previewUs && static_cast<size_t>(i) < m_overviews.size()) {
            const CameraOverview& overview = m_overviews[static_cast<size_t>(i)];
            int64_t t = *m_timeline.previewUs - camera.offsetUs;
            size_t best = overview.thumbnails.size();
            int64_t bestDistance = INT64_MAX;
            for (size_t k = 0; k < overview.thumbnails.size() && k < overview.textures.size(); ++k) {
                int64_t d = std::llabs(overview.thumbnails[k].timeUs - t);
                if (d < bestDistance) {
                    bestDistance = d;
                    best = k;
                }
            }
            if (best < overview.thumbnails.size()) {
                const media::Thumbnail& thumb = overview.thumbnails[best];
                float scale = std::min(view.cellSize.x / static_cast<float>(thumb.width), view.cellSize.y / static_cast<float>(thumb.height));
                float w = static_cast<float>(thumb.width) * scale, h = static_cast<float>(thumb.height) * scale;
                ImVec2 a(view.cellPos.x + (view.cellSize.x - w) * 0.5f, view.cellPos.y + (view.cellSize.y - h) * 0.5f);
                draw->AddImage(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(overview.textures[best])), a, ImVec2(a.x + w, a.y + h));
            }
        }
    }

    void drawEmpty(ImDrawList* draw)
    {
        ImVec2 pos = ImGui::GetWindowPos();
        ImVec2 size = ImGui::GetWindowSize();
        const char* lines[] = {"No footage open.", "Ctrl+O opens the file browser; you can also drop files on this window",
                               "or name them on the command line: bwv-review FILE...", "F1 lists every key."};
        float y = pos.y + size.y * 0.4f;
        for (const char* line : lines) {
            ImVec2 e = ImGui::CalcTextSize(line);
            draw->AddText(ImVec2(pos.x + (size.x - e.x) * 0.5f, y), ImGui::GetColorU32(ImGuiCol_Text), line);
            y += e.y + 6;
        }
    }

    void drawMessages(ImDrawList* draw)
    {
        ImVec2 pos = ImGui::GetWindowPos();
        ImVec2 size = ImGui::GetWindowSize();
        float y = pos.y + size.y - 8;
        // Long sentences wrap inside the picture rather than running off its edge.
        const float wrap = std::max(100.0f, size.x - 32);
        auto line = [&](const std::string& text, ImU32 background, ImU32 colour) {
            ImVec2 e = ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap);
            y -= e.y + 8;
            draw->AddRectFilled(ImVec2(pos.x + 8, y - 3), ImVec2(pos.x + 16 + e.x, y + e.y + 3), background, 3.0f);
            draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(pos.x + 12, y), colour, text.c_str(), nullptr, wrap);
        };
        for (auto it = m_messages.rbegin(); it != m_messages.rend(); ++it)
            line(*it, IM_COL32(120, 20, 20, 230), IM_COL32(255, 255, 255, 255));
        for (const std::string& text : m_progress)
            line(text, IM_COL32(20, 40, 80, 230), IM_COL32(230, 230, 255, 255));
    }

    VideoPanelState& m_state;
    const std::vector<CameraView>& m_views;
    const PlayerSnapshot& m_snapshot;
    const TimelineState& m_timeline;
    const std::vector<CameraOverview>& m_overviews;
    const std::vector<std::string>& m_messages;
    const std::vector<std::string>& m_progress;
    const Fonts& m_fonts;
    CommandSink& m_out;
};

} // namespace

void drawVideoPanel(ImVec2 pos, ImVec2 size, VideoPanelState& state, const std::vector<CameraView>& views,
                    const PlayerSnapshot& snapshot, const TimelineState& timeline,
                    const std::vector<CameraOverview>& overviews, const std::vector<std::string>& messages,
                    const std::vector<std::string>& progress, const Fonts& fonts, CommandSink& out)
{
    // No background: the pictures clear their own cells, and the window's clear colour
    // shows elsewhere (llvmpipe pays for every pixel filled twice).
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    VideoPanel panel(state, views, snapshot, timeline, overviews, messages, progress, fonts, out);
    panel.draw(pos, size);
    ImGui::PopStyleVar();
}

} // namespace ui
