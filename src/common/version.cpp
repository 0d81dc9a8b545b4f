#include "common/version.hpp"

namespace common {

// BWV_REVIEW_VERSION is set on this file only (src/common/CMakeLists.txt), so a version
// change rebuilds one file.
std::string_view toolVersion() { return BWV_REVIEW_VERSION; }

} // namespace common
