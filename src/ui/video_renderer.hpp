#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "media/video_frame.hpp"

namespace ui {

// Picture adjustments for night footage (uniforms; 0/1/1 leaves the picture as it is).
struct PictureAdjust {
    float exposure = 0.0f;   // stops, -2..+4
    float contrast = 1.0f;   // 0.5..2
    float gamma = 1.0f;      // 0.5..3
    bool isNeutral() const { return exposure == 0.0f && contrast == 1.0f && gamma == 1.0f; }
};

// Where the picture goes inside the output: zoom 1 = the whole picture fits; pan in
// output pixels. Rotation comes from the file (clockwise degrees).
struct PictureView {
    float zoom = 1.0f;
    float panX = 0.0f, panY = 0.0f;
    bool oneToOne = false;  // zoom is relative to the picture's own pixels instead of "fit"
    int rotation = 0;
    bool fastSampling = false; // nearest samples (playback); bilinear otherwise (stills)
    // Shade at half the resolution and scale up (fast playback, where motion hides it):
    // a quarter of the shader's work, the part of a frame llvmpipe pays most for.
    bool halfResolution = false;
};

// A privacy mask as drawn on one frame (review::maskBoxAt): fractions of the picture as
// shown, from its top left.
struct ShownMask {
    bool ellipse = false;
    float x = 0, y = 0, w = 0, h = 0;
};

// Draws decoded frames with OpenGL 3.3: one texture per plane (R8 / RG8, or R16 / RG16
// above 8 bits), YUV to RGB in shaders/video.frag with the frame's matrix and range,
// rendered into its own framebuffer at the size it is shown (llvmpipe's cost grows with
// output pixels). The result is a texture for ImGui::Image.
//
// Threads: the UI thread, with the GL context current. Frames are uploaded with plain
// glTexSubImage2D (faster than PBOs on llvmpipe).
class VideoRenderer {
public:
    VideoRenderer() = default;
    ~VideoRenderer();
    VideoRenderer(const VideoRenderer&) = delete;
    VideoRenderer& operator=(const VideoRenderer&) = delete;

    // Compiles the shaders. Call once, with the context current.
    common::Status init();
    // Uploads the planes of `frame` (only when it is not the frame already uploaded).
    common::Status upload(const media::VideoFrameRef& frame);
    // Renders the uploaded frame into a `width` x `height` texture (tests, read-back).
    void render(int width, int height, const PictureView& view, const PictureAdjust& adjust);
    // Draws the uploaded frame straight into the bound framebuffer, in the rectangle at
    // (x, y) (GL pixels, origin bottom left). The window uses this from an ImGui draw
    // callback: one pass over the pixels instead of a texture drawn again by ImGui
    // (llvmpipe pays per pixel). Leaves GL state for ImGui to reset.
    void drawDirect(int x, int y, int width, int height, const PictureView& view, const PictureAdjust& adjust);
    unsigned outputTexture() const { return m_outputTexture; }
    int outputWidth() const { return m_outputWidth; }
    int outputHeight() const { return m_outputHeight; }
    bool hasFrame() const { return m_frame != nullptr; }
    const media::VideoFrameRef& frame() const { return m_frame; }
    // The rectangle (output pixels, origin top left) the picture occupies in the last render.
    void pictureRect(float& x0, float& y0, float& x1, float& y1) const;
    // Display size of the uploaded frame (rotation and sample aspect applied).
    void displaySize(float& width, float& height) const;

    // The masks blurred on every render from now on (shaders/video.frag), until changed.
    // More than the shader holds: the rest are drawn as one box around them all, so a mask
    // is never left off.
    void setMasks(const std::vector<ShownMask>& masks);

    // Reads back the output texture as RGBA, top row first.
    std::string readOutputRgba() const;
    // MD5 of the uploaded planes as stored in the textures (read back from the GPU),
    // packed without padding: equals ffmpeg's framemd5 of the frame for 8-bit and
    // little-endian >8-bit formats.
    std::string planesMd5() const;

private:
    // `variant`: a #define for shaders/video.frag (FAST_SAMPLING, SCALE_UP), or none.
    common::Result<unsigned> link(const char* variant);
    void setMaskUniforms(unsigned program, float pictureWidth, float pictureHeight) const;
    static constexpr std::size_t kMaxShaderMasks = 8; // kMaxMasks in shaders/video.frag

    unsigned m_program = 0;      // bilinear sampling
    unsigned m_fastProgram = 0;  // nearest sampling (FAST_SAMPLING)
    unsigned m_scaleUpProgram = 0; // SCALE_UP: a half-resolution picture drawn at full size
    unsigned m_vao = 0;
    unsigned m_vbo = 0;
    unsigned m_planes[3] = {0, 0, 0};
    int m_planeW[3] = {0, 0, 0};
    int m_planeH[3] = {0, 0, 0};
    int m_planeComponents[3] = {1, 1, 1};
    media::PlaneLayout m_layout;
    media::VideoFrameRef m_frame;
    unsigned m_framebuffer = 0;
    unsigned m_outputTexture = 0;
    unsigned m_halfFramebuffer = 0; // halfResolution: shaded here, then scaled up
    unsigned m_halfTexture = 0;
    int m_halfWidth = 0, m_halfHeight = 0;
    int m_outputWidth = 0, m_outputHeight = 0;
    float m_rect[4] = {0, 0, 0, 0};
    int m_rotation = 0;
    std::vector<ShownMask> m_masks;
};

} // namespace ui
