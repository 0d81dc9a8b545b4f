// The transcript parser field by field: the fixtures' cues written out by hand from the
// files, the WebVTT cases from the W3C specification's parsing rules, and every refusal's
// sentence. ffmpeg's view of the same fixtures is transcript_ffmpeg_test.cpp.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "exchange/transcript_parser.hpp"
#include "transcript_ffmpeg.hpp"

using namespace exchange;
using namespace std::string_literals;

namespace {

Transcript parseOk(const std::string& bytes, const std::string& name = "clip.srt")
{
    auto t = parseTranscript(bytes, name);
    REQUIRE_MESSAGE(t.ok(), (t.ok() ? "" : t.error().describe()));
    return std::move(t).value();
}

// The one sentence a refusal gives, "file: line N: ...".
std::string refusal(const std::string& bytes, const std::string& name = "clip.srt")
{
    auto t = parseTranscript(bytes, name);
    REQUIRE_FALSE(t.ok());
    CHECK(t.error().code == common::ErrorCode::InvalidInput);
    CHECK(t.error().context == name);
    return t.error().describe();
}

constexpr std::int64_t kSecond = 1000000;

} // namespace

TEST_CASE("features.srt: every cue as the file writes it")
{
    Transcript t = parseOk(transcript_test::readBytes(transcript_test::fixture("features.srt")), "features.srt");
    CHECK(t.fileName == "features.srt");
    CHECK(t.format == TranscriptFormat::Srt);
    CHECK(t.encoding == TranscriptEncoding::Utf8);
    CHECK(t.warnings.empty());
    REQUIRE(t.cues.size() == 14);
    struct Expected {
        const char* identifier;
        std::int64_t startUs, endUs;
        std::size_t line;
        const char* text;
    };
    const Expected expected[] = {
        {"1", 1 * kSecond, 3500000, 2, "Officer: Stop there, please.\nCan you hear me?"},
        {"2", 2 * kSecond, 4 * kSecond, 7, "[radio chatter]"},
        {"3", 5250000, 6 * kSecond, 11, "Fish & chips, 5 < 6 and 7 > 3"},
        {"4", 4500000, 7 * kSecond, 15, "You're being detained\nunder section 1 of PACE."},
        {"5", 62500000, 65 * kSecond, 20, "A period before the milliseconds."},
        {"6", 8 * kSecond, 8 * kSecond, 24, "Zero length."},
        {"7", 9 * kSecond, 10 * kSecond, 28, ""},
        {"8", 11 * kSecond, 12 * kSecond, 31, "The same cue twice."},
        {"9", 11 * kSecond, 12 * kSecond, 35, "The same cue twice."},
        {"10", 120LL * 3600 * kSecond, 120LL * 3600 * kSecond + 1500000, 39, "Hours over ninety-nine."},
        {"", 13 * kSecond, 14 * kSecond, 41, "No number, no blank line before."},
        {"12", 15 * kSecond, 16 * kSecond, 45, "First paragraph.\nSecond paragraph after a blank line."},
        {"13", 17 * kSecond, 18 * kSecond, 51,
         "Line one\nline two\na made-up tag, <<guillemets>>\nleading and trailing spaces"},
        {"14", 19 * kSecond, 20 * kSecond, 57, "Last cue, no line break at the end"},
    };
    for (std::size_t i = 0; i < t.cues.size(); ++i) {
        INFO("cue " << i);
        const TranscriptCue& c = t.cues[i];
        CHECK(c.index == i);
        CHECK(c.identifier == expected[i].identifier);
        CHECK(c.startUs == expected[i].startUs);
        CHECK(c.endUs == expected[i].endUs);
        CHECK(c.line == expected[i].line);
        CHECK(c.text == expected[i].text);
        CHECK(c.speaker.empty());
    }
    CHECK(t.cues[0].rawText == "<i>Officer:</i> Stop there, please.\n<b>Can you</b> <u>hear</u> me?");
    CHECK(t.cues[1].rawText == "{\\an8}<font color=\"#ffff00\">[radio chatter]</font>");
    CHECK(t.cues[2].settings == "X1:100 X2:600 Y1:50 Y2:100");
    CHECK(t.cues[6].rawText.empty());
    CHECK(t.cues[11].rawText == "First paragraph.\n\nSecond paragraph after a blank line.");
    // Overlapping cues stay in file order; the time view sorts by start, ties in file order.
    CHECK(t.byTime == std::vector<std::size_t>{0, 1, 3, 2, 5, 6, 7, 8, 10, 11, 12, 13, 4, 9});
}

