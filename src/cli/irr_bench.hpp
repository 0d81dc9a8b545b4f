#pragma once

// `bench irr`: speed of the reliability code, on synthetic timed tags (per-code
// reliability of an encounter) or, with --matrix-units, on a synthetic ratings matrix
// (every `stats irr --matrix` method). Registered by analysis_commands.cpp under `bench`.

#include <CLI/CLI.hpp>

#include "cli/context.hpp"

namespace cli {

void addIrrBench(CLI::App& bench, Context& context);

} // namespace cli
