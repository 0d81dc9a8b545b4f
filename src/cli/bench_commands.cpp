#include "cli/commands.hpp"

namespace cli {
void addBenchCommands(CLI::App&, Context&) {}
} // namespace cli
