#pragma once

#include <string>

#include "common/error.hpp"

namespace cli {

// Options every command accepts before its name (DESIGN.md: `--db PATH`, `--as NAME`,
// `--passphrase-file F`), and the exit code the chosen command leaves behind.
struct Context {
    std::string databasePath;   // empty: the default under the XDG data folder
    std::string person;         // who signs in; empty: the login name
    std::string passphraseFile; // empty: BWV_REVIEW_PASSPHRASE, else the terminal
    int exitCode = 0;
};

// Exit codes of the command-line contract.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitBadInput = 3;
inline constexpr int kExitNotAllowed = 4; // not signed in, or the role does not allow it

int exitCodeFor(const common::Error& error);

// Prints "bwv-review: error: <context>: <message>" on stderr and returns the exit code.
int reportError(const common::Error& error);

} // namespace cli
