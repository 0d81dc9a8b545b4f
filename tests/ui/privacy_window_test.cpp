// Transcripts and privacy masks in the window under xvfb-run (issue 14): a chair draws a
// mask by dragging on the picture; a member's window shows that area blurred and the rest of
// the picture exactly as without it; the chair's "Show masked areas" writes mask.shown to the
// audit log before the area shows; a transcript line clicked goes to its frame.
#include <doctest/doctest.h>

#include <cmath>
#include <fstream>

#include <nlohmann/json.hpp>
#include <stb/stb_image.h>

#include "test_support.hpp"
#include "window_support.hpp"

namespace fs = std::filesystem;

namespace {

struct Picture {
    int width = 0, height = 0;
    std::vector<unsigned char> rgb;
    int at(int x, int y) const
    {
        const unsigned char* p = rgb.data() + (static_cast<std::size_t>(y) * width + x) * 3;
        return (p[0] << 16) | (p[1] << 8) | p[2];
    }
};

Picture load(const fs::path& png)
{
    Picture picture;
    int channels = 0;
    unsigned char* data = stbi_load(png.c_str(), &picture.width, &picture.height, &channels, 3);
    REQUIRE_MESSAGE(data != nullptr, png.string());
    picture.rgb.assign(data, data + static_cast<std::size_t>(picture.width) * picture.height * 3);
    stbi_image_free(data);
    return picture;
}

nlohmann::json runJson(const fs::path& db, const std::vector<std::string>& args)
{
    auto r = test_support::runAs(db, "alice", args);
    REQUIRE_MESSAGE(r.exitCode == 0, r.err);
    return nlohmann::json::parse(r.out);
}

// Encounter E1 filmed by the fixture, with `transcript` (its text written to `file`) as the
// camera's transcript; alice holds every role but administrator, member is a member.
void makeEncounter(const fs::path& db, const fs::path& file, const std::string& transcript)
{
    test_support::makeTestDatabase(db, {"alice"});
    test_support::makeTestDatabase(db, {"member"}, "member");
    std::ofstream(file) << transcript;
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"footage", "add", window_support::fixture().string(), "--encounter", "E1", "--label",
                                   "Camera A"},
          std::vector<std::string>{"transcript", "import", file.string(), "--footage", window_support::fixture().string()}}) {
        auto r = test_support::runAs(db, "alice", args);
        REQUIRE_MESSAGE(r.exitCode == 0, r.err);
    }
}

} // namespace

