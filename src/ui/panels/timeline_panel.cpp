#include "ui/panels/panels.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ui/panel.hpp"
#include "ui/time_format.hpp"

namespace ui {
namespace {

constexpr double kDragRestSeconds = 0.15; // a drag that rests this long seeks exactly
constexpr float kRulerHeight = 18.0f;
constexpr float kLaneHeight = 18.0f;

class TimelinePanel : public Panel {
public:
    TimelinePanel(TimelineState& state, const PlayerSnapshot& snapshot, const std::vector<CameraOverview>& overviews,
                  const std::vector<AnnotationLane>& lanes, const std::vector<int64_t>& heat, const Fonts& fonts,
                  CommandSink& out)
        : Panel("##timeline", ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse), m_state(state),
          m_snapshot(snapshot), m_overviews(overviews), m_lanes(lanes), m_heat(heat), m_fonts(fonts), m_out(out)
    {
    }

protected:
    void drawContent() override
    {
        const PlayerSnapshot& s = m_snapshot;
        ImDrawList* draw = ImGui::GetWindowDrawList();
        ImVec2 origin = ImGui::GetCursorScreenPos();
        ImVec2 avail = ImGui::GetContentRegionAvail();
        if (!s.hasFootage || avail.x < 10 || avail.y < 10) {
            ImGui::TextDisabled("Timeline");
            return;
        }
        float labelWidth = 90.0f * m_fonts.scale;
        float x0 = origin.x + labelWidth;
        float width = avail.x - labelWidth;
        double total = static_cast<double>(std::max<int64_t>(1, s.endUs - s.startUs));
        double visible = total * m_state.visibleFraction;
        m_state.viewStartUs = std::clamp(m_state.viewStartUs, static_cast<double>(s.startUs),
                                         static_cast<double>(s.startUs) + total - visible);
        double viewStart = m_state.viewStartUs;
        auto xOf = [&](double us) { return x0 + static_cast<float>((us - viewStart) / visible * width); };
        auto usOf = [&](float x) { return viewStart + (x - x0) / width * visible; };

        // Rows: ruler, thumbnails, waveform, lanes.
        float thumbHeight = std::min(72.0f * m_fonts.scale, std::max(24.0f, avail.y * 0.35f));
        float waveHeight = std::min(40.0f * m_fonts.scale, std::max(16.0f, avail.y * 0.2f));
        float y = origin.y;
        float rulerY = y;
        float thumbY = rulerY + kRulerHeight * m_fonts.scale;
        float waveY = thumbY + thumbHeight + 2;
        float lanesY = waveY + waveHeight + 2;
        float bottom = origin.y + avail.y;
        ImU32 textColour = ImGui::GetColorU32(ImGuiCol_Text);
        ImU32 dimColour = ImGui::GetColorU32(ImGuiCol_TextDisabled);
        draw->PushClipRect(ImVec2(origin.x, origin.y), ImVec2(x0 + width, bottom), true);

        // Ruler: a tick step that leaves ~80 px between labels.
        static const double steps[] = {0.04e6, 0.1e6, 0.2e6, 0.5e6, 1e6, 2e6, 5e6, 10e6, 15e6, 30e6, 60e6, 120e6, 300e6, 600e6, 1800e6, 3600e6};
        double step = steps[std::size(steps) - 1];
        for (double candidate : steps)
            if (candidate / visible * width >= 80.0 * m_fonts.scale) {
                step = candidate;
                break;
            }
        for (double t = std::floor(viewStart / step) * step; t <= viewStart + visible; t += step) {
            float x = xOf(t);
            draw->AddLine(ImVec2(x, rulerY + 10), ImVec2(x, rulerY + kRulerHeight * m_fonts.scale), dimColour);
            std::string label = formatMediaTime(static_cast<int64_t>(t));
            if (step >= 1e6)
                label = label.substr(0, 8);
            draw->AddText(ImVec2(x + 3, rulerY), dimColour, label.c_str());
        }

        // Heat strip under the ruler: where the tags of every coder cluster, in columns of a
        // few pixels, the busiest column brightest.
        if (!m_heat.empty()) {
            float column = 4.0f * m_fonts.scale;
            int columns = std::max(1, static_cast<int>(width / column));
            std::vector<int> counts(static_cast<size_t>(columns), 0);
            for (int64_t t : m_heat) {
                float x = xOf(static_cast<double>(t)) - x0;
                if (x >= 0 && x < width)
                    ++counts[std::min(counts.size() - 1, static_cast<size_t>(x / column))];
            }
            int most = *std::max_element(counts.begin(), counts.end());
            float stripY = rulerY + kRulerHeight * m_fonts.scale - 6.0f * m_fonts.scale;
            for (int c = 0; c < columns && most > 0; ++c) {
                if (counts[static_cast<size_t>(c)] == 0)
                    continue;
                float share = static_cast<float>(counts[static_cast<size_t>(c)]) / static_cast<float>(most);
                auto alpha = static_cast<int>(60 + 195 * share);
                draw->AddRectFilled(ImVec2(x0 + static_cast<float>(c) * column, stripY),
                                    ImVec2(x0 + static_cast<float>(c + 1) * column, stripY + 5.0f * m_fonts.scale),
                                    IM_COL32(255, 150, 40, alpha));
            }
            draw->AddText(ImVec2(origin.x, rulerY), dimColour, "Tag density");
        }

        // Thumbnails of camera 1's keyframes, each placed at its time.
        const CameraOverview* pictures = m_overviews.empty() ? nullptr : &m_overviews.front();
        int64_t offset0 = s.cameras.empty() ? 0 : s.cameras.front().offsetUs;
        if (pictures && !pictures->thumbnails.empty()) {
            float lastRight = -1e9f;
            for (size_t i = 0; i < pictures->thumbnails.size() && i < pictures->textures.size(); ++i) {
                const media::Thumbnail& thumb = pictures->thumbnails[i];
                float w = thumbHeight * static_cast<float>(thumb.width) / std::max(1, thumb.height);
                float x = xOf(static_cast<double>(thumb.timeUs + offset0));
                if (x + w < x0 || x > x0 + width || x < lastRight)
                    continue;
                draw->AddImage(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(pictures->textures[i])), ImVec2(x, thumbY),
                               ImVec2(x + w, thumbY + thumbHeight));
                lastRight = x + w;
            }
        } else if (pictures) {
            char text[64];
            std::snprintf(text, sizeof text, "thumbnails %d%%", static_cast<int>(pictures->thumbnailProgress * 100));
            draw->AddText(ImVec2(x0 + 6, thumbY + 4), dimColour, text);
        }
        draw->AddText(ImVec2(origin.x, thumbY + 4), textColour, "Pictures");

