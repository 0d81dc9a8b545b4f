#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <optional>

#include "common/result.hpp"

namespace store {

class Database;

// Rolling daily backups beside the database: <folder>/backups/<stem>-YYYY-MM-DD.sqlite,
// written with VACUUM INTO (a consistent copy while others keep working) to a temporary
// name and renamed, so a killed backup never leaves a half copy under the final name.
std::filesystem::path backupFolder(const std::filesystem::path& database);

// The sentence for a damaged database, naming what to restore: "the database is damaged;
// the last good backup is FOLDER/p-2024-05-02.sqlite: close bwv-review and copy it over
// this file" (or that there is none). A backup is only made from a database that reads
// whole (VACUUM INTO), so the newest one is good.
std::string damagedDatabaseText(const std::filesystem::path& database);

// Makes today's backup unless it exists, then keeps only the newest `keep`. Returns the
// new file, or nothing when today's was already there.
common::Result<std::optional<std::filesystem::path>> dailyBackup(
    Database& db, std::chrono::system_clock::time_point now = std::chrono::system_clock::now(), int keep = 7);

} // namespace store