TEST_CASE("features.vtt: every cue as the W3C parser reads it")
{
    Transcript t = parseOk(transcript_test::readBytes(transcript_test::fixture("features.vtt")), "features.vtt");
    CHECK(t.format == TranscriptFormat::WebVtt);
    CHECK(t.warnings.empty());
    REQUIRE(t.cues.size() == 10);
    struct Expected {
        const char* identifier;
        std::int64_t startUs, endUs;
        std::size_t line;
        const char* speaker;
        const char* text;
    };
    const Expected expected[] = {
        {"intro", 1 * kSecond, 3500000, 16, "Officer A", "Stop there, please."},
        {"2", 2 * kSecond, 4 * kSecond, 20, "Officer B", "Hands where I can see them!"},
        {"", 5250000, 6 * kSecond, 23, "", "Fish & chips, 5 < 6 and 7 > 3"},
        {"", 4500000, 7 * kSecond, 26, "", "You're being detained\nunder section 1 of PACE."},
        {"", 8 * kSecond, 9 * kSecond, 30, "", "Word by word"},
        {"", 9 * kSecond, 10 * kSecond, 33, "", ""},
        {"", 11 * kSecond, 12 * kSecond, 35, "", "Non-breaking\u00A0space, 漢kan and é"},
        {"", 3599999000, 3600 * kSecond, 40, "", "An hour, without hours then with"},
        {"", 120LL * 3600 * kSecond, 120LL * 3600 * kSecond + 1500000, 43, "", "Hours over ninety-nine"},
        {"", 13 * kSecond, 14 * kSecond, 46, "", "Last cue, no line break at the end"},
    };
    for (std::size_t i = 0; i < t.cues.size(); ++i) {
        INFO("cue " << i);
        const TranscriptCue& c = t.cues[i];
        CHECK(c.identifier == expected[i].identifier);
        CHECK(c.startUs == expected[i].startUs);
        CHECK(c.endUs == expected[i].endUs);
        CHECK(c.line == expected[i].line);
        CHECK(c.speaker == expected[i].speaker);
        CHECK(c.text == expected[i].text);
    }
    CHECK(t.cues[0].settings == "align:start position:10%");
    CHECK(t.cues[0].rawText == "<v Officer A>Stop there, <b>please</b>.</v>");
    CHECK(t.cues[1].settings == "line:0");
    CHECK(t.cues[4].rawText == "<00:08.000>Word <00:08.500>by <00:08.750>word");
    CHECK(t.byTime == std::vector<std::size_t>{0, 1, 3, 2, 4, 5, 6, 9, 7, 8});
}

TEST_CASE("a time that cannot be read is one sentence naming the file and the line")
{
    std::string srt = "1\n00:00:01,000 --> 00:00:02,000\nOne.\n\n"
                      "2\n00:00:03,000 --> 00:00:04,000\nTwo.\n\n"
                      "3\n00:00:05,000 --> 00:00:06,000\nThree.\n\n"
                      "4\n00:01:02.5x0 --> 00:01:04,000\nFour.\n";
    CHECK(refusal(srt) == "clip.srt: line 14: \"00:01:02.5x0\" is not a time (write it as 00:01:02,500)");
    CHECK(refusal("1\n00:00:01,5 --> 00:00:02,000\nx\n") ==
          "clip.srt: line 2: \"00:00:01,5\" is not a time (write it as 00:00:01,500)");
    CHECK(refusal("1\n00:00:01,000 --> 01:02,500\nx\n") ==
          "clip.srt: line 2: \"01:02,500\" is not a time (write it as 00:01:02,500)");
    CHECK(refusal("1\n00:75:00,000 --> 01:16:00,000\nx\n") ==
          "clip.srt: line 2: \"00:75:00,000\" is not a time (write times as 00:01:02,500)");
    CHECK(refusal("1\n00:00:01,000 -->\nx\n") ==
          "clip.srt: line 2: \"00:00:01,000 -->\" lacks a time on one side of \"-->\" (write times as "
          "00:00:01,000 --> 00:00:02,500)");
    CHECK(refusal("WEBVTT\n\n00:01,000 --> 00:02.000\nx\n", "clip.vtt") ==
          "clip.vtt: line 3: \"00:01,000\" is not a time (write it as 00:01.000)");
    CHECK(refusal("WEBVTT\n\n00:01.000 --> 1:02:03.4\nx\n", "clip.vtt") ==
          "clip.vtt: line 3: \"1:02:03.4\" is not a time (write it as 01:02:03.400)");
    // The specification's hours: one or more digits, then minutes; "000:00.000" is neither.
    CHECK(refusal("WEBVTT\n\n000:00.000 --> 00:02.000\nx\n", "clip.vtt").find("line 3: \"000:00.000\" is not a time") !=
          std::string::npos);
    CHECK(refusal("WEBVTT\n\n00:01.000 00:02.000\nx --> y\n", "clip.vtt") ==
          "clip.vtt: line 4: \"x\" is not a time (write times as 00:01:02.500 or 01:02.500)");
}

