// The YUV-to-RGB renderer against known colours: colour bars built as AVFrames in the
// encoders' own terms (BT.709 limited range, 10-bit, BT.601 full range), drawn, read back
// from the GPU and compared with the RGB they stand for.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "ui/gl.hpp"
#include <GLFW/glfw3.h>

extern "C" {
#include <libavutil/frame.h>
}

#include "media/video_frame.hpp"
#include "ui/video_renderer.hpp"

namespace {

struct Rgb {
    double r, g, b;
};

// 75% colour bars: white, yellow, cyan, green, magenta, red, blue.
const Rgb kBars[] = {{0.75, 0.75, 0.75}, {0.75, 0.75, 0}, {0, 0.75, 0.75}, {0, 0.75, 0},
                     {0.75, 0, 0.75},    {0.75, 0, 0},    {0, 0, 0.75}};

struct Window {
    GLFWwindow* window = nullptr;
    Window()
    {
        if (!glfwInit())
            return;
        glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
        glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
        glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
        glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
        glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GL_TRUE);
        window = glfwCreateWindow(64, 64, "renderer test", nullptr, nullptr);
        if (window)
            glfwMakeContextCurrent(window);
    }
    ~Window()
    {
        if (window)
            glfwDestroyWindow(window);
        glfwTerminate();
    }
};

Window& window()
{
    static Window w;
    if (!w.window) {
        MESSAGE("no OpenGL 3.3 window (run under xvfb-run): skipping");
        std::exit(77);
    }
    return w;
}

// Y'CbCr codes of `c` for the matrix (kr, kb), at `bits`, limited or full range.
void encode(const Rgb& c, double kr, double kb, int bits, bool full, int& y, int& cb, int& cr)
{
    double kg = 1 - kr - kb;
    double luma = kr * c.r + kg * c.g + kb * c.b;
    double pb = (c.b - luma) / (2 * (1 - kb));
    double pr = (c.r - luma) / (2 * (1 - kr));
    double scale = std::ldexp(1.0, bits - 8);
    if (full) {
        double max = std::ldexp(1.0, bits) - 1;
        y = static_cast<int>(std::lround(luma * max));
        cb = static_cast<int>(std::lround(std::ldexp(1.0, bits - 1) + pb * max));
        cr = static_cast<int>(std::lround(std::ldexp(1.0, bits - 1) + pr * max));
    } else {
        y = static_cast<int>(std::lround((16 + 219 * luma) * scale));
        cb = static_cast<int>(std::lround((128 + 224 * pb) * scale));
        cr = static_cast<int>(std::lround((128 + 224 * pr) * scale));
    }
}

media::VideoFrameRef makeBars(int width, int height, AVPixelFormat format, AVColorSpace space, AVColorRange range,
                              double kr, double kb)
{
    AVFrame* frame = av_frame_alloc();
    frame->format = format;
    frame->width = width;
    frame->height = height;
    frame->colorspace = space;
    frame->color_range = range;
    REQUIRE(av_frame_get_buffer(frame, 64) == 0);
    bool wide = format == AV_PIX_FMT_YUV420P10LE;
    int bits = wide ? 10 : 8;
    bool full = range == AVCOL_RANGE_JPEG;
    int barWidth = width / 7;
    auto put = [&](int plane, int x, int y, int value) {
        uint8_t* row = frame->data[plane] + static_cast<ptrdiff_t>(y) * frame->linesize[plane];
        if (wide) {
            uint16_t v = static_cast<uint16_t>(value);
            std::memcpy(row + 2 * x, &v, 2);
        } else {
            row[x] = static_cast<uint8_t>(value);
        }
    };
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            int bar = std::min(6, x / barWidth);
            int Y, Cb, Cr;
            encode(kBars[bar], kr, kb, bits, full, Y, Cb, Cr);
            put(0, x, y, Y);
            if (x % 2 == 0 && y % 2 == 0) {
                put(1, x / 2, y / 2, Cb);
                put(2, x / 2, y / 2, Cr);
            }
        }
    return std::make_shared<const media::VideoFrame>(frame, 0, 0);
}

// Draws `frame` at its own size and checks the middle of each bar.
void checkBars(const media::VideoFrameRef& frame, ui::PictureView view = {})
{
    window();
    ui::VideoRenderer renderer;
    REQUIRE(renderer.init().ok());
    REQUIRE(renderer.upload(frame).ok());
    int w = frame->width(), h = frame->height();
    renderer.render(w, h, view, ui::PictureAdjust{});
    std::string rgba = renderer.readOutputRgba();
    REQUIRE(rgba.size() == static_cast<size_t>(w * h * 4));
    int barWidth = w / 7;
    for (int bar = 0; bar < 7; ++bar) {
        int x = bar * barWidth + barWidth / 2;
        int y = h / 2;
        const unsigned char* p = reinterpret_cast<const unsigned char*>(rgba.data()) + (static_cast<size_t>(y) * w + x) * 4;
        CAPTURE(bar);
        CHECK(std::abs(p[0] - kBars[bar].r * 255) <= 3);
        CHECK(std::abs(p[1] - kBars[bar].g * 255) <= 3);
        CHECK(std::abs(p[2] - kBars[bar].b * 255) <= 3);
    }
}

} // namespace

