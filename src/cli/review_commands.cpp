#include "cli/commands.hpp"

namespace cli {

void addReviewCommands(CLI::App&, Context&) {}

} // namespace cli
