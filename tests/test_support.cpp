#include "test_support.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <cstdlib>
#include <cstring>
#include <set>
#include <sstream>
#include <stdexcept>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace test_support {

std::filesystem::path testDataDir()
{
    const char* dir = std::getenv("BWV_TEST_DATA");
    return dir ? std::filesystem::path(dir) : std::filesystem::path("test-data");
}

std::filesystem::path corpusDir()
{
    const char* dir = std::getenv("BWV_CORPUS");
    if (!dir || !std::filesystem::is_directory(dir))
        return {};
    return std::filesystem::path(dir);
}

void requireOk(const CommandResult& result)
{
    REQUIRE_MESSAGE(result.exitCode == 0, result.err);
}

ScratchFolder::ScratchFolder()
{
    std::string pattern = (std::filesystem::temp_directory_path() / "bwv-test-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    dir = pattern;
}

ScratchFolder::~ScratchFolder()
{
    std::error_code ec;
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all, ec);
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir, ec))
        if (entry.is_directory(ec))
            std::filesystem::permissions(entry.path(), std::filesystem::perms::owner_all, ec);
    std::filesystem::remove_all(dir, ec);
}

std::string fileBytes(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

void requireCorpus()
{
    if (corpusDir().empty()) {
        std::puts("../shared/corpus is absent: skipping the corpus tests");
        std::exit(77);
    }
}

std::filesystem::path executable()
{
    const char* exe = std::getenv("BWV_EXE");
    return exe ? std::filesystem::path(exe) : std::filesystem::path("bwv-review");
}

namespace {

// Before any test runs: the passphrase every test person has (kTestPassphrase).
const bool g_passphraseExported = [] {
    setenv("BWV_REVIEW_PASSPHRASE", kTestPassphrase, 1);
    return true;
}();

} // namespace

void makeTestDatabase(const std::filesystem::path& db, const std::vector<std::string>& people, const std::string& roles)
{
    (void)g_passphraseExported;
    std::error_code ec;
    if (!std::filesystem::exists(db, ec)) {
        CommandResult made = runCommand({executable().string(), "--db", db.string(), "--as", "admin", "init"});
        if (made.exitCode != 0)
            throw std::runtime_error("bwv-review init failed: " + made.err);
    }
    const std::filesystem::path passphrase = db.string() + ".passphrase";
    if (!std::filesystem::exists(passphrase, ec)) {
        std::FILE* out = std::fopen(passphrase.c_str(), "w");
        if (!out)
            throw std::runtime_error("cannot write " + passphrase.string());
        std::fprintf(out, "%s\n", kTestPassphrase);
        std::fclose(out);
    }
    for (const std::string& person : people) {
        if (person == "admin")
            continue;
        CommandResult added = runCommand({executable().string(), "--db", db.string(), "--as", "admin", "person", "add",
                                          person, "--role", roles, "--new-passphrase-file", passphrase.string()});
        if (added.exitCode != 0 && added.err.find("there is already someone called") == std::string::npos)
            throw std::runtime_error("bwv-review person add " + person + " failed: " + added.err);
    }
}

CommandResult runAs(const std::filesystem::path& db, const std::string& person, const std::vector<std::string>& args)
{
    // People already added by this test program, by database path; forgotten when a test
    // makes a database anew at the same path.
    static std::set<std::pair<std::string, std::string>> known;
    std::error_code ec;
    if (!std::filesystem::exists(db, ec))
        std::erase_if(known, [&](const auto& entry) { return entry.first == db.string(); });
    if (!known.count({db.string(), person})) {
        makeTestDatabase(db, {person});
        known.insert({db.string(), person});
    }
    std::vector<std::string> argv = {executable().string(), "--db", db.string(), "--as", person};
    argv.insert(argv.end(), args.begin(), args.end());
    return runCommand(argv);
}

CommandResult runCommand(const std::vector<std::string>& argv)
{
    int outPipe[2], errPipe[2];
    if (pipe(outPipe) != 0 || pipe(errPipe) != 0)
        throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, outPipe[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, errPipe[1], STDERR_FILENO);
    posix_spawn_file_actions_addclose(&actions, outPipe[0]);
    posix_spawn_file_actions_addclose(&actions, errPipe[0]);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);

    std::vector<char*> args;
    for (const std::string& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(outPipe[1]);
    close(errPipe[1]);
    if (rc != 0) {
        close(outPipe[0]);
        close(errPipe[0]);
        throw std::runtime_error(std::string("cannot start ") + argv[0] + ": " + std::strerror(rc));
    }

    CommandResult result;
    pollfd fds[2] = {{outPipe[0], POLLIN, 0}, {errPipe[0], POLLIN, 0}};
    std::string* sinks[2] = {&result.out, &result.err};
    int open = 2;
    char buffer[65536];
    while (open > 0) {
        if (poll(fds, 2, -1) < 0)
            break;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
            if (n > 0) {
                sinks[i]->append(buffer, static_cast<size_t>(n));
            } else {
                close(fds[i].fd);
                fds[i].fd = -1;
                --open;
            }
        }
    }
    int status = 0;
    waitpid(pid, &status, 0);
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

Framemd5 ffmpegFramemd5(const std::filesystem::path& file)
{
    // Two decoder threads, as the engine uses: pictures concealed after damaged data
    // depend on the threading (the corpus' corrupted file differs after its bad frame
    // between -threads 1 and 2); intact pictures do not.
    CommandResult r = runCommand({"ffmpeg", "-v", "error", "-threads", "2", "-noautorotate", "-i", file.string(), "-map",
                                  "0:v:0", "-fps_mode", "passthrough", "-f", "framemd5", "-"});
    if (r.exitCode != 0 && r.out.empty())
        throw std::runtime_error("ffmpeg framemd5 failed for " + file.string() + ": " + r.err);
    Framemd5 result;
    std::istringstream lines(r.out);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind("#tb 0:", 0) == 0) {
            std::sscanf(line.c_str(), "#tb 0: %d/%d", &result.timeBaseNum, &result.timeBaseDen);
            continue;
        }
        if (line.empty() || line[0] == '#')
            continue;
        // stream, dts, pts, duration, size, hash
        std::vector<std::string> fields;
        std::istringstream row(line);
        std::string field;
        while (std::getline(row, field, ','))
            fields.push_back(field.substr(field.find_first_not_of(' ')));
        if (fields.size() < 6)
            continue;
        result.frames.push_back({std::stoll(fields[2]), fields[5]});
    }
    return result;
}

} // namespace test_support
