// Trust from the command line (issue 9): independent assessment, sealed text at rest,
// private file modes, sign-in refusals and waits, init on a database from before sign-in,
// the audit head, retention.
#include <doctest/doctest.h>

#include <sqlite3.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace fs = std::filesystem;

namespace {

struct Scratch {
    fs::path dir;
    Scratch()
    {
        std::string pattern = (fs::temp_directory_path() / "bwv-trust-XXXXXX").string();
        REQUIRE(mkdtemp(pattern.data()) != nullptr);
        dir = pattern;
    }
    ~Scratch()
    {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
};

void ok(const test_support::CommandResult& r)
{
    REQUIRE_MESSAGE(r.exitCode == 0, r.err);
}

std::string fileBytes(const fs::path& file)
{
    std::ifstream in(file, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

unsigned modeOf(const fs::path& file)
{
    struct stat info {};
    REQUIRE(::stat(file.c_str(), &info) == 0);
    return info.st_mode & 0777;
}

// As "jane", the administrator made by `init` in the test below (not a test database).
test_support::CommandResult jane(const fs::path& db, std::vector<std::string> args)
{
    std::vector<std::string> argv = {test_support::executable().string(), "--db", db.string(), "--as", "jane"};
    argv.insert(argv.end(), args.begin(), args.end());
    return test_support::runCommand(argv);
}

// YYYY-MM-DD of today plus `days` (UTC).
std::string dayFromToday(int days)
{
    const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()) + std::chrono::days(days);
    const std::chrono::year_month_day ymd{today};
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()));
    return text;
}

test_support::CommandResult as(const fs::path& db, const std::string& who, const std::string& passphrase,
                               std::vector<std::string> args)
{
    const std::string saved = std::getenv("BWV_REVIEW_PASSPHRASE");
    setenv("BWV_REVIEW_PASSPHRASE", passphrase.c_str(), 1);
    std::vector<std::string> argv = {test_support::executable().string(), "--db", db.string(), "--as", who};
    argv.insert(argv.end(), args.begin(), args.end());
    auto r = test_support::runCommand(argv);
    setenv("BWV_REVIEW_PASSPHRASE", saved.c_str(), 1);
    return r;
}

// A screening of E1 with two members' tags and a chair.
fs::path makeScreening(const Scratch& scratch, const std::string& held = "2024-04-25")
{
    const fs::path db = scratch.dir / "panel.sqlite";
    test_support::makeTestDatabase(db, {"chair"}, "chair");
    test_support::makeTestDatabase(db, {"amara", "david"}, "member");
    ok(test_support::runAs(db, "chair", {"encounter", "add", "E1", "--set", "grounds_summary=Seen with PC John Smith 4471"}));
    ok(test_support::runAs(db, "chair", {"screening", "add", "April panel", "--panel", "chair Jane Doe", "--date",
                                         held, "--encounter", "E1"}));
    ok(test_support::runAs(db, "amara", {"tag", "add", "--encounter", "E1", "--code", "ESC.01", "--at", "1", "--to", "2",
                                         "--comment", "Mr Ahmed Khan looked frightened"}));
    ok(test_support::runAs(db, "david", {"tag", "add", "--encounter", "E1", "--code", "DEE.01", "--at", "5"}));
    return db;
}

nlohmann::json tagsSeenBy(const fs::path& db, const std::string& who)
{
    auto r = test_support::runAs(db, who, {"tag", "list", "--encounter", "E1", "--format", "json"});
    REQUIRE_MESSAGE(r.exitCode == 0, r.err);
    return nlohmann::json::parse(r.out);
}

} // namespace

