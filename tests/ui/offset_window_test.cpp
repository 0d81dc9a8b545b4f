// Camera offsets in the window (issue 13): a nudge moves a camera by one of its own frames,
// on its frame index's boundaries (ffprobe's timestamps of a variable-frame-rate camera),
// is saved at once (footage.linked in the audit log), and after a restart the same
// position shows the same frame of every camera, and a tag made there lands on it. A
// member cannot move a camera: the window says so and nothing changes.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>

#include "ffprobe_frames.hpp"
#include "test_support.hpp"
#include "window_support.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

json parsed(const test_support::CommandResult& r)
{
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    return json::parse(r.out);
}

// The encounter's cameras in the order the window opens them.
json camerasOf(const fs::path& db)
{
    return parsed(test_support::runAs(db, "chloe", {"encounter", "show", "E1", "--json"}))["footage"];
}

int64_t offsetOf(const fs::path& db, const std::string& label)
{
    const json cameras = camerasOf(db);
    for (const json& f : cameras)
        if (f["label"] == label)
            return f["offset_us"].get<int64_t>();
    FAIL("no camera " << label);
    return 0;
}

// Forty-five frames forward on the first camera: position 1.5 s on camera A (30 fps); on
// camera B (variable rate) somewhat else, read from the marks.
std::string toPosition(double from)
{
    std::string script;
    for (int i = 0; i < 45; ++i)
        script += std::to_string(from + 0.05 * i) + " key Right\n";
    return script;
}

std::vector<std::string> asPerson(const fs::path& db, const std::string& person)
{
    return {"--db", db.string(), "--as", person, "--encounter", "E1"};
}

} // namespace

