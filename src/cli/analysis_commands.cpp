#include "cli/commands.hpp"

namespace cli {

void addAnalysisCommands(CLI::App&, Context&) {}

} // namespace cli
