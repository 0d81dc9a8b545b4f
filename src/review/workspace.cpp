#include "review/workspace.hpp"

#include "review/codebook.hpp"
#include "review/ids.hpp"

namespace review {

common::Result<Workspace> Workspace::open(const std::filesystem::path& database, std::string coder,
                                          const store::OpenOptions& options)
{
    auto db = store::Database::open(database, options);
    if (!db)
        return db.error();
    if (coder.empty())
        coder = defaultCoderName();
    Workspace workspace(std::move(*db), std::move(coder));
    if (!options.readOnly) {
        if (auto installed = installDefaultCodebook(workspace); !installed)
            return installed.error();
    }
    return workspace;
}

common::Result<int64_t> Workspace::coderId()
{
    auto find = m_db.cached("SELECT id FROM coder WHERE name = ?");
    if (!find)
        return find.error();
    find->bind(1, m_coder);
    auto row = find->step();
    if (!row)
        return row.error();
    if (*row)
        return find->getInt(0);
    auto insert = m_db.cached("INSERT INTO coder (uuid, name, created_us) VALUES (?, ?, ?)");
    if (!insert)
        return insert.error();
    insert->bindAll(newUuid(), m_coder, nowUs());
    if (auto done = insert->run(); !done)
        return done.error();
    return m_db.lastInsertRowid();
}

} // namespace review
