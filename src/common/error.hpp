#pragma once

#include <source_location>
#include <string>

namespace common {

// What kind of failure happened; decides the exit code of a command and how the
// window reports it. Each layer translates foreign errors (AVERROR, SQLite codes,
// parser errors) into one of these once, at its edge.
enum class ErrorCode {
    InvalidInput,   // the file or text is not what we can read (exit 3)
    NotFound,       // a file, encounter, tag ... that does not exist (exit 3 for files)
    PermissionDenied, // the system refused: a file we may not read or write (exit 3)
    NotAllowed,       // a person not signed in, or whose role does not allow it (exit 4)
    Unsupported,    // readable but not something we handle (exit 3)
    Io,             // reading or writing failed (disk full, device gone)
    Busy,           // another process holds a lock for longer than we wait
    Corrupt,        // stored data failed a check
    Usage,          // a command was called wrongly (exit 2)
    Cancelled,
    Internal,       // our own bug
};

struct Error {
    ErrorCode code = ErrorCode::Internal;
    std::string message;   // plain words a panel member understands
    std::string context;   // the file, encounter or stream it concerns, if any
    std::source_location where = std::source_location::current();

    // "context: message", or just the message when there is no context.
    std::string describe() const;
};

Error makeError(ErrorCode code, std::string message, std::string context = {},
                std::source_location where = std::source_location::current());

const char* errorCodeName(ErrorCode code);

} // namespace common
