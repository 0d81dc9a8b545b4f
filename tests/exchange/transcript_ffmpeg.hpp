#pragma once

// ffmpeg as the truth for transcript cues: `ffmpeg -i FILE -f srt -` re-emits the cues it
// read, and a small reader of that output, independent of exchange/, turns them into
// times and text. Shared by transcript_ffmpeg_test.cpp and transcript_corpus_test.cpp.

#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "exchange/transcript_parser.hpp"
#include "test_support.hpp"

namespace transcript_test {

struct RefCue {
    long long startMs = 0, endMs = 0;
    std::string text;
};

inline std::string readBytes(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

inline void writeBytes(const std::filesystem::path& file, const std::string& bytes)
{
    std::ofstream out(file, std::ios::binary);
    out << bytes;
}

inline std::filesystem::path fixture(const std::string& name)
{
    const char* source = std::getenv("BWV_SOURCE_DIR");
    return std::filesystem::path(source ? source : ".") / "tests" / "exchange" / "transcripts" / name;
}

// Lines trimmed of spaces and tabs, empty ones dropped: what both sides agree a line is.
inline std::string tidy(const std::string& text)
{
    std::string out, line;
    std::istringstream in(text);
    while (std::getline(in, line)) {
        auto a = line.find_first_not_of(" \t");
        if (a == std::string::npos)
            continue;
        auto b = line.find_last_not_of(" \t");
        out += (out.empty() ? "" : "\n") + line.substr(a, b - a + 1);
    }
    return out;
}

inline void replaceAll(std::string& s, const std::string& from, const std::string& to)
{
    for (auto p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size()))
        s.replace(p, from.size(), to);
}

// The markup ffmpeg's SRT writer puts back: <b> <i> <u> <s>, <font ...>, and ASS override
// blocks {\...}; "\h" is its hard space. Nothing else is touched, so a "<" of the text stays.
inline std::string stripFfmpegMarkup(std::string s)
{
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        if (s.compare(i, 2, "{\\") == 0 && s.find('}', i) != std::string::npos) {
            i = s.find('}', i) + 1;
            continue;
        }
        bool tag = false;
        for (const char* t : {"<b>", "</b>", "<i>", "</i>", "<u>", "</u>", "<s>", "</s>", "</font>"})
            if (s.compare(i, std::char_traits<char>::length(t), t) == 0) {
                i += std::char_traits<char>::length(t);
                tag = true;
                break;
            }
        if (tag)
            continue;
        if (s.compare(i, 6, "<font ") == 0 && s.find('>', i) != std::string::npos) {
            i = s.find('>', i) + 1;
            continue;
        }
        out.push_back(s[i++]);
    }
    replaceAll(out, "\\h", "\xC2\xA0");
    return out;
}

