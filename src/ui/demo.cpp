#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/paths.hpp"
#include "demo/demo_footage.hpp"
#include "player/headless_run.hpp"
#include "review/annotation.hpp"
#include "review/encounter.hpp"
#include "review/footage.hpp"
#include "review/ids.hpp"
#include "review/keys.hpp"
#include "review/people.hpp"
#include "review/screening.hpp"
#include "review/tag_import.hpp"
#include "review/workspace.hpp"
#include "ui/run_options.hpp"


extern char** environ;

namespace ui {
namespace {

// The scripted review of `demo --headless`: play and tag (a raised voice from 1.5 s to
// 3 s, a plain-language explanation), pause, step both ways, seek, speed up.
constexpr const char* kDemoScript = R"(# bwv-review demo: a scripted review
0.2 key Space
1.5 key 1
3.0 key 1
3.4 key shift+1
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

constexpr const char* kDemoEncounter = "DEMO-0001";

// The demo database: the staged encounter with its form, both cameras at their offsets, a
// screening that showed it, and the staged moments as an example coder's tags. Kept
// between runs of the window (what you tag stays); made anew for each headless run, so
// its screenshot shows the same thing every time.
constexpr const char* kDemoPerson = "demo";

// The demo's own person, who holds every role, with a random passphrase kept beside the
// demo database (0600): the demo signs itself in. A demo database whose passphrase file is
// gone is made anew.
common::Result<review::Workspace> openDemoWorkspace(const std::filesystem::path& database,
                                                    const std::filesystem::path& passphraseFile, bool fresh)
{
    std::error_code ec;
    if (!std::filesystem::exists(passphraseFile, ec))
        fresh = true;
    if (fresh) {
        for (const char* suffix : {"", "-wal", "-shm"})
            std::filesystem::remove(database.string() + suffix, ec);
        std::ofstream out(passphraseFile, std::ios::trunc);
        out << review::newUuid() << '\n';
        if (!out)
            return common::makeError(common::ErrorCode::Io, "cannot write the demo's passphrase", passphraseFile.string());
        std::filesystem::permissions(passphraseFile, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                                     ec);
    }
    auto passphrase = review::givenPassphrase(passphraseFile.string());
    if (!passphrase)
        return passphrase.error();
    auto ws = review::Workspace::open(database);
    if (!ws)
        return ws.error();
    auto admin = review::hasAdministrator(*ws);
    if (!admin)
        return admin.error();
    if (!*admin) {
        if (auto made = review::initDatabase(*ws, kDemoPerson, **passphrase); !made)
            return made.error();
        review::Roles all = 0;
        for (review::Role role : review::allRoles())
            all |= static_cast<review::Roles>(role);
        if (auto roles = review::setRoles(*ws, kDemoPerson, all); !roles)
            return roles.error();
    } else if (auto signedIn = review::signIn(*ws, kDemoPerson, **passphrase); !signedIn) {
        return signedIn.error();
    }
    return std::move(*ws);
}

// The demo database: the staged encounter with its form, both cameras at their offsets, a
// screening that showed it, and the staged moments as an example coder's tags. Kept
// between runs of the window (what you tag stays); made anew for each headless run, so
// its screenshot shows the same thing every time.
common::Status prepareDemoDatabase(const std::filesystem::path& database, const std::filesystem::path& passphraseFile,
                                   const demo::DemoFootage& footage, bool fresh)
{
    auto ws = openDemoWorkspace(database, passphraseFile, fresh);
    if (!ws)
        return ws.error();
    auto encounter = review::addEncounter(*ws, kDemoEncounter,
                                          {{"force", "Demo Constabulary"}, {"borough", "Demo borough"}, {"date", "2024-03-14"},
                                           {"time_of_day", "afternoon"}, {"search_type", "person"}, {"legislation", "pace_1984_s1"},
                                           {"object_of_search", "stolen_goods"}, {"grounds_flags", "description_match"},
                                           {"age_range", "18_24"}, {"outcome", "no_further_action"}});
    if (!encounter)
        return encounter.error();
    for (const demo::DemoCamera& camera : footage.cameras) {
        review::FootageLink link;
        link.encounterRef = kDemoEncounter;
        link.label = camera.label;
        link.offsetUs = camera.offsetUs;
        if (auto added = review::addFootage(*ws, camera.path, link); !added)
            return added.error();
    }
    auto screenings = review::listScreenings(*ws);
    if (!screenings)
        return screenings.error();
    if (screenings->empty()) {
        review::NewScreening screening;
        screening.name = "Demo screening";
        screening.date = "2024-04-02";
        screening.panel = "Demo panel";
        screening.encounterRefs = {kDemoEncounter};
        if (auto added = review::addScreening(*ws, screening); !added)
            return added.error();
    }
    review::AnnotationFilter theirs;
    theirs.encounterRef = kDemoEncounter;
    theirs.coder = "example coder";
    auto tagged = review::listAnnotations(*ws, theirs);
    if (!tagged)
        return tagged.error();
    if (tagged->empty()) {
        std::vector<review::ImportedTag> tags;
        for (const demo::DemoEvent& event : footage.script)
            if (!event.code.empty()) {
                review::NewAnnotation tag;
                tag.encounterRef = kDemoEncounter;
                tag.code = event.code;
                tag.startUs = event.timeUs;
                tag.comment = event.description;
                tags.push_back({"example coder", std::move(tag)});
            }
        if (auto added = review::importTags(*ws, kDemoEncounter, tags, {{"format", "demo"}}); !added)
            return added.error();
    }
    return {};
}

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

    if (!std::getenv("BWV_DEMO_INNER"))
        std::printf("Preparing the demo footage in %s (only the first time; about 10 s)...\n", dir.c_str());
    std::fflush(stdout);
    auto footage = demo::ensureDemoFootage(dir);
    if (footage) {
        for (const auto& camera : footage->cameras) {
            options.files.push_back(camera.path);
            options.offsetsUs.push_back(camera.offsetUs);
        }
        bool scripted = headless || !hasDisplay();
        std::filesystem::path database = dir / (scripted ? "demo-headless.sqlite" : "demo.sqlite");
        std::filesystem::path passphrase = dir / (scripted ? "demo-headless-passphrase" : "demo-passphrase");
        if (auto status = prepareDemoDatabase(database, passphrase, *footage, scripted); status) {
            // The encounter brings the same cameras and offsets (the files stay listed for
            // the review without a window).
            options.database = database;
            options.encounterRef = kDemoEncounter;
            options.person = kDemoPerson;
            options.passphraseFile = passphrase.string();
        } else {
            std::printf("Demo: the demo database could not be made (%s); opening the footage without tagging.\n",
                        status.error().describe().c_str());
        }
    } else {
        std::printf("Demo: the demo footage could not be made (%s); opening the window without it.\n",
                    footage.error().describe().c_str());
    }

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
    std::printf("Demo review done.\n  screenshot: %s\n  statistics: %s\n  database:   %s (encounter %s)\n",
                options.screenshot->c_str(), options.stats->c_str(), options.database.c_str(), kDemoEncounter);
    return 0;
}

} // namespace ui
