#include "media/frame_image.hpp"

#include <system_error>

extern "C" {
#include <libswscale/swscale.h>
}

#include <stb/stb_image_write.h>

namespace media {
namespace {

using common::ErrorCode;
using common::makeError;

int swsColorspace(ColorMatrix matrix)
{
    switch (matrix) {
    case ColorMatrix::Bt601: return SWS_CS_ITU601;
    case ColorMatrix::Bt709: return SWS_CS_ITU709;
    case ColorMatrix::Bt2020: return SWS_CS_BT2020;
    case ColorMatrix::Smpte240m: return SWS_CS_SMPTE240M;
    case ColorMatrix::Fcc: return SWS_CS_FCC;
    }
    return SWS_CS_ITU709;
}

RgbImage rotate(const RgbImage& in, int rotation)
{
    if (rotation == 0)
        return in;
    RgbImage out;
    out.channels = in.channels;
    bool quarter = rotation == 90 || rotation == 270;
    out.width = quarter ? in.height : in.width;
    out.height = quarter ? in.width : in.height;
    out.pixels.resize(in.pixels.size());
    const int c = in.channels;
    for (int y = 0; y < in.height; ++y) {
        for (int x = 0; x < in.width; ++x) {
            int ox = x, oy = y;
            if (rotation == 90) { ox = in.height - 1 - y; oy = x; }          // clockwise
            else if (rotation == 180) { ox = in.width - 1 - x; oy = in.height - 1 - y; }
            else if (rotation == 270) { ox = y; oy = in.width - 1 - x; }
            const uint8_t* src = &in.pixels[(static_cast<size_t>(y) * in.width + x) * c];
            uint8_t* dst = &out.pixels[(static_cast<size_t>(oy) * out.width + ox) * c];
            for (int k = 0; k < c; ++k)
                dst[k] = src[k];
        }
    }
    return out;
}

} // namespace

common::Result<RgbImage> toRgb(const VideoFrame& frame, int rotation, int height, int channels)
{
    const AVFrame& f = frame.avFrame();
    int outH = height > 0 ? height : f.height;
    int outW = height > 0 ? std::max(2, static_cast<int>(static_cast<int64_t>(f.width) * outH / f.height)) : f.width;
    AVPixelFormat outFormat = channels == 4 ? AV_PIX_FMT_RGBA : AV_PIX_FMT_RGB24;
    SwsContext* sws = sws_getContext(f.width, f.height, static_cast<AVPixelFormat>(f.format), outW, outH, outFormat,
                                     SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT, nullptr, nullptr, nullptr);
    if (!sws)
        return makeError(ErrorCode::Unsupported, "this picture format cannot be converted to RGB");
    if (frame.drawable()) {
        const PlaneLayout& layout = frame.layout();
        const int* coefficients = sws_getCoefficients(swsColorspace(layout.matrix));
        int fullRange = layout.range == ColorRange::Full ? 1 : 0;
        sws_setColorspaceDetails(sws, coefficients, fullRange, sws_getCoefficients(SWS_CS_DEFAULT), 1, 0, 1 << 16,
                                 1 << 16);
    }
    RgbImage image;
    image.width = outW;
    image.height = outH;
    image.channels = channels;
    image.pixels.resize(static_cast<size_t>(outW) * outH * channels);
    uint8_t* dst[4] = {image.pixels.data(), nullptr, nullptr, nullptr};
    int dstStride[4] = {outW * channels, 0, 0, 0};
    sws_scale(sws, f.data, f.linesize, 0, f.height, dst, dstStride);
    sws_freeContext(sws);
    return rotate(image, rotation);
}

common::Status writePng(const RgbImage& image, const std::filesystem::path& path, const common::OutputPolicy& policy)
{
    auto out = common::OutputFile::create(path, policy);
    if (!out)
        return out.error();
    out->closeStream(); // stb writes by name
    if (!stbi_write_png(out->temporaryPath().c_str(), image.width, image.height, image.channels, image.pixels.data(),
                        image.width * image.channels))
        return makeError(ErrorCode::Io, "the picture cannot be written there (is the disk full?)", path.string());
    return out->commit();
}

} // namespace media
