#include "ui/panels/panels.hpp"

#include <cstdio>

#include "ui/panel.hpp"

namespace ui {
namespace {

class SidePanel : public Panel {
public:
    SidePanel(SidePanelState& state, PictureAdjust& adjust, const PlayerSnapshot& snapshot, CommandSink& out)
        : Panel("##side"), m_state(state), m_adjust(adjust), m_snapshot(snapshot), m_out(out)
    {
    }

protected:
    void drawContent() override
    {
        ImGui::TextUnformatted("Picture (night footage)");
        ImGui::SetNextItemWidth(-1);
        ImGui::SliderFloat("##exposure", &m_adjust.exposure, -2.0f, 4.0f, "Exposure %+.1f stops");
        ImGui::SetNextItemWidth(-1);
        ImGui::SliderFloat("##contrast", &m_adjust.contrast, 0.5f, 2.0f, "Contrast %.2f");
        ImGui::SetNextItemWidth(-1);
        ImGui::SliderFloat("##gamma", &m_adjust.gamma, 0.5f, 3.0f, "Gamma %.2f");
        ImGui::BeginDisabled(m_adjust.isNeutral());
        if (ImGui::Button("Reset picture (R)"))
            m_out.push_back(cmd::ResetPicture{});
        ImGui::EndDisabled();
        ImGui::Separator();

        ImGui::TextUnformatted("Sound");
        ImGui::SetNextItemWidth(-1);
        if (ImGui::SliderFloat("##volume", &m_state.volume, 0.0f, 1.0f, "Volume %.2f"))
            m_out.push_back(cmd::SetVolume{m_state.volume});
        ImGui::TextDisabled("output: %s", m_snapshot.audioDriver.c_str());
        ImGui::Separator();

        ImGui::Text("Cameras (%d of 4)", static_cast<int>(m_snapshot.cameras.size()));
        for (size_t i = 0; i < m_snapshot.cameras.size(); ++i) {
            const CameraSnapshot& camera = m_snapshot.cameras[i];
            int index = static_cast<int>(i);
            ImGui::PushID(index);
            bool selected = index == m_snapshot.selectedCamera;
            if (ImGui::Selectable(camera.label.c_str(), selected))
                m_out.push_back(cmd::SelectCamera{index});
            ImGui::Text("offset %+d frames (%+.3f s)", camera.offsetFrames, static_cast<double>(camera.offsetUs) / 1e6);
            if (ImGui::SmallButton("-1 frame"))
                m_out.push_back(cmd::NudgeOffset{index, -1});
            ImGui::SameLine();
            if (ImGui::SmallButton("+1 frame"))
                m_out.push_back(cmd::NudgeOffset{index, 1});
            ImGui::SameLine();
            ImGui::BeginDisabled(!camera.hasAudio);
            bool sound = index == m_snapshot.soundCamera;
            if (ImGui::RadioButton("sound", sound) && !sound)
                m_out.push_back(cmd::SetSoundCamera{index});
            ImGui::EndDisabled();
            ImGui::Separator();
            ImGui::PopID();
        }
    }

private:
    SidePanelState& m_state;
    PictureAdjust& m_adjust;
    const PlayerSnapshot& m_snapshot;
    CommandSink& m_out;
};

} // namespace

void drawSidePanel(ImVec2 pos, ImVec2 size, SidePanelState& state, PictureAdjust& adjust,
                   const PlayerSnapshot& snapshot, CommandSink& out)
{
    SidePanel panel(state, adjust, snapshot, out);
    panel.draw(pos, size);
}

} // namespace ui
