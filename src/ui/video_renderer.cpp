#include "ui/video_renderer.hpp"

#include "review/masks.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

extern "C" {
#include <libavutil/md5.h>
#include <libavutil/mem.h>
}

#include "ui/gl.hpp"
#include "ui/shaders.hpp"

namespace ui {
namespace {

GLuint compile(GLenum type, const char* source, std::string& log)
{
    GLuint shader = glCreateShader(type);
    glShaderSource(shader, 1, &source, nullptr);
    glCompileShader(shader);
    GLint ok = 0;
    glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        char text[2048] = {};
        glGetShaderInfoLog(shader, sizeof text, nullptr, text);
        log = text;
        glDeleteShader(shader);
        return 0;
    }
    return shader;
}

// Kr, Kb of each matrix (ITU-R BT.601/709/2020, SMPTE 240M, FCC).
void coefficients(media::ColorMatrix matrix, float& kr, float& kb)
{
    switch (matrix) {
    case media::ColorMatrix::Bt601: kr = 0.299f; kb = 0.114f; break;
    case media::ColorMatrix::Bt709: kr = 0.2126f; kb = 0.0722f; break;
    case media::ColorMatrix::Bt2020: kr = 0.2627f; kb = 0.0593f; break;
    case media::ColorMatrix::Smpte240m: kr = 0.212f; kb = 0.087f; break;
    case media::ColorMatrix::Fcc: kr = 0.30f; kb = 0.11f; break;
    }
}

} // namespace

VideoRenderer::~VideoRenderer()
{
    if (m_program)
        glDeleteProgram(m_program);
    if (m_fastProgram)
        glDeleteProgram(m_fastProgram);
    if (m_scaleUpProgram)
        glDeleteProgram(m_scaleUpProgram);
    if (m_vbo)
        glDeleteBuffers(1, &m_vbo);
    if (m_vao)
        glDeleteVertexArrays(1, &m_vao);
    for (GLuint& texture : m_planes)
        if (texture)
            glDeleteTextures(1, &texture);
    if (m_outputTexture)
        glDeleteTextures(1, &m_outputTexture);
    if (m_framebuffer)
        glDeleteFramebuffers(1, &m_framebuffer);
    if (m_halfTexture)
        glDeleteTextures(1, &m_halfTexture);
    if (m_halfFramebuffer)
        glDeleteFramebuffers(1, &m_halfFramebuffer);
}

common::Result<unsigned> VideoRenderer::link(const char* variant)
{
    std::string log;
    GLuint vs = compile(GL_VERTEX_SHADER, shaders::kVideoVertex, log);
    if (!vs)
        return common::makeError(common::ErrorCode::Internal, "video.vert: " + log, "renderer");
    // The variant's #define goes right after the #version line.
    std::string fragment = shaders::kVideoFragment;
    if (variant) {
        auto endOfVersion = fragment.find('\n', fragment.find("#version"));
        fragment.insert(endOfVersion == std::string::npos ? fragment.size() : endOfVersion + 1,
                        std::string("#define ") + variant + " 1\n");
    }
    GLuint fs = compile(GL_FRAGMENT_SHADER, fragment.c_str(), log);
    if (!fs) {
        glDeleteShader(vs);
        return common::makeError(common::ErrorCode::Internal, "video.frag: " + log, "renderer");
    }
    GLuint program = glCreateProgram();
    glAttachShader(program, vs);
    glAttachShader(program, fs);
    glLinkProgram(program);
    glDeleteShader(vs);
    glDeleteShader(fs);
    GLint ok = 0;
    glGetProgramiv(program, GL_LINK_STATUS, &ok);
    if (!ok) {
        char text[2048] = {};
        glGetProgramInfoLog(program, sizeof text, nullptr, text);
        glDeleteProgram(program);
        return common::makeError(common::ErrorCode::Internal, std::string("link: ") + text, "renderer");
    }
    return static_cast<unsigned>(program);
}

