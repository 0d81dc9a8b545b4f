#include "media/av_error.hpp"

#include <cstdio>
#include <cstdlib>
#include <mutex>

extern "C" {
#include <libavutil/error.h>
#include <libavutil/log.h>
}

namespace media {
namespace {

thread_local std::string t_lastLog;

void logCallback(void* avcl, int level, const char* format, va_list args)
{
    if (level > AV_LOG_WARNING)
        return;
    char line[512];
    int prefix = 1;
    av_log_format_line(avcl, level, format, args, line, sizeof line, &prefix);
    std::string text = line;
    // drop the "[h264 @ 0x...] " prefix and the newline: users need the words only
    if (auto bracket = text.find("] "); !text.empty() && text[0] == '[' && bracket != std::string::npos)
        text.erase(0, bracket + 2);
    while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
        text.pop_back();
    if (!text.empty())
        t_lastLog = text;
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

std::string lastLogLine() { return t_lastLog; }
void clearLastLog() { t_lastLog.clear(); }

common::Error avError(int averror, const std::string& what, const std::filesystem::path& file)
{
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(averror, text, sizeof text);
    common::ErrorCode code = common::ErrorCode::Io;
    if (averror == AVERROR_INVALIDDATA)
        code = common::ErrorCode::InvalidInput;
    else if (averror == AVERROR_DECODER_NOT_FOUND || averror == AVERROR_DEMUXER_NOT_FOUND
             || averror == AVERROR_PATCHWELCOME)
        code = common::ErrorCode::Unsupported;
    else if (averror == AVERROR(ENOENT))
        code = common::ErrorCode::NotFound;
    else if (averror == AVERROR(EACCES) || averror == AVERROR(EPERM))
        code = common::ErrorCode::PermissionDenied;
    else if (averror == AVERROR(ENOMEM))
        code = common::ErrorCode::Internal;
    std::string message = what + " (" + text + ")";
    return common::makeError(code, message, file.string());
}

} // namespace media
