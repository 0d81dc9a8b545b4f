// Transcript search: the folding on worked examples (Unicode's decompositions, written out
// by hand), whole words and phrases over several cameras' cues in time order, and the
// index checked against a plain scan of every cue on random transcripts.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "exchange/transcript_index.hpp"
#include "exchange/transcript_parser.hpp"
#include "transcript_ffmpeg.hpp"

using namespace exchange;

using Words = std::vector<std::string>;

TEST_CASE("search folds case and accents and splits words")
{
    CHECK(searchWords("Vous êtes DÉTENU, you’re") == Words{"vous", "etes", "detenu", "you're"});
    CHECK(searchWords("Łódź, Straße, ÆTHER, Øresund, Œuvre, Þór, Đorđe") ==
          Words{"lodz", "strasse", "aether", "oresund", "oeuvre", "thor", "dorde"});
    CHECK(searchWords("Nguyễn Thị Ánh, Ŵyn") == Words{"nguyen", "thi", "anh", "wyn"});
    CHECK(searchWords("cafe\u0301 NAI\u0308VE") == Words{"cafe", "naive"});   // combining accents
    CHECK(searchWords("ПРИВЕТ, Ёлка, ΣΩΚΡΑΤΗΣ") == Words{"привет", "ёлка", "σωκρατησ"});
    CHECK(searchWords("rock 'n' roll, stop-and-search; you''re 'quoted'") ==
          Words{"rock", "n", "roll", "stop", "and", "search", "you're", "quoted"});
    CHECK(searchWords("section\u00A060 \u201Cyes\u201D 3×4 £20 — ok…") ==
          Words{"section", "60", "yes", "3", "4", "20", "ok"});
    CHECK(searchWords("漢字 かな") == Words{"漢字", "かな"});
    CHECK(searchWords("\xFF bad \xC3 bytes") == Words{"bad", "bytes"});
    CHECK(searchWords("").empty());
    CHECK(searchWords(" ,.!? ").empty());
}

namespace {

struct Cue {
    std::int64_t id, startUs;
    std::string text;
};

TranscriptIndex indexOf(const std::vector<Cue>& cues)
{
    std::vector<IndexedCue> in;
    for (const Cue& c : cues)
        in.push_back({c.id, c.startUs, c.text});
    return TranscriptIndex::build(in);
}

using Ids = std::vector<std::int64_t>;

} // namespace

TEST_CASE("whole words and phrases over three cameras, in time order")
{
    // Camera A's cues are ids 1xx, B's 2xx, C's 3xx; times already on the encounter's line.
    const std::vector<Cue> cues = {
        {101, 4000000, "You're being detained\nunder section 1 of PACE."},
        {102, 9000000, "What's your name?"},
        {103, 30000000, "I'm searching you for drugs."},
        {201, 4200000, "YOU'RE DETAINED, mate."},
        {202, 1000000, "Stop there."},
        {203, 30000000, "You’re detained for a search."},
        {301, 15000000, "Vous êtes détenu."},
        {302, 16000000, "Je suis détenu? Non, non."},
        {303, 2000000, "detainee, detain, detaining"},
    };
    TranscriptIndex index = indexOf(cues);
    CHECK(index.cueCount() == 9);
    CHECK(index.search("you're detained") == Ids{201, 203});   // 101 says "you're being detained"
    CHECK(index.search("for") == Ids{103, 203});   // both at 30 s: by id
    CHECK(index.search("You’re DETAINED!") == Ids{201, 203});
    CHECK(index.search("detained") == Ids{101, 201, 203});
    CHECK(index.search("detain") == Ids{303});
    CHECK(index.search("detained you're").empty());
    CHECK(index.search("being detained under section 1") == Ids{101});   // across a line break
    CHECK(index.search("DETENU") == Ids{301, 302});
    CHECK(index.search("vous etes detenu") == Ids{301});
    CHECK(index.search("non non") == Ids{302});
    CHECK(index.search("non non non").empty());
    CHECK(index.search("you") == Ids{103});
    CHECK(index.search("what's your name") == Ids{102});
    CHECK(index.search("whats your name").empty());
    CHECK(index.search("searching you for") == Ids{103});
    CHECK(index.search("stop").size() == 1);
    CHECK(index.search("absent").empty());
    CHECK(index.search("you're absent").empty());
    CHECK(index.search("").empty());
    CHECK(index.search("?!").empty());
    CHECK(TranscriptIndex().search("anything").empty());
}

TEST_CASE("parsed transcripts of two cameras searched together")
{
    auto srt = parseTranscript(transcript_test::readBytes(transcript_test::fixture("features.srt")), "a.srt");
    auto vtt = parseTranscript(transcript_test::readBytes(transcript_test::fixture("features.vtt")), "b.vtt");
    REQUIRE(srt.ok());
    REQUIRE(vtt.ok());
    // Camera B started 10 s before camera A on the encounter's timeline.
    std::vector<IndexedCue> cues;
    for (const TranscriptCue& c : srt->cues)
        cues.push_back({1000 + static_cast<std::int64_t>(c.index), 10000000 + c.startUs, c.text});
    for (const TranscriptCue& c : vtt->cues)
        cues.push_back({2000 + static_cast<std::int64_t>(c.index), c.startUs, c.text});
    TranscriptIndex index = TranscriptIndex::build(cues);
    CHECK(index.search("under section 1 of PACE") == Ids{2003, 1003});
    CHECK(index.search("fish & chips") == Ids{2002, 1002});
    CHECK(index.search("hands where I can see them") == Ids{2001});
    CHECK(index.search("radio chatter") == Ids{1001});
    CHECK(index.search("non-breaking space") == Ids{2006});
}

TEST_CASE("the index finds what a scan of every cue finds, on random transcripts")
{
    const std::vector<std::string> vocabulary = {"you're", "You’re", "detained", "DÉTENU", "détenu", "stop", "Stop,",
                                                 "search", "searching", "name?", "what's", "officer", "the", "a",
                                                 "car", "Ça", "ca", "naïve", "naive", "no", "no."};
    std::mt19937 rng(7);
    auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    std::vector<Cue> cues;
    for (std::int64_t id = 0; id < 3000; ++id) {
        std::string text;
        for (std::size_t w = 1 + pick(8); w > 0; --w)
            text += vocabulary[pick(vocabulary.size())] + (pick(5) == 0 ? "\n" : " ");
        cues.push_back({id * 7 % 3001, static_cast<std::int64_t>(pick(600)) * 1000000, text});
    }
    TranscriptIndex index = indexOf(cues);
    std::vector<const Cue*> byTime;
    for (const Cue& c : cues)
        byTime.push_back(&c);
    std::sort(byTime.begin(), byTime.end(),
              [](const Cue* a, const Cue* b) { return a->startUs != b->startUs ? a->startUs < b->startUs : a->id < b->id; });
    std::size_t nonEmpty = 0;
    for (int q = 0; q < 300; ++q) {
        std::string query;
        for (std::size_t w = 1 + pick(3); w > 0; --w)
            query += vocabulary[pick(vocabulary.size())] + " ";
        Words phrase = searchWords(query);
        Ids expected;
        for (const Cue* c : byTime) {
            Words words = searchWords(c->text);
            if (std::search(words.begin(), words.end(), phrase.begin(), phrase.end()) != words.end())
                expected.push_back(c->id);
        }
        INFO(query);
        CHECK(index.search(query) == expected);
        nonEmpty += !expected.empty();
    }
    CHECK(nonEmpty > 100);
}
