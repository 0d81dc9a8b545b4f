#include "ui/app.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <memory>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <unistd.h>

#include "common/json_text.hpp"
#include "ui/gl.hpp"
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <nlohmann/json.hpp>

#include "common/paths.hpp"
#include "review/encounter.hpp"
#include "review/ids.hpp"
#include "review/keys.hpp"
#include "review/people.hpp"
#include "player/media_clock.hpp"
#include "ui/fonts.hpp"
#include "ui/harness.hpp"
#include "ui/review_window.hpp"
#include "ui/run_options.hpp"
#include "ui/screenshot.hpp"
#include "ui/script.hpp"

namespace ui {
namespace {

int64_t g_launchUs = 0;
std::atomic<bool> g_glfwReady{false}; // glfwPostEmptyEvent may be called (from any thread)


void usage(FILE* out)
{
    std::fputs("usage: bwv-review [--db PATH] [--as NAME] [--passphrase-file F] [gui] [options] [FILE...]\n"
               "       bwv-review demo [--headless]\n"
               "  --encounter REF      open the encounter's footage, in sync, and tag it\n"
               "  --screening ID       the screening it is reviewed in (for the feedback form)\n"
               "  (without a passphrase from --passphrase-file or BWV_REVIEW_PASSPHRASE the window opens\n"
               "   on its sign-in screen)\n"
               "options of the window (the harness for tests and benchmarks):\n"
               "  --script FILE        timed keys, text and mouse events (see README)\n"
               "  --screenshot PATH    PNG of the window when the script ends or time is up\n"
               "  --quit-after SECONDS close the window after this long (from the first frame)\n"
               "  --stats PATH         JSON: frames presented/dropped, frame times, A/V drift, first frame\n"
               "  --size WxH           window size (default: as last time, 1280x720 in harness runs)\n"
               "  --no-audio           play without sound output\n",
               out);
}

GLFWwindow* g_window = nullptr;
std::vector<std::filesystem::path> g_dropped;

std::atomic<bool> g_inputEvent{true}; // set by GLFW input callbacks, taken by the frame loop

void onDrop(GLFWwindow*, int count, const char** paths)
{
    g_inputEvent = true;
    for (int i = 0; i < count; ++i)
        g_dropped.emplace_back(paths[i]);
}

void writeStats(const std::filesystem::path& path, const nlohmann::json& stats)
{
    std::error_code ec;
    if (path.has_parent_path())
        std::filesystem::create_directories(path.parent_path(), ec);
    std::ofstream out(path, std::ios::trunc);
    out << common::jsonText(stats, 2) << '\n';
}

// How the window starts with the database: nothing to do (no database: plain viewing),
// signed in already (a passphrase was given, as scripts and tests do), or on the sign-in
// screen.
struct Start {
    std::unique_ptr<TaggingSession> session;
    std::unique_ptr<SignInGate> gate;
    bool signedIn = false;
};

common::Result<Start> prepareStart(const RunOptions& options)
{
    std::filesystem::path database = options.database;
    if (database.empty())
        database = common::dataDir() / "bwv-review.sqlite";
    std::error_code ec;
    Start start;
    if (!std::filesystem::exists(database, ec)) {
        if (!options.encounterRef.empty() || !options.database.empty())
            return common::makeError(common::ErrorCode::NotFound,
                                     "there is no database here; make one with: bwv-review --db " + database.string()
                                         + " --as NAME init",
                                     database.string());
        return start;
    }
    SignInGate::Plan plan{options.encounterRef, options.screeningRef, options.files};
    auto given = review::givenPassphrase(options.passphraseFile);
    if (!given)
        return given.error();
    if (!*given) {
        auto gate = SignInGate::open(database, std::move(plan));
        if (!gate)
            return gate.error();
        start.gate = std::move(*gate);
        return start;
    }
    auto ws = review::Workspace::open(database);
    if (!ws)
        return ws.error();
    const std::string person = options.person.empty() ? review::defaultCoderName() : options.person;
    auto signedIn = review::signIn(*ws, person, **given);
    review::wipe(**given);
    if (!signedIn)
        return signedIn.error();
    auto session = openSessionFor(std::move(*ws), plan);
    if (!session)
        return session.error();
    start.session = std::move(*session);
    start.signedIn = true;
    return start;
}

} // namespace

int64_t launchTimeUs()
{
    return g_launchUs;
}

int runWindow(const RunOptions& options)
{
    bool harnessRun = options.script || options.screenshot || options.stats || options.quitAfter;
    // Files start opening (frame index, first frame) before the window exists: the two
    // take about as long each, and they overlap.
    ReviewWindow::Options windowOptions;
    windowOptions.wake = [] {
        if (g_glfwReady.load())
            glfwPostEmptyEvent();
    };
    windowOptions.audio = options.audio;
    windowOptions.restorePositions = !harnessRun;
    auto reviewOwner = std::make_unique<ReviewWindow>(windowOptions);
    auto start = prepareStart(options);
    if (!start) {
        std::fprintf(stderr, "bwv-review: error: %s\n", start.error().describe().c_str());
        return start.error().code == common::ErrorCode::NotAllowed ? 4 : 3;
    }
    reviewOwner->setAnnotationLanes(options.lanes);
    if (start->gate) {
        reviewOwner->setSignInGate(std::move(start->gate));
    } else if (start->signedIn) {
        reviewOwner->startSession(std::move(start->session), options.files);
    } else {
        reviewOwner->setInitialOffsets(options.offsetsUs);
        if (!options.files.empty())
            reviewOwner->openFiles(options.files, false);
    }

    glfwSetErrorCallback([](int, const char* description) { std::fprintf(stderr, "bwv-review: window: %s\n", description); });
    if (!glfwInit()) {
        std::fputs("bwv-review: error: cannot open a window (no display). Try `bwv-review demo --headless`, or run under xvfb-run.\n", stderr);
        return 1;
    }
    g_glfwReady = true;
    WindowLayout remembered = loadWindowLayout();
    int width = options.width > 0 ? options.width : (harnessRun ? 1280 : remembered.width);
    int height = options.height > 0 ? options.height : (harnessRun ? 720 : remembered.height);

    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GL_TRUE);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    GLFWwindow* window = glfwCreateWindow(width, height, options.title.c_str(), nullptr, nullptr);
    if (!window) {
        std::fputs("bwv-review: error: cannot create an OpenGL 3.3 window on this display.\n", stderr);
        glfwTerminate();
        return 1;
    }
    g_window = window;
    if (!harnessRun && remembered.x >= 0 && remembered.y >= 0)
        glfwSetWindowPos(window, remembered.x, remembered.y);
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);
    glfwSetDropCallback(window, onDrop);

    float xscale = 1.0f, yscale = 1.0f;
    glfwGetWindowContentScale(window, &xscale, &yscale);
    float scale = std::max(1.0f, std::max(xscale, yscale));
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    static std::string iniPath;
    if (harnessRun) {
        io.IniFilename = nullptr; // harness runs are reproducible: no remembered layout
    } else {
        iniPath = (common::configDir() / "imgui.ini").string();
        io.IniFilename = iniPath.c_str();
    }
    ImGui::StyleColorsDark();
    ImGui::GetStyle().ScaleAllSizes(scale);
    ImGui::GetStyle().WindowRounding = 0;
    Fonts fonts = loadFonts(scale);
    // Input wakes the render loop; ImGui's backend chains to these callbacks.
    glfwSetCursorPosCallback(window, [](GLFWwindow*, double, double) { g_inputEvent = true; });
    glfwSetMouseButtonCallback(window, [](GLFWwindow*, int, int, int) { g_inputEvent = true; });
    glfwSetScrollCallback(window, [](GLFWwindow*, double, double) { g_inputEvent = true; });
    glfwSetKeyCallback(window, [](GLFWwindow*, int, int, int, int) { g_inputEvent = true; });
    glfwSetCharCallback(window, [](GLFWwindow*, unsigned) { g_inputEvent = true; });
    glfwSetWindowFocusCallback(window, [](GLFWwindow*, int) { g_inputEvent = true; });
    glfwSetWindowSizeCallback(window, [](GLFWwindow*, int, int) { g_inputEvent = true; });
    glfwSetWindowRefreshCallback(window, [](GLFWwindow*) { g_inputEvent = true; });
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");

    int exitCode = 0;
    {
        ReviewWindow& review = *reviewOwner;
        if (auto status = review.init(fonts); !status) {
            std::fprintf(stderr, "bwv-review: error: %s\n", status.error().describe().c_str());
            exitCode = 1;
        } else {

            std::vector<ScriptEvent> events;
            if (options.script) {
                auto loaded = loadScript(*options.script);
                if (!loaded) {
                    std::fprintf(stderr, "bwv-review: error: %s\n", loaded.error().describe().c_str());
                    exitCode = 2;
                } else {
                    events = std::move(*loaded);
                }
            }
            Harness harness(std::move(events), options.quitAfter);
            int64_t scriptStartUs = -1;
            int64_t firstFrameMs = -1;
            int64_t framesDrawn = 0;
            double frameMsSum = 0, frameMsMax = 0;
            // Where a window frame's time goes (summed over measured frames): tick (decoded
            // frames taken and uploaded), draw (panels, video shaders), render (ImGui), swap.
            double phaseMs[4] = {0, 0, 0, 0};
            int64_t phaseMark = 0;
            auto phase = [&](int i) {
                int64_t now = player::steadyNowUs();
                phaseMs[i] += static_cast<double>(now - phaseMark) / 1000.0;
                phaseMark = now;
            };
            int64_t statsFrom = -1; // measure frame times once footage is on screen

            int extraFrames = 2;
            int64_t lastDrawUs = 0;
            while (exitCode == 0 && !glfwWindowShouldClose(window) && !review.quitRequested()) {
                int64_t waitUs = review.untilNextTickUs();
                if (harness.active())
                    waitUs = std::min<int64_t>(waitUs, 8000);
                if (extraFrames > 0)
                    waitUs = std::min<int64_t>(waitUs, 4000);
                if (waitUs > 0)
                    glfwWaitEventsTimeout(static_cast<double>(waitUs) / 1e6);
                else
                    glfwPollEvents();
                int64_t frameStart = player::steadyNowUs();
                for (auto& file : harness.takeDropped())
                    g_dropped.push_back(std::move(file));
                if (!g_dropped.empty()) {
                    review.openFiles(g_dropped, false);
                    g_dropped.clear();
                }
                phaseMark = frameStart;
                bool changed = review.tick();
                phase(0);

                if (scriptStartUs < 0 && (review.firstFrameUploadedUs() >= 0 || (!review.busy() && review.player().cameraCount() == 0)))
                    scriptStartUs = frameStart;

                // Render only when needed (STYLE.md): a new picture, input, a command, the
                // harness, or a slow heartbeat for progress and hover states. Decode threads
                // wake the loop for every frame they queue; those wakes draw nothing.
                double sinceScript = scriptStartUs >= 0 ? static_cast<double>(frameStart - scriptStartUs) / 1e6 : 0.0;
                bool input = g_inputEvent.exchange(false);
                if (changed || input)
                    extraFrames = 2; // ImGui settles hover and release states over a frame or two
                bool draw = extraFrames > 0 || (scriptStartUs >= 0 && harness.wantsFrame(sinceScript))
                         || frameStart - lastDrawUs > 250000 || ImGui::IsAnyMouseDown();
                if (!draw)
                    continue;
                if (extraFrames > 0)
                    --extraFrames;
                lastDrawUs = frameStart;

                ImGui_ImplOpenGL3_NewFrame();
                ImGui_ImplGlfw_NewFrame();
                if (scriptStartUs >= 0)
                    harness.beforeNewFrame(io, static_cast<double>(frameStart - scriptStartUs) / 1e6, review);
                ImGui::NewFrame();
                CommandSink commands;
                review.draw(io.DisplaySize.x, io.DisplaySize.y, commands);
                for (const Command& command : commands)
                    review.apply(command);
                glFinish(); // charge the video shaders to this phase, not to the next
                phase(1);
                ImGui::Render();
                int fbWidth = 0, fbHeight = 0;
                glfwGetFramebufferSize(window, &fbWidth, &fbHeight);
                glViewport(0, 0, fbWidth, fbHeight);
                const ImVec4 background = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
                glClearColor(background.x, background.y, background.z, 1.0f);
                glClear(GL_COLOR_BUFFER_BIT);
                ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
                glFinish();
                phase(2);
                harness.afterRender(fbWidth, fbHeight);
                bool finishing = harness.finished();
                if (finishing && options.screenshot) {
                    if (auto status = saveScreenshot(*options.screenshot, fbWidth, fbHeight); !status)
                        std::fprintf(stderr, "bwv-review: error: %s\n", status.error().describe().c_str());
                }
                glfwSwapBuffers(window);
                phase(3);
                int64_t frameEnd = player::steadyNowUs();
                if (firstFrameMs < 0 && review.firstFrameUploadedUs() >= 0) {
                    firstFrameMs = (frameEnd - g_launchUs) / 1000;
                    statsFrom = frameEnd;
                    review.player().resetStats();
                    for (double& ms : phaseMs)
                        ms = 0;
                }
                if (statsFrom >= 0) {
                    double ms = static_cast<double>(frameEnd - frameStart) / 1000.0;
                    frameMsSum += ms;
                    frameMsMax = std::max(frameMsMax, ms);
                    ++framesDrawn;
                }
                if (finishing)
                    break;
            }

            if (options.stats) {
                player::PlayStats stats = review.player().stats();
                nlohmann::json j = {
                    {"frames_presented", stats.framesPresented},
                    {"frames_dropped", stats.framesDropped},
                    {"frames_skipped", stats.framesSkipped},
                    {"max_frame_ms", frameMsMax},
                    {"mean_frame_ms", framesDrawn ? frameMsSum / static_cast<double>(framesDrawn) : 0.0},
                    {"window_frames", framesDrawn},
                    {"phase_mean_ms", {{"tick", phaseMs[0] / std::max<int64_t>(1, framesDrawn)},
                                       {"draw", phaseMs[1] / std::max<int64_t>(1, framesDrawn)},
                                       {"render", phaseMs[2] / std::max<int64_t>(1, framesDrawn)},
                                       {"swap", phaseMs[3] / std::max<int64_t>(1, framesDrawn)}}},
                    {"av_drift_max_ms", stats.avDriftMaxMs},
                    {"av_drift_mean_ms", stats.avDriftMeanMs},
                    {"first_frame_ms", firstFrameMs},
                    {"audio_driver", review.player().audioDriver()},
                    {"clock", review.snapshot().clockSource},
                    {"gl_renderer", reinterpret_cast<const char*>(glGetString(GL_RENDERER))},
                    {"final_frame", review.shownFrame(0)},
                    {"final_position_us", review.player().positionUs()},
                    {"cameras", review.player().cameraCount()},
                    {"messages", review.messages()},
                    {"marks", harness.marks()},
                    {"script_errors", harness.errors()},
                };
                writeStats(*options.stats, j);
            }
            for (const std::string& error : harness.errors())
                std::fprintf(stderr, "bwv-review: script: %s\n", error.c_str());
            review.finishEditing();
            if (!harnessRun) {
                review.saveState();
                WindowLayout& layout = review.layout();
                glfwGetWindowSize(window, &layout.width, &layout.height);
                glfwGetWindowPos(window, &layout.x, &layout.y);
                saveWindowLayout(layout);
            }
        }
    }

    reviewOwner.reset(); // its textures go while the GL context is still there
    g_glfwReady = false;
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    g_window = nullptr;
    return exitCode;
}

