#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace ui {

// The headless harness's input script (`bwv-review gui --script FILE`). One event per
// line, `SECONDS ACTION [ARGS]`, `#` starts a comment. SECONDS count from the moment the
// first video frame is on screen (or the window opened, when nothing is opened), so
// scripts do not depend on how long a file takes to open.
//
//   key NAME          press and release (NAME: Space, Right, shift+Left, ctrl+o, F1, j, ], ...)
//   keydown NAME      hold (repeats like a held key) ... keyup NAME
//   text STRING       typed characters (the rest of the line)
//   move X Y          mouse to window coordinates (logical pixels, top left origin)
//   down X Y / up X Y mouse button 1 at X Y
//   click X Y         move there, then down and up on the next frames
//   wheel DY          vertical wheel steps at the mouse position
//   drop FILE...      files dropped on the window (opened as the cameras of one encounter)
//   mark NAME         when the player has settled, record frame, time and the texture hash
//   screenshot PATH   save a PNG of the window now
//   quit              end the run (the final screenshot and stats are written)
struct ScriptEvent {
    double atSeconds = 0;
    std::string action;
    std::vector<std::string> args;
    std::string rest;   // everything after the action, for `text`
};

common::Result<std::vector<ScriptEvent>> loadScript(const std::filesystem::path& path);

// GLFW key code for a key name ("Space", "Right", "a", "F1", "]"...), -1 if unknown.
// `mods` gets the Mod bits of "shift+", "ctrl+", "alt+" prefixes.
int keyFromName(const std::string& name, int& mods);

} // namespace ui
