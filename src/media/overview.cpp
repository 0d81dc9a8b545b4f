#include "media/overview.hpp"

#include <algorithm>
#include <cmath>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

#include "media/audio_reader.hpp"
#include "media/av_error.hpp"
#include "media/av_ptr.hpp"
#include "media/decoder.hpp"
#include "media/frame_image.hpp"
#include "media/probe.hpp"

namespace media {
namespace {

using common::ErrorCode;
using common::makeError;

common::Error cancelled(const std::filesystem::path& path)
{
    return makeError(ErrorCode::Cancelled, "cancelled", path.string());
}

} // namespace

common::Result<std::vector<Thumbnail>> computeThumbnails(const std::filesystem::path& path, const FrameIndex& index,
                                                         int targetHeight, int maxCount, std::stop_token stop,
                                                         std::atomic<double>& progress)
{
    auto input = openInput(path);
    if (!input)
        return input.error();
    FormatContextPtr format(input.value());
    const int streamIndex = index.streamIndex();
    if (streamIndex < 0 || streamIndex >= static_cast<int>(format->nb_streams))
        return makeError(ErrorCode::InvalidInput, "the file has no video stream", path.string());
    AVStream* stream = format->streams[streamIndex];
    keepOnlyStream(*format, streamIndex);
    int rotation = 0;
    if (auto facts = probe(path, index))
        rotation = facts->video->rotation;

    auto opened = openDecoder(*stream, 1, path); // a background job: leave the cores to playback
    if (!opened)
        return opened.error();
    CodecContextPtr codec = std::move(opened.value());

    std::vector<int64_t> keyframes;
    for (int64_t n = 0; n < index.frameCount(); ++n)
        if (index[n].key)
            keyframes.push_back(n);
    if (maxCount > 0 && static_cast<int>(keyframes.size()) > maxCount) {
        std::vector<int64_t> spread;
        for (int i = 0; i < maxCount; ++i)
            spread.push_back(keyframes[static_cast<size_t>(i) * keyframes.size() / static_cast<size_t>(maxCount)]);
        keyframes = std::move(spread);
    }

    std::vector<Thumbnail> thumbnails;
    PacketPtr packet = makePacket();
    FramePtr frame = makeFrame();
    for (size_t k = 0; k < keyframes.size(); ++k) {
        if (stop.stop_requested())
            return cancelled(path);
        progress.store(static_cast<double>(k) / static_cast<double>(keyframes.size()), std::memory_order_relaxed);
        const int64_t number = keyframes[k];
        if (av_seek_frame(format.get(), streamIndex, index[number].pts, AVSEEK_FLAG_BACKWARD) < 0)
            continue;
        avcodec_flush_buffers(codec.get());
        // Find the keyframe's own packet, send only it, then drain: one picture's decode.
        bool sent = false;
        while (!sent && av_read_frame(format.get(), packet.get()) >= 0) {
            if (packet->stream_index == streamIndex && (packet->flags & AV_PKT_FLAG_KEY)
                && (packet->pts == index[number].pts || packet->pts == AV_NOPTS_VALUE || packet->pos == index[number].pos))
                sent = avcodec_send_packet(codec.get(), packet.get()) >= 0;
            av_packet_unref(packet.get());
        }
        if (!sent)
            continue;
        avcodec_send_packet(codec.get(), nullptr);
        if (avcodec_receive_frame(codec.get(), frame.get()) != 0)
            continue;
        AVFrame* owned = av_frame_alloc();
        av_frame_move_ref(owned, frame.get());
        VideoFrame picture(owned, number, index.timeUs(number));
        auto image = toRgb(picture, rotation, targetHeight, 4);
        if (!image)
            continue;
        Thumbnail t;
        t.frameNumber = number;
        t.timeUs = index.timeUs(number);
        t.width = image->width;
        t.height = image->height;
        t.rgba = std::move(image->pixels);
        thumbnails.push_back(std::move(t));
    }
    progress.store(1.0, std::memory_order_relaxed);
    return thumbnails;
}

common::Result<WaveformPeaks> computeWaveform(const std::filesystem::path& path, int64_t bucketUs, std::stop_token stop,
                                              std::atomic<double>& progress)
{
    if (bucketUs <= 0)
        return makeError(ErrorCode::Usage, "the waveform bucket must be longer than zero");
    // Mono at the source's own rate: peaks must not be smoothed away by resampling.
    auto probeRate = AudioReader::open(path, 48000, 1);
    if (!probeRate)
        return probeRate.error();
    int rate = std::max(8000, (*probeRate)->facts().audio->sampleRate);
    auto reader = rate == 48000 ? std::move(probeRate) : AudioReader::open(path, rate, 1);
    if (!reader)
        return reader.error();
    double durationUs = std::max(1.0, (*reader)->facts().durationS * 1e6);

    WaveformPeaks peaks;
    peaks.bucketUs = bucketUs;
    for (int64_t chunks = 0;; ++chunks) {
        if ((chunks & 63) == 0 && stop.stop_requested())
            return cancelled(path);
        auto chunk = (*reader)->read();
        if (!chunk)
            return chunk.error();
        if (chunk->endOfStream)
            break;
        for (int i = 0; i < chunk->frames; ++i) {
            int64_t t = chunk->timeUs + static_cast<int64_t>(i) * 1000000 / rate;
            if (t < 0)
                continue;
            auto bucket = static_cast<size_t>(t / bucketUs);
            if (bucket >= peaks.minimum.size()) {
                peaks.minimum.resize(bucket + 1, 0.0f);
                peaks.maximum.resize(bucket + 1, 0.0f);
            }
            float v = std::clamp(chunk->samples[static_cast<size_t>(i)], -1.0f, 1.0f);
            peaks.minimum[bucket] = std::min(peaks.minimum[bucket], v);
            peaks.maximum[bucket] = std::max(peaks.maximum[bucket], v);
        }
        progress.store(std::min(1.0, static_cast<double>(chunk->timeUs) / durationUs), std::memory_order_relaxed);
    }
    progress.store(1.0, std::memory_order_relaxed);
    return peaks;
}

} // namespace media
