#include "crash_support.hpp"

#include <csignal>
#include <cstdlib>
#include <thread>

#include <doctest/doctest.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "test_support.hpp"

extern char** environ;

namespace crash_support {
namespace {
using Clock = std::chrono::steady_clock;

} // namespace

Scratch::Scratch()
{
    std::string pattern = (std::filesystem::temp_directory_path() / "bwv-crash-test-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    dir = pattern;
}

Scratch::~Scratch()
{
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
}

Killed runAndKill(const std::vector<std::string>& argv, std::chrono::microseconds delay, bool afterFirstLine)
{
    int outPipe[2];
    REQUIRE(pipe(outPipe) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, outPipe[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, outPipe[0]);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    std::vector<char*> args;
    for (const std::string& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    REQUIRE(posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ) == 0);
    posix_spawn_file_actions_destroy(&actions);
    close(outPipe[1]);

    Killed result;
    auto deadline = Clock::now() + delay;
    if (afterFirstLine) {
        fcntl(outPipe[0], F_SETFL, fcntl(outPipe[0], F_GETFL) | O_NONBLOCK);
        const auto giveUp = Clock::now() + std::chrono::seconds(30);
        char buffer[4096];
        while (result.out.find('\n') == std::string::npos && Clock::now() < giveUp) {
            pollfd fd{outPipe[0], POLLIN, 0};
            if (poll(&fd, 1, 100) > 0) {
                ssize_t n = read(outPipe[0], buffer, sizeof buffer);
                if (n <= 0)
                    break; // it ended
                result.out.append(buffer, static_cast<size_t>(n));
            }
        }
        fcntl(outPipe[0], F_SETFL, fcntl(outPipe[0], F_GETFL) & ~O_NONBLOCK);
        deadline = Clock::now() + delay;
    }
    int status = 0;
    for (;;) {
        pid_t done = waitpid(pid, &status, WNOHANG);
        if (done == pid) {
            result.finished = true;
            result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : (WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1);
            break;
        }
        if (Clock::now() >= deadline) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            // Killed by our SIGKILL, or ended on its own (exit, or another signal: a crash).
            result.finished = !(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
            result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : (WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1);
            break;
        }
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    char buffer[4096];
    ssize_t n;
    while ((n = read(outPipe[0], buffer, sizeof buffer)) > 0)
        result.out.append(buffer, static_cast<size_t>(n));
    close(outPipe[0]);
    return result;
}

std::string integrityCheck(const std::filesystem::path& db)
{
    sqlite3* handle = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &handle) == SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    REQUIRE(sqlite3_prepare_v2(handle, "PRAGMA integrity_check", -1, &stmt, nullptr) == SQLITE_OK);
    std::string verdict;
    while (sqlite3_step(stmt) == SQLITE_ROW)
        verdict += reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    sqlite3_close(handle);
    return verdict;
}

std::set<std::string> storedTags(const std::filesystem::path& db)
{
    auto r = test_support::runAs(db, "checker", {"tag", "list", "--format", "json"});
    REQUIRE_MESSAGE(r.exitCode == 0, r.err);
    std::set<std::string> uuids;
    for (const auto& tag : nlohmann::json::parse(r.out))
        uuids.insert(tag["uuid"].get<std::string>());
    return uuids;
}

std::vector<std::string> printedUuids(const std::string& out)
{
    std::vector<std::string> uuids;
    size_t start = 0;
    while (start < out.size()) {
        size_t end = out.find('\n', start);
        if (end == std::string::npos)
            break; // a line without its newline was not finished: not shown as saved
        std::string line = out.substr(start, end - start);
        // `tag add` prints the bare UUID; the window prints "tag saved UUID".
        if (line.rfind("tag saved ", 0) == 0)
            line = line.substr(10);
        if (line.size() == 36)
            uuids.push_back(line);
        start = end + 1;
    }
    return uuids;
}


} // namespace crash_support
