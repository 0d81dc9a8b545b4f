// Read-only use works read-only, and a damaged database names its last good backup
// (issue 10).
#include <doctest/doctest.h>

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "test_support.hpp"

namespace fs = std::filesystem;

TEST_CASE("a database in a read-only folder opens for reading: lists, show, exports and reports work, changes are refused")
{
    test_support::ScratchFolder scratch;
    const fs::path folder = scratch.dir / "archive";
    fs::create_directory(folder);
    const fs::path db = folder / "p.sqlite";
    test_support::makeTestDatabase(db, {"chair"});
    test_support::requireOk(test_support::runAs(db, "chair", {"encounter", "add", "E1"}));
    test_support::requireOk(test_support::runAs(db, "chair", {"tag", "add", "--encounter", "E1", "--code", "ESC.02", "--at", "1"}));
    test_support::requireOk(test_support::runAs(db, "chair", {"screening", "add", "S1", "--date", "2024-05-02", "--encounter", "E1"}));
    const fs::path out = scratch.dir / "out";
    fs::create_directory(out);
    // Pseudonyms need the export key, made by the first export: on a read-only copy that
    // has none, the export says so.
    const fs::path first = scratch.dir / "first";
    fs::copy(folder, first);
    fs::permissions(first, fs::perms::owner_read | fs::perms::owner_exec);
    auto keyless = test_support::runCommand({test_support::executable().string(), "--db", (first / "p.sqlite").string(),
                                             "--as", "chair", "export", "json", "--out", (out / "k.json").string()});
    if (::geteuid() != 0) {
        CHECK(keyless.exitCode == 3);
        CHECK(keyless.err.find("nothing has been exported from this database before") != std::string::npos);
    }
    test_support::requireOk(test_support::runAs(db, "chair", {"export", "json", "--out", (out / "first.json").string()}));

    // Root may write anything: as root, run the commands as nobody, who may not.
    std::vector<std::string> prefix;
    if (::geteuid() == 0) {
        const passwd* nobody = ::getpwnam("nobody");
        if (!nobody || !fs::exists("/usr/bin/setpriv")) {
            MESSAGE("running as root without setpriv or a nobody user: skipping");
            return;
        }
        REQUIRE(::chown(db.c_str(), nobody->pw_uid, static_cast<gid_t>(-1)) == 0);
        REQUIRE(::chown(out.c_str(), nobody->pw_uid, static_cast<gid_t>(-1)) == 0);
        prefix = {"/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "env",
                  "BWV_REVIEW_PASSPHRASE=" + std::string(test_support::kTestPassphrase),
                  "XDG_DATA_HOME=" + out.string(), "XDG_CACHE_HOME=" + out.string(), "XDG_CONFIG_HOME=" + out.string()};
        fs::permissions(scratch.dir, fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
    }
    fs::permissions(db, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    fs::permissions(folder, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read
                                | fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
    const std::string before = test_support::fileBytes(db);
    auto run = [&](std::vector<std::string> args) {
        std::vector<std::string> argv = prefix;
        argv.insert(argv.end(), {test_support::executable().string(), "--db", db.string(), "--as", "chair"});
        argv.insert(argv.end(), args.begin(), args.end());
        return test_support::runCommand(argv);
    };
    const std::string warning = "bwv-review: warning: " + db.string()
                              + ": the database is read-only here, so it is open for reading only; what you view or "
                                "export now is not in its audit log\n";
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"tag", "list", "--encounter", "E1"},
             {"encounter", "show", "E1"},
             {"export", "json", "--out", (out / "x.json").string()},
             {"export", "report", "--screening", "S1", "--format", "pdf", "--out", (out / "x.pdf").string()}}) {
        auto r = run(args);
        CAPTURE(args[0] + " " + args[1]);
        CHECK_MESSAGE(r.exitCode == 0, r.err);
        CHECK(r.err.find(warning) == 0);
    }
    CHECK(fs::exists(out / "x.pdf"));
    auto change = run({"encounter", "add", "E2"});
    CHECK(change.exitCode == 3);
    CHECK(change.err.find("the database cannot be written (the file or its folder is read-only)") != std::string::npos);
    CHECK(test_support::fileBytes(db) == before);
}

TEST_CASE("a damaged database names its last good backup, in one sentence")
{
    test_support::ScratchFolder scratch;
    const fs::path db = scratch.dir / "p.sqlite";
    test_support::makeTestDatabase(db, {"chair"});
    for (int i = 0; i < 40; ++i)
        test_support::requireOk(test_support::runAs(db, "chair", {"encounter", "add", "E" + std::to_string(i)}));
    fs::path backup;
    for (const auto& entry : fs::directory_iterator(scratch.dir / "backups"))
        backup = entry.path();
    REQUIRE_FALSE(backup.empty());
    {
        std::fstream file(db, std::ios::in | std::ios::out | std::ios::binary);
        file.seekp(4096 * 3);
        file << std::string(4096, '\xff');
    }
    auto damaged = test_support::runAs(db, "chair", {"encounter", "list"});
    CHECK(damaged.exitCode == 1);
    CHECK(damaged.err == "bwv-review: error: " + db.string() + ": the database is damaged; the last good backup is "
                             + backup.string() + ": close bwv-review and copy it over this file\n");
    fs::remove(backup);
    auto none = test_support::runAs(db, "chair", {"encounter", "list"});
    CHECK(none.exitCode == 1);
    CHECK(none.err.find("the database is damaged, and there is no backup of it in") != std::string::npos);
}
