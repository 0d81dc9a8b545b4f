// Transcripts and privacy masks from the command line (issue 14). Cue times and text are
// checked against ffmpeg's reading of the same file (`ffmpeg -i FILE -f srt -`), the frame
// each camera shows at a search match against ffprobe's frame timestamps, the still under a
// mask against the plain `frame --png` of the same frame, and every change against the
// audit log. Two cameras film one encounter: Officer A (h264_gop2s, 30 fps, 6 s) starts 2 s
// into it; Officer B (h264_vfr, frames dropped here and there, about 5 s) starts with it.
#include <doctest/doctest.h>

#include <stb/stb_image.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "../exchange/transcript_ffmpeg.hpp"
#include "ffprobe_frames.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using test_support::CommandResult;
using test_support::FrameTimes;
using test_support::ffprobeFrames;
using test_support::requireOk;
using test_support::runAs;

namespace {

fs::path media(const char* name) { return test_support::testDataDir() / "media" / name; }

void writeFile(const fs::path& file, const std::string& bytes) { std::ofstream(file, std::ios::binary) << bytes; }

json parsedOut(const CommandResult& r)
{
    requireOk(r);
    return json::parse(r.out);
}

long long toUs(double seconds) { return std::llround(seconds * 1e6); }

// Whether `s` is well-formed UTF-8 (no overlongs, no surrogates): an error line must be,
// whatever bytes the file name held.
bool validUtf8(const std::string& s)
{
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        std::size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
        if (n == 0 || i + n > s.size())
            return false;
        unsigned cp = n == 1 ? b : n == 2 ? (b & 0x1Fu) : n == 3 ? (b & 0x0Fu) : (b & 0x07u);
        for (std::size_t k = 1; k < n; ++k) {
            const auto c = static_cast<unsigned char>(s[i + k]);
            if ((c & 0xC0) != 0x80)
                return false;
            cp = cp << 6 | (c & 0x3Fu);
        }
        if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += n;
    }
    return true;
}

// The contract for errors: exactly one line, "bwv-review: error: ...", in UTF-8.
void requireOneErrorLine(const CommandResult& r, int exitCode)
{
    INFO("stderr: " << r.err);
    CHECK(r.exitCode == exitCode);
    CHECK(r.err.rfind("bwv-review: error: ", 0) == 0);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(r.err.back() == '\n');
    CHECK(validUtf8(r.err));
}

std::string sha256Of(const fs::path& file)
{
    auto r = test_support::runCommand({"sha256sum", file.string()});
    requireOk(r);
    return r.out.substr(0, 64);
}

// The encounter both tests of transcripts work on: E1 filmed by two cameras, each with a
// transcript. Officer A's is SRT; Officer B's is WebVTT with a byte order mark, CRLF line
// endings, a NOTE, a cue identifier and settings, styling and voice tags, an entity,
// overlapping cues and an hour value over 99.
struct Encounter {
    test_support::ScratchFolder scratch;
    fs::path db = scratch.dir / "p.sqlite";
    fs::path cameraA = scratch.dir / "officer-a.mp4", cameraB = scratch.dir / "officer-b.mp4";
    fs::path srtA = scratch.dir / "officer-a.srt", vttB = scratch.dir / "officer-b.vtt";
    std::string footageA, footageB; // UUIDs as footage add printed them
    std::map<std::string, double> offsets{{"Officer A", 2.0}, {"Officer B", 0.0}};

    const std::string srtText = "1\n"
                                "00:00:00,500 --> 00:00:02,000\n"
                                "<i>Hello</i> there, can you <font color=\"#ffff00\">stop</font>?\n"
                                "\n"
                                "2\n"
                                "00:00:02,500 --> 00:00:04,000\n"
                                "You are d\xC3\xA9tenu\n"
                                "under section 1.\n"
                                "\n"
                                "3\n"
                                "00:00:03,500 --> 00:00:05,000\n"
                                "Where are you going?\n";
    const std::string vttText = "\xEF\xBB\xBF"
                                "WEBVTT\r\n"
                                "\r\n"
                                "NOTE camera of Officer B\r\n"
                                "\r\n"
                                "c1\r\n"
                                "00:00.100 --> 00:02.000 align:start\r\n"
                                "<v Officer B>Stop <b>there</b>, please</v>\r\n"
                                "\r\n"
                                "00:00:01.500 --> 00:00:03.000\r\n"
                                "<i>You\xE2\x80\x99re</i> being <c.loud>detained</c>\r\n"
                                "under section 1 &amp; 2\r\n"
                                "\r\n"
                                "00:02.500 --> 00:04.000\r\n"
                                "CAF\xC3\x89 au lait\r\n"
                                "\r\n"
                                "00:04.600 --> 00:04.800\r\n"
                                "Hands where I can see them\r\n"
                                "\r\n"
                                "100:00:01.000 --> 100:00:02.500\r\n"
                                "Long after the end\r\n";