TEST_CASE("independent assessment: a member sees others' tags and feedback only after submitting, and never by name")
{
    Scratch scratch;
    const fs::path db = makeScreening(scratch);
    ok(test_support::runAs(db, "david", {"feedback", "set", "--screening", "April panel", "--encounter", "E1",
                                         "rating=good_practice", "learning_points=Explain the grounds sooner"}));

    auto before = tagsSeenBy(db, "amara");
    REQUIRE(before.size() == 1);
    CHECK(before[0]["coder"] == "amara");
    auto shown = test_support::runAs(db, "amara", {"feedback", "show", "--screening", "April panel", "--encounter", "E1", "--json"});
    ok(shown);
    CHECK(nlohmann::json::parse(shown.out)["others"].empty());

    // Submitting needs a rating.
    auto early = test_support::runAs(db, "amara", {"feedback", "submit", "--screening", "April panel", "--encounter", "E1"});
    CHECK(early.exitCode == 3);
    CHECK(early.err.find("rating") != std::string::npos);
    ok(test_support::runAs(db, "amara", {"feedback", "set", "--screening", "April panel", "--encounter", "E1",
                                         "rating=concern"}));
    ok(test_support::runAs(db, "amara", {"feedback", "submit", "--screening", "April panel", "--encounter", "E1"}));

    auto after = tagsSeenBy(db, "amara");
    REQUIRE(after.size() == 2);
    std::set<std::string> coders = {after[0]["coder"], after[1]["coder"]};
    // Numbered among those who tagged or gave feedback here, in the order they were added.
    CHECK(coders == std::set<std::string>{"amara", "Member 2"});
    shown = test_support::runAs(db, "amara", {"feedback", "show", "--screening", "April panel", "--encounter", "E1", "--json"});
    ok(shown);
    auto seen = nlohmann::json::parse(shown.out);
    CHECK(seen["others"]["Member 2"]["learning_points"] == "Explain the grounds sooner");
    CHECK(seen["mine"]["rating"] == "concern");
    CHECK(shown.out.find("david") == std::string::npos);

    // Her answers are final now; david has not submitted, so he still sees only his own.
    auto change = test_support::runAs(db, "amara", {"feedback", "set", "--screening", "April panel", "--encounter", "E1",
                                                    "rating=adequate"});
    CHECK(change.exitCode == 3);
    CHECK(change.err.find("final") != std::string::npos);
    auto davids = tagsSeenBy(db, "david");
    REQUIRE(davids.size() == 1);
    CHECK(davids[0]["coder"] == "david");
    // The chair sees names.
    auto chairs = tagsSeenBy(db, "chair");
    CHECK(chairs.size() == 2);
    CHECK((chairs[0]["coder"] == "amara" || chairs[1]["coder"] == "amara"));
}

TEST_CASE("at rest: no comment, name, form text or key in the database file or its backup; files 0600")
{
    Scratch scratch;
    const fs::path db = makeScreening(scratch);
    ok(test_support::runAs(db, "chair", {"footage", "add", (scratch.dir / "panel.sqlite.passphrase").string(),
                                         "--encounter", "E1", "--label", "PC Sarah Connor 5521"}));
    // Transcript text, speaker and file name are free text too (issue 14).
    std::ofstream(scratch.dir / "interview-jones.vtt") << "WEBVTT\n\n00:01.000 --> 00:02.000\n<v PC Grace Hopper>Mohammed Ali, stop there\n";
    ok(test_support::runAs(db, "chair", {"transcript", "import", (scratch.dir / "interview-jones.vtt").string(),
                                         "--footage", (scratch.dir / "panel.sqlite.passphrase").string()}));
    // An export makes the pseudonymisation key; a daily backup is written on the first open.
    ok(test_support::runAs(db, "chair", {"export", "report", "--screening", "April panel", "--format", "xlsx", "--out",
                                         (scratch.dir / "report.xlsx").string()}));
    fs::remove_all(scratch.dir / "backups"); // today's backup is made anew, with all of the above in it
    auto checkpoint = test_support::runAs(db, "chair", {"audit", "verify"});
    ok(checkpoint);
    std::vector<fs::path> files = {db};
    for (const char* suffix : {"-wal"})
        if (fs::exists(db.string() + suffix))
            files.emplace_back(db.string() + suffix);
    for (const auto& entry : fs::directory_iterator(scratch.dir / "backups"))
        files.push_back(entry.path());
    REQUIRE(files.size() >= 2);
    for (const fs::path& file : files) {
        CAPTURE(file);
        const std::string bytes = fileBytes(file);
        for (const char* secret : {"Ahmed Khan", "frightened", "John Smith", "Jane Doe", "Sarah Connor", "April panel",
                                   "panel.sqlite.passphrase", "Grace Hopper", "Mohammed Ali", "interview-jones"})
            CHECK_MESSAGE(bytes.find(secret) == std::string::npos, secret);
        CHECK(modeOf(file) == 0600);
    }
    CHECK(modeOf(scratch.dir / "backups") == 0700);
    CHECK(modeOf(scratch.dir / "report.xlsx") == 0600);
    // The pseudonymisation key is stored sealed: not as 64 hex digits, not in clear.
    sqlite3* handle = nullptr;
    REQUIRE(sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    REQUIRE(sqlite3_prepare_v2(handle, "SELECT typeof(value), length(value) FROM setting WHERE key = 'export.hmac_key'", -1,
                               &stmt, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
    CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0))) == "blob");
    CHECK(sqlite3_column_int(stmt, 1) == 1 + 24 + 32 + 16); // version, nonce, 32 bytes, tag
    sqlite3_finalize(stmt);
    sqlite3_close(handle);
    // Yet the chair reads it all back.
    auto tags = tagsSeenBy(db, "chair");
    CHECK(tags.dump().find("Mr Ahmed Khan looked frightened") != std::string::npos);
}