common::Status VideoRenderer::init()
{
    auto quality = link(nullptr);
    if (!quality)
        return quality.error();
    m_program = *quality;
    auto scaleUp = link("SCALE_UP");
    if (!scaleUp)
        return scaleUp.error();
    m_scaleUpProgram = *scaleUp;
    auto fast = link("FAST_SAMPLING");
    if (!fast)
        return fast.error();
    m_fastProgram = *fast;
    const float corners[] = {0, 0, 1, 0, 0, 1, 1, 1};
    glGenVertexArrays(1, &m_vao);
    glGenBuffers(1, &m_vbo);
    glBindVertexArray(m_vao);
    glBindBuffer(GL_ARRAY_BUFFER, m_vbo);
    glBufferData(GL_ARRAY_BUFFER, sizeof corners, corners, GL_STATIC_DRAW);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 2 * sizeof(float), nullptr);
    glBindVertexArray(0);
    glGenTextures(3, m_planes);
    for (GLuint texture : m_planes) {
        glBindTexture(GL_TEXTURE_2D, texture);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    }
    glGenFramebuffers(1, &m_framebuffer);
    glGenTextures(1, &m_outputTexture);
    return {};
}

common::Status VideoRenderer::upload(const media::VideoFrameRef& frame)
{
    if (!frame)
        return {};
    if (frame == m_frame)
        return {};
    if (!frame->drawable())
        return common::makeError(common::ErrorCode::Unsupported,
                                 "this picture format cannot be shown", "frame " + std::to_string(frame->number()));
    const media::PlaneLayout& layout = frame->layout();
    bool wide = layout.bytesPerSample == 2;
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    for (int p = 0; p < layout.planeCount; ++p) {
        int w = frame->width(), h = frame->height();
        int components = 1;
        if (p > 0) {
            w = -((-w) >> layout.log2ChromaW); // AV_CEIL_RSHIFT
            h = -((-h) >> layout.log2ChromaH);
            components = layout.planeCount == 2 ? 2 : 1;
        }
        GLenum internal = components == 2 ? (wide ? GL_RG16 : GL_RG8) : (wide ? GL_R16 : GL_R8);
        GLenum format = components == 2 ? GL_RG : GL_RED;
        GLenum type = wide ? GL_UNSIGNED_SHORT : GL_UNSIGNED_BYTE;
        glBindTexture(GL_TEXTURE_2D, m_planes[p]);
        glPixelStorei(GL_UNPACK_ROW_LENGTH, frame->stride(p) / (layout.bytesPerSample * components));
        if (w != m_planeW[p] || h != m_planeH[p] || components != m_planeComponents[p] || layout.bytesPerSample != m_layout.bytesPerSample
            || !m_frame) {
            glTexImage2D(GL_TEXTURE_2D, 0, static_cast<GLint>(internal), w, h, 0, format, type, frame->plane(p));
            m_planeW[p] = w;
            m_planeH[p] = h;
            m_planeComponents[p] = components;
        } else {
            glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, w, h, format, type, frame->plane(p));
        }
    }
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
    m_layout = layout;
    m_frame = frame;
    return {};
}

void VideoRenderer::displaySize(float& width, float& height) const
{
    width = height = 0;
    if (!m_frame)
        return;
    const AVFrame& f = m_frame->avFrame();
    double sar = (f.sample_aspect_ratio.num > 0 && f.sample_aspect_ratio.den > 0)
                     ? static_cast<double>(f.sample_aspect_ratio.num) / f.sample_aspect_ratio.den
                     : 1.0;
    width = static_cast<float>(f.width * sar);
    height = static_cast<float>(f.height);
    if (m_rotation == 90 || m_rotation == 270)
        std::swap(width, height);
}

void VideoRenderer::render(int width, int height, const PictureView& view, const PictureAdjust& adjust)
{
    width = std::max(1, width);
    height = std::max(1, height);
    if (width != m_outputWidth || height != m_outputHeight) {
        glBindTexture(GL_TEXTURE_2D, m_outputTexture);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        glBindFramebuffer(GL_FRAMEBUFFER, m_framebuffer);
        glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, m_outputTexture, 0);
        m_outputWidth = width;
        m_outputHeight = height;
    }
    glBindFramebuffer(GL_FRAMEBUFFER, m_framebuffer);
    drawDirect(0, 0, width, height, view, adjust);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

