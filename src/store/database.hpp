#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/result.hpp"
#include "store/statement.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace store {

class Database;

// A write transaction (RAII): BEGIN IMMEDIATE on creation, ROLLBACK on destruction unless
// commit() succeeded. Obtained from Database::beginWrite().
class Transaction {
public:
    Transaction(Transaction&& other) noexcept;
    Transaction& operator=(Transaction&&) = delete;
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();

    // COMMIT; the change is on disk (synchronous=FULL) when this returns ok. On failure
    // the transaction is rolled back and nothing of it is kept.
    common::Status commit();

private:
    friend class Database;
    explicit Transaction(Database* db) : m_db(db) {}
    Database* m_db = nullptr;
};

struct OpenOptions {
    bool readOnly = false;        // open without writing anything (no migration, no backup)
    bool quickCheck = true;       // PRAGMA quick_check on open; damage is refused
    bool migrate = true;          // apply pending db/ migrations
    bool dailyBackup = true;      // VACUUM INTO backups/ on the first open of each day
    std::chrono::milliseconds busyTimeout{10000};
};

// One SQLite connection: WAL, foreign keys, synchronous=FULL, a busy timeout so the
// window and the command line can share the file. Not thread-safe: one thread at a time
// (each thread or process opens its own Database). Movable; statements borrowed from
// cached() must not outlive it.
class Database {
public:
    // Opens (creating if needed) and prepares the database at `path`: pragmas, quick_check,
    // daily backup, migrations. Errors name the file and say why in plain words; a database
    // written by a newer bwv-review is refused (Unsupported).
    static common::Result<Database> open(const std::filesystem::path& path, const OpenOptions& options = {});

    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    const std::filesystem::path& path() const { return m_path; }
    sqlite3* handle() const { return m_db; }

    // A new statement, finalized when the Statement goes.
    common::Result<Statement> prepare(std::string_view sql);
    // A statement from this connection's cache (prepared once, reset after each use):
    // the fast path for statements run often. At most one user of one SQL text at a time.
    common::Result<Statement> cached(const std::string& sql);
    // Runs one or more statements without results (schema scripts, pragmas).
    common::Status exec(std::string_view sql);

    // BEGIN IMMEDIATE, retried while another connection holds the write lock (the busy
    // timeout waits inside SQLite; WAL can still answer BUSY at once, so we retry too).
    common::Result<Transaction> beginWrite();
    bool inTransaction() const;

    int64_t lastInsertRowid() const;
    int changes() const;

    // Moves everything in the WAL into the database file and empties the WAL
    // (wal_checkpoint(TRUNCATE)): for measuring the file's size.
    common::Status checkpoint();
    // PRAGMA data_version: changes when another connection commits (the window's refresh).
    common::Result<int64_t> dataVersion();

    // PRAGMA user_version.
    common::Result<int> userVersion();
    // PRAGMA integrity_check: "ok" or the first problems found.
    common::Result<std::string> integrityCheck();

    // Why today's backup could not be made on open, if it failed (the open itself went on:
    // a missing backup must not stop a screening). Empty when all was well.
    const std::string& backupProblem() const { return m_backupProblem; }

    // Error for an SQLite result code on this connection, with the file as context.
    common::Error error(int rc, std::source_location where = std::source_location::current()) const;

private:
    Database(sqlite3* db, std::filesystem::path path, std::chrono::milliseconds busyTimeout);
    void close();

    sqlite3* m_db = nullptr;
    std::filesystem::path m_path;
    std::chrono::milliseconds m_busyTimeout{10000};
    std::unordered_map<std::string, sqlite3_stmt*> m_cache;
    std::string m_backupProblem;
};

} // namespace store
