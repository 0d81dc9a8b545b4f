#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace review {

// "12", "12.5", "0.000040", "-3.25" seconds -> microseconds, exactly (no floating point);
// more than 6 decimals is refused rather than rounded. "1:02.5" (minutes) and
// "1:02:03" (hours) are accepted too.
common::Result<int64_t> parseSeconds(std::string_view text);

// Microseconds -> "12.500000" (always 6 decimals, so CSV and JSON round-trip exactly).
std::string formatSeconds(int64_t us);

// "YYYY-MM-DD" with a real month and day.
bool isIsoDate(std::string_view text);
// The start of day YYYY-MM-DD (UTC) in Unix microseconds; Usage error when it is not a date.
common::Result<int64_t> parseIsoDate(std::string_view text);

} // namespace review
