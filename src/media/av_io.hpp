#pragma once

#include "media/byte_source.hpp"

struct AVFormatContext;
struct AVIOContext;

namespace media {

// FFmpeg reads every recording through a custom AVIOContext over a ByteSource, never by
// path: the descriptor checked by openSource() is the one read, and the fuzzer's bytes go
// through the same code as a file's.
//
// A new, unopened format context reading `source` from its start, ready for
// avformat_open_input (with a null url). Demuxers that would open other files or URLs
// (playlists, external references) are refused: a recording is one file. Release it with
// closeInput() (FormatContextPtr does); if avformat_open_input fails, call
// freeUnopenedIo() with the AVIOContext it had, since FFmpeg frees the context but not a
// caller's AVIOContext. nullptr when out of memory.
AVFormatContext* newInputContext(const SourceRef& source);
void freeUnopenedIo(AVIOContext* io);

// The source a context made by newInputContext reads, or nullptr for any other context.
const ByteSource* sourceOf(const AVFormatContext& format);

} // namespace media