    Encounter()
    {
        fs::copy_file(media("h264_gop2s.mp4"), cameraA);
        fs::copy_file(media("h264_vfr.mp4"), cameraB);
        test_support::makeTestDatabase(db, {"chair"}, "chair");
        test_support::makeTestDatabase(db, {"lead"}, "lead");
        test_support::makeTestDatabase(db, {"member"}, "member");
        auto addedA = runAs(db, "chair", {"footage", "add", cameraA.string(), "--encounter", "E1", "--label", "Officer A", "--offset", "2"});
        requireOk(addedA);
        footageA = addedA.out.substr(0, addedA.out.find(' '));
        auto addedB = runAs(db, "chair", {"footage", "add", cameraB.string(), "--encounter", "E1", "--label", "Officer B", "--offset", "0"});
        requireOk(addedB);
        footageB = addedB.out.substr(0, addedB.out.find(' '));
        writeFile(srtA, srtText);
        writeFile(vttB, vttText);
    }
    CommandResult as(const std::string& person, const std::vector<std::string>& args) const { return runAs(db, person, args); }
    json importBoth() const
    {
        json a = parsedOut(as("chair", {"transcript", "import", srtA.string(), "--footage", cameraA.string(), "--json"}));
        // By SHA-256 for the other camera: any of the three references names the footage.
        auto importedB = as("lead", {"transcript", "import", vttB.string(), "--footage", sha256Of(cameraB), "--json"});
        json b = parsedOut(importedB);
        return {{"a", a}, {"b", b}, {"b_stderr", importedB.err}};
    }
    json list(const std::string& person = "member") const
    {
        return parsedOut(as(person, {"transcript", "list", "--encounter", "E1", "--json"}));
    }
    json search(const std::string& text) const
    {
        return parsedOut(as("member", {"transcript", "search", text, "--encounter", "E1", "--json"}));
    }
    int auditCount(const std::string& action) const
    {
        return static_cast<int>(parsedOut(as("chair", {"audit", "list", "--action", action, "--json"})).size());
    }
};

std::vector<json> cuesOf(const json& list, const std::string& camera)
{
    std::vector<json> out;
    for (const json& c : list["cues"])
        if (c["camera"] == camera)
            out.push_back(c);
    return out;
}

} // namespace

TEST_CASE("SRT and WebVTT transcripts are imported as ffmpeg reads them and listed in encounter time")
{
    Encounter e;
    const json imported = e.importBoth();

    // ffmpeg reads the very files imported (it takes the BOM, CRLF and the NOTE as they are).
    const std::vector<transcript_test::RefCue> truthA = transcript_test::ffmpegCues(e.srtA);
    const std::vector<transcript_test::RefCue> truthB = transcript_test::ffmpegCues(e.vttB);
    REQUIRE(truthA.size() == 3);
    REQUIRE(truthB.size() == 5);

    struct Expected {
        const json& result;
        const std::vector<transcript_test::RefCue>& truth;
        std::string footage, format;
        fs::path file;
    };
    for (const Expected& x : {Expected{imported["a"], truthA, e.footageA, "SRT", e.srtA},
                              Expected{imported["b"], truthB, e.footageB, "WebVTT", e.vttB}}) {
        CAPTURE(x.file);
        CHECK(x.result["footage"] == x.footage);
        CHECK(x.result["format"] == x.format);
        CHECK(x.result["encoding"] == "UTF-8");
        CHECK(x.result["source_sha256"] == sha256Of(x.file));
        CHECK(x.result["cues"] == x.truth.size());
        long long first = x.truth.front().startMs, last = 0;
        for (const auto& c : x.truth) {
            first = std::min(first, c.startMs);
            last = std::max(last, c.endMs);
        }
        CHECK(toUs(x.result["first_s"].get<double>()) == first * 1000);
        CHECK(toUs(x.result["last_s"].get<double>()) == last * 1000);
        CHECK(x.result["already_imported"] == false);
        CHECK(x.result["replaced"].is_null());
        CHECK(x.result["transcript"].get<std::string>().size() == 36);
    }
    CHECK(imported["a"]["warnings"].empty());
    // The cue at 100 hours starts long after camera B's recording ends: the import says so.
    const std::string warned = imported["b_stderr"];
    CHECK(warned.rfind("bwv-review: warning: " + e.vttB.string() + ": ", 0) == 0);
    CHECK(warned.find("1 cue starts after the recording ends") != std::string::npos);
    // ... and so does its JSON, for scripts that read only that.
    REQUIRE(imported["b"]["warnings"].size() == 1);
    CHECK(imported["b"]["warnings"][0].get<std::string>().find("after the recording ends") != std::string::npos);

    const json list = e.list();
    CHECK(list["encounter"] == "E1");
    REQUIRE(list["cues"].size() == truthA.size() + truthB.size());
    // Each camera's cues in media time are ffmpeg's, in its order (by start, then file order).
    for (const auto& [camera, truth] : {std::pair{std::string("Officer A"), truthA}, std::pair{std::string("Officer B"), truthB}}) {
        const std::vector<json> ours = cuesOf(list, camera);
        REQUIRE(ours.size() == truth.size());
        for (std::size_t i = 0; i < ours.size(); ++i) {
            INFO(camera << " cue " << i);
            CHECK(toUs(ours[i]["media_start_s"].get<double>()) == truth[i].startMs * 1000);
            CHECK(toUs(ours[i]["media_end_s"].get<double>()) == truth[i].endMs * 1000);
            CHECK(transcript_test::tidy(ours[i]["text"].get<std::string>()) == truth[i].text);
            // Encounter time is the camera's offset (given at footage add) plus media time.
            const long long offsetUs = toUs(e.offsets[camera]);
            CHECK(toUs(ours[i]["start_s"].get<double>()) == offsetUs + truth[i].startMs * 1000);
            CHECK(toUs(ours[i]["end_s"].get<double>()) == offsetUs + truth[i].endMs * 1000);
        }
    }
    // The whole list is in encounter time: the two cameras interleave.
    std::vector<double> starts;
    for (const json& c : list["cues"])
        starts.push_back(c["start_s"].get<double>());
    CHECK(std::is_sorted(starts.begin(), starts.end()));
    CHECK(list["cues"][0]["camera"] == "Officer B");
    CHECK(list["cues"][list["cues"].size() - 1]["text"] == "Long after the end");
    // The WebVTT voice names the speaker; ffmpeg has no field for it, the file says it.
    const std::vector<json> b = cuesOf(list, "Officer B");
    CHECK(b[0]["speaker"] == "Officer B");
    CHECK(b[1]["speaker"] == "");
    CHECK(cuesOf(list, "Officer A")[0]["speaker"] == "");
}

