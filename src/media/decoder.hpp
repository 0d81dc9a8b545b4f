#pragma once

#include <filesystem>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

#include "common/result.hpp"
#include "media/av_ptr.hpp"

namespace media {

// Demux only `streamIndex`: the others are dropped inside the demuxer, unread.
void keepOnlyStream(AVFormatContext& format, int streamIndex);

class FramePool;

// An opened decoder for `stream`: video with `threads` frame threads (0: FFmpeg's choice)
// and pictures from `pool` when given; the stream's time base as packet time base, so
// best_effort_timestamp is in stream units.
common::Result<CodecContextPtr> openDecoder(const AVStream& stream, int threads, const std::filesystem::path& path,
                                            FramePool* pool = nullptr);

// The send/receive loop every reader needs: reads packets of one stream, feeds them to the
// decoder, drains it at the end of the file. A damaged packet or picture is skipped, as
// players do; a damaged tail ends the stream. Belongs to the thread of its contexts.
class DecodeLoop {
public:
    DecodeLoop(AVFormatContext& format, AVCodecContext& codec, int streamIndex)
        : m_format(format), m_codec(codec), m_streamIndex(streamIndex), m_packet(makePacket())
    {
    }

    // The next decoded picture (or block of samples) into `frame`; false at the end.
    // `beforeSend(AVPacket&)` sees each packet of the stream just before the decoder does.
    template <typename BeforeSend>
    bool next(AVFrame& frame, BeforeSend beforeSend)
    {
        for (;;) {
            int rc = avcodec_receive_frame(&m_codec, &frame);
            if (rc == 0)
                return true;
            if (rc == AVERROR_EOF) {
                m_drained = true;
                return false;
            }
            if (rc != AVERROR(EAGAIN))
                continue;
            if (m_demuxEof) {
                avcodec_send_packet(&m_codec, nullptr);
                continue;
            }
            if (av_read_frame(&m_format, m_packet.get()) < 0) {
                m_demuxEof = true;
                avcodec_send_packet(&m_codec, nullptr);
                continue;
            }
            if (m_packet->stream_index == m_streamIndex) {
                beforeSend(*m_packet);
                avcodec_send_packet(&m_codec, m_packet.get());
            }
            av_packet_unref(m_packet.get());
        }
    }
    bool next(AVFrame& frame) { return next(frame, [](AVPacket&) {}); }

    // After a seek and avcodec_flush_buffers: reading starts again.
    void restart() { m_demuxEof = m_drained = false; }
    bool drained() const { return m_drained; }
    // Position of the last packet read, for progress.
    int64_t lastPosition() const { return m_packet->pos; }

private:
    AVFormatContext& m_format;
    AVCodecContext& m_codec;
    const int m_streamIndex;
    PacketPtr m_packet;
    bool m_demuxEof = false;
    bool m_drained = false;
};

} // namespace media
