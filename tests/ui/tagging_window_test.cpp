// Tagging in the window under xvfb-run: codebook keys put tags on the exact frame shown
// (times checked against ffmpeg's own frame stamps), intervals start and end, undo and
// redo survive a restart, the feedback form saves as the member types; and the window
// killed with SIGKILL while tagging loses no tag it reported saved.
#include <doctest/doctest.h>

#include <chrono>
#include <future>
#include <thread>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <random>
#include <algorithm>
#include <iterator>
#include <set>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "crash_support.hpp"
#include "review/feedback.hpp"
#include "review/workspace.hpp"
#include "review_support.hpp"
#include "test_support.hpp"
#include "window_support.hpp"

namespace fs = std::filesystem;
using test_support::runCommand;

namespace {

// A database with encounter E1 filmed by the fixture, shown at screening S1, and the people
// of these tests (`people`, every role but administrator; a `member` only a member).
void makeEncounter(const fs::path& db, const std::vector<std::string>& people = {"tester"})
{
    test_support::makeTestDatabase(db, {"alice"});
    test_support::makeTestDatabase(db, people);
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"encounter", "add", "E1"},
          std::vector<std::string>{"footage", "add", window_support::fixture().string(), "--encounter", "E1", "--label",
                                   "Camera A"},
          std::vector<std::string>{"screening", "add", "S1", "--date", "2024-05-02", "--encounter", "E1"}}) {
        auto r = test_support::runAs(db, "alice", args);
        REQUIRE_MESSAGE(r.exitCode == 0, r.err);
    }
}

nlohmann::json tagsOf(const fs::path& db, const std::string& coder)
{
    auto r = test_support::runAs(db, "alice", {"tag", "list", "--coder", coder, "--format", "json"});
    REQUIRE_MESSAGE(r.exitCode == 0, r.err);
    return nlohmann::json::parse(r.out);
}

// Media time of frame n from ffmpeg's frame stamps, in microseconds (frame 0 is time 0).
long long frameUs(size_t n)
{
    const auto& truth = window_support::truth();
    REQUIRE(n < truth.frames.size());
    return std::llround(static_cast<double>(truth.frames[n].pts - truth.frames[0].pts) * truth.timeBaseNum * 1e6 / truth.timeBaseDen);
}

// A tag time equals a frame's time to the microsecond (rounding of the time base aside).
void checkAtFrame(const nlohmann::json& us, size_t frame)
{
    REQUIRE(us.is_number_integer());
    CHECK(std::llabs(us.get<long long>() - frameUs(frame)) <= 1);
}

const nlohmann::json* findTag(const nlohmann::json& tags, const std::string& code)
{
    for (const auto& tag : tags)
        if (tag["code"] == code)
            return &tag;
    return nullptr;
}

// The member's saved answer, read back through the command line (answers are sealed in
// the database: a plain read shows no text).
std::string feedbackAnswer(const fs::path& db, const std::string& question)
{
    auto r = test_support::runAs(db, "member", {"feedback", "show", "--screening", "S1", "--encounter", "E1", "--json"});
    REQUIRE_MESSAGE(r.exitCode == 0, r.err);
    auto mine = nlohmann::json::parse(r.out)["mine"];
    return mine.contains(question) ? mine[question].get<std::string>() : std::string();
}

} // namespace

