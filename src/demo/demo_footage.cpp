#include "demo/demo_footage.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>
#include <numbers>
#include <sstream>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern "C" {
#include <libavfilter/buffersink.h>
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
}

#include "media/av_error.hpp"
#include "media/av_ptr.hpp"

extern char** environ;

namespace demo {

// FFmpeg's error sentences, owning pointers and log capture come from the reading layer.
using namespace media;

namespace {

using common::ErrorCode;
using common::Result;
using common::Status;

// Written last, listing the files and their sizes. Bump the version when the footage
// changes, so sets made by older versions are rebuilt.
constexpr const char* kMarkerName = "demo.complete";
constexpr const char* kMarkerVersion = "bwv-review demo footage 1";

constexpr int kSampleRate = 48000;
constexpr int kWidth = 1280;
constexpr int kHeight = 720;
constexpr const char* kFontFile = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
// 2024-03-14T15:42:07Z: when camera A starts, the encounter's time 0.
constexpr int64_t kEncounterEpochS = 1710430927;

struct CameraSpec {
    const char* label;
    const char* fileName;
    const char* bandColor;     // colour of the label band, so the two are told apart at a glance
    int fps;
    double offsetS;            // start on the encounter's timeline
    double durationS;
    const char* timecode;      // SMPTE time of day of the first frame
    const char* creationTime;  // whole seconds: MP4 stores no fraction
    double speechGain;         // camera B stands further from the speaker
    uint32_t noiseSeed;
};

constexpr CameraSpec kCameras[] = {
    {"Officer A", "officer_a.mp4", "0x1f3a93@0.85", 25, 0.0, 42.0, "15:42:07:00",
     "2024-03-14T15:42:07.000000Z", 1.0, 1},
    {"Officer B", "officer_b.mp4", "0x8a3b12@0.85", 30, 2.4, 40.0, "15:42:09:12",
     "2024-03-14T15:42:09.000000Z", 0.55, 2},
};

enum class Speaker { None, Officer, Person };

// The staged encounter: a calm stop and search with the GOWISELY steps in order
// (the legal power is never stated, so panels have something to notice).
struct ScriptLine {
    double atS;
    Speaker speaker;
    const char* spoken;       // what espeak-ng says (spelled for its pronunciation)
    const char* caption;      // the burnt-in caption when it differs from `spoken`
    const char* description;
    const char* code;
};

constexpr ScriptLine kScript[] = {
    {0.0, Speaker::None, nullptr, nullptr,
     "Officer A's camera is recording before first contact", "PAC.14"},
    {1.0, Speaker::Officer, "Good afternoon. Can I have a quick word, please?", nullptr,
     "Officer A greets the person politely", "DEE.05"},
    {2.4, Speaker::None, nullptr, nullptr, "Officer B's camera starts recording", "PAC.14"},
    {5.0, Speaker::Officer, "You match the description of a man seen trying car doors on this street.",
     nullptr, "Officer A gives the grounds: a description match", "PAC.G"},
    {9.5, Speaker::Officer, "I want to search you for tools used to break into cars.", nullptr,
     "Officer A gives the object of the search", "PAC.O"},
    {13.5, Speaker::Officer, "My name is P C Morgan.", "My name is PC Morgan.",
     "Officer A gives their name", "PAC.I"},
    {15.6, Speaker::Officer, "I'm based at Riverside police station.", nullptr,
     "Officer A gives their station", "PAC.S"},
    {18.8, Speaker::Officer, "You are detained for the purpose of a search.", nullptr,
     "Officer A says the person is detained for a search", "PAC.Y"},
    {21.8, Speaker::Person, "Why me? I haven't done anything.", nullptr,
     "The person asks why they were stopped", ""},
    {24.8, Speaker::Officer,
     "I understand. You fit the description we were given, and it should only take a minute.",
     nullptr, "Officer A explains calmly, in plain words", "DEE.01"},
    {30.4, Speaker::Officer, "You can have a copy of the search record.", nullptr,
     "Officer A explains the right to a copy of the record", "PAC.E"},
    {32.8, Speaker::None, nullptr, "[Officer A searches the outer clothing]",
     "Officer A searches the outer clothing; nothing is found", ""},
    {35.0, Speaker::Officer, "Nothing was found. Thank you for your patience. You're free to go.",
     nullptr, "Officer A gives the outcome and says the person is free to go", "DEE.09"},
    {39.6, Speaker::Person, "Okay. Thanks.", nullptr,
     "The person leaves: no further action", "OUT.01"},
};

// What a spoken line sounds like and how long its caption stays up.
struct Utterance {
    std::vector<float> samples;  // mono, kSampleRate
    double durationS = 0;
};

// ---- helpers --------------------------------------------------------------------------

common::Error cancelled()
{
    return common::makeError(ErrorCode::Cancelled, "making the demo footage was cancelled");
}

// Removes a temporary file or folder when the scope ends, unless released.
class TempPath {
public:
    explicit TempPath(std::filesystem::path path) : m_path(std::move(path)) {}
    ~TempPath()
    {
        if (!m_path.empty()) {
            std::error_code ec;
            std::filesystem::remove_all(m_path, ec);
        }
    }
    TempPath(const TempPath&) = delete;
    TempPath& operator=(const TempPath&) = delete;
    const std::filesystem::path& path() const { return m_path; }
    void release() { m_path.clear(); }

private:
    std::filesystem::path m_path;
};

std::filesystem::path tempName(const std::filesystem::path& dir, const std::string& name)
{
    return dir / ("." + name + "." + std::to_string(getpid()) + ".tmp");
}

// ---- speech ---------------------------------------------------------------------------

// Decodes any audio file FFmpeg reads into mono float samples at kSampleRate.
Result<std::vector<float>> readMonoSamples(const std::filesystem::path& path)
{
    AVFormatContext* raw = nullptr;
    if (int err = avformat_open_input(&raw, path.c_str(), nullptr, nullptr); err < 0)
        return avError(err, "cannot read the spoken line", path);
    FormatContextPtr input(raw);
    if (int err = avformat_find_stream_info(input.get(), nullptr); err < 0)
        return avError(err, "cannot read the spoken line", path);
    const AVCodec* codec = nullptr;
    int stream = av_find_best_stream(input.get(), AVMEDIA_TYPE_AUDIO, -1, -1, &codec, 0);
    if (stream < 0)
        return avError(stream, "the spoken line has no audio", path);
    CodecContextPtr decoder(avcodec_alloc_context3(codec));
    avcodec_parameters_to_context(decoder.get(), input->streams[stream]->codecpar);
    if (int err = avcodec_open2(decoder.get(), codec, nullptr); err < 0)
        return avError(err, "cannot decode the spoken line", path);

    AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
    SwrContext* rawSwr = nullptr;
    swr_alloc_set_opts2(&rawSwr, &mono, AV_SAMPLE_FMT_FLT, kSampleRate, &decoder->ch_layout,
                        decoder->sample_fmt, decoder->sample_rate, 0, nullptr);
    SwrPtr swr(rawSwr);
    if (int err = swr ? swr_init(swr.get()) : AVERROR(ENOMEM); err < 0)
        return avError(err, "cannot resample the spoken line", path);

    std::vector<float> out;
    auto convert = [&](const AVFrame* frame) {
        int inCount = frame ? frame->nb_samples : 0;
        int room = swr_get_out_samples(swr.get(), inCount);
        if (room <= 0)
            return;
        size_t at = out.size();
        out.resize(at + static_cast<size_t>(room));
        auto* dst = reinterpret_cast<uint8_t*>(out.data() + at);
        int got = swr_convert(swr.get(), &dst, room,
                              frame ? const_cast<const uint8_t**>(frame->extended_data) : nullptr, inCount);
        out.resize(at + static_cast<size_t>(std::max(got, 0)));
    };

    PacketPtr packet = makePacket();
    FramePtr frame = makeFrame();
    auto drain = [&]() {
        while (avcodec_receive_frame(decoder.get(), frame.get()) == 0) {
            convert(frame.get());
            av_frame_unref(frame.get());
        }
    };
    while (av_read_frame(input.get(), packet.get()) >= 0) {
        if (packet->stream_index == stream && avcodec_send_packet(decoder.get(), packet.get()) >= 0)
            drain();
        av_packet_unref(packet.get());
    }
    avcodec_send_packet(decoder.get(), nullptr);
    drain();
    convert(nullptr);
    return out;
}

// Runs espeak-ng (no shell). Returns false when it is not installed or failed.
bool speak(const char* voice, const char* text, const std::filesystem::path& wav, bool& missing)
{
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    std::vector<std::string> args = {"espeak-ng", "-w", wav.string()};
    if (voice) {
        args.emplace_back("-v");
        args.emplace_back(voice);
    }
    args.emplace_back(text);
    std::vector<char*> argv;
    for (std::string& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        missing = rc == ENOENT;
        return false;
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
        missing = true;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// Without espeak-ng: a hum of tones, one per word, pitched by who speaks.
std::vector<float> toneFor(const ScriptLine& line)
{
    int words = 1 + static_cast<int>(std::count(line.spoken, line.spoken + std::strlen(line.spoken), ' '));
    double pitch = line.speaker == Speaker::Officer ? 180.0 : 260.0;
    const int toneLen = kSampleRate * 18 / 100, gapLen = kSampleRate * 8 / 100, fade = kSampleRate / 100;
    std::vector<float> out;
    for (int w = 0; w < words; ++w) {
        double f = pitch * (1.0 + 0.08 * ((w * 7) % 3));
        for (int i = 0; i < toneLen; ++i) {
            double env = std::min({1.0, double(i) / fade, double(toneLen - i) / fade});
            double t = double(i) / kSampleRate;
            out.push_back(static_cast<float>(env * 0.3 * (std::sin(2 * std::numbers::pi * f * t) + 0.3 * std::sin(4 * std::numbers::pi * f * t))));
        }
        out.insert(out.end(), static_cast<size_t>(gapLen), 0.0f);
    }
    return out;
}

void normalise(std::vector<float>& samples, float peak)
{
    float max = 0;
    for (float s : samples)
        max = std::max(max, std::abs(s));
    if (max > 0)
        for (float& s : samples)
            s *= peak / max;
}

// One Utterance per script line (empty for lines nobody speaks).
Result<std::vector<Utterance>> synthesiseSpeech(const std::filesystem::path& workDir, std::stop_token stop,
                                                const std::function<void(double)>& onProgress)
{
    std::vector<Utterance> result;
    bool espeakMissing = false;
    size_t index = 0;
    for (const ScriptLine& line : kScript) {
        if (stop.stop_requested())
            return cancelled();
        Utterance u;
        if (line.speaker != Speaker::None) {
            std::filesystem::path wav = workDir / ("line" + std::to_string(index) + ".wav");
            const char* voice = line.speaker == Speaker::Officer ? "en-gb" : "en-gb-x-gbcwmd+m3";
            bool spoken = !espeakMissing && (speak(voice, line.spoken, wav, espeakMissing)
                                             || (!espeakMissing && speak(nullptr, line.spoken, wav, espeakMissing)));
            if (spoken) {
                auto samples = readMonoSamples(wav);
                if (samples && !samples->empty())
                    u.samples = std::move(samples).value();
            }
            if (u.samples.empty())
                u.samples = toneFor(line);
            normalise(u.samples, line.speaker == Speaker::Officer ? 0.6f : 0.5f);
            u.durationS = double(u.samples.size()) / kSampleRate;
        }
        result.push_back(std::move(u));
        onProgress(double(++index) / std::size(kScript));
    }
    return result;
}

// The camera's sound: the spoken lines as it hears them over its own street noise.
std::vector<float> cameraTrack(const CameraSpec& cam, const std::vector<Utterance>& speech)
{
    size_t count = static_cast<size_t>(std::llround(cam.durationS * kSampleRate));
    std::vector<float> track(count, 0.0f);
    // Quiet brown noise (traffic rumble) plus a little hiss; a fixed LCG keeps it the same
    // on every machine, so two runs make identical audio.
    uint32_t state = cam.noiseSeed * 2654435761u + 12345u;
    float brown = 0;
    for (float& s : track) {
        state = state * 1664525u + 1013904223u;
        float white = float(state >> 8) / float(1u << 24) * 2.0f - 1.0f;
        brown = 0.995f * brown + 0.05f * white;
        s = 0.025f * brown + 0.003f * white;
    }
    for (size_t i = 0; i < speech.size(); ++i) {
        const std::vector<float>& line = speech[i].samples;
        auto start = std::llround((kScript[i].atS - cam.offsetS) * kSampleRate);
        for (size_t j = 0; j < line.size(); ++j) {
            long long at = start + static_cast<long long>(j);
            if (at >= 0 && at < static_cast<long long>(count))
                track[static_cast<size_t>(at)] += float(cam.speechGain) * line[j];
        }
    }
    return track;
}

// ---- picture --------------------------------------------------------------------------

std::string formatSeconds(double s)
{
    std::ostringstream out;
    out.precision(3);
    out << std::fixed << s;
    return out.str();
}

// Breaks a caption into lines of at most `width` characters at spaces.
std::string wrap(const std::string& text, size_t width)
{
    std::string out, lineText;
    std::istringstream words(text);
    std::string word;
    while (words >> word) {
        if (!lineText.empty() && lineText.size() + 1 + word.size() > width) {
            out += lineText + "\n";
            lineText.clear();
        }
        lineText += (lineText.empty() ? "" : " ") + word;
    }
    return out + lineText;
}


using FilterOptions = std::vector<std::pair<std::string, std::string>>;

// A straight chain of filters ending in a buffersink that gives yuv420p.
class FilterChain {
public:
    FilterChain() : m_graph(avfilter_graph_alloc()) {}

    // Adds a filter after the last one. Options are set one by one, not parsed from a
    // graph description, so captions with apostrophes or commas need no escaping.
    Status add(const char* name, const FilterOptions& options)
    {
        const AVFilter* filter = avfilter_get_by_name(name);
        if (!filter)
            return common::makeError(ErrorCode::Internal,
                                     std::string("this FFmpeg has no '") + name + "' filter");
        std::string instance = std::string(name) + std::to_string(m_count++);
        AVFilterContext* ctx = m_graph ? avfilter_graph_alloc_filter(m_graph.get(), filter, instance.c_str())
                                       : nullptr;
        if (!ctx)
            return avError(AVERROR(ENOMEM), "cannot build the picture", {});
        for (const auto& [key, value] : options)
            if (int err = av_opt_set(ctx, key.c_str(), value.c_str(), AV_OPT_SEARCH_CHILDREN); err < 0)
                return avError(err, std::string("cannot set ") + name + " option " + key, {});
        if (int err = avfilter_init_str(ctx, nullptr); err < 0)
            return avError(err, std::string("cannot set up the ") + name + " filter", {});
        if (m_last)
            if (int err = avfilter_link(m_last, 0, ctx, 0); err < 0)
                return avError(err, "cannot link the picture filters", {});
        m_last = ctx;
        return {};
    }

    Status finish()
    {
        const AVFilter* filter = avfilter_get_by_name("buffersink");
        AVFilterContext* sink = avfilter_graph_alloc_filter(m_graph.get(), filter, "out");
        if (!sink || !m_last)
            return avError(AVERROR(ENOMEM), "cannot build the picture", {});
        const AVPixelFormat formats[] = {AV_PIX_FMT_YUV420P, AV_PIX_FMT_NONE};
        av_opt_set_int_list(sink, "pix_fmts", formats, AV_PIX_FMT_NONE, AV_OPT_SEARCH_CHILDREN);
        if (int err = avfilter_init_str(sink, nullptr); err < 0)
            return avError(err, "cannot set up the picture output", {});
        if (int err = avfilter_link(m_last, 0, sink, 0); err < 0)
            return avError(err, "cannot link the picture filters", {});
        m_last = sink;
        if (int err = avfilter_graph_config(m_graph.get(), nullptr); err < 0)
            return avError(err, "cannot set up the picture filters", {});
        return {};
    }

    AVFilterContext* sink() const { return m_last; }

private:
    FilterGraphPtr m_graph;
    AVFilterContext* m_last = nullptr;
    int m_count = 0;
};

// testsrc2 (it moves, so it does not compress to nothing) under what a reviewer of real
// BWV sees burnt in: camera label, wall-clock time, timecode, frame number. Also the
// encounter time and a marker that sweeps with it, so two cameras played in sync show
// the marker in the same place, and captions of what is said and done.
Status buildPicture(FilterChain& chain, const CameraSpec& cam, const std::vector<Utterance>& speech)
{
    const std::string fps = std::to_string(cam.fps);
    const std::string offset = formatSeconds(cam.offsetS);
    std::error_code ec;
    const bool haveFont = std::filesystem::exists(kFontFile, ec);
    auto drawText = [&](const std::string& text, int size, const std::string& x, const std::string& y,
                        FilterOptions extra = {}) {
        FilterOptions options = {{"text", text}, {"fontsize", std::to_string(size)},
                                 {"fontcolor", "white"}, {"x", x}, {"y", y}};
        if (haveFont) // otherwise fontconfig's default sans
            options.emplace_back("fontfile", kFontFile);
        options.insert(options.end(), extra.begin(), extra.end());
        return chain.add("drawtext", options);
    };

    std::string upperLabel = cam.label;
    std::transform(upperLabel.begin(), upperLabel.end(), upperLabel.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    const std::string epoch = formatSeconds(double(kEncounterEpochS) + cam.offsetS);
    std::vector<Status> steps;
    steps.push_back(chain.add("testsrc2", {{"size", std::to_string(kWidth) + "x" + std::to_string(kHeight)},
                                           {"rate", fps}}));
    steps.push_back(chain.add("drawbox", {{"x", "0"}, {"y", "0"}, {"w", "iw"}, {"h", "104"},
                                          {"color", cam.bandColor}, {"thickness", "fill"}}));
    steps.push_back(drawText(upperLabel + "   BWV camera", 40, "24", "14"));
    steps.push_back(drawText("%{pts:gmtime:" + epoch + "} UTC", 34, "w-tw-24", "16"));
    steps.push_back(drawText("TC ", 24, "24", "68", {{"timecode", cam.timecode}, {"rate", fps}}));
    steps.push_back(drawText("frame %{frame_num}    media %{pts:hms}    encounter %{pts:hms:" + offset + "}",
                             24, "300", "68"));
    steps.push_back(drawText("STAGED DEMO - NOT REAL FOOTAGE", 18, "w-tw-16", "h-26",
                             {{"fontcolor", "yellow"}}));
    // 240 px/s along the same track in both cameras: in sync, the markers line up.
    steps.push_back(drawText("SYNC", 28, "mod((t+" + offset + ")*240,w-tw)", "130",
                             {{"box", "1"}, {"boxcolor", "0xc00000@0.85"}, {"boxborderw", "8"}}));
    for (size_t i = 0; i < speech.size(); ++i) {
        const ScriptLine& line = kScript[i];
        std::string caption = line.caption ? line.caption : line.spoken ? line.spoken : "";
        if (caption.empty())
            continue;
        if (line.speaker == Speaker::Officer)
            caption = "PC Morgan: " + caption;
        else if (line.speaker == Speaker::Person)
            caption = "Person: " + caption;
        double from = line.atS - cam.offsetS;
        double to = from + std::max(speech[i].durationS + 0.4, 2.0);
        if (to <= 0)
            continue;
        steps.push_back(drawText(wrap(caption, 56), 32, "(w-tw)/2", "h-th-48",
                                 {{"box", "1"}, {"boxcolor", "black@0.6"}, {"boxborderw", "12"},
                                  {"enable", "between(t," + formatSeconds(from) + "," + formatSeconds(to) + ")"}}));
    }
    for (Status& step : steps)
        if (!step)
            return step;
    return chain.finish();
}

// ---- encoding -------------------------------------------------------------------------

// The output file; closing it without write_trailer leaves a broken file, which the
// caller's TempPath then removes.
struct OutputFile {
    AVFormatContext* ctx = nullptr;
    OutputFile() = default;
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;
    ~OutputFile()
    {
        if (!ctx)
            return;
        if (ctx->pb)
            avio_closep(&ctx->pb);
        avformat_free_context(ctx);
    }
};

class CameraEncoder {
public:
    CameraEncoder(const CameraSpec& cam, std::filesystem::path file) : m_cam(cam), m_file(std::move(file)) {}

    Status open()
    {
        if (int err = avformat_alloc_output_context2(&m_out.ctx, nullptr, "mp4", m_file.c_str()); err < 0)
            return avError(err, "cannot make an MP4 file", m_file);
        AVDictionary*& meta = m_out.ctx->metadata;
        av_dict_set(&meta, "creation_time", m_cam.creationTime, 0);
        av_dict_set(&meta, "title", (std::string("Staged stop and search, ") + m_cam.label).c_str(), 0);
        av_dict_set(&meta, "comment", "bwv-review demo footage: staged, synthetic, not a real encounter", 0);

        const AVCodec* h264 = avcodec_find_encoder_by_name("libx264");
        if (!h264)
            return common::makeError(ErrorCode::Internal, "this FFmpeg has no H.264 encoder (libx264)");
        m_video.reset(avcodec_alloc_context3(h264));
        AVCodecContext& v = *m_video;
        v.width = kWidth;
        v.height = kHeight;
        v.pix_fmt = AV_PIX_FMT_YUV420P;
        v.time_base = {1, m_cam.fps};
        v.framerate = {m_cam.fps, 1};
        v.sample_aspect_ratio = {1, 1};
        v.gop_size = 2 * m_cam.fps; // 2 s, like many body-worn cameras
        v.keyint_min = v.gop_size;
        v.max_b_frames = 2;
        // testsrc2 and drawtext colour with BT.601 sums; tagged BT.709 as HD footage is,
        // the difference is invisible on a test pattern and the renderer sees real tags.
        v.color_range = AVCOL_RANGE_MPEG;
        v.colorspace = AVCOL_SPC_BT709;
        v.color_primaries = AVCOL_PRI_BT709;
        v.color_trc = AVCOL_TRC_BT709;
        if (m_out.ctx->oformat->flags & AVFMT_GLOBALHEADER)
            v.flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
        AVDictionary* options = nullptr;
        av_dict_set(&options, "preset", "ultrafast", 0); // fast enough for ~10 s on one core
        av_dict_set(&options, "crf", "28", 0);
        av_dict_set(&options, "x264-params", "scenecut=0:log=0", 0); // fixed GOP; quiet stats
        int err = avcodec_open2(m_video.get(), h264, &options);
        av_dict_free(&options);
        if (err < 0)
            return avError(err, "cannot start the H.264 encoder", m_file);

        const AVCodec* aac = avcodec_find_encoder(AV_CODEC_ID_AAC);
        if (!aac)
            return common::makeError(ErrorCode::Internal, "this FFmpeg has no AAC encoder");
        m_audio.reset(avcodec_alloc_context3(aac));
        AVCodecContext& a = *m_audio;
        a.sample_fmt = AV_SAMPLE_FMT_FLTP;
        a.sample_rate = kSampleRate;
        av_channel_layout_default(&a.ch_layout, 1);
        a.bit_rate = 96000;
        a.time_base = {1, kSampleRate};
        if (m_out.ctx->oformat->flags & AVFMT_GLOBALHEADER)
            a.flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
        if (int e = avcodec_open2(m_audio.get(), aac, nullptr); e < 0)
            return avError(e, "cannot start the AAC encoder", m_file);

        m_videoStream = avformat_new_stream(m_out.ctx, nullptr);
        m_audioStream = avformat_new_stream(m_out.ctx, nullptr);
        if (!m_videoStream || !m_audioStream)
            return avError(AVERROR(ENOMEM), "cannot make an MP4 file", m_file);
        avcodec_parameters_from_context(m_videoStream->codecpar, m_video.get());
        m_videoStream->time_base = v.time_base;
        m_videoStream->avg_frame_rate = v.framerate;
        av_dict_set(&m_videoStream->metadata, "handler_name", (std::string(m_cam.label) + " camera").c_str(), 0);
        avcodec_parameters_from_context(m_audioStream->codecpar, m_audio.get());
        m_audioStream->time_base = a.time_base;
        av_dict_set(&m_audioStream->metadata, "language", "eng", 0);
        av_dict_set(&m_audioStream->metadata, "handler_name", (std::string(m_cam.label) + " microphone").c_str(), 0);

        if (int e = avio_open(&m_out.ctx->pb, m_file.c_str(), AVIO_FLAG_WRITE); e < 0)
            return writeFailure(e);
        if (int e = avformat_write_header(m_out.ctx, nullptr); e < 0)
            return writeFailure(e);

        m_audioFrame = makeFrame();
        m_audioFrame->format = AV_SAMPLE_FMT_FLTP;
        m_audioFrame->sample_rate = kSampleRate;
        av_channel_layout_default(&m_audioFrame->ch_layout, 1);
        m_audioFrame->nb_samples = a.frame_size > 0 ? a.frame_size : 1024;
        if (int e = av_frame_get_buffer(m_audioFrame.get(), 0); e < 0)
            return avError(e, "cannot encode the sound", m_file);
        m_packet = makePacket();
        return {};
    }

    // Encodes the whole camera; `onProgress` gets 0..1.
    Status run(AVFilterContext* sink, const std::vector<float>& track, std::stop_token stop,
               const std::function<void(double)>& onProgress)
    {
        const int64_t frames = std::llround(m_cam.durationS * m_cam.fps);
        FramePtr picture = makeFrame();
        for (int64_t i = 0; i < frames; ++i) {
            if (stop.stop_requested())
                return cancelled();
            if (int err = av_buffersink_get_frame(sink, picture.get()); err < 0)
                return avError(err, "cannot draw the picture", m_file);
            picture->pts = i;
            picture->pict_type = AV_PICTURE_TYPE_NONE;
            picture->color_range = AVCOL_RANGE_MPEG;
            picture->colorspace = AVCOL_SPC_BT709;
            picture->color_primaries = AVCOL_PRI_BT709;
            picture->color_trc = AVCOL_TRC_BT709;
            // Sound up to the end of this frame first, so the file is interleaved as it goes.
            if (Status s = sendAudio(track, (i + 1) * kSampleRate / m_cam.fps); !s)
                return s;
            int err = avcodec_send_frame(m_video.get(), picture.get());
            av_frame_unref(picture.get());
            if (err < 0)
                return avError(err, "cannot encode the picture", m_file);
            if (Status s = drain(m_video.get(), m_videoStream); !s)
                return s;
            onProgress(double(i + 1) / double(frames));
        }
        if (Status s = sendAudio(track, static_cast<int64_t>(track.size())); !s)
            return s;
        for (auto [encoder, stream] : {std::pair{m_video.get(), m_videoStream}, std::pair{m_audio.get(), m_audioStream}}) {
            avcodec_send_frame(encoder, nullptr);
            if (Status s = drain(encoder, stream); !s)
                return s;
        }
        if (int err = av_write_trailer(m_out.ctx); err < 0)
            return writeFailure(err);
        if (int err = avio_closep(&m_out.ctx->pb); err < 0)
            return writeFailure(err);
        return {};
    }

private:
    common::Error writeFailure(int averror) const
    {
        return avError(averror, "cannot write the demo footage", m_file);
    }

    Status sendAudio(const std::vector<float>& track, int64_t untilSample)
    {
        untilSample = std::min<int64_t>(untilSample, static_cast<int64_t>(track.size()));
        const int frameSize = m_audio->frame_size > 0 ? m_audio->frame_size : 1024;
        while (m_audioNext < untilSample) {
            // The encoder takes whole frames; the last one may be short.
            int count = static_cast<int>(std::min<int64_t>(frameSize, static_cast<int64_t>(track.size()) - m_audioNext));
            if (count < frameSize && untilSample < static_cast<int64_t>(track.size()))
                break;
            if (int err = av_frame_make_writable(m_audioFrame.get()); err < 0)
                return avError(err, "cannot encode the sound", m_file);
            m_audioFrame->nb_samples = count;
            std::memcpy(m_audioFrame->data[0], track.data() + m_audioNext, sizeof(float) * size_t(count));
            m_audioFrame->pts = m_audioNext;
            if (int err = avcodec_send_frame(m_audio.get(), m_audioFrame.get()); err < 0)
                return avError(err, "cannot encode the sound", m_file);
            m_audioNext += count;
            if (Status s = drain(m_audio.get(), m_audioStream); !s)
                return s;
        }
        return {};
    }

    Status drain(AVCodecContext* encoder, AVStream* stream)
    {
        for (;;) {
            int err = avcodec_receive_packet(encoder, m_packet.get());
            if (err == AVERROR(EAGAIN) || err == AVERROR_EOF)
                return {};
            if (err < 0)
                return avError(err, "cannot encode the demo footage", m_file);
            av_packet_rescale_ts(m_packet.get(), encoder->time_base, stream->time_base);
            m_packet->stream_index = stream->index;
            if (int e = av_interleaved_write_frame(m_out.ctx, m_packet.get()); e < 0)
                return writeFailure(e);
        }
    }

    const CameraSpec& m_cam;
    std::filesystem::path m_file;
    OutputFile m_out;
    CodecContextPtr m_video;
    CodecContextPtr m_audio;
    AVStream* m_videoStream = nullptr;
    AVStream* m_audioStream = nullptr;
    FramePtr m_audioFrame;
    PacketPtr m_packet;
    int64_t m_audioNext = 0;
};

Status encodeCamera(const CameraSpec& cam, const std::vector<Utterance>& speech, const std::filesystem::path& file,
                    std::stop_token stop, const std::function<void(double)>& onProgress)
{
    FilterChain chain;
    if (Status s = buildPicture(chain, cam, speech); !s)
        return s;
    CameraEncoder encoder(cam, file);
    if (Status s = encoder.open(); !s)
        return s;
    return encoder.run(chain.sink(), cameraTrack(cam, speech), stop, onProgress);
}

// ---- cache ----------------------------------------------------------------------------

// What the marker says when the files in `dir` are the complete set: the version and
// each file's size. Empty when a file is missing.
std::string expectedMarker(const std::filesystem::path& dir)
{
    std::string text = std::string(kMarkerVersion) + "\n";
    for (const CameraSpec& cam : kCameras) {
        std::error_code ec;
        auto size = std::filesystem::file_size(dir / cam.fileName, ec);
        if (ec)
            return {};
        text += std::string(cam.fileName) + " " + std::to_string(size) + "\n";
    }
    return text;
}

bool isComplete(const std::filesystem::path& dir)
{
    std::string expected = expectedMarker(dir);
    if (expected.empty())
        return false;
    std::ifstream in(dir / kMarkerName, std::ios::binary);
    std::string marker((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return marker == expected;
}

Status writeMarker(const std::filesystem::path& dir)
{
    TempPath temp(tempName(dir, kMarkerName));
    {
        std::ofstream out(temp.path(), std::ios::binary | std::ios::trunc);
        out << expectedMarker(dir);
        out.close();
        if (!out)
            return common::makeError(ErrorCode::Io, "cannot write the demo footage marker", temp.path().string());
    }
    std::error_code ec;
    std::filesystem::rename(temp.path(), dir / kMarkerName, ec);
    if (ec)
        return common::makeError(ErrorCode::Io, "cannot write the demo footage marker: " + ec.message(),
                                 (dir / kMarkerName).string());
    temp.release();
    return {};
}

// Temporary files left by a run that was killed: ".NAME.PID.tmp" whose PID is gone.
void removeStaleTemps(const std::filesystem::path& dir)
{
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        std::string name = entry.path().filename().string();
        if (name.size() < 6 || name[0] != '.' || !name.ends_with(".tmp"))
            continue;
        std::string stem = name.substr(0, name.size() - 4);
        auto dot = stem.rfind('.');
        if (dot == std::string::npos)
            continue;
        long pid = std::strtol(stem.c_str() + dot + 1, nullptr, 10);
        if (pid > 0 && kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
            std::filesystem::remove_all(entry.path(), ec);
    }
}

DemoFootage describe(const std::filesystem::path& dir)
{
    DemoFootage footage;
    for (const CameraSpec& cam : kCameras)
        footage.cameras.push_back({dir / cam.fileName, cam.label, std::llround(cam.offsetS * 1e6), cam.creationTime});
    for (const ScriptLine& line : kScript)
        footage.script.push_back({std::llround(line.atS * 1e6), line.description, line.code});
    return footage;
}

} // namespace

common::Result<DemoFootage> ensureDemoFootage(const std::filesystem::path& dir, std::stop_token stop,
                                              std::atomic<double>* progress)
{
    auto report = [progress](double value) {
        if (progress)
            progress->store(value, std::memory_order_relaxed);
    };
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
        return common::makeError(ErrorCode::Io, "cannot make the demo footage folder: " + ec.message(), dir.string());
    if (isComplete(dir)) {
        report(1.0);
        return describe(dir);
    }
    report(0.0);
    installLogCapture(); // x264 and the AAC encoder talk on stderr otherwise
    removeStaleTemps(dir);
    std::filesystem::remove(dir / kMarkerName, ec);

    // Speech is quick (a few tenths of a second a line); the pictures are the work,
    // shared out by frame count.
    constexpr double kSpeechShare = 0.05;
    TempPath speechDir(tempName(dir, "speech"));
    std::filesystem::create_directory(speechDir.path(), ec);
    if (ec)
        return common::makeError(ErrorCode::Io, "cannot write in the demo footage folder: " + ec.message(),
                                 dir.string());
    auto speech = synthesiseSpeech(speechDir.path(), stop, [&](double f) { report(kSpeechShare * f); });
    if (!speech)
        return speech.error();

    double totalFrames = 0;
    for (const CameraSpec& cam : kCameras)
        totalFrames += cam.durationS * cam.fps;
    double framesDone = 0;
    for (const CameraSpec& cam : kCameras) {
        const double camFrames = cam.durationS * cam.fps;
        TempPath temp(tempName(dir, cam.fileName));
        Status made = encodeCamera(cam, *speech, temp.path(), stop, [&](double f) {
            report(kSpeechShare + (1 - kSpeechShare) * (framesDone + f * camFrames) / totalFrames);
        });
        if (!made)
            return made.error();
        std::filesystem::rename(temp.path(), dir / cam.fileName, ec);
        if (ec)
            return common::makeError(ErrorCode::Io, "cannot write the demo footage: " + ec.message(),
                                     (dir / cam.fileName).string());
        temp.release();
        framesDone += camFrames;
    }
    if (Status s = writeMarker(dir); !s)
        return s.error();
    report(1.0);
    return describe(dir);
}

} // namespace demo
