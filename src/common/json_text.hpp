#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace common {

// JSON as text that never throws: text that is not valid UTF-8 (a file name in Latin-1, a
// label from an old CSV) comes out with U+FFFD in place of the bad bytes instead of
// aborting the command (issue 10). Every JSON the project writes goes through here.
inline std::string jsonText(const nlohmann::json& value, int indent = -1)
{
    return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace common
