#pragma once

namespace ui {

// The review window (`bwv-review [gui] [FILE...]`) and the demo (`bwv-review demo`).
// Parses the global options and its own, runs until the window closes, returns the
// process exit code.
int run(int argc, char** argv);

} // namespace ui