void VideoRenderer::drawDirect(int x, int y, int width, int height, const PictureView& view, const PictureAdjust& adjust)
{
    width = std::max(1, width);
    height = std::max(1, height);
    if (view.halfResolution && m_frame && width >= 64 && height >= 64) {
        int halfWidth = width / 2, halfHeight = height / 2;
        // Where the picture finally goes (the window), before binding anything else.
        GLint target = 0;
        glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &target);
        if (!m_halfFramebuffer) {
            glGenFramebuffers(1, &m_halfFramebuffer);
            glGenTextures(1, &m_halfTexture);
        }
        if (halfWidth != m_halfWidth || halfHeight != m_halfHeight) {
            glBindTexture(GL_TEXTURE_2D, m_halfTexture);
            glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, halfWidth, halfHeight, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
            glBindFramebuffer(GL_FRAMEBUFFER, m_halfFramebuffer);
            glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, m_halfTexture, 0);
            m_halfWidth = halfWidth;
            m_halfHeight = halfHeight;
        }
        glBindFramebuffer(GL_FRAMEBUFFER, m_halfFramebuffer);
        PictureView half = view;
        half.halfResolution = false;
        half.panX *= 0.5f;
        half.panY *= 0.5f;
        half.zoom = view.zoom;
        drawDirect(0, 0, halfWidth, halfHeight, half, adjust);
        for (float& edge : m_rect)
            edge *= 2.0f;
        // Scaled up into the cell with a quad, like any other drawing into the window.
        glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(target));
        glViewport(x, y, width, height);
        glEnable(GL_SCISSOR_TEST);
        glScissor(x, y, width, height);
        glUseProgram(m_scaleUpProgram);
        glUniform4f(glGetUniformLocation(m_scaleUpProgram, "u_quad"), -1.0f, 1.0f, 1.0f, -1.0f);
        glUniform1i(glGetUniformLocation(m_scaleUpProgram, "u_rotation"), 0);
        glUniform1i(glGetUniformLocation(m_scaleUpProgram, "u_planeY"), 0);
        glActiveTexture(GL_TEXTURE0);
        glBindTexture(GL_TEXTURE_2D, m_halfTexture);
        glBindVertexArray(m_vao);
        glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
        glBindVertexArray(0);
        glUseProgram(0);
        glDisable(GL_SCISSOR_TEST);
        return;
    }
    m_rotation = ((view.rotation % 360) + 360) % 360;
    glViewport(x, y, width, height);
    glDisable(GL_BLEND);
    glDisable(GL_CULL_FACE);
    glDisable(GL_DEPTH_TEST);
    glEnable(GL_SCISSOR_TEST);
    glScissor(x, y, width, height);
    glClearColor(0.08f, 0.08f, 0.09f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    if (!m_frame)
        return;

    // Picture rectangle in output pixels: fit (or 1:1) times zoom, centred, plus pan.
    float pw = 0, ph = 0;
    displaySize(pw, ph);
    float fit = std::min(static_cast<float>(width) / pw, static_cast<float>(height) / ph);
    float scale = (view.oneToOne ? 1.0f : fit) * view.zoom;
    float dw = pw * scale, dh = ph * scale;
    float x0 = (static_cast<float>(width) - dw) * 0.5f + view.panX;
    float y0 = (static_cast<float>(height) - dh) * 0.5f + view.panY;
    m_rect[0] = x0;
    m_rect[1] = y0;
    m_rect[2] = x0 + dw;
    m_rect[3] = y0 + dh;
    // NDC with y up; output texture row 0 is the bottom, ImGui shows it flipped (uv0.y=1),
    // so the top of the picture goes to NDC +1 ... we draw top at high y.
    auto ndcX = [&](float x) { return x / static_cast<float>(width) * 2.0f - 1.0f; };
    auto ndcY = [&](float y) { return 1.0f - y / static_cast<float>(height) * 2.0f; };

    const media::PlaneLayout& l = m_layout;
    double maxCode = std::ldexp(1.0, l.bitDepth) - 1.0;
    double storedMax = l.bytesPerSample == 2 ? 65535.0 : 255.0;
    double shift = l.msbAligned ? std::ldexp(1.0, 16 - l.bitDepth) : 1.0;
    float sampleScale = static_cast<float>(storedMax / (maxCode * shift));
    float offset[3], scaleV[3];
    if (l.range == media::ColorRange::Limited) {
        double k = maxCode / std::ldexp(1.0, l.bitDepth - 8);  // 255 for 8 bit, 255.75 for 10
        offset[0] = static_cast<float>(16.0 / k);
        offset[1] = offset[2] = static_cast<float>(128.0 / k);
        scaleV[0] = static_cast<float>(k / 219.0);
        scaleV[1] = scaleV[2] = static_cast<float>(k / 224.0);
    } else {
        offset[0] = 0;
        offset[1] = offset[2] = static_cast<float>(std::ldexp(1.0, l.bitDepth - 1) / maxCode);
        scaleV[0] = scaleV[1] = scaleV[2] = 1.0f;
    }
    float kr = 0.2126f, kb = 0.0722f;
    coefficients(l.matrix, kr, kb);
    float kg = 1.0f - kr - kb;
    // Column-major 3x3: columns are Y, Cb, Cr contributions to R, G, B.
    const float matrix[9] = {
        1.0f, 1.0f, 1.0f,
        0.0f, -2.0f * kb * (1.0f - kb) / kg, 2.0f * (1.0f - kb),
        2.0f * (1.0f - kr), -2.0f * kr * (1.0f - kr) / kg, 0.0f,
    };

    const GLuint program = view.fastSampling ? m_fastProgram : m_program;
    glUseProgram(program);
    glUniform4f(glGetUniformLocation(program, "u_quad"), ndcX(m_rect[0]), ndcY(m_rect[1]), ndcX(m_rect[2]), ndcY(m_rect[3]));
    glUniform1i(glGetUniformLocation(program, "u_rotation"), m_rotation / 90);
    glUniform1i(glGetUniformLocation(program, "u_planeY"), 0);
    glUniform1i(glGetUniformLocation(program, "u_planeU"), 1);
    glUniform1i(glGetUniformLocation(program, "u_planeV"), 2);
    glUniform1f(glGetUniformLocation(program, "u_semiPlanar"), l.planeCount == 2 ? 1.0f : 0.0f);
    glUniform1f(glGetUniformLocation(program, "u_hasChroma"), l.planeCount == 1 ? 0.0f : 1.0f);
    glUniform1f(glGetUniformLocation(program, "u_sampleScale"), sampleScale);
    glUniform3fv(glGetUniformLocation(program, "u_offset"), 1, offset);
    glUniform3fv(glGetUniformLocation(program, "u_scale"), 1, scaleV);
    glUniformMatrix3fv(glGetUniformLocation(program, "u_matrix"), 1, GL_FALSE, matrix);
    glUniform1f(glGetUniformLocation(program, "u_exposure"), adjust.exposure);
    glUniform1f(glGetUniformLocation(program, "u_contrast"), adjust.contrast);
    glUniform1f(glGetUniformLocation(program, "u_gamma"), std::max(0.05f, adjust.gamma));
    glUniform1i(glGetUniformLocation(program, "u_adjust"), adjust.isNeutral() ? 0 : 1);
    setMaskUniforms(program, pw, ph);
    // Every sampler gets a texture (gray: luma again; NV12: the UV plane twice) so the
    // shader samples all three without branching.
    for (int p = 0; p < 3; ++p) {
        glActiveTexture(GL_TEXTURE0 + static_cast<GLenum>(p));
        glBindTexture(GL_TEXTURE_2D, m_planes[std::min(p, std::max(0, l.planeCount - 1))]);
    }
    glActiveTexture(GL_TEXTURE0);
    glBindVertexArray(m_vao);
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
    glBindVertexArray(0);
    glUseProgram(0);
    glDisable(GL_SCISSOR_TEST);
}

