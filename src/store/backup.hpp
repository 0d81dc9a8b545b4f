#pragma once

#include <chrono>
#include <filesystem>
#include <optional>

#include "common/result.hpp"

namespace store {

class Database;

// Rolling daily backups beside the database: <folder>/backups/<stem>-YYYY-MM-DD.sqlite,
// written with VACUUM INTO (a consistent copy while others keep working) to a temporary
// name and renamed, so a killed backup never leaves a half copy under the final name.
std::filesystem::path backupFolder(const std::filesystem::path& database);

// Makes today's backup unless it exists, then keeps only the newest `keep`. Returns the
// new file, or nothing when today's was already there.
common::Result<std::optional<std::filesystem::path>> dailyBackup(
    Database& db, std::chrono::system_clock::time_point now = std::chrono::system_clock::now(), int keep = 7);

} // namespace store
