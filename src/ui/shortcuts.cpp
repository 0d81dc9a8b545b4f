#include "ui/shortcuts.hpp"

#include <algorithm>

#include <GLFW/glfw3.h>
#include <imgui.h>

#include "ui/script.hpp"

namespace ui {
namespace {

// Index into the table = what dispatch does (see commandFor()).
constexpr Shortcut kShortcuts[] = {
    {GLFW_KEY_SPACE, kNoMod, false, "Space", "Play / pause"},
    {GLFW_KEY_K, kNoMod, false, "K", "Pause (shuttle stop)"},
    {GLFW_KEY_L, kNoMod, false, "L", "Play forward; again: faster"},
    {GLFW_KEY_J, kNoMod, false, "J", "Play backward; again: faster"},
    {GLFW_KEY_RIGHT, kNoMod, true, "Right", "Next frame (hold to repeat)"},
    {GLFW_KEY_LEFT, kNoMod, true, "Left", "Previous frame (hold to repeat)"},
    {GLFW_KEY_PERIOD, kNoMod, true, ".", "Next frame"},
    {GLFW_KEY_COMMA, kNoMod, true, ",", "Previous frame"},
    {GLFW_KEY_RIGHT, kShift, true, "Shift+Right", "Forward 5 s"},
    {GLFW_KEY_LEFT, kShift, true, "Shift+Left", "Back 5 s"},
    {GLFW_KEY_UP, kNoMod, true, "Up", "Forward 1 min"},
    {GLFW_KEY_DOWN, kNoMod, true, "Down", "Back 1 min"},
    {GLFW_KEY_HOME, kNoMod, false, "Home", "First frame"},
    {GLFW_KEY_END, kNoMod, false, "End", "Last frame"},
    {GLFW_KEY_RIGHT_BRACKET, kNoMod, false, "]", "Faster (0.1x .. 16x)"},
    {GLFW_KEY_LEFT_BRACKET, kNoMod, false, "[", "Slower"},
    {GLFW_KEY_BACKSPACE, kNoMod, false, "Backspace", "Normal speed (1x)"},
    {GLFW_KEY_M, kNoMod, false, "M", "Mute / unmute"},
    {GLFW_KEY_G, kCtrl, false, "Ctrl+G", "Go to frame number or time"},
    {GLFW_KEY_EQUAL, kNoMod, true, "+ / wheel", "Zoom in"},
    {GLFW_KEY_MINUS, kNoMod, true, "- / wheel", "Zoom out"},
    {GLFW_KEY_F, kNoMod, false, "F", "Fit picture to window"},
    {GLFW_KEY_F, kShift, false, "Shift+F", "Picture at 1:1 pixels"},
    {GLFW_KEY_R, kNoMod, false, "R", "Reset exposure, contrast, gamma"},
    {GLFW_KEY_TAB, kNoMod, false, "Tab", "Select next camera"},
    {GLFW_KEY_RIGHT, kAlt, true, "Alt+Right", "Selected camera one frame later"},
    {GLFW_KEY_LEFT, kAlt, true, "Alt+Left", "Selected camera one frame earlier"},
    {GLFW_KEY_A, kNoMod, false, "A", "Sound from the selected camera"},
    {GLFW_KEY_O, kCtrl, false, "Ctrl+O", "Open footage (file browser)"},
    {GLFW_KEY_F1, kNoMod, false, "F1 / ?", "This help"},
    {GLFW_KEY_ESCAPE, kNoMod, false, "Esc", "Close help, browser, dialogs"},
    {GLFW_KEY_Q, kCtrl, false, "Ctrl+Q", "Quit"},
    {GLFW_KEY_Z, kCtrl, true, "Ctrl+Z", "Undo the last tag change"},
    {GLFW_KEY_Z, kCtrl | kShift, true, "Ctrl+Shift+Z", "Redo"},
    {GLFW_KEY_Y, kCtrl, true, "Ctrl+Y", "Redo"},
    {GLFW_KEY_S, kNoMod, false, "S", "Subject of the next tags: officer, person, other officer, bystander, none"},
    {GLFW_KEY_I, kNoMod, false, "I", "Intensity of the next tags: 1, 2, 3, none"},
};

Command commandFor(int index, int selectedCamera)
{
    switch (index) {
    case 0: return cmd::TogglePlay{};
    case 1: return cmd::Pause{};
    case 2: return cmd::ShuttleForward{};
    case 3: return cmd::ShuttleBackward{};
    case 4: case 6: return cmd::Step{1};
    case 5: case 7: return cmd::Step{-1};
    case 8: return cmd::JumpBy{5000000};
    case 9: return cmd::JumpBy{-5000000};
    case 10: return cmd::JumpBy{60000000};
    case 11: return cmd::JumpBy{-60000000};
    case 12: return cmd::GoToStart{};
    case 13: return cmd::GoToEnd{};
    case 14: return cmd::Faster{};
    case 15: return cmd::Slower{};
    case 16: return cmd::SetSpeed{1.0};
    case 17: return cmd::ToggleMute{};
    case 18: return cmd::OpenGoTo{};
    case 19: return cmd::ZoomBy{1.25f};
    case 20: return cmd::ZoomBy{0.8f};
    case 21: return cmd::ZoomFit{};
    case 22: return cmd::ZoomOneToOne{};
    case 23: return cmd::ResetPicture{};
    case 24: return cmd::NextCamera{};
    case 25: return cmd::NudgeOffset{selectedCamera, 1};
    case 26: return cmd::NudgeOffset{selectedCamera, -1};
    case 27: return cmd::SetSoundCamera{selectedCamera};
    case 28: return cmd::ToggleBrowser{};
    case 29: return cmd::ToggleHelp{};
    case 30: return cmd::CloseOverlays{};
    case 31: return cmd::Quit{};
    case 32: return cmd::Undo{};
    case 33: case 34: return cmd::Redo{};
    case 35: return cmd::CycleSubject{};
    default: return cmd::CycleIntensity{};
    }
}

} // namespace

std::span<const Shortcut> shortcuts()
{
    return kShortcuts;
}

std::vector<CodeHotkey> parseHotkeys(const std::vector<std::pair<std::string, std::string>>& codeKeys)
{
    std::vector<CodeHotkey> result;
    for (const auto& [code, text] : codeKeys) {
        int mods = kNoMod;
        int key = keyFromName(text, mods);
        if (key >= 0)
            result.push_back({key, mods, code});
    }
    return result;
}

void dispatchShortcuts(int selectedCamera, std::span<const CodeHotkey> codeKeys, CommandSink& out)
{
    ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput)
        return;
    int mods = (io.KeyShift ? kShift : 0) | (io.KeyCtrl ? kCtrl : 0) | (io.KeyAlt ? kAlt : 0);
    // Codebook keys first: a code's key is never also a transport key in the same frame.
    bool tagged = false;
    for (const CodeHotkey& h : codeKeys)
        if (h.mods == mods && ImGui::IsKeyPressed(h.key, false)) {
            out.push_back(cmd::Tag{h.code});
            tagged = true;
        }
    int index = 0;
    for (const Shortcut& s : kShortcuts) {
        if (s.mods == mods && ImGui::IsKeyPressed(s.key, s.repeat)) {
            bool taken = tagged && std::any_of(codeKeys.begin(), codeKeys.end(), [&](const CodeHotkey& h) {
                return h.key == s.key && h.mods == s.mods;
            });
            if (!taken)
                out.push_back(commandFor(index, selectedCamera));
        }
        ++index;
    }
    // '?' is a character (Shift+/ on most layouts): read it from the text queue.
    for (ImWchar c : io.InputQueueCharacters)
        if (c == '?')
            out.push_back(cmd::ToggleHelp{});
        else if (c == '+')
            out.push_back(cmd::ZoomBy{1.25f});
    // Keypad plus/minus for zoom too.
    if (mods == kNoMod && ImGui::IsKeyPressed(GLFW_KEY_KP_ADD, true))
        out.push_back(cmd::ZoomBy{1.25f});
    if (mods == kNoMod && ImGui::IsKeyPressed(GLFW_KEY_KP_SUBTRACT, true))
        out.push_back(cmd::ZoomBy{0.8f});
}

} // namespace ui
