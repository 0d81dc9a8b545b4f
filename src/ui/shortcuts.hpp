#pragma once

#include <span>

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

// Turns this frame's key presses into commands. `selectedCamera` is the camera that
// offset nudges apply to. Does nothing while a text field has the keyboard.
void dispatchShortcuts(int selectedCamera, CommandSink& out);

} // namespace ui