TEST_CASE("BT.709 limited-range colour bars come out with the right colours")
{
    checkBars(makeBars(1280, 720, AV_PIX_FMT_YUV420P, AVCOL_SPC_BT709, AVCOL_RANGE_MPEG, 0.2126, 0.0722));
}

TEST_CASE("the playback variant (nearest samples) gives the same colours")
{
    ui::PictureView view;
    view.fastSampling = true;
    checkBars(makeBars(1280, 720, AV_PIX_FMT_YUV420P, AVCOL_SPC_BT709, AVCOL_RANGE_MPEG, 0.2126, 0.0722), view);
    checkBars(makeBars(1280, 720, AV_PIX_FMT_YUV420P10LE, AVCOL_SPC_BT709, AVCOL_RANGE_MPEG, 0.2126, 0.0722), view);
}

TEST_CASE("fast playback shades at half resolution and scales up: same colours, same place")
{
    ui::PictureView view;
    view.fastSampling = true;
    view.halfResolution = true;
    checkBars(makeBars(1280, 720, AV_PIX_FMT_YUV420P, AVCOL_SPC_BT709, AVCOL_RANGE_MPEG, 0.2126, 0.0722), view);
}

TEST_CASE("HD with unknown colour facts is drawn as BT.709 limited range")
{
    checkBars(makeBars(1280, 720, AV_PIX_FMT_YUV420P, AVCOL_SPC_UNSPECIFIED, AVCOL_RANGE_UNSPECIFIED, 0.2126, 0.0722));
}

TEST_CASE("10-bit BT.709 limited range through R16 textures")
{
    checkBars(makeBars(1280, 720, AV_PIX_FMT_YUV420P10LE, AVCOL_SPC_BT709, AVCOL_RANGE_MPEG, 0.2126, 0.0722));
}

TEST_CASE("BT.601 full range (SD)")
{
    checkBars(makeBars(700, 480, AV_PIX_FMT_YUV420P, AVCOL_SPC_SMPTE170M, AVCOL_RANGE_JPEG, 0.299, 0.114));
}

TEST_CASE("the planes read back from the textures hash like the frame itself")
{
    window();
    auto frame = makeBars(320, 240, AV_PIX_FMT_YUV420P, AVCOL_SPC_BT709, AVCOL_RANGE_MPEG, 0.2126, 0.0722);
    ui::VideoRenderer renderer;
    REQUIRE(renderer.init().ok());
    REQUIRE(renderer.upload(frame).ok());
    std::string md5 = renderer.planesMd5();
    CHECK(md5.size() == 32);
    // Same pixels, another frame: same hash.
    auto again = makeBars(320, 240, AV_PIX_FMT_YUV420P, AVCOL_SPC_BT709, AVCOL_RANGE_MPEG, 0.2126, 0.0722);
    ui::VideoRenderer second;
    REQUIRE(second.init().ok());
    REQUIRE(second.upload(again).ok());
    CHECK(second.planesMd5() == md5);
}

TEST_CASE("rotation by 90 degrees turns the picture: the first bar ends up on top")
{
    window();
    auto frame = makeBars(700, 400, AV_PIX_FMT_YUV420P, AVCOL_SPC_BT709, AVCOL_RANGE_MPEG, 0.2126, 0.0722);
    ui::VideoRenderer renderer;
    REQUIRE(renderer.init().ok());
    REQUIRE(renderer.upload(frame).ok());
    ui::PictureView view;
    view.rotation = 90;
    renderer.render(400, 700, view, ui::PictureAdjust{});
    std::string rgba = renderer.readOutputRgba();
    auto pixel = [&](int x, int y) { return reinterpret_cast<const unsigned char*>(rgba.data()) + (static_cast<size_t>(y) * 400 + x) * 4; };
    // Turned clockwise: the left edge (white bar) is now the top, the blue bar the bottom.
    const unsigned char* top = pixel(200, 50);
    const unsigned char* bottom = pixel(200, 650);
    CHECK(std::abs(top[0] - 191) <= 3);
    CHECK(std::abs(top[2] - 191) <= 3);
    CHECK(bottom[0] <= 3);
    CHECK(std::abs(bottom[2] - 191) <= 3);
}