        // Waveform of the sound camera.
        draw->AddText(ImVec2(origin.x, waveY + 4), textColour, "Sound");
        if (s.soundCamera >= 0 && static_cast<size_t>(s.soundCamera) < m_overviews.size()) {
            const CameraOverview& sound = m_overviews[static_cast<size_t>(s.soundCamera)];
            int64_t offset = s.cameras[static_cast<size_t>(s.soundCamera)].offsetUs;
            float mid = waveY + waveHeight * 0.5f;
            if (sound.waveformReady && sound.waveform.bucketUs > 0 && !sound.waveform.maximum.empty()) {
                const auto& peaks = sound.waveform;
                for (float x = x0; x < x0 + width; x += 1.0f) {
                    double a = usOf(x) - static_cast<double>(offset), b = usOf(x + 1.0f) - static_cast<double>(offset);
                    auto i0 = static_cast<int64_t>(std::floor(a / static_cast<double>(peaks.bucketUs)));
                    auto i1 = static_cast<int64_t>(std::floor(b / static_cast<double>(peaks.bucketUs)));
                    float lo = 0, hi = 0;
                    for (int64_t i = std::max<int64_t>(0, i0); i <= i1 && i < static_cast<int64_t>(peaks.maximum.size()); ++i) {
                        lo = std::min(lo, peaks.minimum[static_cast<size_t>(i)]);
                        hi = std::max(hi, peaks.maximum[static_cast<size_t>(i)]);
                    }
                    if (hi > lo)
                        draw->AddLine(ImVec2(x, mid - hi * waveHeight * 0.5f), ImVec2(x, mid - lo * waveHeight * 0.5f + 1),
                                      IM_COL32(90, 200, 120, 255));
                }
            } else {
                draw->AddText(ImVec2(x0 + 6, waveY + 4), dimColour, "waveform...");
            }
        }

