// The sign-in screen: pick your name, type your passphrase. Shown over the whole window
// until someone signs in, and again after "Hand over to the next member".
#include <imgui.h>
#include <imgui_stdlib.h> // after imgui.h: it needs IMGUI_API

#include "ui/panels/panels.hpp"

namespace ui {

void drawSignInPanel(ImVec2 size, SignInPanelState& state, const std::vector<std::string>& names,
                     const std::string& problem, const Fonts& fonts, CommandSink& out)
{
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(size);
    ImGui::Begin("##sign-in", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    const float width = std::min(size.x - 40.0f, 520.0f * fonts.scale);
    ImGui::SetCursorPos(ImVec2((size.x - width) / 2, size.y * 0.15f));
    ImGui::BeginGroup();
    ImGui::PushFont(fonts.large);
    ImGui::TextUnformatted("Sign in to review");
    ImGui::PopFont();
    ImGui::Spacing();
    if (names.empty()) {
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
        ImGui::TextWrapped("%s", problem.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndGroup();
        ImGui::End();
        return;
    }
    ImGui::TextUnformatted("Your name");
    // Plain rows in this window, not a child list: a child window would take the keyboard
    // focus and the passphrase typed next would go nowhere.
    for (int i = 0; i < static_cast<int>(names.size()); ++i)
        if (ImGui::Selectable(names[static_cast<size_t>(i)].c_str(), state.selected == i, 0, ImVec2(width, 0)))
            state.selected = i;
    ImGui::Spacing();
    ImGui::TextUnformatted("Passphrase (click here, type it, press Enter)");
    ImGui::SetNextItemWidth(width);
    const bool entered = ImGui::InputText("##passphrase", &state.passphrase,
                                          ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::Spacing();
    const bool ready = state.selected >= 0 && state.selected < static_cast<int>(names.size()) && !state.passphrase.empty();
    ImGui::BeginDisabled(!ready);
    const bool clicked = ImGui::Button("Sign in", ImVec2(width, 0));
    ImGui::EndDisabled();
    if (ready && (entered || clicked)) {
        out.push_back(cmd::SignIn{names[static_cast<size_t>(state.selected)], state.passphrase});
        state.passphrase.assign(state.passphrase.size(), '\0'); // wipe what was typed
        state.passphrase.clear();
    }
    if (!problem.empty()) {
        ImGui::Spacing();
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
        ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(0xff, 0x80, 0x70, 0xff));
        ImGui::TextWrapped("Not signed in: %s.", problem.c_str());
        ImGui::PopStyleColor();
        ImGui::PopTextWrapPos();
    }
    ImGui::EndGroup();
    ImGui::End();
}

} // namespace ui