TEST_CASE("a nudged camera offset is exact on the frame index, saved and audited, and holds after a restart")
{
    test_support::ScratchFolder scratch;
    const fs::path db = scratch.dir / "offsets.sqlite";
    const fs::path cameraB = scratch.dir / "officer-b.mp4";
    fs::copy_file(test_support::testDataDir() / "media" / "h264_vfr.mp4", cameraB);
    test_support::makeTestDatabase(db, {"chloe"}, "chair");
    test_support::makeTestDatabase(db, {"mo"}, "member");
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"footage", "add", window_support::fixture().string(), "--encounter", "E1", "--label",
                                   "Officer A", "--offset", "0"},
          std::vector<std::string>{"footage", "add", cameraB.string(), "--encounter", "E1", "--label", "Officer B",
                                   "--offset", "0.5"}})
        test_support::requireOk(test_support::runAs(db, "chloe", args));
    REQUIRE(offsetOf(db, "Officer B") == 500000);
    const json cameras = camerasOf(db);
    REQUIRE(cameras.size() == 2);
    const std::size_t b = cameras[0]["label"] == "Officer B" ? 0 : 1, a = 1 - b;
    const std::string selectB = b == 1 ? "3.0 key tab\n" : ""; // the first camera starts selected

    // Tab selects camera B; Alt+Right twice moves it two of its frames later.
    auto nudged = window_support::runScript("offset-nudge",
                                            toPosition(0.3) + "2.8 mark before\n" + selectB
                                                + "3.2 key alt+right\n"
                                                  "3.4 key alt+right\n"
                                                  "3.8 mark nudged\n"
                                                  "4.0 quit\n",
                                            {}, asPerson(db, "chloe"));
    INFO(nudged.err);
    REQUIRE(nudged.exitCode == 0);
    CHECK(nudged.stats["script_errors"].empty());
    REQUIRE(nudged.stats["marks"].size() == 2);
    const json& before = nudged.stats["marks"][0];
    const json& after = nudged.stats["marks"][1];
    const int64_t position = after["position_us"].get<int64_t>();
    CHECK(position == before["position_us"].get<int64_t>());

    // The saved offset puts the start of one of ffprobe's frames of camera B exactly at the
    // position: the frame shown two before the one shown until then.
    const test_support::FrameTimes truthB = test_support::ffprobeFrames(cameraB);
    const int64_t offset = offsetOf(db, "Officer B");
    const auto shownBefore = truthB.shownAt(position - 500000);
    REQUIRE(shownBefore);
    CHECK(before["frames"][b] == *shownBefore);
    CHECK(after["frames"][b] == *shownBefore - 2);
    // ...from its first whole microsecond (ffprobe's time rounded up).
    const long long exactTimes = truthB.pts[static_cast<std::size_t>(*shownBefore - 2)] * truthB.num * 1000000;
    CHECK(position - offset == (exactTimes + truthB.den - 1) / truthB.den);
    CHECK(after["frames"][a] == before["frames"][a]); // camera A stays
    // Saving an offset rewrites the link (its sealed label too): the cameras keep their order.
    CHECK(camerasOf(db)[0]["label"] == cameras[0]["label"]);
    CHECK(cameras[0]["label"] == "Officer A"); // by label
    const json audit = parsed(test_support::runAs(db, "chloe", {"audit", "list", "--action", "footage.linked", "--json"}));
    CHECK(audit.size() == 2);

    // After a restart the same position shows the same frame of every camera, and a tag
    // made there (ESC.02, key 2) is stamped at that position.
    auto restarted = window_support::runScript("offset-restart",
                                               toPosition(0.3) + "2.8 mark again\n"
                                                                 "3.0 key 2\n"
                                                                 "3.4 quit\n",
                                               {}, asPerson(db, "chloe"));
    INFO(restarted.err);
    REQUIRE(restarted.exitCode == 0);
    REQUIRE(restarted.stats["marks"].size() == 1);
    CHECK(restarted.stats["marks"][0]["frames"] == after["frames"]);
    const json tags = parsed(test_support::runAs(db, "chloe", {"tag", "list", "--encounter", "E1", "--format", "json"}));
    REQUIRE(tags.size() == 1);
    INFO("tag at " << tags[0]["start_us"] << ", position " << position << ", offset " << offset << ", camera B at " << b);
    CHECK(truthB.shownAt(tags[0]["start_us"].get<int64_t>() - offset) == after["frames"][b].get<long long>());

    // A member may not move a camera: the window says so, the offset in use and saved stay.
    auto member = window_support::runScript("offset-member",
                                            toPosition(0.3) + "2.8 mark before\n" + selectB
                                                + "3.2 key alt+right\n"
                                                  "3.6 mark after\n"
                                                  "3.8 quit\n",
                                            {}, asPerson(db, "mo"));
    INFO(member.err);
    REQUIRE(member.exitCode == 0);
    REQUIRE(member.stats["marks"].size() == 2);
    CHECK(member.stats["marks"][1]["frames"] == member.stats["marks"][0]["frames"]);
    CHECK(offsetOf(db, "Officer B") == offset);
    const json refused = parsed(test_support::runAs(db, "chloe", {"audit", "list", "--action", "permission.refused", "--json"}));
    CHECK(std::any_of(refused.begin(), refused.end(), [](const json& e) { return e["person"] == "mo"; }));
}

TEST_CASE("files opened without an encounter start where their cameras' clocks say")
{
    test_support::ScratchFolder scratch;
    // Two recordings of the fixture whose cameras' clocks say B started 1 s after A (MP4
    // keeps the recording time in whole seconds).
    std::vector<std::string> files;
    for (const auto& [name, clock] : {std::pair<std::string, std::string>{"a.mp4", "2024-05-01T14:03:18.000000Z"},
                                      {"b.mp4", "2024-05-01T14:03:19.000000Z"}}) {
        const fs::path file = scratch.dir / name;
        test_support::requireOk(test_support::runCommand(
            {"ffmpeg", "-v", "error", "-i", window_support::fixture().string(), "-map", "0", "-c", "copy", "-metadata",
             "creation_time=" + clock, "-metadata:s:v", "creation_time=" + clock, "-metadata:s:a", "creation_time=" + clock,
             file.string()}));
        files.push_back(file.string());
    }
    // Sixty frames forward: 2 s on A, 1 s into B, whose frame there is 30 (30 fps).
    std::string script;
    for (int i = 0; i < 60; ++i)
        script += std::to_string(0.3 + 0.03 * i) + " key Right\n";
    auto run = window_support::runScript("offset-clocks", script + "2.6 mark here\n3.0 quit\n", files);
    INFO(run.err);
    REQUIRE(run.exitCode == 0);
    REQUIRE(run.stats["marks"].size() == 1);
    CHECK(run.stats["marks"][0]["position_us"] == 2000000);
    CHECK(run.stats["marks"][0]["frames"] == json::array({60, 30}));
}