TEST_CASE("a list or a search by anyone who may view footage is in the audit log as transcript.read")
{
    Encounter e;
    e.importBoth();
    const int before = e.auditCount("transcript.read");
    e.list("member");
    e.search("there");
    e.list("lead");
    const json reads = parsedOut(e.as("chair", {"audit", "list", "--action", "transcript.read", "--json"}));
    REQUIRE(static_cast<int>(reads.size()) == before + 3);
    // Newest first: lead's list, member's search, member's list.
    CHECK(reads[0]["person"] == "lead");
    CHECK(reads[1]["person"] == "member");
    CHECK(reads[2]["person"] == "member");
    CHECK(reads[0]["detail"]["reference"] == "E1");
    requireOk(e.as("chair", {"audit", "verify"}));
}

TEST_CASE("search finds whole words and phrases in any case and accents, with the frame each camera shows (ffprobe)")
{
    Encounter e;
    e.importBoth();
    const std::map<std::string, FrameTimes> frames{{"Officer A", ffprobeFrames(e.cameraA)},
                                                   {"Officer B", ffprobeFrames(e.cameraB)}};
    // The truth for "frames": the frame ffprobe says is showing on each camera at the match's
    // start, in that camera's media time.
    auto checkFrames = [&](const json& match) {
        const long long atUs = toUs(match["start_s"].get<double>());
        REQUIRE(match["frames"].size() == 2);
        std::set<std::string> cameras;
        for (const json& f : match["frames"]) {
            const std::string camera = f["camera"].get<std::string>();
            cameras.insert(camera);
            const std::optional<long long> expected = frames.at(camera).shownAt(atUs - toUs(e.offsets[camera]));
            INFO(camera << " at encounter " << atUs << " us");
            if (expected)
                CHECK(f["frame"] == *expected);
            else
                CHECK(f["frame"].is_null());
        }
        CHECK(cameras == std::set<std::string>{"Officer A", "Officer B"});
    };
    // (query, the texts of the cues that say it, in encounter time order), worked out by hand
    // from the two files above.
    const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
        // one word, both cameras, in encounter time: B at 0.1 s, A at 2.5 s
        {"there", {"Stop there, please", "Hello there, can you stop?"}},
        // a phrase that runs over a line break, in both cameras
        {"under section 1", {"You\xE2\x80\x99re being detained\nunder section 1 & 2", "You are d\xC3\xA9tenu\nunder section 1."}},
        {"being detained under", {"You\xE2\x80\x99re being detained\nunder section 1 & 2"}},
        // a straight apostrophe finds a curly one, any case
        {"YOU'RE BEING", {"You\xE2\x80\x99re being detained\nunder section 1 & 2"}},
        // accents and case ignored, both ways round
        {"cafe AU Lait", {"CAF\xC3\x89 au lait"}},
        {"DETENU", {"You are d\xC3\xA9tenu\nunder section 1."}},
        {"d\xC3\xA9tenu under", {"You are d\xC3\xA9tenu\nunder section 1."}},
        // A runs, B has stopped; then neither runs
        {"where are you going", {"Where are you going?"}},
        {"hands where", {"Hands where I can see them"}},
        {"long after", {"Long after the end"}},
        // whole words only, and words in a row in the order given
        {"detain", {}},
        {"please stop", {}},
        {"nothing of the sort", {}},
    };
    const json listed = e.list();
    for (const auto& [query, texts] : cases) {
        CAPTURE(query);
        const json found = e.search(query);
        CHECK(found["query"] == query);
        REQUIRE(found["matches"].size() == texts.size());
        for (std::size_t i = 0; i < texts.size(); ++i) {
            const json& m = found["matches"][i];
            CHECK(m["text"] == texts[i]);
            checkFrames(m);
            // A match is the cue as list shows it, plus its frames.
            json cue = m;
            cue.erase("frames");
            CHECK(std::find(listed["cues"].begin(), listed["cues"].end(), cue) != listed["cues"].end());
        }
    }
    // A search with no word in it (empty, only punctuation) is refused rather than
    // answered "nothing found".
    for (const char* nothing : {"", " ?! "}) {
        auto refused = e.as("member", {"transcript", "search", nothing, "--encounter", "E1"});
        requireOneErrorLine(refused, 3);
        CHECK(refused.err.find("give at least one word to search for") != std::string::npos);
    }
    // The cases above reach every kind of answer: a frame on a VFR camera inside a gap of
    // dropped frames (B at 0.1 s shows the frame of 0.0667 s), a camera not yet running
    // (A before 2 s) and one that has stopped (B after 5 s).
    CHECK(frames.at("Officer B").shownAt(100000) == 2);
    CHECK(frames.at("Officer B").us(3) > 100000);
}

