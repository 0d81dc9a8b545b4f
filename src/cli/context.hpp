#pragma once

#include <string>

#include "common/error.hpp"

namespace cli {

// Options every command accepts before its name (DESIGN.md: `--db PATH`, `--as CODER`),
// and the exit code the chosen command leaves behind.
struct Context {
    std::string databasePath; // empty: the default under the XDG data folder
    std::string coder;        // who is acting; empty: the login name
    int exitCode = 0;
};

// Exit codes of the command-line contract.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitBadInput = 3;

int exitCodeFor(const common::Error& error);

// Prints "bwv-review: error: <context>: <message>" on stderr and returns the exit code.
int reportError(const common::Error& error);

} // namespace cli
