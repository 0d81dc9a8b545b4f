// PlaneLayout for the pixel formats the renderer draws, built from plain AVFrames so that
// formats no fixture decoder produces (NV12, P010) are covered too.
#include <doctest/doctest.h>

#include "media/video_frame.hpp"

namespace {

media::PlaneLayout layoutOf(AVPixelFormat format, int height = 720, AVColorSpace space = AVCOL_SPC_UNSPECIFIED,
                            AVColorRange range = AVCOL_RANGE_UNSPECIFIED, bool* drawable = nullptr)
{
    AVFrame* frame = av_frame_alloc();
    frame->format = format;
    frame->width = 64;
    frame->height = height;
    frame->colorspace = space;
    frame->color_range = range;
    REQUIRE(av_frame_get_buffer(frame, 0) == 0);
    media::VideoFrame wrapped(frame, 0, 0);
    if (drawable)
        *drawable = wrapped.drawable();
    return wrapped.layout();
}

} // namespace

TEST_CASE("semi-planar NV12 and P010")
{
    media::PlaneLayout nv12 = layoutOf(AV_PIX_FMT_NV12);
    CHECK(nv12.planeCount == 2);
    CHECK(nv12.bitDepth == 8);
    CHECK(nv12.log2ChromaW == 1);
    CHECK(nv12.log2ChromaH == 1);
    CHECK_FALSE(nv12.msbAligned);
    media::PlaneLayout p010 = layoutOf(AV_PIX_FMT_P010LE);
    CHECK(p010.planeCount == 2);
    CHECK(p010.bitDepth == 10);
    CHECK(p010.bytesPerSample == 2);
    CHECK(p010.msbAligned);
}

TEST_CASE("planar 8 and 10 bit, 4:2:0, 4:2:2, 4:4:4")
{
    CHECK(layoutOf(AV_PIX_FMT_YUV420P10LE).bitDepth == 10);
    CHECK_FALSE(layoutOf(AV_PIX_FMT_YUV420P10LE).msbAligned);
    CHECK(layoutOf(AV_PIX_FMT_YUV422P).log2ChromaH == 0);
    CHECK(layoutOf(AV_PIX_FMT_YUV422P).log2ChromaW == 1);
    CHECK(layoutOf(AV_PIX_FMT_YUV444P10LE).log2ChromaW == 0);
    CHECK(layoutOf(AV_PIX_FMT_YUV444P10LE).planeCount == 3);
}

TEST_CASE("colour facts: stated ones are kept, unknown ones follow the picture size")
{
    CHECK(layoutOf(AV_PIX_FMT_YUV420P, 1080).matrix == media::ColorMatrix::Bt709);
    CHECK(layoutOf(AV_PIX_FMT_YUV420P, 576).matrix == media::ColorMatrix::Bt601);
    CHECK(layoutOf(AV_PIX_FMT_YUV420P, 576, AVCOL_SPC_BT709).matrix == media::ColorMatrix::Bt709);
    CHECK(layoutOf(AV_PIX_FMT_YUV420P, 1080, AVCOL_SPC_BT2020_NCL).matrix == media::ColorMatrix::Bt2020);
    CHECK(layoutOf(AV_PIX_FMT_YUV420P).range == media::ColorRange::Limited);
    CHECK(layoutOf(AV_PIX_FMT_YUV420P, 720, AVCOL_SPC_UNSPECIFIED, AVCOL_RANGE_JPEG).range == media::ColorRange::Full);
    CHECK(layoutOf(AV_PIX_FMT_YUVJ420P).range == media::ColorRange::Full);
}

TEST_CASE("formats the renderer cannot draw are said so")
{
    bool drawable = true;
    layoutOf(AV_PIX_FMT_RGB24, 720, AVCOL_SPC_UNSPECIFIED, AVCOL_RANGE_UNSPECIFIED, &drawable);
    CHECK_FALSE(drawable);
    layoutOf(AV_PIX_FMT_PAL8, 720, AVCOL_SPC_UNSPECIFIED, AVCOL_RANGE_UNSPECIFIED, &drawable);
    CHECK_FALSE(drawable);
    layoutOf(AV_PIX_FMT_YUV420P, 720, AVCOL_SPC_UNSPECIFIED, AVCOL_RANGE_UNSPECIFIED, &drawable);
    CHECK(drawable);
}
