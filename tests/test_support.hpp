#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace test_support {

// Folder for generated test data; media fixtures from tests/media/make_fixtures.sh are in
// testDataDir()/"media" (ctest fixture `media_fixtures`).
std::filesystem::path testDataDir();
// ../shared/corpus, or empty when it is absent.
std::filesystem::path corpusDir();
// Exits the test program with 77 (ctest: skipped) when the corpus is absent.
void requireCorpus();
// The built bwv-review executable.
std::filesystem::path executable();

struct CommandResult {
    int exitCode = -1;
    std::string out;   // stdout
    std::string err;   // stderr
};
// Runs argv[0] with the arguments, no shell; captures stdout and stderr.
CommandResult runCommand(const std::vector<std::string>& argv);

// `ffmpeg -threads 2 -noautorotate -i FILE -map 0:v:0 -fps_mode passthrough -f framemd5 -`, parsed:
// per frame the pts (in the framemd5 time base) and the MD5, in output order.
struct FramemdLine {
    long long pts = 0;
    std::string md5;
};
struct Framemd5 {
    int timeBaseNum = 1, timeBaseDen = 1;
    std::vector<FramemdLine> frames;
};
Framemd5 ffmpegFramemd5(const std::filesystem::path& file);

} // namespace test_support
