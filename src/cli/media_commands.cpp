#include "cli/commands.hpp"

namespace cli {
void addMediaCommands(CLI::App&, Context&) {}
} // namespace cli