TEST_CASE("codebook keys tag the exact frame shown; intervals, subject, undo and redo across a restart")
{
    crash_support::Scratch scratch;
    const fs::path db = scratch.dir / "tags.sqlite";
    makeEncounter(db, {"tester", "member", "other", "lead", "ann", "ben", "chairperson", "crash"});
    const std::vector<std::string> asTester = {"--db", db.string(), "--as", "tester"};

    auto run = window_support::runScript("tagging",
                                         "0.2 key 2\n"          // ESC.02 (point) on frame 0
                                         "0.4 key Right\n"
                                         "0.6 key Right\n"
                                         "0.8 key Right\n"
                                         "1.0 mark three\n"
                                         "1.1 key 1\n"          // ESC.01 (interval) starts on frame 3
                                         "1.3 key Right\n"
                                         "1.5 key Right\n"
                                         "1.7 key Right\n"
                                         "1.9 key Right\n"
                                         "2.1 key Right\n"
                                         "2.3 mark eight\n"
                                         "2.4 key 1\n"          // ... and ends on frame 8
                                         "2.6 key s\n"          // next tags: subject officer
                                         "2.7 key shift+1\n"    // DEE.01 on frame 8, about the officer
                                         "2.9 key ctrl+z\n"     // undo DEE.01
                                         "3.1 key ctrl+z\n"     // undo the end of ESC.01: open again
                                         "3.3 key ctrl+shift+z\n" // redo: ESC.01 ends on frame 8 again
                                         "3.6 quit\n",
                                         {}, [&] {
                                             auto args = asTester;
                                             args.insert(args.end(), {"--encounter", "E1"});
                                             return args;
                                         }());
    INFO(run.err);
    REQUIRE(run.exitCode == 0);
    CHECK(run.stats["script_errors"].empty());
    CHECK(run.stats["marks"][0]["frame"] == 3);
    CHECK(run.stats["marks"][1]["frame"] == 8);

    nlohmann::json tags = tagsOf(db, "tester");
    INFO(tags.dump());
    REQUIRE(tags.size() == 2); // DEE.01 was undone
    const nlohmann::json* threat = findTag(tags, "ESC.02");
    const nlohmann::json* voice = findTag(tags, "ESC.01");
    REQUIRE(threat);
    REQUIRE(voice);
    checkAtFrame((*threat)["start_us"], 0);
    checkAtFrame((*voice)["start_us"], 3);
    checkAtFrame((*voice)["end_us"], 8);
    // Each saved tag was reported on standard output after its commit.
    auto printed = crash_support::printedUuids(run.out);
    CHECK(std::set<std::string>(printed.begin(), printed.end()).count((*voice)["uuid"].get<std::string>()) == 1);

    // A new window, a new process: Ctrl+Shift+Z redoes the undone DEE.01 from the database.
    auto again = window_support::runScript("tagging-redo", "0.3 key ctrl+shift+z\n0.6 quit\n", {}, [&] {
        auto args = asTester;
        args.insert(args.end(), {"--encounter", "E1"});
        return args;
    }());
    REQUIRE(again.exitCode == 0);
    tags = tagsOf(db, "tester");
    const nlohmann::json* calm = findTag(tags, "DEE.01");
    REQUIRE(calm);
    CHECK((*calm)["subject"] == "officer");
    checkAtFrame((*calm)["start_us"], 8);

    auto audit = test_support::runAs(db, "alice", {"audit", "verify"});
    CHECK_MESSAGE(audit.exitCode == 0, audit.out << audit.err);
}

TEST_CASE("forms save as the member types; GOWISELY answers come from the member's PAC tags")
{
    crash_support::Scratch scratch;
    const fs::path db = scratch.dir / "forms.sqlite";
    makeEncounter(db, {"tester", "member", "other", "lead", "ann", "ben", "chairperson", "crash"});
    // Window 1280x720; the side panel is 450 px wide on the right, its tab bar the first
    // row: Forms at x 958, and in it Encounter (first, at 874) and My feedback (960) at
    // y 43. The encounter form's first field (Force) is at y 106; the feedback form's
    // "Keep the answers from my tags" button at y 136.
    auto run = window_support::runScript("forms",
                                         "0.2 key alt+g\n"          // PAC.G: grounds given
                                         "0.4 click 958 18\n"
                                         "0.8 click 1060 106\n"
                                         "1.1 text Metropolitan\n"
                                         "2.2 screenshot " + (scratch.dir / "encounter-tab.png").string() + "\n"
                                         "2.4 click 960 43\n"
                                         "2.8 click 944 136\n"
                                         "3.2 click 874 43\n"
                                         "3.4 quit\n",
                                         {}, {"--db", db.string(), "--as", "member", "--encounter", "E1"});
    INFO(run.err);
    REQUIRE(run.exitCode == 0);
    CHECK(run.stats["script_errors"].empty());
    auto shown = test_support::runAs(db, "alice", {"encounter", "show", "E1", "--json"});
    REQUIRE(shown.exitCode == 0);
    auto encounter = nlohmann::json::parse(shown.out);
    INFO(encounter.dump());
    CHECK(encounter["form"]["force"] == "Metropolitan");
    CHECK(feedbackAnswer(db, "gowisely.G") == "yes");
    // Only the element that was tagged is answered from the tags.
    CHECK(feedbackAnswer(db, "gowisely.O").empty());
}

