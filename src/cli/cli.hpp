#pragma once

namespace cli {

// True when the first word after the global options names a command-line command
// (probe, framehash, ...); otherwise main() opens the window.
bool handles(int argc, char** argv);

// Parses and runs one command; returns the process exit code (0 ok, 1 failed,
// 2 usage, 3 unreadable or unsupported input).
int run(int argc, char** argv);

} // namespace cli
