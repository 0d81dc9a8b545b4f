#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/paths.hpp"
#include "player/headless_run.hpp"
#include "ui/run_options.hpp"

#if __has_include("media/demo_footage.hpp")
#include "media/demo_footage.hpp"
#define BWV_HAVE_DEMO_FOOTAGE 1
#endif

extern char** environ;

namespace ui {
namespace {

// The scripted review of `demo --headless`: play, pause, step both ways, seek, speed up.
constexpr const char* kDemoScript = R"(# bwv-review demo: a scripted review
0.2 key Space
4.0 key Space
4.4 key Right
4.6 key Right
4.8 key Left
5.0 key shift+Right
5.6 key ]
5.8 key Space
8.0 key Space
8.4 mark end
8.6 quit
)";

bool hasDisplay()
{
    const char* x = std::getenv("DISPLAY");
    const char* wayland = std::getenv("WAYLAND_DISPLAY");
    return (x && *x) || (wayland && *wayland);
}

std::string findInPath(const char* program)
{
    const char* path = std::getenv("PATH");
    std::string dirs = path ? path : "/usr/bin:/bin";
    size_t start = 0;
    while (start <= dirs.size()) {
        size_t end = dirs.find(':', start);
        std::string dir = dirs.substr(start, end == std::string::npos ? std::string::npos : end - start);
        std::string candidate = (dir.empty() ? "." : dir) + "/" + program;
        if (access(candidate.c_str(), X_OK) == 0)
            return candidate;
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    return {};
}

// No display: run ourselves again inside a virtual X server.
int runUnderXvfb(const std::string& xvfbRun)
{
    char self[4096] = {};
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        return -1;
    std::vector<std::string> args = {xvfbRun, "-a", "-s", "-screen 0 1600x1000x24", self, "demo", "--headless"};
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    setenv("BWV_DEMO_INNER", "1", 1);
    if (!std::getenv("SDL_AUDIODRIVER"))
        setenv("SDL_AUDIODRIVER", "dummy", 1);
    pid_t pid = 0;
    if (posix_spawn(&pid, xvfbRun.c_str(), nullptr, nullptr, argv.data(), environ) != 0)
        return -1;
    int status = 0;
    if (waitpid(pid, &status, 0) < 0)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// No window at all: play the footage without one and report the figures.
int windowlessReview(const RunOptions& options)
{
    if (options.files.empty()) {
        std::puts("Demo: no footage to play, and no window could be opened. Nothing more to show.");
        return 0;
    }
    player::HeadlessRunOptions run;
    run.files = options.files;
    run.offsetsUs = options.offsetsUs;
    run.seconds = 5.0;
    auto result = player::runHeadless(run);
    if (!result) {
        std::printf("Demo: could not play the footage: %s\n", result.error().describe().c_str());
        return 0;
    }
    std::printf("Demo (no window available): played %.1f s of %zu cameras: %lld frames shown, %lld dropped, "
                "A/V drift max %.1f ms, sound through '%s'.\n",
                result->playedSeconds, options.files.size(), static_cast<long long>(result->stats.framesPresented),
                static_cast<long long>(result->stats.framesDropped), result->stats.avDriftMaxMs, result->audioDriver.c_str());
    return 0;
}

} // namespace

int runDemo(RunOptions options, bool headless, int, char**)
{
    std::filesystem::path dir;
    try {
        dir = common::cacheDir() / "demo";
    } catch (const std::exception&) {
        dir = std::filesystem::temp_directory_path() / "bwv-review-demo";
    }
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    options.title = "bwv-review demo: a staged stop and search, two officers' cameras";

#ifdef BWV_HAVE_DEMO_FOOTAGE
    if (!std::getenv("BWV_DEMO_INNER"))
        std::printf("Preparing the demo footage in %s (only the first time; about 10 s)...\n", dir.c_str());
    std::fflush(stdout);
    auto footage = media::ensureDemoFootage(dir);
    if (footage) {
        AnnotationLane lane{"Script", {}};
        for (const auto& camera : footage->cameras) {
            options.files.push_back(camera.path);
            options.offsetsUs.push_back(camera.offsetUs);
        }
        for (const auto& event : footage->script)
            lane.spans.push_back(LaneSpan{event.timeUs, event.timeUs, 0xff50c8ffu, event.code.empty() ? event.description : event.code});
        options.lanes.push_back(std::move(lane));
    } else {
        std::printf("Demo: the demo footage could not be made (%s); opening the window without it.\n",
                    footage.error().describe().c_str());
    }
#else
    std::puts("Demo: this build has no demo footage generator yet; opening the window without footage.");
#endif

    if (!headless && hasDisplay()) {
        int rc = runWindow(options);
        if (rc == 0)
            return 0;
        std::puts("Demo: the window could not be opened; running the review without one.");
        return windowlessReview(options);
    }

    if (!hasDisplay() && !std::getenv("BWV_DEMO_INNER")) {
        std::string xvfbRun = findInPath("xvfb-run");
        if (!xvfbRun.empty()) {
            int rc = runUnderXvfb(xvfbRun);
            if (rc == 0)
                return 0;
        }
        return windowlessReview(options);
    }

    // A scripted review in a window (a virtual display when there is no real one).
    if (!std::getenv("SDL_AUDIODRIVER") && !hasDisplay())
        setenv("SDL_AUDIODRIVER", "dummy", 1);
    std::filesystem::path script = dir / "review-script.txt";
    {
        std::ofstream out(script, std::ios::trunc);
        out << kDemoScript;
    }
    options.script = script;
    options.screenshot = dir / "review.png";
    options.stats = dir / "review-stats.json";
    options.width = 1280;
    options.height = 720;
    int rc = runWindow(options);
    if (rc != 0)
        return windowlessReview(options);
    std::printf("Demo review done.\n  screenshot: %s\n  statistics: %s\n", options.screenshot->c_str(), options.stats->c_str());
    return 0;
}

} // namespace ui