TEST_CASE("the Export tab warns about personal details in free text, then writes the export and logs it")
{
    crash_support::Scratch scratch;
    const fs::path db = scratch.dir / "export.sqlite";
    makeEncounter(db, {"tester", "member", "other", "lead", "ann", "ben", "chairperson", "crash"});
    const std::string exe = test_support::executable().string();
    auto tagged = test_support::runAs(db, "member", {"tag", "add", "--encounter", "E1", "--code", "ESC.03",
                              "--at", "1.5", "--comment", "he gave his number as 07700 900123"});
    REQUIRE_MESSAGE(tagged.exitCode == 0, tagged.err);
    // The suggested file is in the home folder: the scratch folder for this run.
    setenv("HOME", scratch.dir.c_str(), 1);
    // Export tab at x 1067; "Check free text" at y 245; with the findings listed, "Export"
    // at y 363.
    auto run = window_support::runScript("export",
                                         "0.3 click 1067 18\n"
                                         "0.7 click 900 245\n"
                                         "1.6 screenshot " + (scratch.dir / "export-checked.png").string() + "\n"
                                         "1.8 click 872 363\n"
                                         "3.0 quit\n",
                                         {}, {"--db", db.string(), "--as", "member", "--encounter", "E1"});
    INFO(run.err);
    REQUIRE(run.exitCode == 0);
    const fs::path csv = scratch.dir / "bwv-review-csv.csv";
    REQUIRE(fs::exists(csv));
    REQUIRE(fs::exists(scratch.dir / "bwv-review-csv_encounters.csv"));
    // One header and one row per live tag; the coder appears as a pseudonym only.
    std::ifstream in(csv);
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(std::count(content.begin(), content.end(), '\n') == 2);
    CHECK(content.find("member") == std::string::npos);
    auto audit = test_support::runAs(db, "alice", {"audit", "verify"});
    CHECK(audit.exitCode == 0);
    sqlite3* handle = nullptr;
    REQUIRE(sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    REQUIRE(sqlite3_prepare_v2(handle, "SELECT count(*) FROM audit_entry WHERE action = 'export'", -1, &stmt, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
    CHECK(sqlite3_column_int(stmt, 0) == 1); // one entry for the export, naming both files
    sqlite3_finalize(stmt);
    sqlite3_close(handle);

    // The screening's feedback report as PDF: the fifth format (y 194 in the open list),
    // "Check free text" at y 220, then "Export" at y 239.
    auto report = window_support::runScript("export-report",
                                            "0.3 click 1067 18\n"
                                            "0.7 click 1050 92\n"
                                            "1.0 click 960 194\n"
                                            "1.4 click 890 220\n"
                                            "2.5 click 862 239\n"
                                            "4.0 quit\n",
                                            {}, {"--db", db.string(), "--as", "member", "--encounter", "E1"});
    REQUIRE(report.exitCode == 0);
    const fs::path pdf = scratch.dir / "bwv-review-report-S1.pdf";
    REQUIRE(fs::exists(pdf));
    auto info = runCommand({"pdfinfo", pdf.string()});
    CHECK(info.exitCode == 0);
    CHECK(info.out.find("A4") != std::string::npos);
}

TEST_CASE("the Export tab will not replace an existing file until the person ticks \"replace it\"")
{
    crash_support::Scratch scratch;
    const fs::path db = scratch.dir / "replace.sqlite";
    makeEncounter(db, {"tester", "member", "other", "lead", "ann", "ben", "chairperson", "crash"});
    auto tagged = test_support::runAs(db, "member", {"tag", "add", "--encounter", "E1", "--code", "ESC.02", "--at", "1"});
    REQUIRE_MESSAGE(tagged.exitCode == 0, tagged.err);
    setenv("HOME", scratch.dir.c_str(), 1);
    const fs::path csv = scratch.dir / "bwv-review-csv.csv";
    std::ofstream(csv) << "keep me";
    auto exports = [&] {
        sqlite3* handle = nullptr;
        REQUIRE(sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
        sqlite3_stmt* stmt = nullptr;
        REQUIRE(sqlite3_prepare_v2(handle, "SELECT count(*) FROM audit_entry WHERE action = 'export'", -1, &stmt, nullptr) == SQLITE_OK);
        REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
        int n = sqlite3_column_int(stmt, 0);
        sqlite3_finalize(stmt);
        sqlite3_close(handle);
        return n;
    };
    // With the file there, "replace it" appears at y 245 and pushes "Check free text" to
    // y 270; that button stays disabled until it is ticked. Then "Export" is at y 289.
    auto untouched = window_support::runScript("export-existing",
                                               "0.3 click 1067 18\n"
                                               "0.7 click 890 270\n"
                                               "1.5 click 862 289\n"
                                               "2.5 quit\n",
                                               {}, {"--db", db.string(), "--as", "member", "--encounter", "E1"});
    REQUIRE(untouched.exitCode == 0);
    std::ifstream kept(csv);
    CHECK(std::string(std::istreambuf_iterator<char>(kept), std::istreambuf_iterator<char>()) == "keep me");
    CHECK(exports() == 0);

    auto replaced = window_support::runScript("export-replace",
                                              "0.3 click 1067 18\n"
                                              "0.7 click 848 245\n"
                                              "1.0 click 890 270\n"
                                              "1.8 click 862 289\n"
                                              "3.0 quit\n",
                                              {}, {"--db", db.string(), "--as", "member", "--encounter", "E1"});
    REQUIRE(replaced.exitCode == 0);
    std::ifstream now(csv);
    const std::string content((std::istreambuf_iterator<char>(now)), std::istreambuf_iterator<char>());
    CHECK(content.rfind("tag,encounter,", 0) == 0);
    CHECK(exports() == 1);
}

TEST_CASE("the window checks each recording it opens against its registration and logs a mismatch")
{
    crash_support::Scratch scratch;
    const fs::path db = scratch.dir / "identity.sqlite";
    test_support::makeTestDatabase(db, {"alice", "member"});
    const fs::path camera = scratch.dir / "camera.mp4";
    fs::copy_file(window_support::fixture(), camera);
    for (const std::vector<std::string>& args : {std::vector<std::string>{"encounter", "add", "E2"},
                                                 std::vector<std::string>{"footage", "add", camera.string(), "--encounter", "E2"}}) {
        auto r = test_support::runAs(db, "alice", args);
        REQUIRE_MESSAGE(r.exitCode == 0, r.err);
    }
    auto mismatches = [&] {
        auto r = test_support::runAs(db, "alice", {"audit", "list", "--action", "footage.mismatch", "--json"});
        REQUIRE_MESSAGE(r.exitCode == 0, r.err);
        return nlohmann::json::parse(r.out);
    };
    auto same = window_support::runScript("identity-same", "1.5 quit\n", {}, {"--db", db.string(), "--as", "member", "--encounter", "E2"});
    REQUIRE(same.exitCode == 0);
    CHECK(mismatches().empty());
    {
        std::fstream edit(camera, std::ios::in | std::ios::out | std::ios::binary);
        edit.seekp(-10, std::ios::end);
        edit.put('\x5a');
    }
    auto changed = window_support::runScript("identity-changed", "1.5 quit\n", {}, {"--db", db.string(), "--as", "member", "--encounter", "E2"});
    REQUIRE(changed.exitCode == 0);
    auto logged = mismatches();
    REQUIRE(logged.size() == 1);
    CHECK(logged[0].dump().find("its first or last megabyte differs from the registered recording") != std::string::npos);
}

TEST_CASE("a tag added from the command line while the window is open appears in it within a second or two")
{
    crash_support::Scratch scratch;
    const fs::path db = scratch.dir / "shared.sqlite";
    makeEncounter(db, {"tester", "member", "other", "lead", "ann", "ben", "chairperson", "crash"});
    const fs::path ready = scratch.dir / "window-up.png";
    // The window says it is up by writing a screenshot; then the test tags from outside.
    auto window = std::async(std::launch::async, [&] {
        return window_support::runScript("shared",
                                         "0.2 mark before\n"
                                         "0.3 screenshot " + ready.string() + "\n"
                                         "6.0 mark after\n"
                                         "6.2 quit\n",
                                         {}, {"--db", db.string(), "--as", "member", "--encounter", "E1"});
    });
    const auto giveUp = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!fs::exists(ready) && std::chrono::steady_clock::now() < giveUp)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    REQUIRE(fs::exists(ready));
    auto tagged = test_support::runAs(db, "other", {"tag", "add",
                              "--encounter", "E1", "--code", "DEE.05", "--at", "2"});
    REQUIRE_MESSAGE(tagged.exitCode == 0, tagged.err);
    auto run = window.get();
    INFO(run.err);
    REQUIRE(run.exitCode == 0);
    const auto& marks = run.stats["marks"];
    REQUIRE(marks.size() == 2);
    CHECK(marks[0]["tags"] == 0);
    CHECK(marks[1]["tags"] == 1);
}

TEST_CASE("blind coding hides the other coder's lane until the pass is done; adjudication records a consensus tag")
{
    crash_support::Scratch scratch;
    const fs::path db = scratch.dir / "blind.sqlite";
    makeEncounter(db, {"tester", "member", "other", "lead", "ann", "ben", "chairperson", "crash"});
    const std::string exe = test_support::executable().string();
    auto cli = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {exe, "--db", db.string()});
        auto r = runCommand(args);
        REQUIRE_MESSAGE(r.exitCode == 0, r.err);
        return r.out;
    };
    cli({"--as", "lead", "blind", "start", "--encounter", "E1"});
    cli({"--as", "ann", "tag", "add", "--encounter", "E1", "--code", "ESC.02", "--at", "1"});
    cli({"--as", "ben", "tag", "add", "--encounter", "E1", "--code", "ESC.02", "--at", "1.2"});
    cli({"--as", "ben", "tag", "add", "--encounter", "E1", "--code", "DEE.05", "--at", "3"});

    // Ann, pass open: only her own tag is in the window.
    auto ann = window_support::runScript("blind-ann", "0.3 mark open\n0.5 quit\n", {},
                                         {"--db", db.string(), "--as", "ann", "--encounter", "E1"});
    REQUIRE(ann.exitCode == 0);
    CHECK(ann.stats["marks"][0]["tags"] == 1);
    // Her pass done from the window's Codes tab ("My pass is done" at 900,140): she sees all three.
    auto done = window_support::runScript("blind-ann-done", "0.3 click 900 140\n0.8 mark done\n1.0 quit\n", {},
                                          {"--db", db.string(), "--as", "ann", "--encounter", "E1"});
    REQUIRE(done.exitCode == 0);
    CHECK(done.stats["marks"][0]["tags"] == 3);
    cli({"--as", "ben", "blind", "done", "--encounter", "E1"});
    cli({"--as", "lead", "blind", "done", "--encounter", "E1"});
    const std::string before = cli({"--as", "lead", "tag", "list", "--format", "json"});

    // The lead adjudicates: Adjudicate tab (x 1025), the reason (y 106), then "yes" on the
    // only disagreement (DEE.05, which only ben tagged) at 1203,149.
    auto lead = window_support::runScript("adjudicate",
                                          "0.3 click 1025 18\n"
                                          "0.7 click 1050 106\n"
                                          "1.0 text Heard on the audio\n"
                                          "1.6 click 1203 149\n"
                                          "2.2 mark decided\n"
                                          "2.4 quit\n",
                                          {}, {"--db", db.string(), "--as", "lead", "--encounter", "E1"});
    INFO(lead.err);
    REQUIRE(lead.exitCode == 0);
    auto decisions = nlohmann::json::parse(cli({"--as", "lead", "adjudicate", "decisions", "--encounter", "E1", "--json"}));
    INFO(decisions.dump());
    REQUIRE(decisions.size() == 1);
    CHECK(decisions[0]["code"] == "DEE.05");
    CHECK(decisions[0]["reason"] == "Heard on the audio");
    // The consensus tag is one more tag; the originals are as they were.
    auto after = nlohmann::json::parse(cli({"--as", "lead", "tag", "list", "--format", "json"}));
    auto originals = nlohmann::json::parse(before);
    CHECK(after.size() == originals.size() + 1);
    for (const auto& tag : originals) {
        bool same = false;
        for (const auto& now : after)
            same = same || now == tag;
        CHECK_MESSAGE(same, tag.dump());
    }
    CHECK(findTag(after, "DEE.05") != nullptr);
    CHECK(lead.stats["marks"][0]["tags"] == 4);
}

TEST_CASE("the chair merges members' feedback in the window: rating, points to send, a police action")
{
    crash_support::Scratch scratch;
    const fs::path db = scratch.dir / "chair.sqlite";
    makeEncounter(db, {"tester", "member", "other", "lead", "ann", "ben", "chairperson", "crash"});
    {
        // Two members' feedback on E1 at S1.
        for (const auto& [member, rating] : {std::pair{"ann", "good_practice"}, std::pair{"ben", "concern"}}) {
            auto ws = test_support::signedIn(db, member);
            REQUIRE(ws.ok());
            REQUIRE(review::saveFeedbackAnswer(*ws, "S1", "E1", "rating", rating).ok());
        }
    }
    // Forms tab (958), its Chair tab (1032, 43); "Members' feedback" folded (930, 87) so
    // that the points box is at y 220, "Send as a police action" at 916,347, and the
    // merged rating's list at y 156 (its second choice, adequate, at y 197).
    auto run = window_support::runScript("chair",
                                         "0.3 click 958 18\n"
                                         "0.6 click 1032 43\n"
                                         "0.9 click 930 87\n"
                                         "1.2 click 1050 220\n"
                                         "1.4 text Explain the grounds before searching.\n"
                                         "2.4 click 916 347\n"
                                         "2.8 click 1050 156\n"
                                         "3.2 click 900 197\n"
                                         "3.6 screenshot " + (scratch.dir / "chair.png").string() + "\n"
                                         "3.8 quit\n",
                                         {}, {"--db", db.string(), "--as", "chairperson", "--encounter", "E1", "--chair"});
    INFO(run.err);
    REQUIRE(run.exitCode == 0);
    const std::string exe = test_support::executable().string();
    auto shown = test_support::runAs(db, "alice", {"chair", "show", "--screening", "S1", "--encounter", "E1", "--json"});
    REQUIRE_MESSAGE(shown.exitCode == 0, shown.err);
    auto merge = nlohmann::json::parse(shown.out);
    INFO(merge.dump());
    const auto& encounter = merge.is_array() ? merge[0] : (merge.contains("encounters") ? merge["encounters"][0] : merge);
    CHECK(encounter["ratings"]["spread"] == "1 good practice, 1 concern");
    CHECK(encounter["consolidation"]["points"] == "Explain the grounds before searching.");
    CHECK(encounter["consolidation"]["rating"] == "adequate");
    auto actions = test_support::runAs(db, "alice", {"police-action", "list", "--screening", "S1", "--json"});
    REQUIRE_MESSAGE(actions.exitCode == 0, actions.err);
    auto list = nlohmann::json::parse(actions.out);
    REQUIRE(list.size() == 1);
    CHECK(list[0]["request"] == "Explain the grounds before searching.");
    CHECK(list[0]["status"] == "open");
}

TEST_CASE("the window killed with SIGKILL while tagging: the database is sound and every tag it reported saved is there")
{
    crash_support::Scratch scratch;
    const fs::path db = scratch.dir / "crash.sqlite";
    makeEncounter(db, {"tester", "member", "other", "lead", "ann", "ben", "chairperson", "crash"});
    // A tag every 100 ms, stepping a frame between tags, for 6 s.
    std::string script;
    for (int i = 0; i < 60; ++i) {
        script += std::to_string(0.1 * i + 0.05) + " key Right\n";
        script += std::to_string(0.1 * i + 0.1) + " key 2\n";
    }
    script += "6.5 quit\n";
    fs::path scriptPath = scratch.dir / "crash.script";
    {
        std::ofstream out(scriptPath);
        out << script;
    }
    const char* display = std::getenv("DISPLAY");
    if (!display || !*display)
        std::exit(77);

    std::mt19937 random(20261122);
    std::uniform_int_distribution<int> delayMs(50, 2500);
    std::set<std::string> reported;
    for (int round = 0; round < 20; ++round) {
        CAPTURE(round);
        auto killed = crash_support::runAndKill({test_support::executable().string(), "--db", db.string(), "--as", "crash",
                                                 "gui", "--encounter", "E1", "--no-audio", "--script", scriptPath.string()},
                                                std::chrono::milliseconds(delayMs(random)), true);
        CHECK_FALSE(killed.finished);
        for (const std::string& uuid : crash_support::printedUuids(killed.out))
            reported.insert(uuid);
        REQUIRE(crash_support::integrityCheck(db) == "ok");
        std::set<std::string> stored = crash_support::storedTags(db);
        for (const std::string& uuid : reported)
            REQUIRE_MESSAGE(stored.count(uuid) == 1, "tag " << uuid << " was reported saved and is missing");
    }
    MESSAGE(reported.size() << " tags reported saved over 20 killed windows, all found");
    CHECK(reported.size() >= 20);
}