TEST_CASE("a second transcript for the same footage needs --replace; the same file again changes nothing")
{
    Encounter e;
    const json first = e.importBoth();
    const std::string firstUuid = first["a"]["transcript"];

    // The same bytes again: already imported, the same transcript, exit 0.
    auto again = e.as("lead", {"transcript", "import", e.srtA.string(), "--footage", e.footageA, "--json"});
    const json sameFile = parsedOut(again);
    CHECK(sameFile["already_imported"] == true);
    CHECK(sameFile["transcript"] == firstUuid);
    CHECK(sameFile["replaced"].is_null());

    // Another file: refused with one sentence that tells to give --replace; nothing changes.
    const json listBefore = e.list();
    const fs::path corrected = e.scratch.dir / "officer-a-corrected.srt";
    writeFile(corrected, "1\n00:00:00,750 --> 00:00:01,250\nCorrected line\n");
    auto refused = e.as("chair", {"transcript", "import", corrected.string(), "--footage", e.footageA});
    requireOneErrorLine(refused, 3);
    CHECK(refused.err.find("--replace") != std::string::npos);
    CHECK(refused.out.empty());
    CHECK(e.list() == listBefore);

    // With --replace: the new cues are shown for this camera, the other camera is untouched.
    const json replaced = parsedOut(
        e.as("chair", {"transcript", "import", corrected.string(), "--footage", e.footageA, "--replace", "--json"}));
    CHECK(replaced["replaced"] == firstUuid);
    CHECK(replaced["already_imported"] == false);
    CHECK(replaced["transcript"] != firstUuid);
    CHECK(replaced["cues"] == 1);
    const json listAfter = e.list();
    const std::vector<json> a = cuesOf(listAfter, "Officer A");
    REQUIRE(a.size() == 1);
    CHECK(a[0]["text"] == "Corrected line");
    CHECK(toUs(a[0]["start_s"].get<double>()) == 2750000);
    CHECK(cuesOf(listAfter, "Officer B") == cuesOf(listBefore, "Officer B"));
    // The earlier file is no longer the one shown, so it too needs --replace now.
    requireOneErrorLine(e.as("chair", {"transcript", "import", e.srtA.string(), "--footage", e.footageA}), 3);

    // The import and the replacement are in the audit log, and the log is intact.
    const json imports = parsedOut(e.as("chair", {"audit", "list", "--action", "transcript.import", "--json"}));
    CHECK(imports.size() == 3);
    CHECK(imports[0]["detail"]["replaced"] == firstUuid);
    auto verified = e.as("chair", {"audit", "verify"});
    requireOk(verified);
    CHECK(verified.out.find("intact") != std::string::npos);
}

TEST_CASE("a file that cannot be imported is refused with exit 3 and one sentence; nothing is stored")
{
    Encounter e;
    e.importBoth();
    const json listBefore = e.list();
    const fs::path dir = e.scratch.dir;
    auto import = [&](const fs::path& file, const std::string& footage) {
        return e.as("chair", {"transcript", "import", file.string(), "--footage", footage, "--replace"});
    };

    // A time that cannot be read, on line 6 of the file: the line and the text are named.
    const fs::path badTime = dir / "bad-time.srt";
    writeFile(badTime, "1\n00:00:01,000 --> 00:00:02,000\nfine\n\n2\n00:00:03,000 --> 00:00:03,5x0\nbroken\n");
    auto r = import(badTime, e.footageA);
    requireOneErrorLine(r, 3);
    CHECK(r.err.find(badTime.string() + ": line 6: ") != std::string::npos);
    CHECK(r.err.find("00:00:03,5x0") != std::string::npos);

    // A cue that ends before it starts, on line 2 (after a BOM and with CRLF endings).
    const fs::path backwards = dir / "backwards.vtt";
    writeFile(backwards, "\xEF\xBB\xBFWEBVTT\r\n00:05.000 --> 00:02.000\r\nbackwards\r\n");
    r = import(backwards, e.footageB);
    requireOneErrorLine(r, 3);
    CHECK(r.err.find(backwards.string() + ": line 2: ") != std::string::npos);

    // An empty file, a file with no cues, a .vtt that is not WebVTT, a folder, a missing file.
    const fs::path empty = dir / "empty.srt", blank = dir / "blank.srt", headerOnly = dir / "header.vtt",
                   notVtt = dir / "not.vtt", folder = dir / "folder.srt";
    writeFile(empty, "");
    writeFile(blank, "\n\n  \n");
    writeFile(headerOnly, "WEBVTT\n\n");
    writeFile(notVtt, "hello\n00:01.000 --> 00:02.000\nhi\n");
    fs::create_directory(folder);
    for (const fs::path& file : {empty, blank, headerOnly, notVtt, folder, dir / "missing.srt"}) {
        CAPTURE(file);
        r = import(file, e.footageA);
        requireOneErrorLine(r, 3);
        CHECK(r.err.find(file.string() + ": ") != std::string::npos);
        if (file == folder)
            CHECK(r.err.find("this is a folder, not a transcript") != std::string::npos);
    }

    // A file name that is not UTF-8 (Latin-1 "été"): a bad file under it is refused in a
    // sentence in UTF-8 (U+FFFD for the foreign bytes); a good one imports.
    const std::string latin1 = "\xE9t\xE9.srt";
    const std::string shown = "\xEF\xBF\xBDt\xEF\xBF\xBD.srt";
    writeFile(dir / latin1, "");
    r = import(dir / latin1, e.footageA);
    requireOneErrorLine(r, 3);
    CHECK(r.err.find(shown + ": ") != std::string::npos);
    CHECK(e.list() == listBefore);

    writeFile(dir / latin1, "1\n00:00:01,000 --> 00:00:02,000\nFrom a Latin-1 name\n");
    const json latinImport = parsedOut(e.as("chair", {"transcript", "import", (dir / latin1).string(), "--footage",
                                                      e.footageA, "--replace", "--json"}));
    CHECK(latinImport["cues"] == 1);
    // The stored name comes back in the sentence that asks for --replace, again in UTF-8.
    r = e.as("chair", {"transcript", "import", e.srtA.string(), "--footage", e.footageA});
    requireOneErrorLine(r, 3);
    CHECK(r.err.find("(" + shown + ", ") != std::string::npos);
}

