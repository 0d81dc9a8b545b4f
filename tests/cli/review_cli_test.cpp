// The command-line contract of the storage and tagging commands: outputs, one-line
// errors naming the item, exit codes (0 ok, 1 failed, 2 usage, 3 bad input).
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "test_support.hpp"

namespace {

struct Scratch {
    std::filesystem::path dir;
    Scratch()
    {
        std::string pattern = (std::filesystem::temp_directory_path() / "bwv-cli-test-XXXXXX").string();
        REQUIRE(mkdtemp(pattern.data()) != nullptr);
        dir = pattern;
    }
    ~Scratch()
    {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
};

struct Cli {
    std::filesystem::path db;
    test_support::CommandResult operator()(std::vector<std::string> args, const std::string& coder = "alice") const
    {
        return test_support::runAs(db, coder, args);
    }
};

std::string trimmed(const std::string& text)
{
    size_t end = text.find_last_not_of("\n");
    return end == std::string::npos ? "" : text.substr(0, end + 1);
}

// One line, in the contract's form.
void checkErrorLine(const test_support::CommandResult& r, const std::string& contains)
{
    CHECK_MESSAGE(r.err.rfind("bwv-review: error: ", 0) == 0, r.err);
    CHECK_MESSAGE(std::count(r.err.begin(), r.err.end(), '\n') == 1, r.err);
    CHECK_MESSAGE(r.err.find(contains) != std::string::npos, r.err);
    CHECK(r.err.find("locked") == std::string::npos);
}

} // namespace

TEST_CASE("encounters, tags, lists and the audit log from the command line")
{
    Scratch scratch;
    Cli cli{scratch.dir / "cli.sqlite"};
    auto e = cli({"encounter", "add", "E1", "--set", "search_type=Person", "--set", "date=2024-03-02"});
    REQUIRE_MESSAGE(e.exitCode == 0, e.err);
    CHECK(trimmed(e.out).size() == 36);

    auto tag = cli({"tag", "add", "--encounter", "E1", "--code", "ESC.01", "--at", "1.5", "--to", "4", "--subject", "officer",
                    "--intensity", "2", "--comment", "=SUM(A1), \"quoted\""});
    REQUIRE_MESSAGE(tag.exitCode == 0, tag.err);
    const std::string uuid = trimmed(tag.out);
    CHECK(uuid.size() == 36);
    auto bob = cli({"tag", "add", "--encounter", "E1", "--code", "DEE.05", "--at", "0:03"}, "bob");
    REQUIRE(bob.exitCode == 0);

    auto json = cli({"tag", "list", "--encounter", "E1", "--format", "json"});
    REQUIRE(json.exitCode == 0);
    auto tags = nlohmann::json::parse(json.out);
    REQUIRE(tags.size() == 2);
    CHECK(tags[0]["uuid"] == uuid); // 1.5 s before 3 s
    CHECK(tags[0]["start_us"] == 1500000);
    CHECK(tags[0]["end_us"] == 4000000);
    CHECK(tags[0]["coder"] == "alice");
    CHECK(tags[1]["code"] == "DEE.05");

    auto csv = cli({"tag", "list", "--coder", "alice", "--format", "csv"});
    REQUIRE(csv.exitCode == 0);
    CHECK(csv.out.rfind("uuid,encounter,code,start_s,end_s,", 0) == 0);
    CHECK(csv.out.find(uuid + ",E1,ESC.01,1.500000,4.000000,officer,2,,\"'=SUM(A1), \"\"quoted\"\"\",alice,1,") != std::string::npos);
    CHECK(csv.out.find("DEE.05") == std::string::npos);

    auto show = cli({"encounter", "show", "E1", "--json"});
    REQUIRE(show.exitCode == 0);
    auto shown = nlohmann::json::parse(show.out);
    CHECK(shown["form"]["search_type"] == "person");
    CHECK(shown["tags"] == 2);

    auto screening = cli({"screening", "add", "March panel", "--date", "2024-03-14", "--encounter", "E1"});
    REQUIRE(screening.exitCode == 0);
    CHECK(trimmed(screening.out).size() == 36);
    CHECK(cli({"screening", "list"}).out.find("March panel: E1") != std::string::npos);

    REQUIRE(cli({"tag", "delete", uuid}).exitCode == 0);
    CHECK(cli({"tag", "list"}).out.find(uuid) == std::string::npos);
    CHECK(cli({"tag", "list", "--deleted"}).out.find(uuid) != std::string::npos);
    auto twice = cli({"tag", "delete", uuid});
    CHECK(twice.exitCode == 3);
    checkErrorLine(twice, "tag " + uuid + ": this tag was deleted");
    auto undone = cli({"tag", "undo"});
    CHECK(undone.out.find(uuid + " ESC.01 restored") != std::string::npos);
    CHECK(cli({"tag", "list"}).out.find(uuid) != std::string::npos);

    auto audit = cli({"audit", "verify"});
    CHECK(audit.exitCode == 0);
    CHECK(audit.out.rfind("audit log intact: ", 0) == 0);
}

TEST_CASE("errors are one line naming the item, with the contract's exit codes")
{
    Scratch scratch;
    Cli cli{scratch.dir / "err.sqlite"};
    REQUIRE(cli({"encounter", "add", "E1"}).exitCode == 0);

    auto noEncounter = cli({"tag", "add", "--encounter", "E404", "--code", "ESC.02", "--at", "1"});
    CHECK(noEncounter.exitCode == 3);
    checkErrorLine(noEncounter, "encounter E404: there is no such encounter");
    CHECK(noEncounter.out.empty());

    auto badTime = cli({"tag", "add", "--encounter", "E1", "--code", "ESC.02", "--at", "12s"});
    CHECK(badTime.exitCode == 2);
    checkErrorLine(badTime, "\"12s\" is not a time in seconds");

    auto badField = cli({"encounter", "add", "E1", "--set", "search_type=bicycle"});
    CHECK(badField.exitCode == 2);
    checkErrorLine(badField, "encounter E1: \"bicycle\" is not a value of search_type");

    auto missingOption = cli({"tag", "add", "--encounter", "E1", "--at", "1"});
    CHECK(missingOption.exitCode == 2);

    // A codebook file with a mistake: the line and the reason.
    const auto bad = scratch.dir / "mine.json";
    std::ofstream(bad) << "{\n  \"name\": \"mine\",\n  \"groups\": [\n    {\"id\": \"A\" \"label\": \"x\"}\n  ]\n}\n";
    auto import = cli({"codebook", "import", bad.string()});
    CHECK(import.exitCode == 3);
    checkErrorLine(import, bad.string() + ": line 4: this is not valid JSON");
    auto absent = cli({"codebook", "import", (scratch.dir / "absent.json").string()});
    CHECK(absent.exitCode == 3);
    checkErrorLine(absent, "absent.json: the file does not exist");

    // Export, then import it back: the same codebook, no new version.
    const auto exported = scratch.dir / "exported.json";
    REQUIRE(cli({"codebook", "export", exported.string()}).exitCode == 0);
    auto reimport = cli({"codebook", "import", exported.string()});
    CHECK(reimport.exitCode == 0);
    CHECK(reimport.out.find("version 1 unchanged") != std::string::npos);

    // Footage that does not exist; verify finding a changed file (exit 1).
    auto noFile = cli({"footage", "add", (scratch.dir / "none.mp4").string()});
    CHECK(noFile.exitCode == 3);
    checkErrorLine(noFile, "none.mp4: the file does not exist");
    const auto clip = scratch.dir / "clip.bin";
    std::ofstream(clip) << "not really a video";
    auto added = cli({"footage", "add", clip.string(), "--encounter", "E1", "--label", "Officer A", "--offset", "2.5"});
    CHECK(added.exitCode == 0);
    CHECK(cli({"footage", "verify", "--all"}).exitCode == 0);
    std::ofstream(clip) << "changed";
    auto verify = cli({"footage", "verify", "--all"});
    CHECK(verify.exitCode == 1);
    checkErrorLine(verify, clip.string() + ": the file's content differs");

    // A database from a newer version.
    const auto newer = scratch.dir / "newer.sqlite";
    REQUIRE(Cli{newer}({"encounter", "list"}).exitCode == 0);
    {
        sqlite3* handle = nullptr;
        REQUIRE(sqlite3_open(newer.c_str(), &handle) == SQLITE_OK);
        REQUIRE(sqlite3_exec(handle, "PRAGMA user_version = 99", nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(handle);
    }
    auto refused = Cli{newer}({"tag", "list"});
    CHECK(refused.exitCode == 3);
    checkErrorLine(refused, "written by a newer version of bwv-review");
}
