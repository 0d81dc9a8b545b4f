#include "store/sqlite_error.hpp"

#include <sqlite3.h>

#include "store/backup.hpp"

namespace store {

bool isBusy(int rc)
{
    int primary = rc & 0xff;
    return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}

common::Error sqliteError(sqlite3* db, int rc, std::string_view context, std::source_location where)
{
    using common::ErrorCode;
    std::string detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    ErrorCode code = ErrorCode::Internal;
    std::string message;
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        code = ErrorCode::Busy;
        message = "another bwv-review is still writing to the database; try again in a moment";
        break;
    case SQLITE_FULL:
        code = ErrorCode::Io;
        message = "the disk or the database is full, so the change was not saved";
        break;
    case SQLITE_READONLY:
        code = ErrorCode::PermissionDenied;
        message = "the database cannot be written (the file or its folder is read-only), so the change was not saved";
        break;
    case SQLITE_PERM:
    case SQLITE_AUTH:
        code = ErrorCode::PermissionDenied;
        message = "permission to use the database was refused";
        break;
    case SQLITE_CANTOPEN:
        code = ErrorCode::Io;
        message = "the database cannot be opened (the folder is missing or not writable)";
        break;
    case SQLITE_NOTADB:
        code = ErrorCode::InvalidInput;
        message = "this file is not a bwv-review database";
        break;
    case SQLITE_CORRUPT:
        code = ErrorCode::Corrupt;
        message = damagedDatabaseText(std::filesystem::path(std::string(context)));
        break;
    case SQLITE_IOERR:
        code = ErrorCode::Io;
        message = "reading or writing the database failed (" + detail + ")";
        break;
    case SQLITE_CONSTRAINT:
        code = ErrorCode::InvalidInput;
        message = "the change breaks a rule of the database (" + detail + ")";
        break;
    case SQLITE_NOMEM:
        code = ErrorCode::Io;
        message = "out of memory";
        break;
    case SQLITE_INTERRUPT:
        code = ErrorCode::Cancelled;
        message = "cancelled";
        break;
    default:
        code = ErrorCode::Internal;
        message = "database error: " + detail;
        break;
    }
    return common::makeError(code, std::move(message), std::string(context), where);
}

} // namespace store
