#include "cli/commands.hpp"

namespace cli {

void addPlayBench(CLI::App&, Context&) {}

} // namespace cli
