#pragma once

#include <string_view>

namespace common {

// The tool's version (CMake's project version), named in every export so a paper can cite
// the tool that computed and wrote its data.
std::string_view toolVersion();

} // namespace common