int run(int argc, char** argv)
{
    g_launchUs = player::steadyNowUs();
    RunOptions options;
    bool demo = false;
    bool headless = false;
    bool sawCommand = false;
    for (int i = 1; i < argc; ++i) {
        std::string word = argv[i];
        auto value = [&](const char* name) -> std::optional<std::string> {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "bwv-review: error: %s needs a value\n", name);
                return std::nullopt;
            }
            return std::string(argv[++i]);
        };
        if (word == "--db" || word == "--as" || word == "--passphrase-file" || word == "--encounter"
            || word == "--screening") {
            auto v = value(word.c_str());
            if (!v)
                return 2;
            if (word == "--db")
                options.database = *v;
            else if (word == "--as")
                options.person = *v;
            else if (word == "--passphrase-file")
                options.passphraseFile = *v;
            else if (word == "--encounter")
                options.encounterRef = *v;
            else
                options.screeningRef = *v;
        } else if (!sawCommand && (word == "gui" || word == "demo")) {
            sawCommand = true;
            demo = word == "demo";
        } else if (word == "--headless") {
            headless = true;
        } else if (word == "--script" || word == "--screenshot" || word == "--stats" || word == "--quit-after" || word == "--size") {
            auto v = value(word.c_str());
            if (!v)
                return 2;
            if (word == "--script")
                options.script = *v;
            else if (word == "--screenshot")
                options.screenshot = *v;
            else if (word == "--stats")
                options.stats = *v;
            else if (word == "--quit-after") {
                char* end = nullptr;
                double seconds = std::strtod(v->c_str(), &end);
                if (!end || *end || seconds <= 0) {
                    std::fprintf(stderr, "bwv-review: error: --quit-after wants seconds, not '%s'\n", v->c_str());
                    return 2;
                }
                options.quitAfter = seconds;
            } else {
                if (std::sscanf(v->c_str(), "%dx%d", &options.width, &options.height) != 2 || options.width < 200 || options.height < 150) {
                    std::fprintf(stderr, "bwv-review: error: --size wants WIDTHxHEIGHT, not '%s'\n", v->c_str());
                    return 2;
                }
            }
        } else if (word == "--chair") {
            options.chair = true;
        } else if (word == "--no-audio") {
            options.audio = false;
        } else if (word == "-h" || word == "--help") {
            usage(stdout);
            return 0;
        } else if (!word.empty() && word[0] == '-') {
            std::fprintf(stderr, "bwv-review: error: unknown option %s\n", word.c_str());
            usage(stderr);
            return 2;
        } else {
            options.files.emplace_back(word);
        }
    }
    if (demo)
        return runDemo(options, headless, argc, argv);
    return runWindow(options);
}

} // namespace ui
