#pragma once

#include <filesystem>
#include <string>

#include "common/error.hpp"

namespace media {

// The media layer's edge: FFmpeg's AVERROR codes and log lines become common::Error
// here and nowhere else. EAGAIN and EOF are decoder states, never passed through here.
common::Error avError(int averror, const std::string& what, const std::filesystem::path& file);

// Installs (once) a log callback that keeps FFmpeg quiet on the terminal and remembers
// the last warning or error of the current thread, so an Error can quote it.
void installLogCapture();
// The last FFmpeg warning or error logged on this thread since clearLastLog(), trimmed.
std::string lastLogLine();
void clearLastLog();

} // namespace media