TEST_CASE("exposure brightens and the neutral settings leave the picture alone")
{
    window();
    auto frame = makeBars(700, 400, AV_PIX_FMT_YUV420P, AVCOL_SPC_BT709, AVCOL_RANGE_MPEG, 0.2126, 0.0722);
    ui::VideoRenderer renderer;
    REQUIRE(renderer.init().ok());
    REQUIRE(renderer.upload(frame).ok());
    ui::PictureAdjust adjust;
    adjust.exposure = 0.4f; // 0.75 * 2^0.4 = 0.99
    renderer.render(700, 400, {}, adjust);
    std::string rgba = renderer.readOutputRgba();
    const unsigned char* white = reinterpret_cast<const unsigned char*>(rgba.data()) + (static_cast<size_t>(200) * 700 + 50) * 4;
    CHECK(white[0] >= 245);
    CHECK(ui::PictureAdjust{}.isNeutral());
}

TEST_CASE("privacy masks blur their shape only: the rest of the picture is exact, the masked cells are even")
{
    window();
    const int w = 700, h = 400;
    auto frame = makeBars(w, h, AV_PIX_FMT_YUV420P, AVCOL_SPC_BT709, AVCOL_RANGE_MPEG, 0.2126, 0.0722);
    for (bool fast : {false, true}) {
        CAPTURE(fast);
        ui::VideoRenderer renderer;
        REQUIRE(renderer.init().ok());
        REQUIRE(renderer.upload(frame).ok());
        ui::PictureView view;
        view.fastSampling = fast;
        renderer.render(w, h, view, ui::PictureAdjust{});
        const std::string plain = renderer.readOutputRgba();
        // A box across three bars (edges at 100, 200, 300 pixels), and an ellipse.
        const ui::ShownMask box{false, 0.12f, 0.25f, 0.4f, 0.5f};
        const ui::ShownMask ellipse{true, 0.7f, 0.1f, 0.2f, 0.4f};
        renderer.setMasks({box, ellipse});
        renderer.render(w, h, view, ui::PictureAdjust{});
        const std::string masked = renderer.readOutputRgba();
        REQUIRE(masked.size() == plain.size());
        auto at = [&](const std::string& rgba, int x, int y) {
            const auto* p = reinterpret_cast<const unsigned char*>(rgba.data()) + (static_cast<size_t>(y) * w + x) * 4;
            return (p[0] << 16) | (p[1] << 8) | p[2];
        };
        auto inside = [&](const ui::ShownMask& m, int x, int y) {
            const double fx = (x + 0.5) / w, fy = (y + 0.5) / h;
            if (fx < m.x || fy < m.y || fx > m.x + m.w || fy > m.y + m.h)
                return false;
            if (!m.ellipse)
                return true;
            const double dx = (fx - (m.x + m.w / 2)) / (m.w / 2), dy = (fy - (m.y + m.h / 2)) / (m.h / 2);
            return dx * dx + dy * dy <= 1.0;
        };
        // Outside both shapes (a pixel's width of slack at their edges): exactly as drawn
        // without masks. The ellipse's box corners are outside it and stay exact too.
        long long outsideChecked = 0, outsideDiffer = 0, insideDiffer = 0;
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                bool near = false;
                for (int dy = -1; dy <= 1; ++dy)
                    for (int dx = -1; dx <= 1; ++dx)
                        near = near || inside(box, x + dx, y + dy) || inside(ellipse, x + dx, y + dy);
                if (!near) {
                    ++outsideChecked;
                    outsideDiffer += at(plain, x, y) != at(masked, x, y);
                } else if (inside(box, x, y) && at(plain, x, y) != at(masked, x, y)) {
                    ++insideDiffer;
                }
            }
        CHECK(outsideChecked > w * h / 2);
        CHECK(outsideDiffer == 0);
        // Inside the box: cells of review::maskCellPixels (200 px / 6 = 33) of one colour
        // each, so the bar edges at 100 and 200 px are smeared into the cells across them.
        CHECK(insideDiffer > 0);
        const int cell = 33;
        const int boxX = 84, boxY = 100;
        for (int cy = 0; cy + 1 < 200 / cell; ++cy)
            for (int cx = 0; cx + 1 < 280 / cell; ++cx) {
                const int x0 = boxX + cx * cell + 2, y0 = boxY + cy * cell + 2;
                const int colour = at(masked, x0, y0);
                for (int y = y0; y < y0 + cell - 4; y += 3)
                    for (int x = x0; x < x0 + cell - 4; x += 3) {
                        CAPTURE(x);
                        CAPTURE(y);
                        REQUIRE(std::abs((at(masked, x, y) & 0xff) - (colour & 0xff)) <= 1);
                    }
            }
        // The cell that straddles the yellow/cyan edge at x = 200 (cells from 84: 183..216)
        // is neither bar's colour.
        const int straddling = at(masked, 200, 150);
        CHECK(straddling != at(plain, 150, 150));
        CHECK(straddling != at(plain, 250, 150));
        // Masks off again: the picture is the plain one.
        renderer.setMasks({});
        renderer.render(w, h, view, ui::PictureAdjust{});
        CHECK(renderer.readOutputRgba() == plain);
    }
}