TEST_CASE("sign-in: a wrong passphrase exits 4 and is logged; the third wrong try in a row makes the next wait")
{
    Scratch scratch;
    const fs::path db = makeScreening(scratch);
    for (int i = 1; i <= 3; ++i) {
        auto wrong = as(db, "amara", "not amara's passphrase", {"tag", "list"});
        CHECK(wrong.exitCode == 4);
        CHECK(wrong.err == "bwv-review: error: the passphrase for amara is wrong\n");
    }
    // Now even the right passphrase waits: the try is not checked.
    auto waiting = test_support::runAs(db, "amara", {"tag", "list"});
    CHECK(waiting.exitCode == 4);
    CHECK(waiting.err.find("too many wrong passphrases for amara in a row: try again in") != std::string::npos);
    auto logged = test_support::runAs(db, "chair", {"audit", "list", "--action", "signin.failed", "--json"});
    ok(logged);
    CHECK(nlohmann::json::parse(logged.out).size() == 3);

    auto nobody = test_support::runCommand({test_support::executable().string(), "--db", db.string(), "--as", "mallory", "tag", "list"});
    CHECK(nobody.exitCode == 4);
    CHECK(nobody.err.find("there is nobody called \"mallory\"") != std::string::npos);
    auto consensus = test_support::runCommand({test_support::executable().string(), "--db", db.string(), "--as", "consensus",
                                               "tag", "list"});
    CHECK(consensus.exitCode == 4);
    auto again = test_support::runAs(db, "admin", {"init"});
    CHECK(again.exitCode == 4);
    CHECK(again.err.find("already has an administrator") != std::string::npos);
    auto noDatabase = test_support::runCommand({test_support::executable().string(), "--db", (scratch.dir / "none.sqlite").string(),
                                                "--as", "admin", "tag", "list"});
    CHECK(noDatabase.exitCode == 3);
    CHECK_FALSE(fs::exists(scratch.dir / "none.sqlite"));
}

TEST_CASE("init on a database from before sign-in: coders become members without passphrases, text gets sealed")
{
    Scratch scratch;
    const fs::path db = scratch.dir / "old.sqlite";
    {
        // A schema-3 database as the previous version left it, made with plain SQL.
        sqlite3* handle = nullptr;
        REQUIRE(sqlite3_open(db.c_str(), &handle) == SQLITE_OK);
        const std::string dir = std::getenv("BWV_SOURCE_DIR");
        std::string sql;
        for (const char* migration : {"0001_init.sql", "0002_annotation_code_index.sql", "0003_chair_and_adjudication.sql"})
            sql += fileBytes(fs::path(dir) / "db" / migration);
        sql += "PRAGMA user_version = 3;"
               "INSERT INTO coder (uuid, name, created_us) VALUES ('c1', 'amara', 1);"
               "INSERT INTO encounter (uuid, reference, created_us, changed_us) VALUES ('e1', 'E1', 1, 1);"
               "INSERT INTO codebook (uuid, name, version, content, sha256, created_us) VALUES ('b', 'tiny', 1, '{}', 'x', 1);"
               "INSERT INTO code (codebook_id, code, position, group_id, label, kind, colour) VALUES (1, 'ESC.01', 1, 'ESC',"
               " 'Officer raises voice', 'point', '#ff0000');"
               "INSERT INTO annotation (uuid, encounter_id, codebook_id, code, start_us, comment, coder_id, created_us,"
               " changed_us) VALUES ('a1', 1, 1, 'ESC.01', 5, 'Mr Ahmed Khan shouted', 1, 1, 1);";
        char* message = nullptr;
        REQUIRE_MESSAGE(sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, &message) == SQLITE_OK, (message ? message : ""));
        sqlite3_close(handle);
    }
    auto before = test_support::runCommand({test_support::executable().string(), "--db", db.string(), "--as", "amara", "tag", "list"});
    CHECK(before.exitCode == 4);
    CHECK(before.err.find("no administrator yet") != std::string::npos);
    ok(test_support::runCommand({test_support::executable().string(), "--db", db.string(), "--as", "jane", "init"}));
    CHECK(fileBytes(db).find("Ahmed Khan") == std::string::npos);
    auto people = jane(db, {"person", "list", "--json"});
    ok(people);
    auto list = nlohmann::json::parse(people.out);
    REQUIRE(list.size() == 2);
    CHECK(list[0]["name"] == "amara");
    CHECK(list[0]["roles"] == "member");
    CHECK(list[0]["can_sign_in"] == false);
    CHECK(list[1]["roles"] == "administrator");
    auto amara = test_support::runCommand({test_support::executable().string(), "--db", db.string(), "--as", "amara", "tag", "list"});
    CHECK(amara.exitCode == 4);
    CHECK(amara.err.find("amara has no passphrase yet") != std::string::npos);
    ok(jane(db, {"person", "roles", "jane", "--set", "administrator,chair"}));
    auto tags = jane(db, {"tag", "list", "--format", "json"});
    ok(tags);
    CHECK(tags.out.find("Mr Ahmed Khan shouted") != std::string::npos);
    ok(jane(db, {"audit", "verify"}));
}

