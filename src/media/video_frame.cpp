#include "media/video_frame.hpp"

extern "C" {
#include <libavutil/pixdesc.h>
}

namespace media {
namespace {

ColorMatrix matrixFor(const AVFrame& frame)
{
    switch (frame.colorspace) {
    case AVCOL_SPC_BT709: return ColorMatrix::Bt709;
    case AVCOL_SPC_BT470BG:
    case AVCOL_SPC_SMPTE170M: return ColorMatrix::Bt601;
    case AVCOL_SPC_BT2020_NCL:
    case AVCOL_SPC_BT2020_CL: return ColorMatrix::Bt2020;
    case AVCOL_SPC_SMPTE240M: return ColorMatrix::Smpte240m;
    case AVCOL_SPC_FCC: return ColorMatrix::Fcc;
    default:
        // Unknown: HD footage is BT.709, SD is BT.601 (what players and encoders assume).
        return frame.height > 576 ? ColorMatrix::Bt709 : ColorMatrix::Bt601;
    }
}

bool isJpegFormat(AVPixelFormat format)
{
    return format == AV_PIX_FMT_YUVJ420P || format == AV_PIX_FMT_YUVJ422P || format == AV_PIX_FMT_YUVJ444P
        || format == AV_PIX_FMT_YUVJ440P || format == AV_PIX_FMT_YUVJ411P;
}

} // namespace

bool describePlanes(const AVFrame& frame, PlaneLayout& out)
{
    auto format = static_cast<AVPixelFormat>(frame.format);
    const AVPixFmtDescriptor* desc = av_pix_fmt_desc_get(format);
    if (!desc)
        return false;
    // Only what the renderer draws: YUV or gray, planar or NV12-style, no palette,
    // no alpha, no big-endian or float.
    if (desc->flags & (AV_PIX_FMT_FLAG_PAL | AV_PIX_FMT_FLAG_RGB | AV_PIX_FMT_FLAG_BE | AV_PIX_FMT_FLAG_FLOAT
                       | AV_PIX_FMT_FLAG_HWACCEL | AV_PIX_FMT_FLAG_BITSTREAM | AV_PIX_FMT_FLAG_ALPHA))
        return false;
    int planes = av_pix_fmt_count_planes(format);
    int depth = desc->comp[0].depth;
    if (depth > 16 || (planes != 1 && planes != 2 && planes != 3))
        return false;
    if (planes == 1 && desc->nb_components != 1)
        return false; // packed YUYV-style formats are not drawn directly

    out.pixFmt = format;
    out.planeCount = planes;
    out.bitDepth = depth;
    out.bytesPerSample = depth > 8 ? 2 : 1;
    out.msbAligned = desc->comp[0].shift > 0; // P010/P016: samples stored in the high bits
    out.log2ChromaW = desc->log2_chroma_w;
    out.log2ChromaH = desc->log2_chroma_h;
    out.matrix = matrixFor(frame);
    out.range = (frame.color_range == AVCOL_RANGE_JPEG || isJpegFormat(format)) ? ColorRange::Full
                                                                                : ColorRange::Limited;
    return true;
}

VideoFrame::VideoFrame(AVFrame* ownedRef, int64_t number, int64_t timeUs)
    : m_frame(ownedRef), m_number(number), m_timeUs(timeUs)
{
    m_drawable = describePlanes(*m_frame, m_layout);
}

VideoFrame::~VideoFrame()
{
    av_frame_free(&m_frame);
}

} // namespace media
