#pragma once

#include <filesystem>

#include "common/result.hpp"

namespace ui {

// Saves the current back buffer (`width` x `height` framebuffer pixels) as a PNG, read
// with glReadPixels. UI thread, with the GL context current, before the buffer swap.
common::Status saveScreenshot(const std::filesystem::path& path, int width, int height);

} // namespace ui