TEST_CASE("a cue that ends before it starts is refused with its line")
{
    CHECK(refusal("1\n00:00:02,000 --> 00:00:01,000\nBackwards.\n") ==
          "clip.srt: line 2: the cue ends at 00:00:01,000, before it starts at 00:00:02,000 (swap or correct the "
          "two times)");
    CHECK(refusal("WEBVTT\n\nid\n01:00.000 --> 00:59.000\nx\n", "c.vtt") ==
          "c.vtt: line 4: the cue ends at 00:00:59.000, before it starts at 00:01:00.000 (swap or correct the two "
          "times)");
}

TEST_CASE("what is not a transcript is refused with one sentence")
{
    CHECK(refusal("Officer: stop there\n00:00:01,000 --> 00:00:02,000\nx\n") ==
          "clip.srt: line 1: \"Officer: stop there\" is not a cue number or a cue's times (an SRT cue begins with "
          "its number, then a line such as 00:00:01,000 --> 00:00:02,500)");
    CHECK(refusal("1\nHello\n") ==
          "clip.srt: line 2: \"Hello\" is not the times of cue 1 (write them as 00:00:01,000 --> 00:00:02,500)");
    CHECK(refusal("\n\n7\n") == "clip.srt: line 3: cue 7 has no times (write them as 00:00:01,000 --> 00:00:02,500)");
    CHECK(refusal("") == "clip.srt: the file holds no subtitles (no line of times such as 00:00:01,000 --> 00:00:02,500)");
    CHECK(refusal("\r\n\r\n") ==
          "clip.srt: the file holds no subtitles (no line of times such as 00:00:01,000 --> 00:00:02,500)");
    CHECK(refusal("WEBVTT\nKind: captions\n\nNOTE nothing yet\n", "c.vtt") == "c.vtt: the WebVTT file holds no cues");
    CHECK(refusal("00:01.000 --> 00:02.000\nx\n", "c.VTT") ==
          "c.VTT: line 1: a WebVTT file must begin with the line WEBVTT, this one begins with \"00:01.000 --> "
          "00:02.000\"");
    // Not the signature: "WEBVTT" must stand alone or be followed by a space or tab.
    CHECK(refusal("WEBVTTX\n\n00:01.000 --> 00:02.000\nx\n", "c.srt").find("line 1: \"WEBVTTX\" is not a cue number") !=
          std::string::npos);
}

TEST_CASE("text that is neither UTF-8 nor Windows-1252 is refused naming the line")
{
    // Valid UTF-8 (é) and, two lines on, a byte that is not: two encodings in one file.
    CHECK(refusal("1\n00:00:01,000 --> 00:00:02,000\nCaf\xC3\xA9\n\n2\n00:00:03,000 --> 00:00:04,000\nCaf\xE9\n") ==
          "clip.srt: line 7: the text is not UTF-8 (the file mixes UTF-8 with another encoding); save the file as "
          "UTF-8 and import it again");
    CHECK(refusal("\xEF\xBB\xBF" "1\r\n00:00:01,000 --> 00:00:02,000\r\nCaf\xE9\r\n") ==
          "clip.srt: line 3: the text is not UTF-8 although the file begins with UTF-8's byte order mark; save the "
          "file as UTF-8 and import it again");
    CHECK(refusal("1\r00:00:01,000 --> 00:00:02,000\r\x81\r") ==
          "clip.srt: line 3: byte 0x81 is neither UTF-8 nor Windows-1252 text; save the file as UTF-8 and import "
          "it again");
    CHECK(refusal("\xFF\xFE" "1\0\n\0\x00\xD8"s) ==
          "clip.srt: line 2: the UTF-16 text is damaged (half of a character pair); save the file as UTF-8 and "
          "import it again");
    CHECK(refusal("\xFE\xFF\0" "1\0"s) ==
          "clip.srt: line 1: the UTF-16 text ends in half a character; save the file as UTF-8 and import it again");
}

