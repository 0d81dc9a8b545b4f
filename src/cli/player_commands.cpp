// bench play: the player without a window, as the review window drives it.
#include <cstdio>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "common/json_text.hpp"
#include "cli/commands.hpp"
#include "player/headless_run.hpp"
#include "player/speed.hpp"

namespace cli {
namespace {

struct PlayArgs {
    std::string file;
    double speed = 1.0;
    double seconds = 10.0;
    bool json = false;
    bool noAudio = false;
};

int runPlayBench(const PlayArgs& args)
{
    player::HeadlessRunOptions options;
    options.files = {args.file};
    options.speed = player::clampSpeed(args.speed);
    options.seconds = args.seconds;
    options.audio = !args.noAudio;
    auto result = player::runHeadless(options);
    if (!result)
        return reportError(result.error());
    const player::HeadlessRunResult& r = *result;
    double dropPercent = r.expectedFrames > 0 ? 100.0 * static_cast<double>(r.stats.framesDropped) / static_cast<double>(r.expectedFrames) : 0.0;
    if (args.json) {
        nlohmann::json j = {
            {"file", args.file},
            {"speed", options.speed},
            {"seconds", r.playedSeconds},
            {"open_ms", r.openMs},
            {"first_frame_ms", r.firstFrameMs},
            {"media_advanced_s", static_cast<double>(r.mediaAdvancedUs) / 1e6},
            {"frames_expected", r.expectedFrames},
            {"frames_presented", r.stats.framesPresented},
            {"frames_dropped", r.stats.framesDropped},
            {"frames_skipped", r.stats.framesSkipped},
            {"dropped_percent", dropPercent},
            {"av_drift_max_ms", r.stats.avDriftMaxMs},
            {"av_drift_mean_ms", r.stats.avDriftMeanMs},
            {"audio_driver", r.audioDriver},
            {"clock", r.clock},
        };
        std::printf("%s\n", common::jsonText(j, 2).c_str());
    } else {
        std::printf("play %s at %s for %.1f s (sound: %s, clock: %s)\n", args.file.c_str(), player::speedLabel(options.speed).c_str(),
                    r.playedSeconds, r.audioDriver.c_str(), r.clock.c_str());
        std::printf("  open %lld ms, first frame %lld ms after play\n", static_cast<long long>(r.openMs),
                    static_cast<long long>(r.firstFrameMs));
        std::printf("  frames: %lld due, %lld presented, %lld dropped (%.2f%%), %lld skipped (faster than the display)\n",
                    static_cast<long long>(r.expectedFrames), static_cast<long long>(r.stats.framesPresented),
                    static_cast<long long>(r.stats.framesDropped), dropPercent, static_cast<long long>(r.stats.framesSkipped));
        std::printf("  A/V drift: max %.1f ms, mean %.1f ms\n", r.stats.avDriftMaxMs, r.stats.avDriftMeanMs);
    }
    return kExitOk;
}

} // namespace

void addPlayBench(CLI::App& bench, Context& context)
{
    auto args = std::make_shared<PlayArgs>();
    CLI::App* play = bench.add_subcommand("play", "Play a file without a window: frames presented/dropped, A/V drift");
    play->add_option("file", args->file, "Video file")->required();
    play->add_option("--speed", args->speed, "Playback speed, 0.1 to 16 (default 1)");
    play->add_option("--seconds", args->seconds, "Wall-clock seconds to play (default 10)");
    play->add_flag("--no-audio", args->noAudio, "Play without sound output (monotonic clock)");
    play->add_flag("--json", args->json, "Print JSON");
    play->callback([args, &context] { context.exitCode = runPlayBench(*args); });
}

} // namespace cli
