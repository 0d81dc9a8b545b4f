// probe, framehash, frame: the media engine on the command line.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/review_commands.hpp"
#include "common/json_text.hpp"
#include "common/output_file.hpp"
#include "common/utf8.hpp"
#include "media/frame_hash.hpp"
#include "media/frame_image.hpp"
#include "media/probe.hpp"
#include "media/video_reader.hpp"
#include "exchange/still_masks.hpp"
#include "review/footage.hpp"
#include "review/masks.hpp"

namespace cli {
namespace {

nlohmann::json factsToJson(const media::MediaFacts& facts)
{
    nlohmann::json j;
    j["path"] = facts.path;
    j["format"] = facts.format;
    j["format_long"] = facts.formatLong;
    j["size_bytes"] = facts.fileSize;
    j["duration_s"] = facts.durationS;
    j["bit_rate"] = facts.bitRate;
    j["creation_time"] = facts.creationTime ? nlohmann::json(*facts.creationTime) : nlohmann::json(nullptr);
    if (facts.video) {
        const media::VideoFacts& v = *facts.video;
        j["video"] = {{"codec", v.codec},         {"profile", v.profile},         {"width", v.width},
                      {"height", v.height},       {"sar", std::to_string(v.sarNum) + ":" + std::to_string(v.sarDen)},
                      {"rotation", v.rotation},   {"pix_fmt", v.pixFmt},          {"bit_depth", v.bitDepth},
                      {"color_space", v.colorSpace}, {"color_range", v.colorRange}, {"frames", v.frames},
                      {"fps", v.fps},             {"vfr", v.vfr}};
    } else {
        j["video"] = nullptr;
    }
    if (facts.audio) {
        const media::AudioFacts& a = *facts.audio;
        j["audio"] = {{"codec", a.codec}, {"sample_rate", a.sampleRate}, {"channels", a.channels},
                      {"channel_layout", a.channelLayout}, {"starts_at_s", a.startsAtS}};
    } else {
        j["audio"] = nullptr;
    }
    j["complete"] = facts.complete;
    if (!facts.complete) {
        j["ends_at_s"] = facts.endsAtS;
        j["promised_s"] = facts.promisedS > 0 ? nlohmann::json(facts.promisedS) : nlohmann::json(nullptr);
    }
    return j;
}

void printFacts(const media::MediaFacts& facts)
{
    std::printf("file:      %s (%lld bytes)\n", facts.path.c_str(), static_cast<long long>(facts.fileSize));
    std::printf("container: %s\n", facts.formatLong.empty() ? facts.format.c_str() : facts.formatLong.c_str());
    std::printf("duration:  %.3f s\n", facts.durationS);
    if (!facts.complete)
        std::printf("warning:   %s\n", media::incompleteRecordingText(facts).c_str());
    if (facts.creationTime)
        std::printf("recorded:  %s\n", facts.creationTime->c_str());
    if (facts.video) {
        const media::VideoFacts& v = *facts.video;
        std::printf("video:     %s%s%s %dx%d, %s (%d-bit), colour %s/%s, %lld frames, %.3f fps%s",
                    v.codec.c_str(), v.profile.empty() ? "" : " ", v.profile.c_str(), v.width, v.height,
                    v.pixFmt.c_str(), v.bitDepth, v.colorSpace.c_str(), v.colorRange.c_str(),
                    static_cast<long long>(v.frames), v.fps, v.vfr ? " (variable frame rate)" : "");
        if (v.rotation)
            std::printf(", shown turned %d degrees clockwise", v.rotation);
        if (v.sarNum != v.sarDen)
            std::printf(", pixel aspect %d:%d", v.sarNum, v.sarDen);
        std::printf("\n");
    }
    if (facts.audio)
        std::printf("audio:     %s, %d Hz, %d channel%s%s%s\n", facts.audio->codec.c_str(), facts.audio->sampleRate,
                    facts.audio->channels, facts.audio->channels == 1 ? "" : "s",
                    facts.audio->channelLayout.empty() ? "" : " ", facts.audio->channelLayout.c_str());
    if (facts.audio && facts.audio->startsAtS >= media::kLateSoundS)
        std::printf("           sound starts at %s (video before it is the camera's pre-event buffer, silent)\n",
                    media::clockText(facts.audio->startsAtS).c_str());
    if (!facts.audio)
        std::printf("audio:     none\n");
}

struct FrameArgs {
    std::string file;
    std::vector<long long> frames;
    long long frame = 0;
    std::string png;
    bool json = false;
    bool force = false;
    bool unmasked = false;
};

// Given --db, framehash and frame say when the file is not a recording registered there
// (or has changed since): a warning, the frames are still printed.
void warnUnlessRegistered(const Context& context, const std::string& file)
{
    if (context.databasePath.empty())
        return;
    auto registered = review::isRegisteredRecording(context.databasePath, file);
    if (!registered)
        warn(registered.error().describe());
    else if (!*registered)
        warn(common::toValidUtf8(file) + ": " + review::kNotRegisteredRecording + " of " +
             common::toValidUtf8(context.databasePath) + " (or it has changed since it was registered)");
}

// Given --db, a still honours the privacy masks registered there for this recording;
// --unmasked (a chair or a lead, signed in) leaves them off and says so in the audit log.
common::Status applyMasks(const Context& context, const FrameArgs& args, media::RgbImage& image, int64_t mediaUs)
{
    if (context.databasePath.empty()) {
        if (args.unmasked)
            return common::makeError(common::ErrorCode::Usage,
                                     "--unmasked needs --db: masks are kept in a database", "frame");
        return {};
    }
    if (args.unmasked) {
        auto ws = openWorkspace(context);
        if (!ws)
            return ws.error();
        auto db = review::openForRecordingLookUp(context.databasePath);
        if (!db)
            return db.error();
        auto id = review::recordingIdIn(*db, args.file);
        if (!id)
            return id.error();
        if (!id->has_value())
            return {}; // not registered: nothing masks it (warnUnlessRegistered said so)
        return review::recordMasksShown(*ws, **id, "frame " + std::to_string(args.frame) + " --png " + args.png);
    }
    auto masks = review::masksOfRecording(context.databasePath, args.file);
    if (!masks)
        return masks.error();
    if (int applied = exchange::blurMasks(image, *masks, mediaUs); applied > 0)
        warn(common::toValidUtf8(args.png) + ": " + std::to_string(applied) +
             (applied == 1 ? " privacy mask" : " privacy masks") + " blurred (a chair or a lead may give --unmasked)");
    return {};
}

} // namespace

void addMediaCommands(CLI::App& app, Context& context)
{
    auto args = std::make_shared<FrameArgs>();

    CLI::App* probe = app.add_subcommand("probe", "Show what a video file holds: streams, codec, size, frames, rotation");
    probe->add_option("FILE", args->file, "Video file")->required();
    probe->add_flag("--json", args->json, "Print JSON");
    probe->callback([args, &context] {
        auto facts = media::probe(args->file);
        if (!facts) {
            context.exitCode = reportError(facts.error());
            return;
        }
        if (args->json)
            std::printf("%s\n", common::jsonText(factsToJson(*facts), 2).c_str());
        else
            printFacts(*facts);
    });

    CLI::App* framehash = app.add_subcommand(
        "framehash", "Fetch frames by number (in the order given) and print \"N PTS_SECONDS MD5\" for each");
    framehash->add_option("FILE", args->file, "Video file")->required();
    framehash->add_option("N", args->frames, "Frame numbers, from 0, in presentation order")->required();
    framehash->callback([args, &context] {
        auto reader = media::VideoReader::open(args->file);
        if (reader)
            warnUnlessRegistered(context, args->file);
        if (!reader) {
            context.exitCode = reportError(reader.error());
            return;
        }
        for (long long n : args->frames) {
            auto frame = (*reader)->frame(n);
            if (!frame) {
                std::fflush(stdout);
                context.exitCode = reportError(frame.error());
                continue;
            }
            std::printf("%lld %.6f %s\n", n, (*reader)->index().ptsToSeconds((*frame)->pts()),
                        media::frameMd5((*frame)->avFrame()).c_str());
        }
    });

    CLI::App* frame = app.add_subcommand("frame", "Save one exact frame, turned as the camera intended, as a PNG picture");
    frame->add_option("FILE", args->file, "Video file")->required();
    frame->add_option("N", args->frame, "Frame number, from 0")->required();
    frame->add_option("--png", args->png, "Where to write the PNG")->required();
    addForceFlag(frame, args->force);
    frame->add_flag("--unmasked", args->unmasked,
                    "With --db: leave the privacy masks off (a chair or a lead only; written to the audit log)");
    frame->callback([args, &context] {
        // Checked before decoding: a typo costs nothing and writes nothing. A name that does
        // not end in .png is refused too, so a still can never replace a recording.
        common::protectFile(args->file, "the video this command reads");
        std::string extension = std::filesystem::path(args->png).extension().string();
        std::transform(extension.begin(), extension.end(), extension.begin(), [](unsigned char c) { return std::tolower(c); });
        if (extension != ".png") {
            context.exitCode = reportError(common::makeError(
                common::ErrorCode::InvalidInput, "nothing was written: a still's file name must end in .png",
                common::toValidUtf8(args->png)));
            return;
        }
        if (auto ok = common::checkOutputTarget(args->png, {args->force}); !ok) {
            context.exitCode = reportError(ok.error());
            return;
        }
        auto reader = media::VideoReader::open(args->file);
        if (!reader) {
            context.exitCode = reportError(reader.error());
            return;
        }
        warnUnlessRegistered(context, args->file);
        auto decoded = (*reader)->frame(args->frame);
        if (!decoded) {
            context.exitCode = reportError(decoded.error());
            return;
        }
        auto image = media::toRgb(**decoded, (*reader)->facts().video->rotation);
        if (!image) {
            context.exitCode = reportError(image.error());
            return;
        }
        if (auto masked = applyMasks(context, *args, *image, (*reader)->index().timeUs(args->frame)); !masked) {
            context.exitCode = reportError(masked.error());
            return;
        }
        if (auto written = media::writePng(*image, args->png, {args->force}); !written) {
            context.exitCode = reportError(written.error());
            return;
        }
        std::printf("%s: frame %lld (%dx%d) written\n", args->png.c_str(), args->frame, image->width, image->height);
    });
}

} // namespace cli
