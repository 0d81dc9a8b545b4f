#include "cli/commands.hpp"

namespace cli {

void addBenchCommands(CLI::App& app, Context& context)
{
    CLI::App* bench = app.add_subcommand("bench", "Measure speed and memory (prints figures)");
    bench->require_subcommand(1);
    addStoreBench(*bench, context);
    addPlayBench(*bench, context);
}

} // namespace cli
