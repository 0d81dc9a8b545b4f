#include "media/av_error.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <mutex>

extern "C" {
#include <libavutil/error.h>
#include <libavutil/log.h>
}

#include "media/byte_source.hpp"

namespace media {
namespace {

// The warnings and errors of this thread since clearLastLog(), the last few only.
thread_local std::deque<std::string> t_recentLog;
constexpr size_t kRecentLines = 16;

void logCallback(void* avcl, int level, const char* format, va_list args)
{
    if (level > AV_LOG_WARNING)
        return;
    char line[512];
    int prefix = 1;
    av_log_format_line(avcl, level, format, args, line, sizeof line, &prefix);
    std::string text = line;
    // drop the "[h264 @ 0x...] " prefixes (one per nested context) and the newline:
    // users need the words only
    while (!text.empty() && text[0] == '[') {
        auto bracket = text.find("] ");
        if (bracket == std::string::npos)
            break;
        text.erase(0, bracket + 2);
    }
    while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
        text.pop_back();
    if (!text.empty()) {
        t_recentLog.push_back(text);
        if (t_recentLog.size() > kRecentLines)
            t_recentLog.pop_front();
    }
    // BWV_FFMPEG_LOG=1 shows FFmpeg's own messages, for debugging.
    static const bool verbose = std::getenv("BWV_FFMPEG_LOG") != nullptr;
    if (verbose)
        std::fprintf(stderr, "ffmpeg: %s\n", text.c_str());
}

} // namespace

void installLogCapture()
{
    static std::once_flag once;
    std::call_once(once, [] { av_log_set_callback(logCallback); });
}

std::string lastLogLine() { return t_recentLog.empty() ? std::string() : t_recentLog.back(); }

std::string recentLogLine(std::string_view prefix)
{
    for (auto it = t_recentLog.rbegin(); it != t_recentLog.rend(); ++it)
        if (it->compare(0, prefix.size(), prefix) == 0)
            return *it;
    return {};
}

void clearLastLog() { t_recentLog.clear(); }

common::Error avError(int averror, const std::string& what, const std::filesystem::path& file,
                      const ByteSource* source)
{
    using common::ErrorCode;
    if (source && source->ioFailure() != 0)
        return common::makeError(ErrorCode::Io,
                                 what + ": the computer could not read the file (" + std::strerror(source->ioFailure())
                                     + ")",
                                 file.string());
    switch (averror) {
    case AVERROR_DECODER_NOT_FOUND:
    case AVERROR_DEMUXER_NOT_FOUND:
    case AVERROR_PATCHWELCOME:
    case AVERROR(ENOSYS):
        return common::makeError(ErrorCode::Unsupported,
                                 what + ": the recording uses a format or feature bwv-review cannot read", file.string());
    case AVERROR(EPERM): // refused by av_io.cpp: the file asked to open another file or URL
        return common::makeError(ErrorCode::Unsupported,
                                 what + ": the file refers to other files or addresses, and bwv-review reads a recording "
                                        "only from the file itself",
                                 file.string());
    default:
        return common::makeError(ErrorCode::InvalidInput, what + ": the file is damaged or is not a video bwv-review can read",
                                 file.string());
    }
}

} // namespace media
