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
// Fails the test, showing stderr, unless the command exited 0.
void requireOk(const CommandResult& result);

// A temporary folder for one test, removed at its end, also when the test made parts of it
// read-only.
struct ScratchFolder {
    std::filesystem::path dir;
    ScratchFolder();
    ~ScratchFolder();
    ScratchFolder(const ScratchFolder&) = delete;
    ScratchFolder& operator=(const ScratchFolder&) = delete;
};

// The bytes of a file ("" when it cannot be read).
std::string fileBytes(const std::filesystem::path& file);

// Everyone in a test database signs in with this passphrase: the test programs export it as
// BWV_REVIEW_PASSPHRASE at start, so every command they run signs in with it.
inline constexpr const char* kTestPassphrase = "test passphrase, not a real one";

// A test database made through the command line: `init` as `admin` (when it does not exist
// yet), then each person not yet in it added with `roles` (comma-separated; by default every
// role but administrator). Fails the test when a step fails.
void makeTestDatabase(const std::filesystem::path& db, const std::vector<std::string>& people = {},
                      const std::string& roles = "member,chair,coder,lead");
// `bwv-review --db DB --as PERSON ARGS...`, first adding PERSON (every role but
// administrator) to the database, which is made when it does not exist.
CommandResult runAs(const std::filesystem::path& db, const std::string& person, const std::vector<std::string>& args);

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
