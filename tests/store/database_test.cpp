// store: connection settings, migrations, newer-version refusal, transactions, failed
// writes (full database, read-only file), daily backups, waiting for a busy writer.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include <sqlite3.h>

#include "store/backup.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace {

struct Scratch {
    std::filesystem::path dir;
    Scratch()
    {
        std::string pattern = (std::filesystem::temp_directory_path() / "bwv-store-test-XXXXXX").string();
        REQUIRE(mkdtemp(pattern.data()) != nullptr);
        dir = pattern;
    }
    ~Scratch()
    {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
};

store::OpenOptions quiet()
{
    store::OpenOptions options;
    options.dailyBackup = false;
    return options;
}

int64_t scalar(store::Database& db, const std::string& sql)
{
    auto stmt = db.prepare(sql);
    REQUIRE(stmt.ok());
    auto row = stmt->step();
    REQUIRE(row.ok());
    REQUIRE(*row);
    return stmt->getInt(0);
}

std::string text(store::Database& db, const std::string& sql)
{
    auto stmt = db.prepare(sql);
    REQUIRE(stmt.ok());
    auto row = stmt->step();
    REQUIRE(row.ok());
    REQUIRE(*row);
    return stmt->getText(0);
}

} // namespace

TEST_CASE("a new database is migrated to the latest schema with WAL, foreign keys and synchronous=FULL")
{
    Scratch scratch;
    auto db = store::Database::open(scratch.dir / "a.sqlite", quiet());
    REQUIRE_MESSAGE(db.ok(), db.error().describe());
    CHECK(store::latestSchemaVersion() >= 1);
    CHECK(*db->userVersion() == store::latestSchemaVersion());
    CHECK(text(*db, "PRAGMA journal_mode") == "wal");
    CHECK(scalar(*db, "PRAGMA foreign_keys") == 1);
    CHECK(scalar(*db, "PRAGMA synchronous") == 2);
    CHECK(scalar(*db, "SELECT count(*) FROM sqlite_schema WHERE name IN ('annotation','audit_entry','footage','encounter','codebook','undo_step')") == 6);
    // The embedded migrations are the files of db/, in order.
    CHECK(std::string(store::embeddedMigrations()[0].name) == "0001_init.sql");
}

TEST_CASE("migrations run in order, once, in one transaction; a failing one leaves the database as it was")
{
    Scratch scratch;
    store::OpenOptions options = quiet();
    options.migrate = false;
    auto db = store::Database::open(scratch.dir / "m.sqlite", options);
    REQUIRE(db.ok());
    const store::EmbeddedText two[] = {{"0001_a.sql", "CREATE TABLE a (x INTEGER);"},
                                       {"0002_b.sql", "CREATE TABLE b (y INTEGER); INSERT INTO a VALUES (1);"}};
    REQUIRE(store::migrate(*db, two).ok());
    CHECK(*db->userVersion() == 2);
    CHECK(scalar(*db, "SELECT count(*) FROM a") == 1);
    REQUIRE(store::migrate(*db, two).ok()); // nothing to do: not applied twice
    CHECK(scalar(*db, "SELECT count(*) FROM a") == 1);

    const store::EmbeddedText four[] = {two[0], two[1], {"0003_c.sql", "CREATE TABLE c (z INTEGER);"},
                                        {"0004_bad.sql", "INSERT INTO a VALUES (2); CREATE TABLE oops (;"}};
    auto failed = store::migrate(*db, four);
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().message.find("0004_bad.sql") != std::string::npos);
    CHECK(*db->userVersion() == 2);
    CHECK(scalar(*db, "SELECT count(*) FROM sqlite_schema WHERE name = 'c'") == 0);
    CHECK(scalar(*db, "SELECT count(*) FROM a") == 1);

    const store::EmbeddedText gap[] = {two[0], {"0003_c.sql", "SELECT 1;"}};
    CHECK_FALSE(store::migrate(*db, gap).ok());
}

