#pragma once

#include <cstdint>
#include <filesystem>
#include <stop_token>

#include "common/result.hpp"
#include "media/byte_source.hpp"
#include "media/frame_index.hpp"
#include "media/media_facts.hpp"

struct AVFormatContext;

namespace media {

// The largest picture bwv-review opens: 8192 pixels a side, 64 megapixels. Checked on the
// container's and the first decoded pictures' geometry before frames are decoded, and
// given to every decoder as max_pixels.
constexpr int kMaxPictureSide = 8192;
constexpr int64_t kMaxPicturePixels = int64_t(8192) * 8192;

// Everything about a file: container, streams, codec facts, and (through the frame
// index, built or loaded from cache) the exact frame count, fps and VFR flag, and whether
// the recording is complete. Errors name the file and say in plain words why it cannot be
// read: exit 3 material, except a real read failure of the machine (ErrorCode::Io).
common::Result<MediaFacts> probe(const std::filesystem::path& path, bool useIndexCache = true);
common::Result<MediaFacts> probe(const SourceRef& source, bool useIndexCache = true);

// Same, reusing an index the caller already has.
common::Result<MediaFacts> probe(const std::filesystem::path& path, const FrameIndex& index);
common::Result<MediaFacts> probe(const SourceRef& source, const FrameIndex& index);

// Opens a recording for reading with FFmpeg and finds its streams; the one place that
// turns open failures into plain words ("the file is empty", "this is a pipe (FIFO)...",
// "the picture is 16000x16000 pixels...", "the recording is incomplete: it was cut off
// before its index was written"...). The path form opens it with openSource(); FFmpeg
// reads through that checked descriptor (av_io.hpp), never by name. The caller owns the
// context: wrap it in FormatContextPtr. Used by every reader.
common::Result<AVFormatContext*> openInput(const std::filesystem::path& path);
common::Result<AVFormatContext*> openInput(const SourceRef& source);

} // namespace media