TEST_CASE("who may import transcripts, read them and draw masks")
{
    Encounter e;
    // A member may not import: told so (exit 4) before the file is even read.
    auto member = e.as("member", {"transcript", "import", (e.scratch.dir / "no-such-file.srt").string(), "--footage", e.footageA});
    requireOneErrorLine(member, 4);
    member = e.as("member", {"transcript", "import", e.srtA.string(), "--footage", e.footageA});
    requireOneErrorLine(member, 4);
    CHECK(e.list()["cues"].empty());
    // A chair, a lead and an administrator may.
    requireOk(e.as("admin", {"transcript", "import", e.srtA.string(), "--footage", e.footageA}));
    requireOk(e.as("lead", {"transcript", "import", e.vttB.string(), "--footage", e.footageB}));
    // A member may list and search (footage.view); an administrator may not view footage.
    CHECK(e.list("member")["cues"].size() == 8);
    CHECK(e.search("there")["matches"].size() == 2);
    requireOneErrorLine(e.as("admin", {"transcript", "list", "--encounter", "E1"}), 4);

    // Masks: a chair or a lead only; member and administrator get exit 4 and add nothing.
    const std::vector<std::string> add = {"mask", "add", "--footage", e.footageA, "--from", "1", "--to", "2", "--box", "0.1,0.1,0.2,0.2"};
    requireOneErrorLine(e.as("member", add), 4);
    requireOneErrorLine(e.as("admin", add), 4);
    CHECK(parsedOut(e.as("member", {"mask", "list", "--json"})).empty());
    requireOk(e.as("chair", add));
    requireOk(e.as("lead", add));
    const json masks = parsedOut(e.as("member", {"mask", "list", "--json"}));
    REQUIRE(masks.size() == 2);
    requireOneErrorLine(e.as("member", {"mask", "remove", masks[0]["mask"].get<std::string>()}), 4);
    CHECK(parsedOut(e.as("member", {"mask", "list", "--json"})).size() == 2);
}

