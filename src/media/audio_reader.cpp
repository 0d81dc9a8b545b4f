#include "media/audio_reader.hpp"

#include <algorithm>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/opt.h>
#include <libswresample/swresample.h>
}

#include "media/av_error.hpp"
#include "media/av_ptr.hpp"
#include "media/decoder.hpp"
#include "media/frame_index.hpp"
#include "media/probe.hpp"

namespace media {
namespace {

using common::ErrorCode;
using common::makeError;

} // namespace

struct AudioReader::Impl {
    std::filesystem::path path;
    MediaFacts facts;
    FormatContextPtr format;
    CodecContextPtr codec;
    SwrPtr swr;
    AVStream* stream = nullptr;
    std::unique_ptr<DecodeLoop> loop;
    FramePtr decoded = makeFrame();
    int outRate = 48000;
    int outChannels = 2;

    int64_t nextTimeUs = AV_NOPTS_VALUE; // media time of the next sample to hand out
    int64_t trimBeforeUs = AV_NOPTS_VALUE; // after a seek: drop samples before this

    common::Status setUpResampler()
    {
        SwrContext* raw = nullptr;
        AVChannelLayout outLayout;
        av_channel_layout_default(&outLayout, outChannels);
        AVChannelLayout inLayout;
        if (codec->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC)
            av_channel_layout_default(&inLayout, codec->ch_layout.nb_channels);
        else
            av_channel_layout_copy(&inLayout, &codec->ch_layout);
        int rc = swr_alloc_set_opts2(&raw, &outLayout, AV_SAMPLE_FMT_FLT, outRate, &inLayout, codec->sample_fmt,
                                     codec->sample_rate, 0, nullptr);
        av_channel_layout_uninit(&inLayout);
        av_channel_layout_uninit(&outLayout);
        if (rc < 0 || !raw)
            return avError(rc, "the sound cannot be converted", path);
        swr.reset(raw);
        if ((rc = swr_init(swr.get())) < 0)
            return avError(rc, "the sound cannot be converted", path);
        return {};
    }

    int64_t frameTimeUs(const AVFrame& frame) const
    {
        int64_t pts = frame.best_effort_timestamp;
        if (pts == AV_NOPTS_VALUE)
            return AV_NOPTS_VALUE;
        return av_rescale_q(pts, stream->time_base, AVRational{1, 1000000}) - facts.originUs;
    }

    // Converts the decoded frame (or, with nullptr, what the resampler still holds).
    AudioChunk convert(const AVFrame* frame)
    {
        AudioChunk chunk;
        int inSamples = frame ? frame->nb_samples : 0;
        int capacity = swr_get_out_samples(swr.get(), inSamples);
        if (capacity <= 0)
            return chunk;
        chunk.samples.resize(static_cast<size_t>(capacity) * outChannels);
        uint8_t* out[1] = {reinterpret_cast<uint8_t*>(chunk.samples.data())};
        int produced = swr_convert(swr.get(), out, capacity, frame ? const_cast<const uint8_t**>(frame->extended_data) : nullptr,
                                   inSamples);
        chunk.frames = std::max(0, produced);
        chunk.samples.resize(static_cast<size_t>(chunk.frames) * outChannels);
        if (frame) {
            int64_t t = frameTimeUs(*frame);
            // Follow the stream's stamps, but keep a continuous count when they are
            // missing or jitter by less than a millisecond.
            if (nextTimeUs == AV_NOPTS_VALUE || (t != AV_NOPTS_VALUE && std::llabs(t - nextTimeUs) > 1000))
                nextTimeUs = t == AV_NOPTS_VALUE ? 0 : t;
        }
        chunk.timeUs = nextTimeUs == AV_NOPTS_VALUE ? 0 : nextTimeUs;
        nextTimeUs = chunk.timeUs + static_cast<int64_t>(chunk.frames) * 1000000 / outRate;
        return chunk;
    }

