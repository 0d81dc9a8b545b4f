#pragma once

#include <memory>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavfilter/avfilter.h>
#include <libavformat/avformat.h>
#include <libavutil/frame.h>
#include <libswresample/swresample.h>
}

namespace media {

// Closes an input format context and, for one reading a ByteSource (av_io.hpp), frees
// its AVIOContext too, which FFmpeg leaves to the caller.
void closeInput(AVFormatContext* format);

// Owning pointers for FFmpeg objects. Each context belongs to one thread.
struct FormatContextCloser { void operator()(AVFormatContext* c) const { closeInput(c); } };
struct CodecContextFreer { void operator()(AVCodecContext* c) const { avcodec_free_context(&c); } };
struct FrameFreer { void operator()(AVFrame* f) const { av_frame_free(&f); } };
struct PacketFreer { void operator()(AVPacket* p) const { av_packet_free(&p); } };
struct SwrFreer { void operator()(SwrContext* s) const { swr_free(&s); } };
struct FilterGraphFreer { void operator()(AVFilterGraph* g) const { avfilter_graph_free(&g); } };

using FormatContextPtr = std::unique_ptr<AVFormatContext, FormatContextCloser>;
using CodecContextPtr = std::unique_ptr<AVCodecContext, CodecContextFreer>;
using FramePtr = std::unique_ptr<AVFrame, FrameFreer>;
using PacketPtr = std::unique_ptr<AVPacket, PacketFreer>;
using SwrPtr = std::unique_ptr<SwrContext, SwrFreer>;
using FilterGraphPtr = std::unique_ptr<AVFilterGraph, FilterGraphFreer>;

inline FramePtr makeFrame() { return FramePtr(av_frame_alloc()); }
inline PacketPtr makePacket() { return PacketPtr(av_packet_alloc()); }

} // namespace media
