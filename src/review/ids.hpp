#pragma once

#include <cstdint>
#include <string>

namespace review {

// A random (version 4) UUID, lower-case hex with dashes. Thread-safe.
std::string newUuid();
bool looksLikeUuid(const std::string& text);

// Wall-clock time now, Unix microseconds: the *_us stamps of when something happened.
int64_t nowUs();

// Wall-clock Unix microseconds as "2026-11-22T04:51:13Z".
std::string isoTime(int64_t unixUs);

// Who is acting when nobody said (--as): the login name, or "unknown".
std::string defaultCoderName();

} // namespace review
