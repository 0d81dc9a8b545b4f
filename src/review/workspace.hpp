#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "common/result.hpp"
#include "store/database.hpp"

namespace review {

struct Codebook;

// An open database plus who is acting: what every review function works on. The window
// keeps one per session; each command-line run opens one. Not thread-safe: a thread that
// needs the database opens its own Workspace (SQLite's locks and the busy timeout keep
// them apart).
class Workspace {
public:
    // Opens (creating and migrating) the database; on first use installs the default
    // codebook. `coder` empty: the login name.
    static common::Result<Workspace> open(const std::filesystem::path& database, std::string coder = {},
                                          const store::OpenOptions& options = {});

    store::Database& db() { return m_db; }
    const std::string& coder() const { return m_coder; }

    // The acting coder's row id, creating the coder on first use. Call inside a write
    // transaction (the row is part of the change being made).
    common::Result<int64_t> coderId();

    // The last codebook version read by activeCodebook(), reused while still the active one.
    std::shared_ptr<const Codebook>& codebookCache() { return m_codebookCache; }

private:
    Workspace(store::Database db, std::string coder) : m_db(std::move(db)), m_coder(std::move(coder)) {}

    store::Database m_db;
    std::string m_coder;
    std::shared_ptr<const Codebook> m_codebookCache;
};

} // namespace review
