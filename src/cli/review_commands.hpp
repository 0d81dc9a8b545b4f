#pragma once

// Shared by the command families of the review layer (footage, encounter, screening,
// codebook, tag, audit; bench store): opening the workspace and reporting.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/context.hpp"
#include "common/result.hpp"
#include "review/workspace.hpp"

namespace cli {

// --db, or the default under the XDG data folder.
std::filesystem::path databasePathOf(const Context& context);

// Opens the database and signs in as --as (or the login name) with the passphrase from
// --passphrase-file, BWV_REVIEW_PASSPHRASE or the terminal (sign_in.cpp); prints a warning
// when today's backup could not be made.
common::Result<review::Workspace> openWorkspace(const Context& context);

// A passphrase for `person`: --passphrase-file, else BWV_REVIEW_PASSPHRASE, else asked at
// the terminal without echo (twice when `confirm`). NotAllowed when none can be had.
common::Result<std::string> passphraseFor(const Context& context, const std::string& person, bool confirm = false);
// A new passphrase for someone else: from `file` when given, else asked at the terminal
// twice; empty when there is no terminal and no file.
common::Result<std::optional<std::string>> newPassphraseFor(const std::string& file, const std::string& person);
// --as, or the login name.
std::string personOf(const Context& context);

// A new scratch database (benchmarks) signed in as `name`, who holds every role.
common::Result<review::Workspace> openScratchWorkspace(const std::filesystem::path& file, const std::string& name);

// Reports `error` (one line on stderr) and stores its exit code in the context.
void fail(Context& context, const common::Error& error);

// Prints JSON (two-space indent) on stdout; text that is not UTF-8 is replaced, never thrown.
void printJson(const nlohmann::json& value);

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
