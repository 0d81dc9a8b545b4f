#include "media/av_io.hpp"

#include <cerrno>
#include <cstdio>

extern "C" {
#include <libavformat/avformat.h>
#include <libavformat/avio.h>
#include <libavutil/mem.h>
}

#include "media/av_ptr.hpp"

namespace media {
namespace {

constexpr int kBufferBytes = 64 * 1024;

// The AVIOContext's opaque: the shared source and this context's own position.
struct Cursor {
    SourceRef source;
    int64_t position = 0;
};

int readPacket(void* opaque, uint8_t* buffer, int size)
{
    auto* cursor = static_cast<Cursor*>(opaque);
    int got = cursor->source->read(cursor->position, buffer, size);
    if (got < 0)
        return got;
    if (got == 0)
        return AVERROR_EOF;
    cursor->position += got;
    return got;
}

int64_t seekTo(void* opaque, int64_t offset, int whence)
{
    auto* cursor = static_cast<Cursor*>(opaque);
    const int64_t size = cursor->source->size();
    if (whence & AVSEEK_SIZE)
        return size;
    int64_t target = 0;
    switch (whence & ~AVSEEK_FORCE) {
    case SEEK_SET: target = offset; break;
    case SEEK_CUR: target = cursor->position + offset; break;
    case SEEK_END: target = size + offset; break;
    default: return AVERROR(EINVAL);
    }
    if (target < 0)
        return AVERROR(EINVAL);
    cursor->position = target; // past the end is allowed: reads there return end of file
    return target;
}

// A recording is one file: no demuxer may open another (HLS and DASH playlists, concat
// lists, MOV external references would otherwise read any path or URL they name).
int refuseNestedOpen(AVFormatContext*, AVIOContext**, const char*, int, AVDictionary**)
{
    return AVERROR(EPERM);
}

} // namespace

void freeUnopenedIo(AVIOContext* io)
{
    if (!io)
        return;
    delete static_cast<Cursor*>(io->opaque);
    av_freep(&io->buffer);
    avio_context_free(&io);
}

AVFormatContext* newInputContext(const SourceRef& source)
{
    auto* buffer = static_cast<unsigned char*>(av_malloc(kBufferBytes));
    if (!buffer)
        return nullptr;
    auto* cursor = new Cursor{source, 0};
    AVIOContext* io = avio_alloc_context(buffer, kBufferBytes, 0, cursor, readPacket, nullptr, seekTo);
    if (!io) {
        av_free(buffer);
        delete cursor;
        return nullptr;
    }
    AVFormatContext* format = avformat_alloc_context();
    if (!format) {
        freeUnopenedIo(io);
        return nullptr;
    }
    format->pb = io;
    format->flags |= AVFMT_FLAG_CUSTOM_IO;
    format->io_open = refuseNestedOpen;
    return format;
}

const ByteSource* sourceOf(const AVFormatContext& format)
{
    if (!(format.flags & AVFMT_FLAG_CUSTOM_IO) || !format.pb || format.io_open != refuseNestedOpen)
        return nullptr;
    return static_cast<const Cursor*>(format.pb->opaque)->source.get();
}

void closeInput(AVFormatContext* format)
{
    if (!format)
        return;
    AVIOContext* io = sourceOf(*format) ? format->pb : nullptr;
    avformat_close_input(&format);
    freeUnopenedIo(io);
}

} // namespace media
