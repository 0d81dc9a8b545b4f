#include "cli/context.hpp"

#include <cstdio>

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
    std::fprintf(stderr, "bwv-review: error: %s\n", error.describe().c_str());
    return exitCodeFor(error);
}

} // namespace cli
