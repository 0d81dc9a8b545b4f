// footage align (issue 13): cameras of one scene, started at different times, aligned by
// their recording clocks and their sound; unrelated, silent, soundless and missing cameras
// are reported as not aligned with a sentence; --apply saves through linkFootage, audited.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace fs = std::filesystem;
using test_support::requireOk;
using test_support::runAs;
using test_support::runCommand;

namespace {

// Speech-like scene: pink noise switched between loud and quiet, a 40 s stretch.
const char* kScene = "anoisesrc=d=40:c=pink:r=48000:a=0.5:seed=11,"
                     "volume='if(gt(sin(2*PI*t*1.3)*sin(2*PI*t*0.37),0),1,0.12)':eval=frame";

// A camera: `sound` (a filter graph giving [s]) mixed with the camera's own hiss, on
// `fps` video (testsrc2) of `seconds`; `clock` as the container's creation_time. Hiss seed
// 0: no hiss (a silent sound stays silent).
void makeCamera(const fs::path& out, const std::string& sound, int fps, double seconds, unsigned hissSeed,
                const std::string& clock = "")
{
    const std::string length = std::to_string(seconds);
    std::vector<std::string> args = {"ffmpeg", "-v", "error", "-f", "lavfi", "-i",
                                     "testsrc2=size=160x120:rate=" + std::to_string(fps) + ":duration=" + length};
    if (!sound.empty() && hissSeed == 0) {
        args.insert(args.end(), {"-filter_complex", sound + ";[s]atrim=0:" + length + "[a]", "-map", "0:v", "-map", "[a]",
                                 "-c:a", "aac", "-b:a", "64k"});
    } else if (!sound.empty()) {
        args.insert(args.end(), {"-f", "lavfi", "-i",
                                 "anoisesrc=d=" + length + ":c=white:a=0.03:seed=" + std::to_string(hissSeed),
                                 "-filter_complex", sound + ";[s][1:a]amix=inputs=2:normalize=0,atrim=0:" + length + "[a]",
                                 "-map", "0:v", "-map", "[a]", "-c:a", "aac", "-b:a", "64k"});
    }
    args.insert(args.end(), {"-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-threads", "1"});
    if (!clock.empty())
        args.insert(args.end(), {"-metadata", "creation_time=" + clock});
    args.insert(args.end(), {"-y", out.string()});
    requireOk(runCommand(args));
}

// The scene from `start` seconds, at `gain`.
std::string sceneFrom(double start, double gain)
{
    return std::string(kScene) + ",atrim=start=" + std::to_string(start) + ",asetpts=PTS-STARTPTS,volume="
           + std::to_string(gain) + "[s]";
}

std::map<std::string, nlohmann::json> byLabel(const nlohmann::json& report)
{
    std::map<std::string, nlohmann::json> out;
    for (const auto& camera : report["cameras"])
        out[camera["label"].get<std::string>()] = camera;
    return out;
}

} // namespace