    void trim(AudioChunk& chunk)
    {
        if (trimBeforeUs == AV_NOPTS_VALUE || chunk.frames == 0)
            return;
        int64_t endUs = chunk.timeUs + static_cast<int64_t>(chunk.frames) * 1000000 / outRate;
        if (endUs <= trimBeforeUs) {
            chunk.frames = 0;
            chunk.samples.clear();
            return;
        }
        int64_t drop = std::max<int64_t>(0, (trimBeforeUs - chunk.timeUs) * outRate / 1000000);
        if (drop > 0) {
            chunk.samples.erase(chunk.samples.begin(), chunk.samples.begin() + drop * outChannels);
            chunk.frames -= static_cast<int>(drop);
            chunk.timeUs += drop * 1000000 / outRate;
        }
        trimBeforeUs = AV_NOPTS_VALUE;
    }
};

AudioReader::AudioReader(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
AudioReader::~AudioReader() = default;

common::Result<std::unique_ptr<AudioReader>> AudioReader::open(const std::filesystem::path& path, int outRate,
                                                               int outChannels)
{
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    impl->outRate = outRate;
    impl->outChannels = outChannels;
    auto opened = openInput(path);
    if (!opened)
        return opened.error();
    impl->format.reset(opened.value());
    int videoIndex = av_find_best_stream(impl->format.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    int audioIndex = av_find_best_stream(impl->format.get(), AVMEDIA_TYPE_AUDIO, -1, videoIndex, nullptr, 0);
    if (audioIndex < 0)
        return makeError(ErrorCode::InvalidInput, "the file has no sound", path.string());
    impl->stream = impl->format->streams[audioIndex];
    keepOnlyStream(*impl->format, audioIndex);

    if (videoIndex >= 0) {
        auto facts = probe(path); // media time 0 is the first video frame (frame index, cached)
        if (!facts)
            return facts.error();
        impl->facts = std::move(facts.value());
    } else {
        impl->facts.path = path.string();
        impl->facts.format = impl->format->iformat->name;
        if (impl->stream->start_time != AV_NOPTS_VALUE)
            impl->facts.originUs = av_rescale_q(impl->stream->start_time, impl->stream->time_base, AVRational{1, 1000000});
        AudioFacts a;
        a.streamIndex = audioIndex;
        a.codec = avcodec_get_name(impl->stream->codecpar->codec_id);
        a.sampleRate = impl->stream->codecpar->sample_rate;
        a.channels = impl->stream->codecpar->ch_layout.nb_channels;
        impl->facts.audio = a;
        if (impl->format->duration != AV_NOPTS_VALUE)
            impl->facts.durationS = impl->format->duration / double(AV_TIME_BASE);
    }

    auto codec = openDecoder(*impl->stream, 1, path);
    if (!codec)
        return codec.error();
    impl->codec = std::move(codec.value());
    impl->loop = std::make_unique<DecodeLoop>(*impl->format, *impl->codec, audioIndex);
    if (auto status = impl->setUpResampler(); !status)
        return status.error();
    return std::unique_ptr<AudioReader>(new AudioReader(std::move(impl)));
}

const MediaFacts& AudioReader::facts() const { return m_impl->facts; }
int AudioReader::outRate() const { return m_impl->outRate; }
int AudioReader::outChannels() const { return m_impl->outChannels; }

common::Status AudioReader::seek(int64_t timeUs)
{
    Impl& d = *m_impl;
    int64_t target = av_rescale_q(timeUs + d.facts.originUs, AVRational{1, 1000000}, d.stream->time_base);
    int rc = av_seek_frame(d.format.get(), d.stream->index, target, AVSEEK_FLAG_BACKWARD);
    if (rc < 0)
        rc = av_seek_frame(d.format.get(), d.stream->index, target, AVSEEK_FLAG_BACKWARD | AVSEEK_FLAG_ANY);
    if (rc < 0)
        return avError(rc, "seeking in the sound failed", d.path);
    avcodec_flush_buffers(d.codec.get());
    if (auto status = d.setUpResampler(); !status) // drops what the old position left inside
        return status;
    d.nextTimeUs = AV_NOPTS_VALUE;
    d.trimBeforeUs = std::max<int64_t>(0, timeUs);
    d.loop->restart();
    return {};
}

common::Result<AudioChunk> AudioReader::read()
{
    Impl& d = *m_impl;
    while (d.loop->next(*d.decoded)) {
        AudioChunk chunk = d.convert(d.decoded.get());
        av_frame_unref(d.decoded.get());
        d.trim(chunk);
        if (chunk.frames > 0)
            return chunk;
    }
    // The end: what the resampler still holds, then nothing.
    AudioChunk tail = d.convert(nullptr);
    d.trim(tail);
    tail.endOfStream = tail.frames == 0;
    return tail;
}

} // namespace media
