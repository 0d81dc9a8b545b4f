#include "cli/context.hpp"

#include <cstdio>

#include "common/utf8.hpp"

namespace cli {

int exitCodeFor(const common::Error& error)
{
    using common::ErrorCode;
    switch (error.code) {
    case ErrorCode::Usage:
        return kExitUsage;
    case ErrorCode::InvalidInput:
    case ErrorCode::NotFound:
    case ErrorCode::PermissionDenied:
    case ErrorCode::Unsupported:
        return kExitBadInput;
    case ErrorCode::NotAllowed:
        return kExitNotAllowed;
    default:
        return kExitFailed;
    }
}

int reportError(const common::Error& error)
{
    // A file name in another encoding is shown with U+FFFD: stderr stays UTF-8 text.
    std::fprintf(stderr, "bwv-review: error: %s\n", common::toValidUtf8(error.describe()).c_str());
    return exitCodeFor(error);
}

} // namespace cli