// Runs `ffmpeg -v error [extra...] -i FILE -f srt -` and reads its cues.
inline std::vector<RefCue> ffmpegCues(const std::filesystem::path& file, const std::vector<std::string>& extra = {})
{
    std::vector<std::string> argv = {"ffmpeg", "-nostdin", "-v", "error"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    for (const char* a : {"-i", "", "-f", "srt", "-"})
        argv.push_back(*a ? a : file.string());
    auto run = test_support::runCommand(argv);
    REQUIRE_MESSAGE(run.exitCode == 0, run.err);
    std::string out = run.out;
    replaceAll(out, "\r", "");
    std::vector<std::string> lines;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    std::vector<RefCue> cues;
    for (std::size_t i = 0; i < lines.size();) {
        if (lines[i].empty()) {
            ++i;
            continue;
        }
        // number, times, text up to a blank line
        REQUIRE(i + 1 < lines.size());
        long long h1, m1, s1, f1, h2, m2, s2, f2;
        REQUIRE_MESSAGE(std::sscanf(lines[i + 1].c_str(), "%lld:%lld:%lld,%lld --> %lld:%lld:%lld,%lld", &h1, &m1, &s1,
                                    &f1, &h2, &m2, &s2, &f2) == 8,
                        lines[i + 1]);
        RefCue cue;
        cue.startMs = ((h1 * 60 + m1) * 60 + s1) * 1000 + f1;
        cue.endMs = ((h2 * 60 + m2) * 60 + s2) * 1000 + f2;
        i += 2;
        std::string text;
        for (; i < lines.size() && !lines[i].empty(); ++i)
            text += (text.empty() ? "" : "\n") + lines[i];
        cue.text = tidy(stripFfmpegMarkup(text));
        cues.push_back(cue);
    }
    return cues;
}

// A WebVTT text (UTF-8) as ffmpeg 5.1 must be given it to read the cues the W3C parser
// reads. Its demuxer splits the file at blank lines and stops at the first block that is
// neither a cue nor a NOTE, and reads a line of times that follows text without a blank
// line as more text. So: line endings become LF (it runs CR-only lines together), a blank
// line goes before each line of times that is not the first or second line of its block
// (the specification starts a new block there), and only the header and the blocks with
// times in their first or second line stay (the specification skips the others: STYLE,
// REGION, NOTE, stray text).
inline std::string webVttForFfmpeg(std::string text)
{
    replaceAll(text, "\r\n", "\n");
    replaceAll(text, "\r", "\n");
    std::vector<std::vector<std::string>> blocks(1);
    std::istringstream in(text);
    bool inHeader = true;
    for (std::string line; std::getline(in, line);) {
        std::vector<std::string>& block = blocks.back();
        bool times = line.find("-->") != std::string::npos;
        if (line.empty()) {
            if (!block.empty())
                blocks.emplace_back();
            inHeader = false;
            continue;
        }
        bool startsCue = block.empty() || (block.size() == 1 && block[0].find("-->") == std::string::npos);
        if (times && (inHeader || !startsCue)) {
            blocks.emplace_back();
            inHeader = false;
        }
        blocks.back().push_back(line);
    }
    std::string out;
    for (std::size_t b = 0; b < blocks.size(); ++b) {
        const std::vector<std::string>& block = blocks[b];
        bool cue = (!block.empty() && block[0].find("-->") != std::string::npos) ||
                   (block.size() > 1 && block[1].find("-->") != std::string::npos);
        if (b > 0 && !cue)
            continue;
        for (const std::string& line : block)
            out += line + "\n";
        out += "\n";
    }
    return out;
}

// Our cues as ffmpeg hands them out: in time order (start, then file order), without the
// empty cues and exact duplicates ffmpeg drops (its SRT and WebVTT demuxers skip empty
// payloads; ff_subtitles_queue_finalize drops repeats of the same time and text).
inline std::vector<RefCue> comparableCues(const exchange::Transcript& t)
{
    std::vector<RefCue> cues;
    const exchange::TranscriptCue* last = nullptr;
    for (std::size_t i : t.byTime) {
        const exchange::TranscriptCue& c = t.cues[i];
        if (c.rawText.empty())
            continue;
        if (last && last->startUs == c.startUs && last->endUs == c.endUs && last->rawText == c.rawText)
            continue;
        last = &c;
        cues.push_back({c.startUs / 1000, c.endUs / 1000, tidy(c.text)});
    }
    return cues;
}

// `decodeSrtEntities`: ffmpeg leaves "&amp;" "&lt;" "&gt;" of an SRT file as written; we
// decode them (transcript_text.cpp says why), so its side is decoded before comparing.
inline void expectSameCues(const exchange::Transcript& ours, std::vector<RefCue> ffmpeg, bool decodeSrtEntities,
                           const std::string& what)
{
    if (decodeSrtEntities)
        for (RefCue& c : ffmpeg) {
            replaceAll(c.text, "&lt;", "<");
            replaceAll(c.text, "&gt;", ">");
            replaceAll(c.text, "&amp;", "&");
        }
    std::vector<RefCue> mine = comparableCues(ours);
    INFO(what);
    REQUIRE(mine.size() == ffmpeg.size());
    for (std::size_t i = 0; i < mine.size(); ++i) {
        INFO("cue " << i << " (ffmpeg's order)");
        CHECK(mine[i].startMs == ffmpeg[i].startMs);
        CHECK(mine[i].endMs == ffmpeg[i].endMs);
        CHECK(mine[i].text == ffmpeg[i].text);
    }
}

} // namespace transcript_test