TEST_CASE("a chair draws a mask in the window; others see it blurred; showing it is logged first")
{
    test_support::ScratchFolder scratch;
    const fs::path db = scratch.dir / "privacy.sqlite";
    makeEncounter(db, scratch.dir / "camera-a.srt",
                  "1\n00:00:00,000 --> 00:00:01,000\nWhat is your name?\n\n"
                  "2\n00:00:02,000 --> 00:00:03,000\nYou're detained\n");
    const std::vector<std::string> asAlice = {"--db", db.string(), "--as", "alice", "--encounter", "E1"};
    const std::vector<std::string> asMember = {"--db", db.string(), "--as", "member", "--encounter", "E1"};

    // Events are 0.5 s or more apart: on a busy machine a frame takes up to a quarter of a
    // second, and a click's release must not share a frame with the next press.
    // The layout at 1280x720: the 640x360 picture fills the 830-pixel-wide video area,
    // 467 pixels high from y = 18.5. The drag covers a quarter of its width and height.
    const double pictureTop = (504.0 - 360.0 * 830.0 / 640.0) / 2.0, pictureHeight = 360.0 * 830.0 / 640.0;
    auto drawn = window_support::runScript("privacy-draw",
                                           "0.3 click 1197 18\n"   // the Picture tab
                                           "1.0 click 1109 254\n"  // Draw a mask
                                           "1.8 down 208 135\n"
                                           "2.3 move 300 200\n"
                                           "2.8 move 415 251\n"
                                           "3.3 up 415 251\n"
                                           "4.0 quit\n",
                                           {}, asAlice);
    REQUIRE(drawn.exitCode == 0);
    CHECK(drawn.stats["script_errors"].empty());
    auto masks = runJson(db, {"mask", "list", "--json"});
    REQUIRE(masks.size() == 1);
    const auto box = masks[0]["keyframes"][0]["box"];
    CHECK(masks[0]["shape"] == "rect");
    CHECK(masks[0]["from_s"].get<double>() == 0.0); // the frame shown: frame 0
    CHECK(masks[0]["to_s"].get<double>() == doctest::Approx(10.0));
    CHECK(box[0].get<double>() == doctest::Approx(208.0 / 830.0).epsilon(0.01));
    CHECK(box[1].get<double>() == doctest::Approx((135.0 - pictureTop) / pictureHeight).epsilon(0.01));
    CHECK(box[2].get<double>() == doctest::Approx(207.0 / 830.0).epsilon(0.02));
    CHECK(box[3].get<double>() == doctest::Approx(116.0 / pictureHeight).epsilon(0.02));

    // At the last frame the chair moves the mask ("Move it here", then a drag): a second
    // keyframe at that frame's time, where the drag says.
    auto moved = window_support::runScript("privacy-move",
                                           "0.3 click 1197 18\n"  // the Picture tab
                                           "1.0 key End\n"        // the last frame
                                           "1.8 click 1100 301\n" // Move it here
                                           "2.6 down 500 300\n"
                                           "3.1 move 560 350\n"
                                           "3.6 up 600 380\n"
                                           "4.3 quit\n",
                                           {}, asAlice);
    REQUIRE(moved.exitCode == 0);
    CHECK(moved.stats["script_errors"].empty());
    masks = runJson(db, {"mask", "list", "--json"});
    REQUIRE(masks.size() == 1);
    REQUIRE(masks[0]["keyframes"].size() == 2);
    const auto& truth = window_support::truth();
    const double lastFrameS = static_cast<double>(truth.frames.back().pts - truth.frames.front().pts) *
                              truth.timeBaseNum / truth.timeBaseDen;
    CHECK(masks[0]["keyframes"][1]["at_s"].get<double>() == doctest::Approx(lastFrameS).epsilon(1e-6));
    const auto& there = masks[0]["keyframes"][1]["box"];
    CHECK(there[0].get<double>() == doctest::Approx(500.0 / 830.0).epsilon(0.01));
    CHECK(there[1].get<double>() == doctest::Approx((300.0 - pictureTop) / pictureHeight).epsilon(0.01));
    CHECK(there[2].get<double>() == doctest::Approx(100.0 / 830.0).epsilon(0.02));
    CHECK(there[3].get<double>() == doctest::Approx(80.0 / pictureHeight).epsilon(0.02));

    // A member sees frame 0 with the area blurred; the chair, after "Show masked areas",
    // sees it as recorded. Both windows show frame 0, so outside the mask they agree pixel
    // for pixel.
    auto member = window_support::runScript("privacy-member", "1.0 quit\n", {}, asMember);
    REQUIRE(member.exitCode == 0);
    auto shownBefore = runJson(db, {"audit", "list", "--action", "mask.shown", "--json"});
    CHECK(shownBefore.empty());
    auto lifted = window_support::runScript("privacy-lift",
                                            "0.3 click 1197 18\n" // the Picture tab
                                            "1.0 click 848 229\n" // Show masked areas
                                            "2.0 quit\n",
                                            {}, asAlice);
    REQUIRE(lifted.exitCode == 0);
    auto shown = runJson(db, {"audit", "list", "--action", "mask.shown", "--json"});
    REQUIRE(shown.size() == 1);
    CHECK(shown[0].dump().find("alice") != std::string::npos);

    // Lifted, then handed over to the member: the next person sees the area blurred again.
    // The sign-in screen at 1280x720: admin, alice, member at y 162, 181, 200; the field at 245.
    auto handedOver = window_support::runScript("privacy-hand-over",
                                                "0.3 click 1197 18\n"  // the Picture tab
                                                "1.0 click 848 229\n"  // Show masked areas
                                                "1.8 click 1064 478\n" // Hand over to the next member
                                                "2.6 click 400 200\n"  // member
                                                "3.2 click 640 245\n"  // the passphrase field
                                                "3.6 text " + std::string(test_support::kTestPassphrase) + "\n"
                                                "4.0 key Enter\n"
                                                "5.5 quit\n",
                                                {}, asAlice);
    REQUIRE(handedOver.exitCode == 0);
    CHECK(handedOver.stats["script_errors"].empty());
    CHECK(runJson(db, {"audit", "list", "--action", "mask.shown", "--json"}).size() == 2);

    const Picture blurred = load(member.screenshot), clear = load(lifted.screenshot), next = load(handedOver.screenshot);
    REQUIRE(blurred.width == clear.width);
    const int x0 = static_cast<int>(box[0].get<double>() * 830), x1 = static_cast<int>((box[0].get<double>() + box[2].get<double>()) * 830);
    const int y0 = static_cast<int>(pictureTop + box[1].get<double>() * pictureHeight);
    const int y1 = static_cast<int>(pictureTop + (box[1].get<double>() + box[3].get<double>()) * pictureHeight);
    long long inside = 0, insideDiffer = 0, outside = 0, outsideDiffer = 0, nextDiffer = 0;
    // The picture above its captions (labels and subtitles sit in its bottom 60 pixels).
    for (int y = 20; y < 420; ++y)
        for (int x = 0; x < 830; ++x) {
            const bool in = x > x0 + 2 && x < x1 - 2 && y > y0 + 2 && y < y1 - 2;
            const bool near = x >= x0 - 2 && x <= x1 + 2 && y >= y0 - 2 && y <= y1 + 2;
            const bool differ = blurred.at(x, y) != clear.at(x, y);
            if (in) {
                ++inside;
                insideDiffer += differ;
                nextDiffer += blurred.at(x, y) != next.at(x, y);
            } else if (!near) {
                ++outside;
                outsideDiffer += differ;
            }
        }
    CHECK(outside > 200000);
    CHECK(outsideDiffer == 0);
    // The box holds the green/yellow edge and the diagonal band: blurred, most of it changes.
    CHECK(insideDiffer > inside / 10);
    CHECK(nextDiffer == 0); // the member after the hand-over sees what a member sees
    // The timeline's keyframe thumbnails (the strip at y 597-642) are blurred there too:
    // the mask covers every keyframe of the 6 s file.
    long long stripDiffer = 0;
    for (int y = 597; y < 643; ++y)
        for (int x = 100; x < 1270; ++x)
            stripDiffer += blurred.at(x, y) != clear.at(x, y);
    CHECK(stripDiffer > 50);
}

