#pragma once

#include <filesystem>
#include <stop_token>

#include "common/result.hpp"
#include "media/frame_index.hpp"
#include "media/media_facts.hpp"

struct AVFormatContext;

namespace media {

// Everything about a file: container, streams, codec facts, and (through the frame
// index, built or loaded from cache) the exact frame count, fps and VFR flag.
// Errors name the file and say in plain words why it cannot be read (exit 3 material).
common::Result<MediaFacts> probe(const std::filesystem::path& path, bool useIndexCache = true);

// Same, reusing an index the caller already has.
common::Result<MediaFacts> probe(const std::filesystem::path& path, const FrameIndex& index);

// Opens `path` for reading with FFmpeg and finds its streams; the one place that turns
// open failures into plain words ("the file is empty", "the recording is incomplete: it
// was cut off before the end was written"...). The caller owns the context (close it
// with avformat_close_input, or wrap it in FormatContextPtr). Used by every reader.
common::Result<AVFormatContext*> openInput(const std::filesystem::path& path);

} // namespace media
