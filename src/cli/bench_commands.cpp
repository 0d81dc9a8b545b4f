// bench decode|seek|step: figures for the media engine, each next to a reference measured
// in the same run. Other families add their own benches (store, play).
#include <cstdio>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "common/json_text.hpp"
#include "cli/commands.hpp"
#include "media/benchmarks.hpp"

namespace cli {
namespace {

struct BenchArgs {
    std::string file;
    int threads = 2;
    int count = 200;
    unsigned long long seed = 1;
    std::string direction = "back";
    bool json = false;
};

void print(const nlohmann::json& j, bool json)
{
    if (json) {
        std::printf("%s\n", common::jsonText(j, 2).c_str());
        return;
    }
    for (const auto& [key, value] : j.items())
        std::printf("%-22s %s\n", key.c_str(), common::jsonText(value).c_str());
}

} // namespace

void addBenchCommands(CLI::App& app, Context& context)
{
    CLI::App* bench = app.add_subcommand("bench", "Measure speed and memory (prints figures)");
    bench->require_subcommand(1);
    auto args = std::make_shared<BenchArgs>();

    CLI::App* decode = bench->add_subcommand("decode", "Frames per second through the engine and a plain FFmpeg loop");
    decode->add_option("FILE", args->file, "Video file")->required();
    decode->add_option("--threads", args->threads, "Decoder threads (default 2)");
    decode->add_flag("--json", args->json, "Print JSON");
    decode->callback([args, &context] {
        auto r = media::benchDecode(args->file, args->threads);
        if (!r) {
            context.exitCode = reportError(r.error());
            return;
        }
        print({{"frames", r->frames}, {"threads", args->threads}, {"fps", r->fps}, {"reference_fps", r->referenceFps},
               {"ratio", r->referenceFps > 0 ? r->fps / r->referenceFps : 0.0}, {"peak_rss_mib", r->peakRssMiB}},
              args->json);
    });

    CLI::App* seek = bench->add_subcommand("seek", "Random exact seeks, checked against a sequential decode");
    seek->add_option("FILE", args->file, "Video file")->required();
    seek->add_option("--count", args->count, "Number of seeks (default 200)");
    seek->add_option("--seed", args->seed, "Random seed (default 1)");
    seek->add_option("--threads", args->threads, "Decoder threads (default 2)");
    seek->add_flag("--json", args->json, "Print JSON");
    seek->callback([args, &context] {
        auto r = media::benchSeek(args->file, args->count, args->seed, args->threads);
        if (!r) {
            context.exitCode = reportError(r.error());
            return;
        }
        double predicted = r->meanFramesDecoded * r->decodeMsPerFrame;
        print({{"count", r->count}, {"exact", r->exact}, {"p50_ms", r->p50Ms}, {"p95_ms", r->p95Ms},
               {"mean_ms", r->meanMs}, {"mean_frames_decoded", r->meanFramesDecoded},
               {"decode_ms_per_frame", r->decodeMsPerFrame}, {"predicted_ms", predicted},
               {"peak_rss_mib", r->peakRssMiB}},
              args->json);
    });

    CLI::App* step = bench->add_subcommand("step", "Frame steps as a user holding the arrow key makes them");
    step->add_option("FILE", args->file, "Video file")->required();
    step->add_option("--direction", args->direction, "back or forward")->check(CLI::IsMember({"back", "forward"}));
    step->add_option("--count", args->count, "Number of steps (default 200)");
    step->add_option("--threads", args->threads, "Decoder threads (default 2)");
    step->add_flag("--json", args->json, "Print JSON");
    step->callback([args, &context] {
        auto r = media::benchStep(args->file, args->direction == "back", args->count, args->threads);
        if (!r) {
            context.exitCode = reportError(r.error());
            return;
        }
        print({{"count", r->count}, {"direction", args->direction}, {"p50_ms", r->p50Ms}, {"p95_ms", r->p95Ms},
               {"max_ms", r->maxMs}, {"mean_ms", r->meanMs}, {"peak_rss_mib", r->peakRssMiB}},
              args->json);
    });

    addStoreBench(*bench, context);
    addPlayBench(*bench, context);
    addTranscriptBench(*bench, context);
}

} // namespace cli
