#pragma once

#include <string>
#include <string_view>

namespace common {

// Text is bytes until proven UTF-8 (issue 10): every text that comes in (names, comments,
// CSV, EAF, paths) is checked at the boundary with these.

// Well-formed UTF-8: no stray continuation bytes, no overlong forms, no surrogates, nothing
// above U+10FFFF.
bool isValidUtf8(std::string_view text);
// Where the first byte that breaks it is, or npos when the text is well-formed.
std::size_t firstInvalidUtf8(std::string_view text);
// "line 3 holds text that is not UTF-8", for a file whose `text` fails at `offset`.
std::string notUtf8LineText(std::string_view text, std::size_t offset);

// The text with each byte that is not part of well-formed UTF-8 replaced by U+FFFD, for
// showing a file name or a foreign label; never throws.
std::string toValidUtf8(std::string_view text);

} // namespace common
