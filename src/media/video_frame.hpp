#pragma once

#include <cstdint>
#include <memory>

extern "C" {
#include <libavutil/frame.h>
#include <libavutil/pixfmt.h>
}

namespace media {

// The colour facts a renderer needs to turn the planes into RGB.
enum class ColorMatrix { Bt601, Bt709, Bt2020, Smpte240m, Fcc };
enum class ColorRange { Limited, Full };

// How the samples of a decoded frame are laid out. Covers the formats the engine hands
// out: 8- and 10/12-bit planar YUV 4:2:0, 4:2:2, 4:4:4 (and yuvj), NV12/P010 (semi-planar),
// and gray.
struct PlaneLayout {
    AVPixelFormat pixFmt = AV_PIX_FMT_NONE;
    int planeCount = 0;       // 1 (gray), 2 (NV12/P010: Y + interleaved UV), 3 (planar YUV)
    int bitDepth = 8;         // significant bits per sample
    int bytesPerSample = 1;   // 2 for anything above 8 bits (little endian, LSB-aligned
                              // except P010/P016 which are MSB-aligned: see msbAligned)
    bool msbAligned = false;  // P010-style: value sits in the high bits of 16
    int log2ChromaW = 0;      // chroma subsampling: 1,1 for 4:2:0; 1,0 for 4:2:2; 0,0 for 4:4:4
    int log2ChromaH = 0;
    ColorMatrix matrix = ColorMatrix::Bt709;
    ColorRange range = ColorRange::Limited;
};

// Fills a PlaneLayout for `frame`, resolving unknown colour facts as DESIGN.md says:
// BT.709 for HD (height > 576), BT.601 for SD; limited range unless the frame says full
// or the format is a yuvj one. Returns false for pixel formats the renderer cannot draw.
bool describePlanes(const AVFrame& frame, PlaneLayout& out);

// One decoded frame, shared read-only between the reader's cache and whoever draws or
// hashes it. The pixels live in the reader's pre-allocated pool until the last reference
// goes away. Safe to pass between threads; never modified after creation.
class VideoFrame {
public:
    VideoFrame(AVFrame* ownedRef, int64_t number, int64_t timeUs);
    ~VideoFrame();
    VideoFrame(const VideoFrame&) = delete;
    VideoFrame& operator=(const VideoFrame&) = delete;

    int64_t number() const { return m_number; }      // 0-based presentation order
    int64_t timeUs() const { return m_timeUs; }      // media time from the first presented frame
    int64_t pts() const { return m_frame->best_effort_timestamp; } // stream time base
    int width() const { return m_frame->width; }
    int height() const { return m_frame->height; }
    AVPixelFormat pixFmt() const { return static_cast<AVPixelFormat>(m_frame->format); }
    const uint8_t* plane(int i) const { return m_frame->data[i]; }
    int stride(int i) const { return m_frame->linesize[i]; }
    const PlaneLayout& layout() const { return m_layout; }
    bool drawable() const { return m_drawable; }
    const AVFrame& avFrame() const { return *m_frame; }

private:
    AVFrame* m_frame;
    int64_t m_number;
    int64_t m_timeUs;
    PlaneLayout m_layout;
    bool m_drawable = false;
};

using VideoFrameRef = std::shared_ptr<const VideoFrame>;

} // namespace media
