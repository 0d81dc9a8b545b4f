#pragma once

#include <CLI/CLI.hpp>

#include "cli/context.hpp"

namespace cli {

// One function per command family, each in its own file (<family>_commands.cpp). Each
// adds its subcommands to `app`; their callbacks store the exit code in
// `context.exitCode`. Every command is documented in README.md with an example.

void addMediaCommands(CLI::App& app, Context& context);     // probe, framehash, frame
void addBenchCommands(CLI::App& app, Context& context);     // bench: creates the `bench` command,
                                                            // adds decode|seek|step, then calls:
void addStoreBench(CLI::App& bench, Context& context);      //   bench store    (store_commands.cpp)
void addPlayBench(CLI::App& bench, Context& context);       //   bench play     (player_commands.cpp)
void addTranscriptBench(CLI::App& bench, Context& context); // bench transcript (transcript_bench_commands.cpp)
void addReviewCommands(CLI::App& app, Context& context);    // footage, encounter, screening,
                                                            // codebook, tag, audit
void addChairCommands(CLI::App& app, Context& context);     // chair, police-action
void addAnalysisCommands(CLI::App& app, Context& context);  // stats, then calls:
void addConfusionCommand(CLI::App& stats, Context& context); //   stats confusion (confusion_commands.cpp)
void addExchangeCommands(CLI::App& app, Context& context);  // export, import
void addAdjudicationCommands(CLI::App& app, Context& context); // blind, adjudicate
void addPeopleCommands(CLI::App& app, Context& context);    // init, person, audit, retention
void addFeedbackCommands(CLI::App& app, Context& context);  // feedback set | submit | show
void addTranscriptAndMaskCommands(CLI::App& app, Context& context); // transcript, mask

// --force on every command that writes a file a person names (common/output_file.hpp).
inline CLI::Option* addForceFlag(CLI::App* cmd, bool& force)
{
    return cmd->add_flag("--force", force,
                         "Replace the output file if it exists (never the database, its backups or footage)");
}

} // namespace cli