void VideoRenderer::setMasks(const std::vector<ShownMask>& masks)
{
    m_masks = masks;
    if (m_masks.size() <= kMaxShaderMasks)
        return;
    ShownMask around = m_masks[kMaxShaderMasks - 1];
    float x1 = around.x + around.w, y1 = around.y + around.h;
    for (std::size_t i = kMaxShaderMasks; i < m_masks.size(); ++i) {
        around.x = std::min(around.x, m_masks[i].x);
        around.y = std::min(around.y, m_masks[i].y);
        x1 = std::max(x1, m_masks[i].x + m_masks[i].w);
        y1 = std::max(y1, m_masks[i].y + m_masks[i].h);
    }
    around.ellipse = false;
    around.w = x1 - around.x;
    around.h = y1 - around.y;
    m_masks.resize(kMaxShaderMasks);
    m_masks.back() = around;
}

void VideoRenderer::setMaskUniforms(unsigned program, float pictureWidth, float pictureHeight) const
{
    const int count = static_cast<int>(m_masks.size());
    glUniform1i(glGetUniformLocation(program, "u_maskCount"), count);
    for (int i = 0; i < count; ++i) {
        const ShownMask& m = m_masks[static_cast<std::size_t>(i)];
        const review::MaskBox box{m.x, m.y, m.w, m.h};
        const float cell = static_cast<float>(
            review::maskCellPixels(box, static_cast<int>(pictureWidth), static_cast<int>(pictureHeight)));
        const std::string at = "[" + std::to_string(i) + "]";
        glUniform4f(glGetUniformLocation(program, ("u_maskBox" + at).c_str()), m.x, m.y, m.w, m.h);
        glUniform2f(glGetUniformLocation(program, ("u_maskCell" + at).c_str()), cell / pictureWidth, cell / pictureHeight);
        glUniform1i(glGetUniformLocation(program, ("u_maskEllipse" + at).c_str()), m.ellipse ? 1 : 0);
    }
}

