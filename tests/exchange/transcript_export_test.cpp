// Exports with --with-transcript (issue 14): each tag carries the transcript lines it
// covers on its camera, in encounter time (the camera's offset applied), checked and
// redacted like comments; without the flag nothing of the transcript leaves.
#include <doctest/doctest.h>

#include <algorithm>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace fs = std::filesystem;

namespace {

void ok(const test_support::CommandResult& r)
{
    REQUIRE_MESSAGE(r.exitCode == 0, r.err);
}

// The rows of a CSV export whose cells hold no quotes but the transcript's (the last).
std::vector<std::pair<std::string, std::string>> codeAndTranscript(const fs::path& csv)
{
    std::ifstream in(csv);
    std::string line;
    std::getline(in, line);
    REQUIRE(line.substr(line.rfind(',') + 1) == "transcript");
    std::size_t codeColumn = 0; // by name: the columns before it are not this test's business
    for (std::size_t at = 0, next = 0; at <= line.size(); at = next + 1, ++codeColumn) {
        next = std::min(line.find(',', at), line.size());
        if (line.substr(at, next - at) == "code")
            break;
    }
    std::vector<std::pair<std::string, std::string>> rows;
    while (std::getline(in, line)) {
        std::vector<std::string> cells;
        std::string cell;
        bool quoted = false;
        for (char c : line) {
            if (c == '"')
                quoted = !quoted;
            else if (c == ',' && !quoted) {
                cells.push_back(cell);
                cell.clear();
            } else
                cell += c;
        }
        cells.push_back(cell);
        REQUIRE(codeColumn < cells.size());
        rows.push_back({cells[codeColumn], cells.back()});
    }
    return rows;
}

} // namespace

TEST_CASE("export csv and json --with-transcript: the lines each tag covers on its camera, redacted on request")
{
    test_support::ScratchFolder scratch;
    const fs::path db = scratch.dir / "export.sqlite";
    test_support::makeTestDatabase(db, {"alice"});
    // Two cameras, registered by their hashes; camera B starts 5 s into the encounter.
    std::ofstream(scratch.dir / "a.bin") << "camera A";
    std::ofstream(scratch.dir / "b.bin") << "camera B";
    ok(test_support::runAs(db, "alice", {"footage", "add", (scratch.dir / "a.bin").string(), "--encounter", "E1",
                                         "--label", "A"}));
    ok(test_support::runAs(db, "alice", {"footage", "add", (scratch.dir / "b.bin").string(), "--encounter", "E1",
                                         "--label", "B", "--offset", "5"}));
    std::ofstream(scratch.dir / "a.srt") << "1\n00:00:01,000 --> 00:00:03,000\nStop there\n\n"
                                            "2\n00:00:03,000 --> 00:00:06,000\nWhat is your name, Mr Jones?\n";
    std::ofstream(scratch.dir / "b.srt") << "1\n00:00:00,000 --> 00:00:02,000\nBackup is here\n";
    ok(test_support::runAs(db, "alice", {"transcript", "import", (scratch.dir / "a.srt").string(), "--footage",
                                         (scratch.dir / "a.bin").string()}));
    ok(test_support::runAs(db, "alice", {"transcript", "import", (scratch.dir / "b.srt").string(), "--footage",
                                         (scratch.dir / "b.bin").string()}));
    auto footage = [&](const char* file) {
        auto r = test_support::runAs(db, "alice", {"footage", "list"});
        ok(r);
        std::istringstream lines(r.out);
        std::string line;
        while (std::getline(lines, line))
            if (line.find(file) != std::string::npos)
                return line.substr(0, line.find(' '));
        FAIL("footage not listed");
        return std::string();
    };
    // ESC.01 on camera A over 2-4 s: both of A's lines. ESC.02 (a point) on A at 3 s: the
    // second line only (cues are half-open). ESC.02 on B at 6 s: B's line (its 1 s). ESC.02
    // with no camera at 5.5 s: A's second line and B's line. ESC.02 on A at 10 s: nothing.
    struct Tag {
        const char* code;
        std::string at, to, camera;
    };
    for (const Tag& t : {Tag{"ESC.01", "2", "4", footage("a.bin")}, Tag{"ESC.02", "3", "", footage("a.bin")},
                         Tag{"ESC.03", "6", "", footage("b.bin")}, Tag{"ESC.04", "5.5", "", ""},
                         Tag{"ESC.07", "10", "", footage("a.bin")}}) {
        std::vector<std::string> args = {"tag", "add", "--encounter", "E1", "--code", t.code, "--at", t.at};
        if (!t.to.empty())
            args.insert(args.end(), {"--to", t.to});
        if (!t.camera.empty())
            args.insert(args.end(), {"--footage", t.camera});
        ok(test_support::runAs(db, "alice", args));
    }
    ok(test_support::runAs(db, "alice", {"export", "csv", "--out", (scratch.dir / "with.csv").string(), "--with-transcript"}));
    std::map<std::string, std::string> byCode;
    for (const auto& [code, transcript] : codeAndTranscript(scratch.dir / "with.csv"))
        byCode[code] = transcript;
    CHECK(byCode["ESC.01"] == "Stop there / What is your name, Mr Jones?");
    CHECK(byCode["ESC.02"] == "What is your name, Mr Jones?");
    CHECK(byCode["ESC.03"] == "Backup is here");
    CHECK(byCode["ESC.04"] == "What is your name, Mr Jones? / Backup is here");
    CHECK(byCode["ESC.07"] == "");
    CHECK(test_support::fileBytes(scratch.dir / "with_csv_README.txt").find("transcript") != std::string::npos);

    // Redacted: the name in the line is replaced, and the warning names the field.
    auto redacted = test_support::runAs(db, "alice", {"export", "json", "--out", (scratch.dir / "with.json").string(),
                                                      "--with-transcript", "--redact"});
    ok(redacted);
    CHECK(redacted.err.find("transcript: looks like a name (replaced)") != std::string::npos);
    const auto json = nlohmann::json::parse(test_support::fileBytes(scratch.dir / "with.json"));
    bool sawRedacted = false;
    for (const auto& a : json["annotations"])
        if (a["code"] == "ESC.02") {
            CHECK(a["transcript"].get<std::string>().find("Jones") == std::string::npos);
            sawRedacted = a["transcript"].get<std::string>().find("[name]") != std::string::npos;
        }
    CHECK(sawRedacted);

    // Without the flag, nothing of the transcript leaves.
    ok(test_support::runAs(db, "alice", {"export", "csv", "--out", (scratch.dir / "without.csv").string()}));
    ok(test_support::runAs(db, "alice", {"export", "json", "--out", (scratch.dir / "without.json").string()}));
    for (const char* file : {"without.csv", "without.json", "without_csv_README.txt"}) {
        const std::string bytes = test_support::fileBytes(scratch.dir / file);
        CHECK_MESSAGE(bytes.find("transcript") == std::string::npos, file);
        CHECK_MESSAGE(bytes.find("Stop there") == std::string::npos, file);
    }
}
