#include "ui/screenshot.hpp"

#include <string>
#include <vector>

#include <stb_image_write.h>

#include "common/output_file.hpp"
#include "ui/gl.hpp"

namespace ui {

common::Status saveScreenshot(const std::filesystem::path& path, int width, int height)
{
    if (width <= 0 || height <= 0)
        return common::makeError(common::ErrorCode::Internal, "the window has no size", path.string());
    std::vector<unsigned char> pixels(static_cast<size_t>(width) * static_cast<size_t>(height) * 3);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glReadBuffer(GL_BACK);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
    std::error_code ec;
    if (path.has_parent_path())
        std::filesystem::create_directories(path.parent_path(), ec);
    // A screenshot may replace an older one (scripts reuse names), never the database,
    // its backups or footage.
    auto out = common::OutputFile::create(path, {true});
    if (!out)
        return out.error();
    out->closeStream(); // stb writes by name
    stbi_flip_vertically_on_write(1);
    // GL rows start at the bottom; stb flips them so the PNG starts at the top.
    int ok = stbi_write_png(out->temporaryPath().c_str(), width, height, 3, pixels.data(), width * 3);
    stbi_flip_vertically_on_write(0);
    if (!ok)
        return common::makeError(common::ErrorCode::Io, "cannot write the screenshot", path.string());
    return out->commit();
}

} // namespace ui
