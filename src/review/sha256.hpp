#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <stop_token>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "media/byte_source.hpp"

namespace review {

// Called while hashing with bytes done and the total; any thread the caller hashes on.
using ByteProgress = std::function<void(int64_t done, int64_t total)>;

// SHA-256 (libsodium) of everything `source` holds, streamed in 1 MiB positional reads of
// its one descriptor: what footage add hashes is what it probes. Lower-case hex. A file
// that shrinks or grows meanwhile is refused (InvalidInput); a stop request gives
// ErrorCode::Cancelled. Errors name the file.
common::Result<std::string> sha256Source(const media::ByteSource& source, const ByteProgress& progress = {},
                                         std::stop_token stop = {});
// The same for a file opened with media::openSource (a regular, non-empty file only).
common::Result<std::string> sha256File(const std::filesystem::path& path, const ByteProgress& progress = {},
                                       std::stop_token stop = {});

// What the window checks when it opens registered footage, in milliseconds at any length:
// "SIZE:" and the SHA-256 of the first and the last MiB. A changed byte in between is
// found only by the full hash, which runs after it in the background.
inline constexpr int64_t kFingerprintPart = 1 << 20;
common::Result<std::string> quickFingerprint(const media::ByteSource& source);

// SHA-256 of bytes in memory, lower-case hex.
std::string sha256Hex(std::string_view bytes);

} // namespace review
