#include "store/backup.hpp"

#include <algorithm>
#include <ctime>
#include <string>
#include <system_error>
#include <vector>

#include <unistd.h>

#include "common/output_file.hpp"
#include "store/database.hpp"

namespace store {

std::filesystem::path backupFolder(const std::filesystem::path& database)
{
    return database.parent_path() / "backups";
}

namespace {

std::string dayOf(std::chrono::system_clock::time_point now)
{
    std::time_t t = std::chrono::system_clock::to_time_t(now);
    std::tm local{};
    localtime_r(&t, &local);
    char day[16];
    std::strftime(day, sizeof day, "%Y-%m-%d", &local);
    return day;
}

// "<stem>-YYYY-MM-DD.sqlite"
bool isBackupName(const std::string& name, const std::string& stem)
{
    const std::string suffix = ".sqlite";
    if (name.size() != stem.size() + 1 + 10 + suffix.size() || name.rfind(stem + "-", 0) != 0)
        return false;
    if (name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
        return false;
    std::string day = name.substr(stem.size() + 1, 10);
    for (size_t i = 0; i < day.size(); ++i) {
        bool dash = i == 4 || i == 7;
        if (dash ? day[i] != '-' : (day[i] < '0' || day[i] > '9'))
            return false;
    }
    return true;
}

} // namespace

std::string damagedDatabaseText(const std::filesystem::path& database)
{
    const std::filesystem::path folder = backupFolder(database);
    const std::string stem = database.stem().string();
    std::filesystem::path newest;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec))
        if (isBackupName(entry.path().filename().string(), stem) && entry.path() > newest)
            newest = entry.path();
    if (newest.empty())
        return "the database is damaged, and there is no backup of it in " + folder.string()
               + ": ask whoever looks after this computer to restore the file";
    return "the database is damaged; the last good backup is " + newest.string()
           + ": close bwv-review and copy it over this file";
}

common::Result<std::optional<std::filesystem::path>> dailyBackup(Database& db, std::chrono::system_clock::time_point now,
                                                                  int keep)
{
    const std::filesystem::path folder = backupFolder(db.path());
    const std::string stem = db.path().stem().string();
    const std::filesystem::path target = folder / (stem + "-" + dayOf(now) + ".sqlite");
    std::error_code ec;
    if (std::filesystem::exists(target, ec))
        return std::optional<std::filesystem::path>();
    std::filesystem::create_directories(folder, ec);
    if (ec)
        return common::makeError(common::ErrorCode::Io, "cannot create the backups folder: " + ec.message(),
                                 folder.string());

    const std::filesystem::path temporary = folder / (target.filename().string() + ".tmp-" + std::to_string(getpid()));
    std::filesystem::remove(temporary, ec);
    auto vacuum = db.prepare("VACUUM INTO ?");
    if (!vacuum)
        return vacuum.error();
    vacuum->bind(1, temporary.string());
    if (auto done = vacuum->run(); !done) {
        std::filesystem::remove(temporary, ec);
        return common::makeError(done.error().code, "the daily backup failed: " + done.error().message,
                                 target.string());
    }
    // Synced, and never over a backup another process made meanwhile.
    if (auto placed = common::moveIntoPlace(temporary, target, {}); !placed) {
        if (std::filesystem::exists(target, ec))
            return std::optional<std::filesystem::path>();
        return common::makeError(common::ErrorCode::Io, "the daily backup could not be saved: " + placed.error().message,
                                 target.string());
    }

    // Keep the newest `keep` (names sort by day); drop temporaries left by killed runs.
    std::vector<std::filesystem::path> backups;
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
        std::string name = entry.path().filename().string();
        if (isBackupName(name, stem)) {
            backups.push_back(entry.path());
        } else if (name.rfind(stem + "-", 0) == 0 && name.find(".sqlite.tmp-") != std::string::npos) {
            auto age = std::filesystem::file_time_type::clock::now() - std::filesystem::last_write_time(entry.path(), ec);
            if (!ec && age > std::chrono::hours(1))
                std::filesystem::remove(entry.path(), ec);
        }
    }
    std::sort(backups.begin(), backups.end());
    for (size_t i = 0; i + static_cast<size_t>(keep) < backups.size(); ++i)
        std::filesystem::remove(backups[i], ec);
    return std::optional<std::filesystem::path>(target);
}

} // namespace store