TEST_CASE("Windows-1252 is converted, and a NUL becomes U+FFFD")
{
    Transcript t = parseOk("1\r\n00:00:01,000 --> 00:00:02,000\r\n\x93" "Caf\xE9\x94 costs \x80" "5\r\n");
    CHECK(t.encoding == TranscriptEncoding::Windows1252);
    CHECK(t.cues[0].text == "\u201CCaf\u00E9\u201D costs \u20AC5");
    Transcript n = parseOk("1\n00:00:01,000 --> 00:00:02,000\na\0b\n"s);
    CHECK(n.cues[0].text == "a\uFFFDb");
}

TEST_CASE("a file over the size limit and a file with too many cues are refused")
{
    std::string big(kMaxTranscriptBytes + 1, ' ');
    CHECK(refusal(big) == "clip.srt: the file is 50 MB; transcripts over 50 MB are refused (check that this is a "
                          "transcript)");
    std::string many;
    many.reserve(kMaxTranscriptCues * 24);
    for (std::size_t i = 0; i <= kMaxTranscriptCues; ++i)
        many += "0:00:01,000 --> 0:00:02,000\n";
    CHECK(refusal(many) == "clip.srt: line 200001: the file holds more than 200000 cues, more than any recording's "
                           "transcript; split it or check it is a transcript");
}

TEST_CASE("SRT tags, overrides and references become plain text")
{
    auto text = [](const std::string& cue) {
        return parseOk("1\n00:00:01,000 --> 00:00:02,000\n" + cue + "\n").cues[0].text;
    };
    CHECK(text("<b>bold</b> <I>italic</I> <u>under</u> <s>struck</s>") == "bold italic under struck");
    CHECK(text("<font color=\"#ff0000\" size=\"20\">red</font> <font face=Arial>face</font>") == "red face");
    CHECK(text("{\\an8}{\\i1}top{\\i0} {\\pos(10,20)}placed") == "top placed");
    CHECK(text("one<br>two<BR/>three<br />four") == "one\ntwo\nthree\nfour");
    CHECK(text("5 < 6, 7 > 3, a<b, x <3 y, <not a tag") == "5 < 6, 7 > 3, a<b, x <3 y, <not a tag");
    CHECK(text("{no override} {\\unclosed") == "{no override} {\\unclosed");
    CHECK(text("&amp; &lt;b&gt; &nbsp;&quot;q&quot; &#233;&#xE9; &eacute; &bogus; &amp") ==
          "& <b> \u00A0\"q\" éé é &bogus; &amp");
    CHECK(text("   \t<i></i>  \nkept") == "kept");
}

TEST_CASE("WebVTT cue text by the specification's tokenizer")
{
    auto cue = [](const std::string& text) {
        return parseOk("WEBVTT\n\n00:01.000 --> 00:02.000\n" + text + "\n", "c.vtt").cues[0];
    };
    CHECK(cue("<c.yellow.bg_blue>c</c> <i>i</i> <b>b</b> <u>u</u> <lang fr>l</lang> <ruby>r<rt>t</rt></ruby>").text ==
          "c i b u l rt");
    // Every '<' opens a tag that runs to the next '>' (W3C WebVTT 6.4, tag state).
    CHECK(cue("5 < 6 and more").text == "5");
    CHECK(cue("a <b\nc> d").text == "a  d");
    CHECK(cue("<00:00:01.500>timed <01.500>also").text == "timed also");
    CHECK(cue("&amp;&lt;&gt;&nbsp;&lrm;&rlm;&#128;&#0;&#x110000;&unknown;").text ==
          "&<>\u00A0\u200E\u200F\u20AC\uFFFD\uFFFD&unknown;");
    CHECK(cue("<v Officer A>Stop</v>\n<v Driver>Why?</v>").speaker == "Officer A");
    CHECK(cue("<v Officer A>Stop</v>\n<v Driver>Why?</v>").text == "Stop\nWhy?");
    CHECK(cue("<v.loud.first   Mr &amp;  Mrs\tSmith >Hello").speaker == "Mr & Mrs Smith");
    CHECK(cue("<v>no name").speaker.empty());
    CHECK(cue("<video>not a voice").speaker.empty());
}

