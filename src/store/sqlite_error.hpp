#pragma once

#include <string>
#include <string_view>

#include "common/error.hpp"

struct sqlite3;

namespace store {

// The one place SQLite result codes become common::Error: plain words a panel member
// understands (never "database is locked"), with the database file as context.
// `db` may be null (open failed before a handle existed).
common::Error sqliteError(sqlite3* db, int rc, std::string_view context,
                          std::source_location where = std::source_location::current());

// True for SQLITE_BUSY and SQLITE_LOCKED, including extended codes.
bool isBusy(int rc);

} // namespace store
