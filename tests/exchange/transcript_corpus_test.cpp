// Transcripts against the real world (label corpus): every .srt and .vtt file under
// ../shared/corpus is read, and its cues compared with ffmpeg's (transcript_ffmpeg.hpp),
// or its refusal checked to be one sentence naming a line. Skipped when the corpus is
// absent or holds no such file.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <unistd.h>

#include "exchange/transcript_parser.hpp"
#include "test_support.hpp"
#include "transcript_ffmpeg.hpp"

using namespace exchange;
using namespace transcript_test;

namespace {

std::vector<std::filesystem::path> transcriptFiles(const std::filesystem::path& root)
{
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
        if (!entry.is_regular_file())
            continue;
        std::string ext = entry.path().extension().string();
        std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
        if (ext == ".srt" || ext == ".vtt")
            files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

} // namespace

TEST_CASE("every transcript of the corpus: ffmpeg's cues, or one sentence naming a line")
{
    test_support::requireCorpus();
    auto files = transcriptFiles(test_support::corpusDir());
    if (files.empty()) {
        std::puts("../shared/corpus holds no .srt or .vtt file: skipping");
        std::exit(77);
    }
    auto scratch = std::filesystem::temp_directory_path() / ("bwv-transcript-corpus-" + std::to_string(getpid()));
    std::filesystem::create_directories(scratch);
    for (const auto& file : files) {
        std::string name = file.filename().string();
        INFO(file.string());
        std::string bytes = readBytes(file);
        auto result = parseTranscript(bytes, name);
        if (!result.ok()) {
            const common::Error& e = result.error();
            CHECK(e.code == common::ErrorCode::InvalidInput);
            CHECK(e.context == name);
            CHECK(e.message.rfind("line ", 0) == 0);
            CHECK(e.message.find('\n') == std::string::npos);
            MESSAGE("refused: " << e.describe());
            continue;
        }
        const Transcript& t = *result;
        MESSAGE(name << ": " << std::string(transcriptFormatName(t.format)) << ", "
                     << std::string(transcriptEncodingName(t.encoding)) << ", "
                     << t.cues.size() << " cues, " << t.warnings.size() << " warnings");
        for (const std::string& w : t.warnings)
            MESSAGE("  " << w);
        if (t.format == TranscriptFormat::Srt) {
            std::vector<std::string> extra;
            if (t.encoding == TranscriptEncoding::Windows1252)
                extra = {"-sub_charenc", "CP1252"};
            expectSameCues(t, ffmpegCues(file, extra), true, name);
        } else if (t.encoding == TranscriptEncoding::Utf8) {
            std::string text = bytes.rfind("\xEF\xBB\xBF", 0) == 0 ? bytes.substr(3) : bytes;
            auto copy = scratch / ("ffmpeg_" + name);
            writeBytes(copy, webVttForFfmpeg(text));
            expectSameCues(t, ffmpegCues(copy), false, name);
        } else {
            MESSAGE("  not compared: ffmpeg reads WebVTT in UTF-8 only");
        }
    }
    std::filesystem::remove_all(scratch);
}
