#include "ui/panels/panels.hpp"

#include <cstdio>

#include "media/media_facts.hpp"
#include "ui/panel.hpp"
#include "ui/tagging_session.hpp"

namespace ui {
namespace {

class SidePanel : public Panel {
public:
    SidePanel(SidePanelState& state, PictureAdjust& adjust, const PlayerSnapshot& snapshot, TaggingSession* session,
              const Fonts& fonts, CommandSink& out)
        : Panel("##side"), m_state(state), m_adjust(adjust), m_snapshot(snapshot), m_session(session), m_fonts(fonts), m_out(out)
    {
    }

protected:
    void drawContent() override
    {
        // The tabs above, the last tagging action below (two lines, always in the same place).
        // Below them, who is signed in, with the hand-over for a shared laptop at a screening.
        float statusHeight = m_session ? ImGui::GetTextLineHeightWithSpacing() * 2.2f + ImGui::GetFrameHeightWithSpacing()
                                       : 0.0f;
        ImGui::BeginChild("##side-tabs-area", ImVec2(0, -statusHeight));
        drawTabs();
        ImGui::EndChild();
        if (m_session) {
            ImGui::Separator();
            ImGui::PushStyleColor(ImGuiCol_Text, m_state.statusIsError ? IM_COL32(255, 120, 100, 255) : IM_COL32(150, 220, 150, 255));
            ImGui::TextWrapped("%s", m_state.status.empty() ? "Press a code's key to tag the frame shown." : m_state.status.c_str());
            ImGui::PopStyleColor();
            ImGui::SetCursorPosY(ImGui::GetWindowHeight() - ImGui::GetFrameHeightWithSpacing()
                                 - ImGui::GetStyle().WindowPadding.y);
            ImGui::TextDisabled("Signed in as %s", m_session->coder().c_str());
            ImGui::SameLine();
            if (ImGui::SmallButton("Hand over to the next member"))
                m_out.push_back(cmd::HandOver{});
        }
    }

    void drawTabs()
    {
        if (!ImGui::BeginTabBar("##side-tabs"))
            return;
        if (ImGui::BeginTabItem("Codes")) {
            if (m_session)
                drawCodesTab(*m_session, m_state, m_fonts, m_out);
            else
                ImGui::TextWrapped("Tagging needs an encounter. Open one with\n  bwv-review gui --encounter REF\n"
                                   "(register footage first: bwv-review footage add FILE --encounter REF).");
            ImGui::EndTabItem();
        }
        if (m_session) {
            if (ImGui::BeginTabItem("Tags")) {
                drawTagListTab(*m_session, m_state.tags, m_snapshot, m_fonts, m_out);
                ImGui::EndTabItem();
            }

            // The forms: the encounter's, the member's feedback (and the chair's work).
            if (ImGui::BeginTabItem("Forms")) {
                if (ImGui::BeginTabBar("##forms")) {
                    if (ImGui::BeginTabItem("Encounter")) {
                        drawEncounterFormTab(*m_session, m_state.encounterForm, m_out);
                        ImGui::EndTabItem();
                    }
                    if (ImGui::BeginTabItem("My feedback")) {
                        drawFeedbackFormTab(*m_session, m_state.feedbackForm, m_out);
                        ImGui::EndTabItem();
                    }
                    if (m_session->chairView() && ImGui::BeginTabItem("Chair")) {
                        drawChairTab(*m_session, m_state.chair, m_out);
                        ImGui::EndTabItem();
                    }
                    ImGui::EndTabBar();
                }
                ImGui::EndTabItem();
            }
            // Adjudication once there are two coders to compare (or a reason why not yet).
            if (m_session->disagreements() && ImGui::BeginTabItem("Adjudicate")) {
                drawAdjudicationTab(*m_session, m_state.adjudication, m_fonts, m_out);
                ImGui::EndTabItem();
            }
            if (ImGui::BeginTabItem("Charts")) {
                drawChartsTab(m_state.charts);
                ImGui::EndTabItem();
            }
            if (ImGui::BeginTabItem("Export")) {
                drawExportTab(*m_session, m_state.exports, m_out);
                ImGui::EndTabItem();
            }
            // After the others, so that their places on the tab bar stay where people learnt them.
            if (ImGui::BeginTabItem("Transcript")) {
                drawTranscriptTab(*m_session, m_state.transcript, m_snapshot, m_out);
                ImGui::EndTabItem();
            }
        }
        if (ImGui::BeginTabItem("Picture")) {
            drawPictureTab();
            ImGui::EndTabItem();
        }
        if (m_session && m_session->mayReadAudit() && ImGui::BeginTabItem("Audit")) {
            drawAuditTab(*m_session, m_state.audit, m_out);
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }

    void drawPictureTab()
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
        ImGui::Checkbox("Subtitles from the transcript", &m_state.subtitles);
        ImGui::Separator();
        if (m_session) {
            drawMasksSection(*m_session, m_state.maskTool, m_snapshot, m_out);
            ImGui::Separator();
        }

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
            ImGui::Text("starts at %+.6f s", static_cast<double>(camera.offsetUs) / 1e6);
            if (camera.hasAudio && camera.soundStartsAtS >= media::kLateSoundS)
                ImGui::TextWrapped("sound starts at %s: the video before it is silent", media::clockText(camera.soundStartsAtS).c_str());
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
    TaggingSession* m_session;
    const Fonts& m_fonts;
    CommandSink& m_out;
};

} // namespace

void drawSidePanel(ImVec2 pos, ImVec2 size, SidePanelState& state, PictureAdjust& adjust, const PlayerSnapshot& snapshot,
                   TaggingSession* session, const Fonts& fonts, CommandSink& out)
{
    SidePanel panel(state, adjust, snapshot, session, fonts, out);
    panel.draw(pos, size);
}

} // namespace ui
