#pragma once

#include <span>
#include <string>
#include <utility>
#include <vector>

#include "ui/commands.hpp"

namespace ui {

// Keyboard shortcuts (mpv and ELAN habits), in one table that both the dispatcher and
// the help overlay read, so the help always lists every key.
enum Mod : int { kNoMod = 0, kShift = 1, kCtrl = 2, kAlt = 4 };

struct Shortcut {
    int key;              // GLFW key code (ImGui 1.86's IsKeyPressed takes these)
    int mods;             // Mod bits that must be held (and no others)
    bool repeat;          // fires again while held
    const char* keys;     // as shown in the help
    const char* action;   // what it does, in words
};

std::span<const Shortcut> shortcuts();

// A codebook code's hotkey ("Shift+3", "Ctrl+Alt+1", "Alt+G"; codebook.hpp).
struct CodeHotkey {
    int key;
    int mods;
    std::string code;
};
// Codes whose key text cannot be read are left out (the codebook import checks them).
std::vector<CodeHotkey> parseHotkeys(const std::vector<std::pair<std::string, std::string>>& codeKeys);

// Turns this frame's key presses into commands: codebook keys into tags, then the table
// above. `selectedCamera` is the camera that offset nudges apply to. Does nothing while a
// text field has the keyboard.
void dispatchShortcuts(int selectedCamera, std::span<const CodeHotkey> codeKeys, CommandSink& out);

} // namespace ui