TEST_CASE("audit head and verify --head; reads of identified data are logged")
{
    Scratch scratch;
    const fs::path db = makeScreening(scratch);
    auto head = test_support::runAs(db, "amara", {"audit", "head"});
    ok(head);
    const std::string h = head.out.substr(0, head.out.find('\n'));
    CHECK(h.find(':') != std::string::npos);
    ok(test_support::runAs(db, "amara", {"audit", "verify", "--head", h}));
    auto bogus = test_support::runAs(db, "amara", {"audit", "verify", "--head", "3:" + std::string(64, 'a')});
    CHECK(bogus.exitCode == 1);
    CHECK(bogus.err.find("does not contain the head") != std::string::npos);
    ok(test_support::runAs(db, "chair", {"encounter", "show", "E1"}));
    auto reads = test_support::runAs(db, "chair", {"audit", "list", "--action", "encounter.read", "--json"});
    ok(reads);
    CHECK(nlohmann::json::parse(reads.out).size() == 1);
    auto members = test_support::runAs(db, "amara", {"audit", "list"});
    CHECK(members.exitCode == 4);
}

TEST_CASE("retention: free text and paths erased after the days set, tags kept, each erasure logged")
{
    Scratch scratch;
    // Held today: nothing is due yet when people sign in (retention also runs then).
    const fs::path db = makeScreening(scratch, dayFromToday(0));
    ok(test_support::runAs(db, "chair", {"footage", "add", (scratch.dir / "panel.sqlite.passphrase").string(),
                                         "--encounter", "E1", "--label", "Camera A"}));
    // A transcript of that camera: two lines (text, and a speaker), and its file's name.
    std::ofstream(scratch.dir / "camera-a.vtt") << "WEBVTT\n\n00:01.000 --> 00:02.000\n<v PC Grace Hopper>Stop there\n\n"
                                                 "00:03.000 --> 00:04.000\nWhat is your name?\n";
    ok(test_support::runAs(db, "chair", {"transcript", "import", (scratch.dir / "camera-a.vtt").string(), "--footage",
                                         (scratch.dir / "panel.sqlite.passphrase").string()}));
    auto notAdmin = test_support::runAs(db, "chair", {"retention", "set", "--panel", "chair Jane Doe", "--free-text-days", "30"});
    CHECK(notAdmin.exitCode == 4);
    ok(test_support::runAs(db, "admin", {"retention", "set", "--panel", "chair Jane Doe", "--free-text-days", "30",
                                         "--paths-days", "60"}));
    auto early = test_support::runAs(db, "admin", {"retention", "apply", "--today", dayFromToday(20)});
    ok(early);
    CHECK(early.out == "retention applied: nothing was due\n");
    auto due = test_support::runAs(db, "admin", {"retention", "apply", "--today", dayFromToday(31)});
    ok(due);
    // Two comments, the camera label, two transcript lines and the transcript's file name.
    CHECK(due.out == "retention applied: 1 encounter, 6 free-text values and 0 footage paths erased\n");
    auto tags = tagsSeenBy(db, "chair");
    REQUIRE(tags.size() == 2);
    for (const auto& t : tags)
        CHECK(t["comment"] == "");
    auto cues = test_support::runAs(db, "chair", {"transcript", "list", "--encounter", "E1", "--json"});
    ok(cues);
    const auto lines = nlohmann::json::parse(cues.out)["cues"];
    REQUIRE(lines.size() == 2); // the times stay, like tags'
    for (const auto& line : lines) {
        CHECK(line["text"] == "");
        CHECK(line["speaker"] == "");
    }
    auto paths = test_support::runAs(db, "admin", {"retention", "apply", "--today", dayFromToday(61)});
    ok(paths);
    CHECK(paths.out == "retention applied: 1 encounter, 0 free-text values and 1 footage paths erased\n");
    auto logged = test_support::runAs(db, "chair", {"audit", "list", "--action", "retention.erased", "--json"});
    ok(logged);
    CHECK(nlohmann::json::parse(logged.out).size() == 2);
    ok(test_support::runAs(db, "chair", {"audit", "verify"}));
}
