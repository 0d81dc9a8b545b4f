#pragma once

#include <string>
#include <string_view>

namespace common {

// ASCII letters in lower case, every other byte as it is: for matching names a person
// typed (code ids, labels, tier and behaviour names) without caring about case.
std::string asciiLower(std::string text);

// Without the spaces, tabs and line breaks at either end.
std::string trimmed(std::string_view text);

} // namespace common
