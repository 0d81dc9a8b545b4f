#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <stop_token>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace review {

// Called while hashing with bytes done and the total; any thread the caller hashes on.
using ByteProgress = std::function<void(int64_t done, int64_t total)>;

// SHA-256 (libsodium) of a file, streamed in 1 MiB reads; the file is opened read-only.
// Lower-case hex. Errors name the file; a stop request gives ErrorCode::Cancelled.
common::Result<std::string> sha256File(const std::filesystem::path& path, const ByteProgress& progress = {},
                                       std::stop_token stop = {});

// SHA-256 of bytes in memory, lower-case hex.
std::string sha256Hex(std::string_view bytes);

} // namespace review
