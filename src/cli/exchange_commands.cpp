#include "cli/commands.hpp"

namespace cli {

void addExchangeCommands(CLI::App&, Context&) {}

} // namespace cli