TEST_CASE("mask add refuses what cannot be a mask with one sentence; list and remove; all audited")
{
    Encounter e;
    // Independent truth for the recording's end: ffprobe's duration of camera A.
    auto probed = test_support::runCommand({"ffprobe", "-v", "error", "-show_entries", "format=duration", "-of",
                                            "default=nw=1:nk=1", e.cameraA.string()});
    requireOk(probed);
    const double durationA = std::stod(probed.out);
    auto add = [&](const std::string& person, const std::vector<std::string>& more) {
        std::vector<std::string> args = {"mask", "add"};
        args.insert(args.end(), more.begin(), more.end());
        return e.as(person, args);
    };

    const json rect = parsedOut(add("lead", {"--footage", e.footageA, "--from", "1", "--to", "3", "--box", "0.1,0.1,0.3,0.4", "--json"}));
    CHECK(rect["footage"] == e.footageA);
    CHECK(rect["shape"] == "rect");
    CHECK(rect["from_s"] == 1.0);
    CHECK(rect["to_s"] == 3.0);
    CHECK(rect["keyframes"] == json::parse(R"([{"at_s": 1.0, "box": [0.1, 0.1, 0.3, 0.4]}])"));
    const json moving = parsedOut(add("chair", {"--footage", e.cameraB.string(), "--from", "0.5", "--to", "2.5", "--shape", "ellipse",
                                                "--box", "0,0,0.5,0.25", "--to-box", "0.5,0.75,0.5,0.25", "--json"}));
    CHECK(moving["footage"] == e.footageB);
    CHECK(moving["shape"] == "ellipse");
    CHECK(moving["keyframes"] ==
          json::parse(R"([{"at_s": 0.5, "box": [0, 0, 0.5, 0.25]}, {"at_s": 2.5, "box": [0.5, 0.75, 0.5, 0.25]}])"));

    const std::string endText = std::to_string(durationA + 0.5);
    const std::vector<std::pair<std::vector<std::string>, std::string>> refused = {
        {{"--from", "1", "--to", "2", "--box", "0.8,0.1,0.3,0.4"}, "--box"},      // runs off the right edge
        {{"--from", "1", "--to", "2", "--box", "0.1,0.1,0,0.4"}, "--box"},        // empty
        {{"--from", "1", "--to", "2", "--box=-0.1,0.1,0.3,0.4"}, "--box"},       // off the left edge
        {{"--from", "1", "--to", "2", "--box", "0.1,0.1,0.3"}, "--box"},          // three numbers
        {{"--from", "1", "--to", "2", "--box", "0.1,0.1,0.2,0.2", "--to-box", "0.9,0.9,0.2,0.2"}, "--to-box"},
        {{"--from", "3", "--to", "3", "--box", "0.1,0.1,0.2,0.2"}, "--from"},     // ends as it starts
        {{"--from", "3", "--to", "2", "--box", "0.1,0.1,0.2,0.2"}, "--from"},     // ends before it starts
        {{"--from", endText, "--to", std::to_string(durationA + 2), "--box", "0.1,0.1,0.2,0.2"}, "--from"},
        {{"--from", "1", "--to", "2", "--shape", "star", "--box", "0.1,0.1,0.2,0.2"}, "--shape"},
    };
    for (const auto& [args, option] : refused) {
        std::vector<std::string> full = {"--footage", e.footageA};
        full.insert(full.end(), args.begin(), args.end());
        std::string shown;
        for (const std::string& a : args)
            shown += a + " ";
        CAPTURE(shown);
        auto r = add("lead", full);
        requireOneErrorLine(r, 3);
        CHECK(r.err.find(option) != std::string::npos);
    }
    // An unknown footage file is refused too, and none of the refusals added a mask.
    requireOneErrorLine(add("lead", {"--footage", (e.scratch.dir / "other.mp4").string(), "--from", "1", "--to", "2",
                                     "--box", "0.1,0.1,0.2,0.2"}), 3);
    const json all = parsedOut(e.as("member", {"mask", "list", "--json"}));
    REQUIRE(all.size() == 2);
    const json onlyA = parsedOut(e.as("member", {"mask", "list", "--footage", e.cameraA.string(), "--json"}));
    REQUIRE(onlyA.size() == 1);
    CHECK(onlyA[0] == rect);

    // Removing: by the first 8 characters of its id; an unknown id or one removed already
    // is refused with exit 3.
    const std::string id = rect["mask"];
    requireOneErrorLine(e.as("lead", {"mask", "remove", "00000000-0000-0000-0000-000000000000"}), 3);
    // Fewer than 8 characters could name several masks: the answer says how many to give.
    auto tooShort = e.as("chair", {"mask", "remove", id.substr(0, 7)});
    requireOneErrorLine(tooShort, 3);
    CHECK(tooShort.err.find("at least the first 8 characters") != std::string::npos);
    auto removed = e.as("chair", {"mask", "remove", id.substr(0, 8)});
    requireOk(removed);
    CHECK(removed.out.find(id) != std::string::npos);
    requireOneErrorLine(e.as("chair", {"mask", "remove", id}), 3);
    const json left = parsedOut(e.as("member", {"mask", "list", "--json"}));
    REQUIRE(left.size() == 1);
    CHECK(left[0] == moving);
    CHECK(parsedOut(e.as("member", {"mask", "list", "--footage", e.footageA, "--json"})).empty());

    // Every add and remove is in the audit log under its mask's id, and the log is intact.
    const json added = parsedOut(e.as("chair", {"audit", "list", "--action", "mask.added", "--json"}));
    REQUIRE(added.size() == 2);
    CHECK(added[0]["item"] == moving["mask"]);
    CHECK(added[0]["person"] == "chair");
    CHECK(added[1]["item"] == id);
    CHECK(added[1]["person"] == "lead");
    const json gone = parsedOut(e.as("chair", {"audit", "list", "--action", "mask.removed", "--json"}));
    REQUIRE(gone.size() == 1);
    CHECK(gone[0]["item"] == id);
    CHECK(gone[0]["person"] == "chair");

    // Moving: a keyframe in the middle of the span; a member may not; outside the span and
    // off the picture are refused with a sentence naming the option.
    const std::string movingId = moving["mask"];
    requireOneErrorLine(e.as("member", {"mask", "move", movingId, "--at", "1.5", "--box", "0.2,0.2,0.1,0.1"}), 4);
    const json moved = parsedOut(e.as("lead", {"mask", "move", movingId.substr(0, 8), "--at", "1.5", "--box",
                                                "0.2,0.2,0.1,0.1", "--json"}));
    CHECK(moved["keyframes"] == json::parse(R"([{"at_s": 0.5, "box": [0, 0, 0.5, 0.25]},
                                                 {"at_s": 1.5, "box": [0.2, 0.2, 0.1, 0.1]},
                                                 {"at_s": 2.5, "box": [0.5, 0.75, 0.5, 0.25]}])"));
    auto outside = e.as("lead", {"mask", "move", movingId, "--at", "3", "--box", "0.2,0.2,0.1,0.1"});
    requireOneErrorLine(outside, 3);
    CHECK(outside.err.find("--at") != std::string::npos);
    requireOneErrorLine(e.as("lead", {"mask", "move", movingId, "--at", "1", "--box", "0.95,0.2,0.1,0.1"}), 3);
    CHECK(parsedOut(e.as("chair", {"audit", "list", "--action", "mask.moved", "--json"})).size() == 1);
    auto verified = e.as("chair", {"audit", "verify"});
    requireOk(verified);
    CHECK(verified.out.find("intact") != std::string::npos);
}

