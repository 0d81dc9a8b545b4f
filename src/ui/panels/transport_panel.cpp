#include "ui/panels/panels.hpp"

#include <cstdio>

#include "player/speed.hpp"
#include "ui/panel.hpp"
#include "ui/time_format.hpp"

namespace ui {
namespace {

class TransportPanel : public Panel {
public:
    TransportPanel(const PlayerSnapshot& snapshot, const Fonts& fonts, CommandSink& out)
        : Panel("##transport"), m_snapshot(snapshot), m_fonts(fonts), m_out(out)
    {
    }

protected:
    void drawContent() override
    {
        const PlayerSnapshot& s = m_snapshot;
        ImGui::BeginDisabled(!s.hasFootage);
        auto button = [&](const char* label, const char* tip, Command command) {
            if (ImGui::Button(label))
                m_out.push_back(std::move(command));
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("%s", tip);
            ImGui::SameLine();
        };
        button("|<", "First frame (Home)", cmd::GoToStart{});
        button("<<", "Back 5 s (Shift+Left)", cmd::JumpBy{-5000000});
        button("<", "Previous frame (Left)", cmd::Step{-1});
        button(s.playing ? "Pause" : "Play", "Play / pause (Space)", cmd::TogglePlay{});
        button(">", "Next frame (Right)", cmd::Step{1});
        button(">>", "Forward 5 s (Shift+Right)", cmd::JumpBy{5000000});
        button(">|", "Last frame (End)", cmd::GoToEnd{});
        ImGui::TextUnformatted("Speed");
        ImGui::SameLine();
        button("-##speed", "Slower ([)", cmd::Slower{});
        std::string speed = (s.direction < 0 ? "-" : "") + player::speedLabel(s.speed);
        ImGui::PushFont(m_fonts.mono);
        ImGui::Text("%6s", speed.c_str());
        ImGui::PopFont();
        ImGui::SameLine();
        button("+##speed", "Faster (])", cmd::Faster{});
        button(s.muted ? "Unmute" : "Mute", "Mute (M)", cmd::ToggleMute{});
        ImGui::EndDisabled();
        if (ImGui::Button("Open..."))
            m_out.push_back(cmd::ToggleBrowser{});
        ImGui::SameLine();
        if (ImGui::Button("Help (F1)"))
            m_out.push_back(cmd::ToggleHelp{});

        // Always visible: frame number, media time, the camera's wall-clock time.
        ImGui::PushFont(m_fonts.mono);
        if (!s.cameras.empty()) {
            const CameraSnapshot& c = s.cameras.front();
            ImGui::Text("Frame %lld / %lld   %s / %s", static_cast<long long>(c.frame), static_cast<long long>(c.frameCount),
                        formatMediaTime(c.mediaUs).c_str(), formatMediaTime(c.durationUs).c_str());
            ImGui::SameLine();
            if (c.wallClock)
                ImGui::Text("  Camera clock %s", c.wallClock->c_str());
            else
                ImGui::TextDisabled("  Camera clock: not recorded in the file");
            ImGui::SameLine();
            const char* sound = s.muted ? "muted" : s.soundPlaying ? "sound" : (s.soundCamera < 0 ? "no audio" : "silent");
            ImGui::TextDisabled("  [%s, %s clock]", sound, s.clockSource.c_str());
        } else {
            ImGui::TextDisabled("No footage open: Ctrl+O, drop files on the window, or give them on the command line.");
        }
        ImGui::PopFont();
    }

private:
    const PlayerSnapshot& m_snapshot;
    const Fonts& m_fonts;
    CommandSink& m_out;
};

} // namespace

void drawTransportPanel(ImVec2 pos, ImVec2 size, const PlayerSnapshot& snapshot, const Fonts& fonts, CommandSink& out)
{
    TransportPanel panel(snapshot, fonts, out);
    panel.draw(pos, size);
}

} // namespace ui
