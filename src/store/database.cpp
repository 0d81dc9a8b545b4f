#include "store/database.hpp"

#include <cstdio>
#include <filesystem>
#include <random>
#include <thread>
#include <utility>

#include <sqlite3.h>
#include <unistd.h>

#include "common/output_file.hpp"
#include "store/backup.hpp"
#include "store/migrations.hpp"
#include "store/sqlite_error.hpp"

namespace store {
namespace {

using Clock = std::chrono::steady_clock;

// Runs `attempt` until it returns something other than BUSY/LOCKED or `patience` is spent.
// SQLite's busy handler already waits inside most calls; WAL can still answer BUSY at
// once (recovery, a reader holding an old snapshot), which is what this covers.
template <typename F>
int retryWhileBusy(std::chrono::milliseconds patience, F&& attempt)
{
    thread_local std::minstd_rand jitter{std::random_device{}()};
    const auto deadline = Clock::now() + patience;
    for (;;) {
        int rc = attempt();
        if (!isBusy(rc) || Clock::now() >= deadline)
            return rc;
        std::this_thread::sleep_for(std::chrono::microseconds(500 + jitter() % 4000));
    }
}

} // namespace

// ---- Transaction ----

Transaction::Transaction(Transaction&& other) noexcept : m_db(std::exchange(other.m_db, nullptr)) {}

Transaction::~Transaction()
{
    if (m_db && m_db->inTransaction())
        sqlite3_exec(m_db->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

common::Status Transaction::commit()
{
    if (!m_db)
        return common::makeError(common::ErrorCode::Internal, "commit without a transaction");
    Database* db = std::exchange(m_db, nullptr);
    int rc = retryWhileBusy(std::chrono::milliseconds(30000),
                            [&] { return sqlite3_exec(db->handle(), "COMMIT", nullptr, nullptr, nullptr); });
    if (rc != SQLITE_OK) {
        common::Error error = db->error(rc);
        if (db->inTransaction())
            sqlite3_exec(db->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
        return error;
    }
    return {};
}

// ---- Database ----

Database::Database(sqlite3* db, std::filesystem::path path, std::chrono::milliseconds busyTimeout)
    : m_db(db), m_path(std::move(path)), m_busyTimeout(busyTimeout)
{
}

Database::Database(Database&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr)),
      m_path(std::move(other.m_path)),
      m_busyTimeout(other.m_busyTimeout),
      m_cache(std::move(other.m_cache)),
      m_backupProblem(std::move(other.m_backupProblem))
{
    other.m_cache.clear();
}

Database& Database::operator=(Database&& other) noexcept
{
    if (this != &other) {
        close();
        m_db = std::exchange(other.m_db, nullptr);
        m_path = std::move(other.m_path);
        m_busyTimeout = other.m_busyTimeout;
        m_cache = std::move(other.m_cache);
        other.m_cache.clear();
        m_backupProblem = std::move(other.m_backupProblem);
    }
    return *this;
}

Database::~Database() { close(); }

void Database::close()
{
    for (auto& [sql, stmt] : m_cache)
        sqlite3_finalize(stmt);
    m_cache.clear();
    if (m_db) {
        sqlite3_close_v2(m_db);
        m_db = nullptr;
    }
}

common::Error Database::error(int rc, std::source_location where) const
{
    return sqliteError(m_db, rc, m_path.string(), where);
}

namespace {

// The database and its WAL hold everything a panel knows: only their owner may read them
// (0600), also when they were made by an older bwv-review or copied in with other modes.
void keepPrivate(const std::filesystem::path& path)
{
    using std::filesystem::perms;
    for (const char* suffix : {"", "-wal", "-shm"}) {
        std::error_code ec;
        const std::filesystem::path file = path.string() + suffix;
        auto status = std::filesystem::status(file, ec);
        if (ec || !std::filesystem::is_regular_file(status))
            continue;
        if ((status.permissions() & (perms::group_all | perms::others_all)) != perms::none)
            std::filesystem::permissions(file, perms::group_all | perms::others_all, std::filesystem::perm_options::remove,
                                         ec);
    }
}

} // namespace

namespace {

std::filesystem::path folderOf(const std::filesystem::path& file)
{
    return file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path();
}

// A file name as the path of an SQLite URI: '%', '?' and '#' and bytes outside ASCII escaped.
std::string uriPath(const std::string& file)
{
    std::string out;
    for (unsigned char c : file) {
        if (c == '%' || c == '?' || c == '#' || c < 0x21 || c > 0x7e) {
            char escaped[4];
            std::snprintf(escaped, sizeof escaped, "%%%02X", c);
            out += escaped;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

} // namespace

common::Result<Database> Database::open(const std::filesystem::path& path, const OpenOptions& options)
{
    int flags = options.readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    flags |= SQLITE_OPEN_NOMUTEX;
    sqlite3* handle = nullptr;
    // Reading a WAL database needs its -shm beside it, which a read-only folder cannot
    // hold. With no -wal there (closed cleanly) the file alone is the whole database and
    // may be opened as immutable.
    std::string name = path.string();
    std::error_code ec;
    if (options.readOnly && ::access(folderOf(path).c_str(), W_OK) != 0
        && !std::filesystem::exists(std::filesystem::path(name + "-wal"), ec)) {
        name = "file:" + uriPath(std::filesystem::absolute(path, ec).string()) + "?immutable=1";
        flags |= SQLITE_OPEN_URI;
    }
    int rc = sqlite3_open_v2(name.c_str(), &handle, flags, nullptr);
    Database db(handle, path, options.busyTimeout);
    if (rc != SQLITE_OK)
        return db.error(rc);
    // No output of this process may land on the database, its companions or backups.
    common::protectDatabase(path, backupFolder(path));
    sqlite3_extended_result_codes(handle, 1);
    sqlite3_busy_timeout(handle, static_cast<int>(options.busyTimeout.count()));

    // WAL: readers never block the writer, and the window and the CLI can share the file.
    // Switching needs a moment alone with the file, hence the retry.
    if (!options.readOnly) {
        rc = retryWhileBusy(options.busyTimeout, [&] {
            return sqlite3_exec(handle, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr);
        });
        if (rc != SQLITE_OK)
            return db.error(rc);
    }
    // secure_delete: what is deleted or overwritten (sealing a database's old plain text,
    // retention) is zeroed in the file, not left in free pages.
    if (auto done = db.exec("PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL; PRAGMA secure_delete=ON;"); !done)
        return done.error();
    if (!options.readOnly)
        keepPrivate(path);

    if (options.quickCheck) {
        auto check = db.prepare("PRAGMA quick_check(1)");
        if (!check)
            return check.error();
        auto row = check->step();
        if (!row)
            return row.error();
        std::string verdict = *row ? check->getText(0) : "no answer";
        if (verdict != "ok")
            return common::makeError(common::ErrorCode::Corrupt, damagedDatabaseText(path), path.string());
    }

    auto version = db.userVersion();
    if (!version)
        return version.error();
    if (*version > latestSchemaVersion())
        return migrate(db).error(); // the refusal, in its words

    if (!options.readOnly && options.dailyBackup && *version > 0) {
        auto backup = dailyBackup(db);
        if (!backup)
            db.m_backupProblem = backup.error().describe();
    }
    if (!options.readOnly && options.migrate) {
        if (auto done = migrate(db); !done)
            return done.error();
    }
    return db;
}

common::Result<Statement> Database::prepare(std::string_view sql)
{
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(m_db, sql.data(), static_cast<int>(sql.size()), 0, &stmt, nullptr);
    if (rc != SQLITE_OK)
        return error(rc);
    return Statement(m_db, stmt, true, m_path.string());
}

common::Result<Statement> Database::cached(const std::string& sql)
{
    auto found = m_cache.find(sql);
    if (found == m_cache.end()) {
        sqlite3_stmt* stmt = nullptr;
        int rc = sqlite3_prepare_v3(m_db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                                    nullptr);
        if (rc != SQLITE_OK)
            return error(rc);
        found = m_cache.emplace(sql, stmt).first;
    }
    return Statement(m_db, found->second, false, m_path.string());
}

common::Status Database::exec(std::string_view sql)
{
    std::string text(sql);
    int rc = sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK)
        return error(rc);
    return {};
}

common::Result<Transaction> Database::beginWrite()
{
    int rc = retryWhileBusy(m_busyTimeout * 3, [&] {
        return sqlite3_exec(m_db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    });
    if (rc != SQLITE_OK)
        return error(rc);
    return Transaction(this);
}

bool Database::inTransaction() const { return m_db && !sqlite3_get_autocommit(m_db); }

int64_t Database::lastInsertRowid() const { return sqlite3_last_insert_rowid(m_db); }

int Database::changes() const { return sqlite3_changes(m_db); }

common::Status Database::checkpoint() { return exec("PRAGMA wal_checkpoint(TRUNCATE)"); }

common::Result<int64_t> Database::dataVersion()
{
    auto version = cached("PRAGMA data_version");
    if (!version)
        return version.error();
    auto row = version->step();
    if (!row)
        return row.error();
    const int64_t value = *row ? version->getInt(0) : 0;
    version->reset();
    return value;
}

common::Result<int> Database::userVersion()
{
    auto stmt = prepare("PRAGMA user_version");
    if (!stmt)
        return stmt.error();
    auto row = stmt->step();
    if (!row)
        return row.error();
    return *row ? static_cast<int>(stmt->getInt(0)) : 0;
}

common::Result<std::string> Database::integrityCheck()
{
    auto stmt = prepare("PRAGMA integrity_check");
    if (!stmt)
        return stmt.error();
    std::string verdict;
    if (auto done = stmt->eachRow([&] {
            if (!verdict.empty())
                verdict += "; ";
            verdict += stmt->getText(0);
        });
        !done)
        return done.error();
    return verdict;
}

} // namespace store