TEST_CASE("a database of an older schema is upgraded on open, keeping its data")
{
    Scratch scratch;
    const auto path = scratch.dir / "old.sqlite";
    {
        store::OpenOptions options = quiet();
        options.migrate = false;
        auto db = store::Database::open(path, options);
        REQUIRE(db.ok());
        REQUIRE(store::migrate(*db, store::embeddedMigrations().first(1)).ok());
        REQUIRE(*db->userVersion() == 1);
        REQUIRE(db->exec("INSERT INTO coder (uuid, name, created_us) VALUES ('u', 'alice', 1)").ok());
    }
    auto db = store::Database::open(path, quiet());
    REQUIRE_MESSAGE(db.ok(), db.error().describe());
    CHECK(*db->userVersion() == store::latestSchemaVersion());
    CHECK(text(*db, "SELECT name FROM person") == "alice"); // coders became people in 0004
    CHECK(text(*db, "SELECT roles FROM person") == "member");
    if (store::latestSchemaVersion() >= 2)
        CHECK(text(*db, "SELECT sql FROM sqlite_schema WHERE name = 'annotation_by_code'").find("deleted_us") != std::string::npos);
}

TEST_CASE("a database from a newer bwv-review is refused with a clear message")
{
    Scratch scratch;
    const auto path = scratch.dir / "newer.sqlite";
    {
        auto db = store::Database::open(path, quiet());
        REQUIRE(db.ok());
        REQUIRE(db->exec("PRAGMA user_version = " + std::to_string(store::latestSchemaVersion() + 5)).ok());
    }
    auto db = store::Database::open(path, quiet());
    REQUIRE_FALSE(db.ok());
    CHECK(db.error().code == common::ErrorCode::Unsupported);
    CHECK(db.error().context == path.string());
    CHECK(db.error().message.find("newer version of bwv-review") != std::string::npos);
    CHECK(db.error().describe().find('\n') == std::string::npos);
}

TEST_CASE("a file that is not a database is refused in plain words")
{
    Scratch scratch;
    const auto path = scratch.dir / "garbage.sqlite";
    std::ofstream(path) << std::string(4096, 'x');
    auto db = store::Database::open(path, quiet());
    REQUIRE_FALSE(db.ok());
    CHECK(db.error().message == "this file is not a bwv-review database");
}

TEST_CASE("a transaction not committed is rolled back")
{
    Scratch scratch;
    auto db = store::Database::open(scratch.dir / "t.sqlite", quiet());
    REQUIRE(db.ok());
    REQUIRE(db->exec("CREATE TABLE t (x INTEGER)").ok());
    {
        auto tx = db->beginWrite();
        REQUIRE(tx.ok());
        REQUIRE(db->exec("INSERT INTO t VALUES (1)").ok());
    }
    CHECK_FALSE(db->inTransaction());
    CHECK(scalar(*db, "SELECT count(*) FROM t") == 0);
    {
        auto tx = db->beginWrite();
        REQUIRE(tx.ok());
        REQUIRE(db->exec("INSERT INTO t VALUES (2)").ok());
        REQUIRE(tx->commit().ok());
    }
    CHECK(scalar(*db, "SELECT count(*) FROM t") == 1);
}

TEST_CASE("a write that fails because the database is full loses nothing saved and says so in one sentence")
{
    Scratch scratch;
    const auto path = scratch.dir / "full.sqlite";
    auto db = store::Database::open(path, quiet());
    REQUIRE(db.ok());
    REQUIRE(db->exec("CREATE TABLE t (x BLOB)").ok());
    {
        auto tx = db->beginWrite();
        REQUIRE(tx.ok());
        REQUIRE(db->exec("INSERT INTO t VALUES (zeroblob(10000))").ok());
        REQUIRE(tx->commit().ok());
    }
    // Inject the failure: no page may be added any more.
    const int64_t pages = scalar(*db, "PRAGMA page_count");
    REQUIRE(scalar(*db, "PRAGMA max_page_count = " + std::to_string(pages)) == pages);
    {
        auto tx = db->beginWrite();
        REQUIRE(tx.ok());
        auto insert = db->prepare("INSERT INTO t VALUES (zeroblob(1000000))");
        REQUIRE(insert.ok());
        auto done = insert->run();
        REQUIRE_FALSE(done.ok());
        CHECK(done.error().code == common::ErrorCode::Io);
        CHECK(done.error().describe() == path.string() + ": the disk or the database is full, so the change was not saved");
    } // rolled back
    CHECK(scalar(*db, "SELECT count(*) FROM t") == 1);
    CHECK(*db->integrityCheck() == "ok");
    auto reopened = store::Database::open(path, quiet());
    REQUIRE(reopened.ok());
    CHECK(scalar(*reopened, "SELECT count(*) FROM t") == 1);
    CHECK(*reopened->integrityCheck() == "ok");
}

