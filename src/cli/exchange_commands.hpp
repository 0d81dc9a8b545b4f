#pragma once

// Families added by addExchangeCommands (exchange_commands.cpp) besides export and import.

#include <CLI/CLI.hpp>

#include "cli/context.hpp"

namespace cli {

void addSummaryCommands(CLI::App& app, Context& context); // stats summary (summary_commands.cpp)
void addExportBench(CLI::App& app, Context& context);     // bench export (export_bench_commands.cpp)

} // namespace cli
