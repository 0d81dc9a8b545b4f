#pragma once

#include <CLI/CLI.hpp>

#include "cli/context.hpp"

namespace cli {

// One function per command family, each in its own file. Each adds its subcommands to
// `app`; their callbacks store the exit code in `context.exitCode`.
void addMediaCommands(CLI::App& app, Context& context);  // probe, framehash, frame
void addBenchCommands(CLI::App& app, Context& context);  // bench decode|seek|step|...

} // namespace cli