        // Annotation lanes.
        float laneY = lanesY;
        for (const AnnotationLane& lane : m_lanes) {
            if (laneY + kLaneHeight * m_fonts.scale > bottom)
                break;
            float h = kLaneHeight * m_fonts.scale;
            // Long coder names are cut at the track's edge.
            draw->PushClipRect(ImVec2(origin.x, laneY), ImVec2(x0 - 4, laneY + h), true);
            draw->AddText(ImVec2(origin.x, laneY + 1), textColour, lane.name.c_str());
            draw->PopClipRect();
            draw->AddLine(ImVec2(x0, laneY + h), ImVec2(x0 + width, laneY + h), IM_COL32(50, 50, 56, 255));
            for (const LaneSpan& span : lane.spans) {
                float a = xOf(static_cast<double>(span.startUs));
                float b = std::max(a + 3.0f, xOf(static_cast<double>(span.endUs)));
                if (b < x0 || a > x0 + width)
                    continue;
                draw->AddRectFilled(ImVec2(a, laneY + 2), ImVec2(b, laneY + h - 2), span.colour, 3.0f);
                if (!span.label.empty() && b - a > 20)
                    draw->AddText(ImVec2(a + 3, laneY + 1), IM_COL32(0, 0, 0, 255), span.label.c_str());
            }
            laneY += h;
        }

        // Playhead (or the drag position).
        double head = m_state.dragging ? static_cast<double>(m_state.dragUs) : static_cast<double>(s.positionUs);
        float hx = xOf(head);
        draw->AddLine(ImVec2(hx, origin.y), ImVec2(hx, bottom), IM_COL32(255, 80, 60, 255), 2.0f);
        draw->PopClipRect();

        // Input: click or drag to seek; wheel zooms around the mouse, Shift+wheel scrolls.
        ImGui::SetCursorScreenPos(ImVec2(x0, origin.y));
        ImGui::InvisibleButton("##timeline-area", ImVec2(width, avail.y));
        ImGuiIO& io = ImGui::GetIO();
        auto clampUs = [&](double us) {
            return static_cast<int64_t>(std::clamp(us, static_cast<double>(s.startUs), static_cast<double>(s.endUs - 1)));
        };
        if (ImGui::IsItemActive() && ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
            int64_t us = clampUs(usOf(io.MousePos.x));
            if (!m_state.dragging || us != m_state.dragUs) {
                m_state.dragRestSince = ImGui::GetTime();
                m_state.dragSeekSent = false;
            }
            m_state.dragging = true;
            m_state.dragUs = us;
            m_state.previewUs = us;
            // Resting: the exact frame.
            if (!m_state.dragSeekSent && ImGui::GetTime() - m_state.dragRestSince >= kDragRestSeconds) {
                m_out.push_back(cmd::SeekTime{us});
                m_state.dragSeekSent = true;
                m_state.previewUs.reset();
            }
        } else if (m_state.dragging) {
            // Released: the exact frame where the button went up.
            m_state.dragging = false;
            m_state.previewUs.reset();
            int64_t us = clampUs(usOf(io.MousePos.x));
            if (!m_state.dragSeekSent || us != m_state.dragUs)
                m_out.push_back(cmd::SeekTime{us});
            m_state.dragUs = us;
        }
        if (ImGui::IsItemHovered() && io.MouseWheel != 0.0f) {
            if (io.KeyShift) {
                m_state.viewStartUs -= io.MouseWheel * visible * 0.1;
            } else {
                double anchor = usOf(io.MousePos.x);
                double factor = io.MouseWheel > 0 ? 0.8 : 1.25;
                m_state.visibleFraction = std::clamp(m_state.visibleFraction * factor, 0.001, 1.0);
                double newVisible = total * m_state.visibleFraction;
                m_state.viewStartUs = anchor - (anchor - viewStart) * newVisible / visible;
            }
        }
        // Keep the playhead in view while playing.
        if (s.playing && !m_state.dragging && m_state.visibleFraction < 1.0
            && (head < viewStart || head > viewStart + visible))
            m_state.viewStartUs = head - visible * 0.1;
    }

private:
    TimelineState& m_state;
    const PlayerSnapshot& m_snapshot;
    const std::vector<CameraOverview>& m_overviews;
    const std::vector<AnnotationLane>& m_lanes;
    const std::vector<int64_t>& m_heat;
    const Fonts& m_fonts;
    CommandSink& m_out;
};

} // namespace

void drawTimelinePanel(ImVec2 pos, ImVec2 size, TimelineState& state, const PlayerSnapshot& snapshot,
                       const std::vector<CameraOverview>& overviews, const std::vector<AnnotationLane>& lanes,
                       const std::vector<int64_t>& heat, const Fonts& fonts, CommandSink& out)
{
    TimelinePanel panel(state, snapshot, overviews, lanes, heat, fonts, out);
    panel.draw(pos, size);
}

} // namespace ui
