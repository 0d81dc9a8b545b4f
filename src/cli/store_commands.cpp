#include "cli/commands.hpp"

namespace cli {

void addStoreBench(CLI::App&, Context&) {}

} // namespace cli