TEST_CASE("WebVTT blocks as the specification collects them")
{
    // A cue may follow the WEBVTT line at once; header lines are not cues.
    Transcript t = parseOk("WEBVTT\n00:01.000 --> 00:02.000\nfirst\n", "c.vtt");
    REQUIRE(t.cues.size() == 1);
    CHECK(t.cues[0].text == "first");
    t = parseOk("WEBVTT\tFile\nKind: captions\nLanguage: en\n\n1:00:00.000 --> 1:00:01.000\nhour\n", "c.vtt");
    REQUIRE(t.cues.size() == 1);
    CHECK(t.cues[0].startUs == 3600 * kSecond);
    // A "-->" line inside a cue's text ends the cue and starts the next.
    t = parseOk("WEBVTT\n\n00:01.000 --> 00:02.000\none\n00:03.000 --> 00:04.000\ntwo\n", "c.vtt");
    REQUIRE(t.cues.size() == 2);
    CHECK(t.cues[0].text == "one");
    CHECK(t.cues[1].text == "two");
    CHECK(t.cues[1].line == 5);
    // NOTE, STYLE and REGION are not cues, before or after the first cue; text that belongs
    // to no cue is left out, as the specification says, and named in a warning.
    t = parseOk("WEBVTT\n\nNOTE\ncomment\n\n00:01.000 --> 00:02.000\nkept\n\nstray line\nand another\n\n"
                "STYLE\n::cue {}\n\nNOTE again\n\n00:03.000 --> 00:04.000\nkept too\n",
                "c.vtt");
    REQUIRE(t.cues.size() == 2);
    CHECK(t.cues[1].text == "kept too");
    REQUIRE(t.warnings.size() == 1);
    CHECK(t.warnings[0] == "line 9: \"stray line\" is not part of any cue (it has no line of times before it), so it "
                           "was left out");
    // Blocks of spaces say nothing and are not warned about; a cue number in the same block
    // before the line of times is not the cue's identifier (the block is two lines long),
    // so it is left out, as Netflix's files show.
    t = parseOk("WEBVTT\n\n   \n\n      \n1\n00:07.960 --> 00:09.480  position:50.00%,middle\n[Alba] Hola\n", "c.vtt");
    REQUIRE(t.cues.size() == 1);
    CHECK(t.cues[0].identifier.empty());
    CHECK(t.cues[0].text == "[Alba] Hola");
    CHECK(t.warnings == std::vector<std::string>{"line 6: \"1\" is not part of any cue (it has no line of times "
                                                 "before it), so it was left out"});
    // The specification's parser makes a NOTE line followed by times a cue's identifier.
    t = parseOk("WEBVTT\n\nNOTE odd\n00:01.000 --> 00:02.000\nx\n", "c.vtt");
    REQUIRE(t.cues.size() == 1);
    CHECK(t.cues[0].identifier == "NOTE odd");
    // Settings need no space after the end time when the time has ended.
    t = parseOk("WEBVTT\n\n00:01.000 --> 00:02.000   size:50%  \nx\n", "c.vtt");
    CHECK(t.cues[0].settings == "size:50%");
}

TEST_CASE("SRT structure as players tolerate it")
{
    // Leading blank lines, a number then a blank line then its times, trailing blank lines.
    Transcript t = parseOk("\n\n  1  \n\n00:00:01,000 --> 00:00:02,000\nx\n\n\n\n");
    REQUIRE(t.cues.size() == 1);
    CHECK(t.cues[0].identifier == "1");
    CHECK(t.cues[0].line == 5);
    // "-->" in text that starts with a letter is text; a number closing the text before a
    // blank line stays text too; times without spaces around the arrow are times.
    t = parseOk("1\n00:00:01,000 --> 00:00:02,000\nHe said --> go\nroom\n42\n\n"
                "2\n00:00:03,000-->00:00:04,000\nend\n");
    REQUIRE(t.cues.size() == 2);
    CHECK(t.cues[0].text == "He said --> go\nroom\n42");
    CHECK(t.cues[1].identifier == "2");
    CHECK(t.cues[1].startUs == 3 * kSecond);
    // One-digit hours, minutes and seconds, as ffmpeg reads them.
    t = parseOk("1\n0:0:1,000 --> 0:0:2,000\nshort\n");
    CHECK(t.cues[0].endUs == 2 * kSecond);
    CHECK(transcriptFormatName(t.format) == std::string("SRT"));
    CHECK(transcriptEncodingName(TranscriptEncoding::Windows1252) == std::string("Windows-1252"));
}
