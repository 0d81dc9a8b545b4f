// Transcript cues against ffmpeg (issue 14): the fixtures in tests/exchange/transcripts
// hold every case the parser handles; each is written in several encodings and line
// endings, read by us and by `ffmpeg -i FILE -f srt -`, and the cues compared by time (to
// the millisecond) and text. Where ffmpeg departs from the WebVTT specification the file
// given to ffmpeg is adjusted (webVttForFfmpeg), and the comment says how.
#include <doctest/doctest.h>

#include <filesystem>
#include <functional>
#include <string>

#include <unistd.h>

#include "exchange/transcript_parser.hpp"
#include "transcript_ffmpeg.hpp"

using namespace exchange;
using namespace transcript_test;

namespace {

std::filesystem::path scratch(const std::string& name)
{
    auto dir = std::filesystem::temp_directory_path() / ("bwv-transcript-ffmpeg-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    return dir / name;
}

std::string withEndings(const std::string& lf, const std::string& ending)
{
    std::string out;
    for (char c : lf)
        out += c == '\n' ? ending : std::string(1, c);
    return out;
}

// UTF-8 (BMP only, as the fixtures are) to UTF-16 with its byte order mark.
std::string utf16(const std::string& utf8, bool bigEndian)
{
    std::string out = bigEndian ? "\xFE\xFF" : "\xFF\xFE";
    for (std::size_t i = 0; i < utf8.size();) {
        auto b = static_cast<unsigned char>(utf8[i]);
        unsigned cp = b;
        std::size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : 3;
        if (n == 2)
            cp = (b & 0x1Fu) << 6 | (static_cast<unsigned char>(utf8[i + 1]) & 0x3Fu);
        if (n == 3)
            cp = (b & 0x0Fu) << 12 | (static_cast<unsigned char>(utf8[i + 1]) & 0x3Fu) << 6 |
                 (static_cast<unsigned char>(utf8[i + 2]) & 0x3Fu);
        char hi = static_cast<char>(cp >> 8), lo = static_cast<char>(cp & 0xFF);
        out += bigEndian ? std::string{hi, lo} : std::string{lo, hi};
        i += n;
    }
    return out;
}

Transcript parseFile(const std::filesystem::path& file)
{
    auto t = parseTranscript(readBytes(file), file.filename().string());
    REQUIRE_MESSAGE(t.ok(), (t.ok() ? "" : t.error().describe()));
    return std::move(t).value();
}

// Every field of every cue, so that two readings of one text in different encodings or
// line endings can be required to be identical.
void expectIdentical(const Transcript& a, const Transcript& b)
{
    REQUIRE(a.cues.size() == b.cues.size());
    CHECK(a.byTime == b.byTime);
    CHECK(a.warnings == b.warnings);
    for (std::size_t i = 0; i < a.cues.size(); ++i) {
        INFO("cue " << i);
        CHECK(a.cues[i].identifier == b.cues[i].identifier);
        CHECK(a.cues[i].startUs == b.cues[i].startUs);
        CHECK(a.cues[i].endUs == b.cues[i].endUs);
        CHECK(a.cues[i].text == b.cues[i].text);
        CHECK(a.cues[i].rawText == b.cues[i].rawText);
        CHECK(a.cues[i].speaker == b.cues[i].speaker);
        CHECK(a.cues[i].settings == b.cues[i].settings);
        CHECK(a.cues[i].line == b.cues[i].line);
    }
}

} // namespace

TEST_CASE("SRT with every case read as ffmpeg reads it, in every encoding and line ending")
{
    std::string lf = readBytes(fixture("features.srt"));
    REQUIRE(lf.find('\r') == std::string::npos);
    Transcript reference = parseFile(fixture("features.srt"));
    CHECK(reference.cues.size() == 14);

    struct Variant {
        std::string name, bytes;
        TranscriptEncoding encoding;
    };
    const std::vector<Variant> variants = {
        {"lf.srt", lf, TranscriptEncoding::Utf8},
        {"crlf.srt", withEndings(lf, "\r\n"), TranscriptEncoding::Utf8},
        {"cr.srt", withEndings(lf, "\r"), TranscriptEncoding::Utf8},
        {"bom_crlf.srt", "\xEF\xBB\xBF" + withEndings(lf, "\r\n"), TranscriptEncoding::Utf8},
        {"utf16le.srt", utf16(withEndings(lf, "\r\n"), false), TranscriptEncoding::Utf16Le},
        {"utf16be.srt", utf16(lf, true), TranscriptEncoding::Utf16Be},
    };
    for (const Variant& v : variants) {
        INFO(v.name);
        auto file = scratch(v.name);
        writeBytes(file, v.bytes);
        Transcript ours = parseFile(file);
        CHECK(ours.format == TranscriptFormat::Srt);
        CHECK(ours.encoding == v.encoding);
        expectIdentical(ours, reference);
        expectSameCues(ours, ffmpegCues(file), true, v.name);
    }
}

TEST_CASE("WebVTT with every case read as the specification and ffmpeg read it")
{
    std::string lf = readBytes(fixture("features.vtt"));
    Transcript reference = parseFile(fixture("features.vtt"));
    CHECK(reference.format == TranscriptFormat::WebVtt);
    CHECK(reference.cues.size() == 10);

    using Encode = std::function<std::string(const std::string&)>;
    const std::vector<std::pair<std::string, Encode>> variants = {
        {"lf.vtt", [](const std::string& t) { return t; }},
        {"crlf.vtt", [](const std::string& t) { return withEndings(t, "\r\n"); }},
        {"bom_crlf.vtt", [](const std::string& t) { return "\xEF\xBB\xBF" + withEndings(t, "\r\n"); }},
        // Two that ffmpeg 5.1 cannot read, compared with its reading of the LF file: CR alone
        // ends a line in WebVTT (W3C WebVTT 6.1), but ffmpeg runs such lines together; the
        // specification decodes WebVTT as UTF-8 only and ffmpeg finds no WEBVTT line in
        // UTF-16, while we read UTF-16 with its byte order mark in both formats, as Windows
        // Notepad writes it, since the text cannot be mistaken.
        {"cr.vtt", [](const std::string& t) { return withEndings(t, "\r"); }},
        {"utf16le.vtt", [](const std::string& t) { return utf16(withEndings(t, "\r\n"), false); }},
    };
    for (const auto& [name, encode] : variants) {
        INFO(name);
        auto file = scratch(name);
        writeBytes(file, encode(lf));
        Transcript ours = parseFile(file);
        expectIdentical(ours, reference);
        auto forFfmpeg = scratch("ffmpeg_" + name);
        bool unreadable = name == "cr.vtt" || name == "utf16le.vtt";
        writeBytes(forFfmpeg, unreadable ? webVttForFfmpeg(lf) : encode(webVttForFfmpeg(lf)));
        std::vector<RefCue> truth = ffmpegCues(forFfmpeg);
        CHECK(truth.size() == 9);
        expectSameCues(ours, truth, false, name);
    }
}

TEST_CASE("a Windows-1252 SRT file is read as ffmpeg reads it when told the encoding")
{
    auto file = fixture("windows1252.srt");
    Transcript ours = parseFile(file);
    CHECK(ours.encoding == TranscriptEncoding::Windows1252);
    REQUIRE(ours.cues.size() == 2);
    CHECK(ours.cues[0].text == "Café, naïve, señor – «bonjour» ‘quoted’ €5");
    CHECK(ours.cues[1].text == "Straße, Œuvre, Zoë");
    expectSameCues(ours, ffmpegCues(file, {"-sub_charenc", "CP1252"}), true, "windows1252.srt");
}
