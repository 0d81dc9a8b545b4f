// The transcript parser on what no one meant to write: 10,000 random and mutated inputs
// must each give cues that make sense or one sentence, never a crash (run it under the
// asan preset to catch memory errors too). Large pathological inputs finish within the
// test's timeout only if the parser stays linear; nothing here measures time.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "exchange/transcript_parser.hpp"
#include "transcript_ffmpeg.hpp"

using namespace exchange;

namespace {

bool validUtf8(const std::string& s)
{
    for (std::size_t i = 0; i < s.size();) {
        auto b = static_cast<unsigned char>(s[i]);
        std::size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
        if (n == 0 || i + n > s.size())
            return false;
        for (std::size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80)
                return false;
        i += n;
    }
    return true;
}

// Either cues that keep every promise of TranscriptCue, or one plain sentence.
void checkOutcome(const std::string& input, const std::string& name)
{
    auto result = parseTranscript(input, name);
    if (!result.ok()) {
        const common::Error& e = result.error();
        CHECK(e.context == name);
        CHECK_FALSE(e.message.empty());
        CHECK(e.message.find('\n') == std::string::npos);
        CHECK(validUtf8(e.message));
        CHECK((e.code == common::ErrorCode::InvalidInput));
        return;
    }
    const Transcript& t = *result;
    REQUIRE_FALSE(t.cues.empty());
    REQUIRE(t.byTime.size() == t.cues.size());
    std::vector<bool> seen(t.cues.size());
    for (std::size_t k = 0; k < t.byTime.size(); ++k) {
        REQUIRE(t.byTime[k] < t.cues.size());
        CHECK_FALSE(seen[t.byTime[k]]);
        seen[t.byTime[k]] = true;
        if (k > 0)
            CHECK(t.cues[t.byTime[k - 1]].startUs <= t.cues[t.byTime[k]].startUs);
    }
    for (std::size_t i = 0; i < t.cues.size(); ++i) {
        const TranscriptCue& c = t.cues[i];
        CHECK(c.index == i);
        CHECK(c.startUs >= 0);
        CHECK(c.endUs >= c.startUs);
        CHECK(c.startUs % 1000 == 0);
        CHECK(c.line >= 1);
        CHECK(validUtf8(c.text));
        CHECK(validUtf8(c.rawText));
        CHECK(validUtf8(c.speaker));
        CHECK(c.text.size() <= 3 * c.rawText.size() + 4);
        if (i > 0)
            CHECK(c.line > t.cues[i - 1].line);
    }
    for (const std::string& w : t.warnings)
        CHECK(w.find('\n') == std::string::npos);
}

const std::vector<std::string> kPieces = {
    "-->", " --> ", "<", ">", "</", "<v ", "<b>", "</i>", "&", "&amp;", "&#", "&#x", ";", "{\\", "}", "\n", "\r",
    "\r\n", "\n\n", std::string(1, '\0'), "\xEF\xBB\xBF", "\xFF\xFE", "\xFE\xFF", "\xC3\xA9", "\xE9", "\x81", "\xF0\x9F",
    "WEBVTT", "WEBVTT\n\n", "NOTE", "STYLE\n", "REGION\n", ":", ",", ".", "0", "9", "00", "59", "60", "99999999999",
    "00:00:01,000", "00:01.000", "120:00:00,000", "1", "42\n", " ", "\t", "x", "é", "align:start",
};

std::string mutate(std::string s, std::mt19937& rng)
{
    auto pick = [&](std::size_t n) { return n == 0 ? 0 : std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    int edits = 1 + static_cast<int>(pick(8));
    for (int e = 0; e < edits; ++e) {
        std::size_t at = pick(s.size() + 1);
        switch (pick(6)) {
        case 0: // flip a byte
            if (!s.empty())
                s[pick(s.size())] = static_cast<char>(pick(256));
            break;
        case 1: // insert a piece that matters to the parser
            s.insert(at, kPieces[pick(kPieces.size())]);
            break;
        case 2: // delete a run
            s.erase(at, pick(40));
            break;
        case 3: // repeat a run
            if (at < s.size())
                s.insert(at, s.substr(at, pick(60)));
            break;
        case 4: // truncate
            s.resize(at);
            break;
        default: // random bytes
            for (std::size_t k = pick(12); k > 0; --k)
                s.insert(s.begin() + static_cast<std::ptrdiff_t>(pick(s.size() + 1)), static_cast<char>(pick(256)));
        }
    }
    return s;
}

} // namespace

TEST_CASE("10,000 random and mutated inputs give cues or a sentence")
{
    std::vector<std::string> seeds = {
        transcript_test::readBytes(transcript_test::fixture("features.srt")),
        transcript_test::readBytes(transcript_test::fixture("features.vtt")),
        transcript_test::readBytes(transcript_test::fixture("windows1252.srt")),
        "1\n00:00:01,000 --> 00:00:02,000\nHello\n",
        "WEBVTT\n\n00:01.000 --> 00:02.000\n<v A>Hi &amp; bye</v>\n",
    };
    std::mt19937 rng(20240614);
    std::size_t accepted = 0, refused = 0;
    for (int n = 0; n < 10000; ++n) {
        std::string input;
        if (n % 4 == 3) {
            // Made of the pieces alone, so that times, arrows and tags meet in odd orders.
            for (std::size_t k = std::uniform_int_distribution<std::size_t>(0, 60)(rng); k > 0; --k)
                input += kPieces[std::uniform_int_distribution<std::size_t>(0, kPieces.size() - 1)(rng)];
        } else if (n % 50 == 7) {
            input.resize(std::uniform_int_distribution<std::size_t>(0, 400)(rng));
            for (char& c : input)
                c = static_cast<char>(std::uniform_int_distribution<int>(0, 255)(rng));
        } else {
            input = mutate(seeds[static_cast<std::size_t>(n) % seeds.size()], rng);
        }
        INFO("input " << n);
        checkOutcome(input, n % 2 ? "fuzz.vtt" : "fuzz.srt");
        (parseTranscript(input, "fuzz.srt").ok() ? accepted : refused) += 1;
    }
    // Both outcomes were exercised, so the checks above checked something.
    CHECK(accepted > 1000);
    CHECK(refused > 1000);
}

TEST_CASE("large pathological inputs are read in linear time")
{
    const std::size_t kSize = 4 * 1024 * 1024;
    const std::string head = "1\n00:00:01,000 --> 00:00:02,000\n";
    const std::string vttHead = "WEBVTT\n\n00:01.000 --> 00:02.000\n";
    auto repeat = [&](const std::string& unit) {
        std::string s;
        s.reserve(kSize + unit.size());
        while (s.size() < kSize)
            s += unit;
        return s;
    };
    // One enormous line of would-be tags, overrides and references, in each format.
    for (const std::string& unit : {std::string("{\\"), std::string("<a "), std::string("<b"), std::string("&#1"),
                                    std::string("&amp"), std::string("<<"), std::string("<")}) {
        INFO(unit);
        checkOutcome(head + repeat(unit), "big.srt");
        checkOutcome(vttHead + repeat(unit), "big.vtt");
    }
    // Many lines: cue numbers without times, blank lines, cues of one line each.
    checkOutcome(head + repeat("7\n"), "big.srt");
    checkOutcome(vttHead + repeat("\n"), "big.vtt");
    checkOutcome(repeat("0:00:01,000 --> 0:00:02,000\nx\n"), "big.srt");
    checkOutcome("WEBVTT\n\n" + repeat("00:01.000 --> 00:02.000\n\n"), "big.vtt");
    checkOutcome("WEBVTT\n\n" + repeat("stray\n\n"), "big.vtt");
    checkOutcome(repeat("\xE9"), "big.srt");
}
