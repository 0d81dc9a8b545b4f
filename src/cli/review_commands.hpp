#pragma once

// Shared by the command families of the review layer (footage, encounter, screening,
// codebook, tag, audit; bench store): opening the workspace and reporting.

#include <filesystem>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/context.hpp"
#include "common/result.hpp"
#include "review/workspace.hpp"

namespace cli {

// --db, or the default under the XDG data folder.
std::filesystem::path databasePathOf(const Context& context);

// Opens the database as --as (or the login name); prints a warning when today's
// backup could not be made.
common::Result<review::Workspace> openWorkspace(const Context& context);

// Reports `error` (one line on stderr) and stores its exit code in the context.
void fail(Context& context, const common::Error& error);

// "bwv-review: warning: ..." on stderr.
void warn(const std::string& message);

// Blind coding: warns (one line) when some of `inScope` (encounter references) are blind
// coded with the acting coder's pass open, so what is printed or written carries only
// their own tags there. Says nothing of what others tagged.
common::Status warnBlindEncounters(review::Workspace& ws, const std::vector<std::string>& inScope);

// One CSV field, quoted when needed; text that a spreadsheet would run as a formula
// (= + - @ first) gets a leading apostrophe.
std::string csvField(const std::string& text, bool isText = true);

void addFootageCommands(CLI::App& app, Context& context);    // footage_commands.cpp
void addEncounterCommands(CLI::App& app, Context& context);  // encounter_commands.cpp: encounter, screening
void addCodebookCommands(CLI::App& app, Context& context);   // codebook_commands.cpp
void addTagCommands(CLI::App& app, Context& context);        // tag_commands.cpp: tag, audit

} // namespace cli