TEST_CASE("a write to a database opened read-only fails with one clear sentence and changes nothing")
{
    Scratch scratch;
    const auto path = scratch.dir / "ro.sqlite";
    {
        auto db = store::Database::open(path, quiet());
        REQUIRE(db.ok());
        REQUIRE(db->exec("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (7);").ok());
    }
    store::OpenOptions options = quiet();
    options.readOnly = true;
    auto db = store::Database::open(path, options);
    REQUIRE_MESSAGE(db.ok(), db.error().describe());
    auto tx = db->beginWrite();
    common::Status done = tx.ok() ? db->exec("INSERT INTO t VALUES (8)") : common::Status(tx.error());
    REQUIRE_FALSE(done.ok());
    CHECK(done.error().code == common::ErrorCode::PermissionDenied);
    CHECK(done.error().describe().find("cannot be written") != std::string::npos);
    CHECK(done.error().describe().find('\n') == std::string::npos);
    CHECK(done.error().describe().find("locked") == std::string::npos);
    auto check = store::Database::open(path, quiet());
    REQUIRE(check.ok());
    CHECK(scalar(*check, "SELECT group_concat(x) FROM t") == 7);
    CHECK(*check->integrityCheck() == "ok");
}

TEST_CASE("daily backups: one per day with VACUUM INTO, the newest 7 kept")
{
    Scratch scratch;
    const auto path = scratch.dir / "b.sqlite";
    {
        auto db = store::Database::open(path, quiet());
        REQUIRE(db.ok());
        REQUIRE(db->exec("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (42);").ok());
    }
    {
        auto db = store::Database::open(path); // first open of the day with backups on
        REQUIRE(db.ok());
        CHECK(db->backupProblem().empty());
    }
    const auto folder = store::backupFolder(path);
    int made = 0;
    for (const auto& entry : std::filesystem::directory_iterator(folder))
        made += entry.path().extension() == ".sqlite";
    CHECK(made == 1);

    auto db = store::Database::open(path, quiet());
    REQUIRE(db.ok());
    auto day = std::chrono::system_clock::now();
    for (int i = 1; i <= 10; ++i) {
        auto made2 = store::dailyBackup(*db, day - std::chrono::hours(24 * i));
        REQUIRE_MESSAGE(made2.ok(), made2.error().describe());
        CHECK(made2->has_value());
    }
    auto again = store::dailyBackup(*db, day);
    REQUIRE(again.ok());
    CHECK_FALSE(again->has_value()); // today's exists already
    std::vector<std::filesystem::path> kept;
    for (const auto& entry : std::filesystem::directory_iterator(folder))
        kept.push_back(entry.path());
    std::sort(kept.begin(), kept.end());
    REQUIRE(kept.size() == 7);
    auto copy = store::Database::open(kept.back(), quiet());
    REQUIRE(copy.ok());
    CHECK(scalar(*copy, "SELECT x FROM t") == 42);
}

TEST_CASE("a second writer waits for the first instead of failing")
{
    Scratch scratch;
    const auto path = scratch.dir / "busy.sqlite";
    auto first = store::Database::open(path, quiet());
    REQUIRE(first.ok());
    REQUIRE(first->exec("CREATE TABLE t (x INTEGER)").ok());
    auto tx = first->beginWrite();
    REQUIRE(tx.ok());
    REQUIRE(first->exec("INSERT INTO t VALUES (1)").ok());
    std::thread release([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        REQUIRE(tx->commit().ok());
    });
    auto second = store::Database::open(path, quiet());
    REQUIRE(second.ok());
    auto start = std::chrono::steady_clock::now();
    auto tx2 = second->beginWrite();
    release.join();
    REQUIRE_MESSAGE(tx2.ok(), tx2.error().describe());
    CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(200));
    REQUIRE(second->exec("INSERT INTO t VALUES (2)").ok());
    REQUIRE(tx2->commit().ok());
    CHECK(scalar(*second, "SELECT count(*) FROM t") == 2);
}