TEST_CASE("footage align finds cameras' offsets by their clocks and sound, and saves them with --apply")
{
    test_support::ScratchFolder scratch;
    const fs::path dir = scratch.dir;
    // A starts 5 s into the scene; B 3.48 s after A (30 fps, quieter); C 2.1 s before A.
    makeCamera(dir / "a.mp4", sceneFrom(5.0, 0.9), 25, 16, 1, "2024-05-02T10:00:00.000000Z");
    makeCamera(dir / "b.mp4", sceneFrom(8.48, 0.4), 30, 14, 2, "2024-05-02T10:00:03.000000Z");
    makeCamera(dir / "c.mp4", sceneFrom(2.9, 0.6), 30, 12, 3);
    // D: no sound at all; E: a different scene; F: silence; G: registered, then gone.
    makeCamera(dir / "d.mp4", "", 25, 8, 4);
    makeCamera(dir / "e.mp4",
               "anoisesrc=d=14:c=pink:r=48000:a=0.5:seed=99,volume='if(gt(sin(2*PI*t*0.9),0),1,0.1)':eval=frame[s]", 25,
               14, 5);
    makeCamera(dir / "f.mp4", "anullsrc=r=48000:cl=mono,atrim=0:10[s]", 25, 10, 0);
    // H: a recording time but unrelated sound: the clocks' offset is shown, never saved.
    makeCamera(dir / "h.mp4", "anoisesrc=d=12:c=pink:r=48000:a=0.5:seed=77[s]", 25, 12, 8, "2024-05-02T10:00:05Z");
    requireOk(runCommand({"bash", "-c", "cp '" + (dir / "a.mp4").string() + "' '" + (dir / "g.mp4").string()
                                            + "' && printf x >> '" + (dir / "g.mp4").string() + "'"}));
    const fs::path db = dir / "p.sqlite";
    test_support::makeTestDatabase(db, {"chair"});
    test_support::makeTestDatabase(db, {"mo"}, "member");
    const std::map<std::string, std::string> labels = {{"a", "Officer A"}, {"b", "Officer B"}, {"c", "Officer C"},
                                                       {"d", "Officer D"}, {"e", "Officer E"}, {"f", "Officer F"},
                                                       {"g", "Officer G"}, {"h", "Officer H"}};
    for (const auto& [file, label] : labels)
        requireOk(runAs(db, "chair", {"footage", "add", (dir / (file + ".mp4")).string(), "--encounter", "E1",
                                      "--label", label, "--offset", "0"}));
    fs::remove(dir / "g.mp4");

    const auto started = std::chrono::steady_clock::now();
    auto align = runAs(db, "chair", {"footage", "align", "--encounter", "E1", "--json"});
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    MESSAGE("footage align on 8 cameras took " << seconds << " s");
    requireOk(align);
    const nlohmann::json report = nlohmann::json::parse(align.out);
    auto cameras = byLabel(report);
    REQUIRE(cameras.size() == 8);
    CAPTURE(report.dump(2));

    CHECK(cameras["Officer A"]["method"] == "reference");
    CHECK(cameras["Officer A"]["aligned"] == true);
    CHECK(cameras["Officer A"]["offset_us"] == 0);

    // B: the clocks say 3 s, the sound 3.48 s; one frame of A (25 fps) is 40 ms.
    CHECK(cameras["Officer B"]["aligned"] == true);
    CHECK(cameras["Officer B"]["method"] == "sound");
    CHECK(cameras["Officer B"]["clock_offset_us"] == 3'000'000);
    CHECK(std::llabs(cameras["Officer B"]["offset_us"].get<long long>() - 3'480'000) <= 40'000);
    CHECK(cameras["Officer B"]["confidence"].get<double>() >= 2.0);
    CHECK(cameras["Officer B"]["sha256"].get<std::string>().size() == 64);
    // B started after A: its first frame falls on one of A's frames (every 40 ms).
    CHECK(cameras["Officer B"]["offset_us"].get<long long>() % 40'000 == 0);

    // C: no clock, started 2.1 s before A, so found within ±120 s; one frame of C is 33 ms.
    CHECK(cameras["Officer C"]["aligned"] == true);
    CHECK(cameras["Officer C"]["method"] == "sound");
    CHECK(cameras["Officer C"]["clock_offset_us"].is_null());
    CHECK(std::llabs(cameras["Officer C"]["offset_us"].get<long long>() + 2'100'000) <= 33'334);

    for (const char* label : {"Officer D", "Officer E", "Officer F", "Officer G"}) {
        CAPTURE(label);
        CHECK(cameras[label]["aligned"] == false);
        CHECK(cameras[label]["offset_us"].is_null());
        CHECK(cameras[label]["note"].get<std::string>().rfind("could not align: ", 0) == 0);
    }
    CHECK(cameras["Officer D"]["note"] == "could not align: its recording has no sound");
    CHECK(cameras["Officer E"]["confidence"].get<double>() < 2.0);
    CHECK(cameras["Officer E"]["note"].get<std::string>().find("shares nothing recognisable with Officer A") != std::string::npos);
    CHECK(cameras["Officer F"]["note"].get<std::string>().find("silence") != std::string::npos);
    CHECK(cameras["Officer G"]["note"].get<std::string>().find("its file is missing") != std::string::npos);

    CHECK(cameras["Officer H"]["aligned"] == false);
    CHECK(cameras["Officer H"]["method"] == "clock");
    CHECK(cameras["Officer H"]["offset_us"] == 5'000'000);
    CHECK(cameras["Officer H"]["note"].get<std::string>().find("from the recording clocks only") != std::string::npos);

    // Without --apply nothing was saved.
    auto shown = runAs(db, "chair", {"encounter", "show", "E1", "--json"});
    requireOk(shown);
    const nlohmann::json before = nlohmann::json::parse(shown.out);
    for (const auto& f : before["footage"])
        CHECK(f["offset_us"] == 0);

    // A member may not change footage links: exit 4, nothing saved.
    auto refused = runAs(db, "mo", {"footage", "align", "--encounter", "E1", "--apply"});
    CHECK(refused.exitCode == 4);
    CHECK(refused.err.find("bwv-review: error: ") == 0);

    auto applied = runAs(db, "chair", {"footage", "align", "--encounter", "E1", "--apply"});
    requireOk(applied);
    CHECK(applied.out.find("Officer B: offset ") != std::string::npos);
    CHECK(applied.out.find("saved") != std::string::npos);
    shown = runAs(db, "chair", {"encounter", "show", "E1", "--json"});
    requireOk(shown);
    const nlohmann::json after = nlohmann::json::parse(shown.out);
    std::map<std::string, long long> saved;
    for (const auto& f : after["footage"])
        saved[f["label"].get<std::string>()] = f["offset_us"].get<long long>();
    CHECK(saved["Officer B"] == cameras["Officer B"]["offset_us"].get<long long>());
    CHECK(saved["Officer C"] == cameras["Officer C"]["offset_us"].get<long long>());
    for (const char* label : {"Officer A", "Officer D", "Officer E", "Officer F", "Officer G", "Officer H"})
        CHECK(saved[label] == 0);

    auto audit = runAs(db, "chair", {"audit", "list", "--action", "footage.linked", "--json"});
    requireOk(audit);
    CHECK(nlohmann::json::parse(audit.out).size() == 2);
}