namespace {

struct Rgb {
    int width = 0, height = 0;
    std::vector<unsigned char> pixels; // RGB, rows top to bottom
    const unsigned char* at(int x, int y) const { return &pixels[(static_cast<std::size_t>(y) * width + x) * 3]; }
};

Rgb readPng(const fs::path& file)
{
    int w = 0, h = 0, channels = 0;
    unsigned char* data = stbi_load(file.c_str(), &w, &h, &channels, 3);
    REQUIRE_MESSAGE(data != nullptr, file.string());
    Rgb image{w, h, std::vector<unsigned char>(data, data + static_cast<std::size_t>(w) * h * 3)};
    stbi_image_free(data);
    return image;
}

bool samePixel(const Rgb& a, const Rgb& b, int x, int y) { return std::equal(a.at(x, y), a.at(x, y) + 3, b.at(x, y)); }

} // namespace

TEST_CASE("a still given --db blurs the masks in force; outside them, and with --unmasked, it is the plain still")
{
    Encounter e;
    const std::string exe = test_support::executable().string();
    const std::string dbArg = e.db.string();
    // Rect [1 s, 3 s) on camera A: 96 x 96 pixels of its 320 x 240 picture from (32, 24).
    const json rect = parsedOut(e.as("lead", {"mask", "add", "--footage", e.footageA, "--from", "1", "--to", "3", "--box",
                                              "0.1,0.1,0.3,0.4", "--json"}));
    int serial = 0;
    auto plainStill = [&](const fs::path& video, long long n) {
        const fs::path out = e.scratch.dir / ("plain-" + std::to_string(++serial) + ".png");
        auto r = test_support::runCommand({exe, "frame", video.string(), std::to_string(n), "--png", out.string()});
        requireOk(r);
        return out;
    };
    auto dbStill = [&](const fs::path& video, long long n, CommandResult* result = nullptr) {
        const fs::path out = e.scratch.dir / ("db-" + std::to_string(++serial) + ".png");
        auto r = test_support::runCommand({exe, "--db", dbArg, "frame", video.string(), std::to_string(n), "--png", out.string()});
        requireOk(r);
        if (result)
            *result = r;
        return out;
    };

    // The frames at the span's edges, from ffprobe: masks hold over [from, to) of media time.
    const FrameTimes timesA = ffprobeFrames(e.cameraA);
    long long firstIn = -1, lastIn = -1;
    for (std::size_t i = 0; i < timesA.pts.size(); ++i)
        if (timesA.us(i) >= 1000000 && timesA.us(i) < 3000000) {
            if (firstIn < 0)
                firstIn = static_cast<long long>(i);
            lastIn = static_cast<long long>(i);
        }
    REQUIRE(firstIn > 0);
    REQUIRE(lastIn + 1 < static_cast<long long>(timesA.pts.size()));

    for (long long n : {firstIn - 1, lastIn + 1}) {
        CAPTURE(n);
        CommandResult r;
        const fs::path masked = dbStill(e.cameraA, n, &r);
        CHECK(test_support::fileBytes(masked) == test_support::fileBytes(plainStill(e.cameraA, n)));
        CHECK(r.err.empty());
    }
    for (long long n : {firstIn, lastIn}) {
        CAPTURE(n);
        CommandResult r;
        const fs::path maskedFile = dbStill(e.cameraA, n, &r);
        CHECK(r.err == "bwv-review: warning: " + maskedFile.string() +
                           ": 1 privacy mask blurred (a chair or a lead may give --unmasked)\n");
        const Rgb masked = readPng(maskedFile), plain = readPng(plainStill(e.cameraA, n));
        REQUIRE(masked.width == 320);
        REQUIRE(masked.height == 240);
        REQUIRE(plain.width == 320);
        const int x0 = 32, y0 = 24, side = 96, cell = side / 6; // six cells across the box's shorter side
        int changed = 0;
        for (int y = 0; y < masked.height; ++y)
            for (int x = 0; x < masked.width; ++x) {
                const bool inside = x >= x0 && x < x0 + side && y >= y0 && y < y0 + side;
                if (!inside) {
                    if (!samePixel(masked, plain, x, y)) {
                        FAIL_CHECK("pixel (" << x << ", " << y << ") outside the mask was changed");
                        x = masked.width, y = masked.height;
                    }
                    continue;
                }
                changed += samePixel(masked, plain, x, y) ? 0 : 1;
            }
        // Inside: each cell is one colour, the mean of the plain picture under it (rounded).
        for (int cy = y0; cy < y0 + side; cy += cell)
            for (int cx = x0; cx < x0 + side; cx += cell) {
                long long sum[3] = {0, 0, 0};
                for (int y = cy; y < cy + cell; ++y)
                    for (int x = cx; x < cx + cell; ++x)
                        for (int c = 0; c < 3; ++c)
                            sum[c] += plain.at(x, y)[c];
                for (int y = cy; y < cy + cell; ++y)
                    for (int x = cx; x < cx + cell; ++x)
                        for (int c = 0; c < 3; ++c) {
                            const double mean = static_cast<double>(sum[c]) / (cell * cell);
                            if (std::abs(masked.at(x, y)[c] - mean) > 1.0) {
                                FAIL_CHECK("cell at (" << cx << ", " << cy << ") pixel (" << x << ", " << y
                                                       << ") is " << int(masked.at(x, y)[c]) << ", the mean is " << mean);
                                y = cy + cell, x = cx + cell, c = 3;
                            }
                        }
            }
        // The test pattern has detail under the box, so the blur changed most of it.
        CHECK(changed > side * side / 2);
    }

    // --unmasked by a lead: the plain still, written to the audit log as mask.shown.
    const int shownBefore = e.auditCount("mask.shown");
    const fs::path unmasked = e.scratch.dir / "unmasked.png";
    auto lifted = e.as("lead", {"frame", e.cameraA.string(), std::to_string(firstIn), "--png", unmasked.string(), "--unmasked"});
    requireOk(lifted);
    CHECK(test_support::fileBytes(unmasked) == test_support::fileBytes(plainStill(e.cameraA, firstIn)));
    const json shown = parsedOut(e.as("chair", {"audit", "list", "--action", "mask.shown", "--json"}));
    REQUIRE(static_cast<int>(shown.size()) == shownBefore + 1);
    CHECK(shown[0]["person"] == "lead");
    CHECK(shown[0]["item"] == e.footageA);
    // ... by a member: exit 4, no file, nothing in the log.
    const fs::path refused = e.scratch.dir / "refused.png";
    requireOneErrorLine(e.as("member", {"frame", e.cameraA.string(), std::to_string(firstIn), "--png", refused.string(), "--unmasked"}), 4);
    CHECK_FALSE(fs::exists(refused));
    CHECK(e.auditCount("mask.shown") == shownBefore + 1);
    // ... without a database there are no masks to lift: a usage error, no file.
    auto noDb = test_support::runCommand({exe, "frame", e.cameraA.string(), "0", "--png", refused.string(), "--unmasked"});
    CHECK(noDb.exitCode == 2);
    CHECK_FALSE(fs::exists(refused));

    // A moving ellipse on the rotated recording: boxes in the picture as shown (240 x 320
    // once turned), the box half-way between its keyframes at the span's midpoint.
    const fs::path rotated = e.scratch.dir / "rotated.mp4";
    fs::copy_file(media("h264_rot90.mp4"), rotated);
    requireOk(e.as("chair", {"footage", "add", rotated.string(), "--encounter", "E2"}));
    requireOk(e.as("chair", {"mask", "add", "--footage", rotated.string(), "--from", "0", "--to", "2", "--shape", "ellipse",
                             "--box", "0,0,0.5,0.25", "--to-box", "0.5,0.75,0.5,0.25"}));
    const FrameTimes timesR = ffprobeFrames(rotated);
    std::size_t mid = 0;
    while (mid < timesR.pts.size() && timesR.us(mid) < 1000000)
        ++mid;
    REQUIRE(mid < timesR.pts.size());
    REQUIRE(timesR.us(mid) == 1000000); // exactly half-way: box 0.25,0.375,0.5,0.25
    {
        const Rgb masked = readPng(dbStill(rotated, static_cast<long long>(mid)));
        const Rgb plain = readPng(plainStill(rotated, static_cast<long long>(mid)));
        REQUIRE(masked.width == plain.width);
        REQUIRE(masked.height == plain.height);
        REQUIRE(plain.width == 240); // turned by 90 degrees
        REQUIRE(plain.height == 320);
        const double bx = 0.25, by = 0.375, bw = 0.5, bh = 0.25;
        std::set<std::array<unsigned char, 3>> colours, plainColours;
        int outsideChanged = 0, insideChanged = 0;
        for (int y = 0; y < plain.height; ++y)
            for (int x = 0; x < plain.width; ++x) {
                const double fx = (x + 0.5) / plain.width, fy = (y + 0.5) / plain.height;
                const double dx = (fx - (bx + bw / 2)) / (bw / 2), dy = (fy - (by + bh / 2)) / (bh / 2);
                const double r2 = dx * dx + dy * dy;
                const bool same = samePixel(masked, plain, x, y);
                if (r2 > 1.0 + 1e-9)
                    outsideChanged += same ? 0 : 1;
                else if (r2 < 1.0 - 1e-9) {
                    insideChanged += same ? 0 : 1;
                    colours.insert({masked.at(x, y)[0], masked.at(x, y)[1], masked.at(x, y)[2]});
                    plainColours.insert({plain.at(x, y)[0], plain.at(x, y)[1], plain.at(x, y)[2]});
                }
            }
        CHECK(outsideChanged == 0);
        CHECK(insideChanged > 0);
        // The box is 120 x 80 pixels, so cells of 80 / 6 = 13 pixels, 10 x 7 of them: at most
        // 70 colours inside, where the plain picture has far more.
        CHECK(colours.size() <= 70);
        CHECK(plainColours.size() > 4 * colours.size());
    }

    // Once removed, the mask blurs nothing: the --db still is the plain one again.
    requireOk(e.as("chair", {"mask", "remove", rect["mask"].get<std::string>()}));
    CommandResult after;
    const fs::path afterFile = dbStill(e.cameraA, firstIn, &after);
    CHECK(after.err.empty());
    CHECK(test_support::fileBytes(afterFile) == test_support::fileBytes(plainStill(e.cameraA, firstIn)));
    requireOk(e.as("chair", {"audit", "verify"}));
}
