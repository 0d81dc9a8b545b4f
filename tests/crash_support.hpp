#pragma once

// Helpers of the crash tests (command line and window): start a process, SIGKILL it at a
// chosen moment, then check the database it was writing.
#include <chrono>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace crash_support {

// A temporary folder, removed with everything in it at the end of the test.
struct Scratch {
    std::filesystem::path dir;
    Scratch();
    ~Scratch();
};

struct Killed {
    std::string out;
    bool finished = false; // exited on its own before the kill
    int exitCode = -1;
};

// Starts argv, sends SIGKILL after `delay` (unless it ended), returns what it printed.
// With `afterFirstLine`, the delay starts when it has printed its first line (so the
// kill lands in its work, however slow its start-up is on this machine).
Killed runAndKill(const std::vector<std::string>& argv, std::chrono::microseconds delay, bool afterFirstLine = false);

// PRAGMA integrity_check's verdict ("ok" when sound).
std::string integrityCheck(const std::filesystem::path& db);

// UUIDs of every tag in the database (bwv-review tag list --format json).
std::set<std::string> storedTags(const std::filesystem::path& db);

// The UUIDs printed as saved: whole lines only (a line cut by the kill was not shown).
std::vector<std::string> printedUuids(const std::string& out);

} // namespace crash_support
