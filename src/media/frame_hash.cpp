#include "media/frame_hash.hpp"

extern "C" {
#include <libavutil/imgutils.h>
#include <libavutil/md5.h>
#include <libavutil/pixdesc.h>
}

namespace media {

std::string frameMd5(const AVFrame& frame)
{
    auto format = static_cast<AVPixelFormat>(frame.format);
    const AVPixFmtDescriptor* desc = av_pix_fmt_desc_get(format);
    AVMD5* md5 = av_md5_alloc();
    av_md5_init(md5);
    int planes = av_pix_fmt_count_planes(format);
    for (int plane = 0; plane < planes; ++plane) {
        int bytesPerLine = av_image_get_linesize(format, frame.width, plane);
        int lines = frame.height;
        if (desc && (plane == 1 || plane == 2))
            lines = -((-frame.height) >> desc->log2_chroma_h); // rounded up, as imgutils does
        const uint8_t* row = frame.data[plane];
        for (int y = 0; y < lines; ++y, row += frame.linesize[plane])
            av_md5_update(md5, row, static_cast<size_t>(bytesPerLine));
    }
    if (desc && (desc->flags & AV_PIX_FMT_FLAG_PAL) && frame.data[1])
        av_md5_update(md5, frame.data[1], 256 * 4);
    uint8_t digest[16];
    av_md5_final(md5, digest);
    av_free(md5);
    static const char* hex = "0123456789abcdef";
    std::string text(32, '0');
    for (int i = 0; i < 16; ++i) {
        text[2 * i] = hex[digest[i] >> 4];
        text[2 * i + 1] = hex[digest[i] & 15];
    }
    return text;
}

} // namespace media
