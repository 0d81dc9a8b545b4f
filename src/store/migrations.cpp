#include "store/migrations.hpp"

#include <cstdio>
#include <string>

#include "store/database.hpp"

namespace store {

int latestSchemaVersion() { return static_cast<int>(embeddedMigrations().size()); }

common::Status migrate(Database& db) { return migrate(db, embeddedMigrations()); }

common::Status migrate(Database& db, std::span<const EmbeddedText> migrations)
{
    const int latest = static_cast<int>(migrations.size());
    for (int i = 0; i < latest; ++i) {
        char prefix[16];
        std::snprintf(prefix, sizeof prefix, "%04d_", i + 1);
        if (std::string(migrations[static_cast<size_t>(i)].name).rfind(prefix, 0) != 0)
            return common::makeError(common::ErrorCode::Internal,
                                     std::string("migration ") + migrations[static_cast<size_t>(i)].name
                                         + " is out of sequence (expected " + prefix + "...)",
                                     db.path().string());
    }

    auto refuseNewer = [&](int version) {
        return common::makeError(common::ErrorCode::Unsupported,
                                 "this database was written by a newer version of bwv-review (schema "
                                     + std::to_string(version) + ", this version knows up to "
                                     + std::to_string(latest) + "); update bwv-review to open it",
                                 db.path().string());
    };

    auto version = db.userVersion();
    if (!version)
        return version.error();
    if (*version > latest)
        return refuseNewer(*version);
    if (*version == latest)
        return {};

    auto tx = db.beginWrite();
    if (!tx)
        return tx.error();
    // Another process may have migrated while we waited for the write lock.
    version = db.userVersion();
    if (!version)
        return version.error();
    if (*version > latest)
        return refuseNewer(*version);
    for (int next = *version + 1; next <= latest; ++next) {
        if (auto done = db.exec(migrations[static_cast<size_t>(next - 1)].text); !done)
            return common::makeError(done.error().code,
                                     std::string("upgrading the database with ") + migrations[static_cast<size_t>(next - 1)].name
                                         + " failed: " + done.error().message,
                                     db.path().string());
    }
    if (auto done = db.exec("PRAGMA user_version = " + std::to_string(latest)); !done)
        return done.error();
    return tx->commit();
}

} // namespace store
