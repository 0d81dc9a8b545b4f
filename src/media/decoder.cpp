#include "media/decoder.hpp"

#include "media/av_error.hpp"
#include "media/frame_pool.hpp"
#include "media/probe.hpp"

namespace media {

void keepOnlyStream(AVFormatContext& format, int streamIndex)
{
    for (unsigned i = 0; i < format.nb_streams; ++i)
        format.streams[i]->discard = static_cast<int>(i) == streamIndex ? AVDISCARD_DEFAULT : AVDISCARD_ALL;
}

common::Result<CodecContextPtr> openDecoder(const AVStream& stream, int threads, const std::filesystem::path& path,
                                            FramePool* pool)
{
    const AVCodec* decoder = avcodec_find_decoder(stream.codecpar->codec_id);
    const bool video = stream.codecpar->codec_type == AVMEDIA_TYPE_VIDEO;
    if (!decoder)
        return common::makeError(common::ErrorCode::Unsupported,
                                 std::string("the ") + (video ? "video" : "sound") + " is in a format bwv-review cannot decode ("
                                     + avcodec_get_name(stream.codecpar->codec_id) + ")",
                                 path.string());
    CodecContextPtr codec(avcodec_alloc_context3(decoder));
    if (!codec)
        return common::makeError(common::ErrorCode::Internal, "out of memory", path.string());
    if (int rc = avcodec_parameters_to_context(codec.get(), stream.codecpar); rc < 0)
        return avError(rc, "the decoder cannot be set up", path);
    codec->pkt_timebase = stream.time_base;
    // A picture grown past the limit mid-stream is refused by the decoder, not allocated.
    codec->max_pixels = kMaxPicturePixels;
    if (video) {
        codec->thread_count = threads;
        codec->thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE;
    }
    if (pool)
        pool->attach(codec.get());
    if (int rc = avcodec_open2(codec.get(), decoder, nullptr); rc < 0)
        return avError(rc, std::string("the ") + (video ? "video" : "sound") + " decoder cannot be opened", path);
    return codec;
}

} // namespace media
