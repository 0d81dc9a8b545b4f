#include "common/error.hpp"

#include <utility>

namespace common {

std::string Error::describe() const
{
    if (context.empty())
        return message;
    return context + ": " + message;
}

Error makeError(ErrorCode code, std::string message, std::string context, std::source_location where)
{
    return Error{code, std::move(message), std::move(context), where};
}

const char* errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidInput: return "invalid input";
    case ErrorCode::NotFound: return "not found";
    case ErrorCode::PermissionDenied: return "permission denied";
    case ErrorCode::NotAllowed: return "not allowed";
    case ErrorCode::Unsupported: return "unsupported";
    case ErrorCode::Io: return "input/output error";
    case ErrorCode::Busy: return "busy";
    case ErrorCode::Corrupt: return "corrupt";
    case ErrorCode::Usage: return "usage";
    case ErrorCode::Cancelled: return "cancelled";
    case ErrorCode::Internal: return "internal error";
    }
    return "unknown";
}

} // namespace common