TEST_CASE("the Transcript tab lists the lines; clicking one goes to its frame; Tag tags the line")
{
    test_support::ScratchFolder scratch;
    const fs::path db = scratch.dir / "transcript.sqlite";
    makeEncounter(db, scratch.dir / "camera-a.vtt",
                  "WEBVTT\n\n00:00.000 --> 00:01.000\nWhat is your name?\n\n"
                  "00:02.000 --> 00:03.000\n<v Officer>You're detained\n");
    // The member's tabs: Codes, Tags, Forms, Charts, Export, Transcript. The second line starts at 2 s: frame 60
    // of the 30 fps fixture, as ffmpeg numbers them.
    const auto& truth = window_support::truth();
    std::size_t expected = 0;
    for (std::size_t n = 0; n < truth.frames.size(); ++n)
        if (static_cast<double>(truth.frames[n].pts - truth.frames[0].pts) * truth.timeBaseNum / truth.timeBaseDen <= 2.0 + 1e-9)
            expected = n;
    auto run = window_support::runScript("transcript-click",
                                         "0.3 click 1134 18\n"  // the Transcript tab
                                         "1.0 click 1050 136\n" // the second line
                                         "1.8 mark clicked\n"
                                         "2.4 click 861 136\n" // Tag, beside the second line
                                         "3.2 quit\n",
                                         {}, {"--db", db.string(), "--as", "member", "--encounter", "E1"});
    REQUIRE(run.exitCode == 0);
    CHECK(run.stats["script_errors"].empty());
    REQUIRE(run.stats["marks"].size() == 1);
    CHECK(run.stats["marks"][0]["frame"] == expected);
    // Tagged with the code chosen above the list (the codebook's first, ESC.01, an
    // interval): over the line's span.
    auto tags = test_support::runAs(db, "alice", {"tag", "list", "--coder", "member", "--format", "json"});
    REQUIRE_MESSAGE(tags.exitCode == 0, tags.err);
    const auto list = nlohmann::json::parse(tags.out);
    REQUIRE(list.size() == 1);
    CHECK(list[0]["code"] == "ESC.01");
    CHECK(list[0]["start_us"] == 2000000);
    CHECK(list[0]["end_us"] == 3000000);
}