void VideoRenderer::pictureRect(float& x0, float& y0, float& x1, float& y1) const
{
    x0 = m_rect[0];
    y0 = m_rect[1];
    x1 = m_rect[2];
    y1 = m_rect[3];
}

std::string VideoRenderer::readOutputRgba() const
{
    std::string pixels(static_cast<size_t>(m_outputWidth) * static_cast<size_t>(m_outputHeight) * 4, '\0');
    if (pixels.empty())
        return pixels;
    glBindFramebuffer(GL_FRAMEBUFFER, m_framebuffer);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, m_outputWidth, m_outputHeight, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    // GL rows start at the bottom; the picture's top was drawn at NDC +1 (the last row).
    std::string flipped(pixels.size(), '\0');
    size_t row = static_cast<size_t>(m_outputWidth) * 4;
    for (int y = 0; y < m_outputHeight; ++y)
        std::copy_n(pixels.data() + static_cast<size_t>(m_outputHeight - 1 - y) * row, row, flipped.data() + static_cast<size_t>(y) * row);
    return flipped;
}

std::string VideoRenderer::planesMd5() const
{
    if (!m_frame)
        return {};
    AVMD5* md5 = av_md5_alloc();
    av_md5_init(md5);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    std::vector<uint8_t> buffer;
    for (int p = 0; p < m_layout.planeCount; ++p) {
        size_t bytes = static_cast<size_t>(m_planeW[p]) * static_cast<size_t>(m_planeH[p]) * static_cast<size_t>(m_planeComponents[p])
                     * static_cast<size_t>(m_layout.bytesPerSample);
        buffer.resize(bytes);
        GLenum format = m_planeComponents[p] == 2 ? GL_RG : GL_RED;
        GLenum type = m_layout.bytesPerSample == 2 ? GL_UNSIGNED_SHORT : GL_UNSIGNED_BYTE;
        glBindTexture(GL_TEXTURE_2D, m_planes[p]);
        glGetTexImage(GL_TEXTURE_2D, 0, format, type, buffer.data());
        av_md5_update(md5, buffer.data(), bytes);
    }
    uint8_t digest[16];
    av_md5_final(md5, digest);
    av_free(md5);
    static const char* hex = "0123456789abcdef";
    std::string text;
    for (uint8_t b : digest) {
        text += hex[b >> 4];
        text += hex[b & 15];
    }
    return text;
}

} // namespace ui
