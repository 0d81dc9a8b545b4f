#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "common/error.hpp"

namespace media {

class ByteSource;

// The media layer's edge: FFmpeg's AVERROR codes and log lines become common::Error
// here and nowhere else. EAGAIN and EOF are decoder states, never passed through here.
//
// Whatever FFmpeg reports while reading a file is caused by the file's content (FFmpeg
// says "Input/output error" for a sample table pointing past the end, for instance), so
// it is InvalidInput, or Unsupported for a codec or container FFmpeg lacks: exit 3. Only
// when `source` recorded a real read failure of the machine (its read() failed) is it Io:
// exit 1. The message is `what` followed by the reason in plain words.
common::Error avError(int averror, const std::string& what, const std::filesystem::path& file,
                      const ByteSource* source = nullptr);

// Installs (once) a log callback that keeps FFmpeg quiet on the terminal and remembers
// the last warning or error of the current thread, so an Error can quote it.
void installLogCapture();
// The last FFmpeg warning or error logged on this thread since clearLastLog(), trimmed.
std::string lastLogLine();
// The latest of those lines (up to 16 are kept) that starts with `prefix`, or empty.
std::string recentLogLine(std::string_view prefix);
void clearLastLog();

} // namespace media
