#include "review/codebook.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include <nlohmann/json.hpp>

#include "common/json_text.hpp"
#include "review/audit_log.hpp"
#include "review/ids.hpp"
#include "review/sha256.hpp"
#include "review/workspace.hpp"
#include "store/database.hpp"

namespace review {

using nlohmann::json;

std::string_view defaultCodebookText()
{
    for (const store::EmbeddedText& file : embeddedCodebooks())
        if (std::string_view(file.name) == "default.json")
            return file.text;
    return {};
}

namespace {

common::Result<Codebook> loadVersion(Workspace& ws, int64_t id)
{
    auto stmt = ws.db().cached("SELECT uuid, version, content FROM codebook WHERE id = ?");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, id);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return common::makeError(common::ErrorCode::NotFound, "there is no codebook with id " + std::to_string(id));
    std::string uuid = stmt->getText(0);
    int version = static_cast<int>(stmt->getInt(1));
    auto book = parseCodebook(stmt->getText(2), "stored codebook");
    if (!book)
        return common::makeError(common::ErrorCode::Corrupt, "a stored codebook is damaged: " + book.error().describe(),
                                 ws.db().path().string());
    book->dbId = id;
    book->uuid = uuid;
    book->version = version;
    return book;
}

} // namespace

common::Result<Codebook> codebookById(Workspace& ws, int64_t id) { return loadVersion(ws, id); }

common::Result<std::vector<Codebook>> listCodebooks(Workspace& ws)
{
    auto ids = ws.db().prepare("SELECT id FROM codebook ORDER BY name, version");
    if (!ids)
        return ids.error();
    std::vector<int64_t> all;
    if (auto done = ids->eachRow([&] { all.push_back(ids->getInt(0)); }); !done)
        return done.error();
    std::vector<Codebook> out;
    for (int64_t id : all) {
        auto book = loadVersion(ws, id);
        if (!book)
            return book.error();
        out.push_back(std::move(*book));
    }
    return out;
}

common::Result<Codebook> activeCodebook(Workspace& ws)
{
    auto stmt = ws.db().cached(
        "SELECT id FROM codebook WHERE name = coalesce((SELECT value FROM setting WHERE key = 'active_codebook'), 'default')"
        " ORDER BY version DESC LIMIT 1");
    if (!stmt)
        return stmt.error();
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return common::makeError(common::ErrorCode::NotFound, "the database has no codebook", ws.db().path().string());
    int64_t id = stmt->getInt(0);
    stmt->reset();
    if (ws.codebookCache() && ws.codebookCache()->dbId == id)
        return *ws.codebookCache();
    auto book = loadVersion(ws, id);
    if (book)
        ws.codebookCache() = std::make_shared<const Codebook>(*book);
    return book;
}

namespace {

// Writes a new version of `input` (or finds the identical latest one) and makes it the one
// in use; returns its row id.
common::Result<int64_t> writeCodebook(Change& change, const Codebook& input, std::string_view source)
{
    store::Database& db = change.db();
    const std::string content = codebookToJson(input);
    const std::string hash = sha256Hex(content);
    auto latest = db.prepare("SELECT id, version, sha256 FROM codebook WHERE name = ? ORDER BY version DESC LIMIT 1");
    if (!latest)
        return latest.error();
    latest->bind(1, input.name);
    auto row = latest->step();
    if (!row)
        return row.error();
    int version = 1;
    std::optional<int64_t> unchanged;
    if (*row) {
        version = static_cast<int>(latest->getInt(1)) + 1;
        if (latest->getText(2) == hash)
            unchanged = latest->getInt(0);
    }
    latest->reset();
    auto setActive = db.prepare("INSERT INTO setting (key, value) VALUES ('active_codebook', ?)"
                                " ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    if (!setActive)
        return setActive.error();
    setActive->bind(1, input.name);
    if (auto done = setActive->run(); !done)
        return done.error();
    change.setAction("codebook.imported");
    if (unchanged) {
        change.detail() = {{"name", input.name}, {"version", version - 1}, {"source", std::string(source)},
                           {"unchanged", true}};
        return *unchanged;
    }
    const std::string uuid = newUuid();
    auto insert = db.prepare("INSERT INTO codebook (uuid, name, version, title, content, sha256, created_by, created_us)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!insert)
        return insert.error();
    insert->bindAll(uuid, input.name, version, input.title, content, hash,
                    change.personId() ? std::optional<int64_t>(change.personId()) : std::nullopt, nowUs());
    if (auto done = insert->run(); !done)
        return done.error();
    const int64_t id = db.lastInsertRowid();
    auto insertCode = db.prepare(
        "INSERT INTO code (codebook_id, code, position, group_id, label, kind, on_form, definition, source, colour,"
        " hotkey, value_choices) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!insertCode)
        return insertCode.error();
    int position = 0;
    for (const Code& code : input.codes) {
        insertCode->reset();
        insertCode->bindAll(id, code.id, ++position, code.group, code.label, code.kind, code.onForm ? 1 : 0,
                            code.definition, code.source, code.colour, code.hotkey,
                            code.values.empty() ? std::optional<std::string>() : common::jsonText(json(code.values)));
        if (auto done = insertCode->run(); !done)
            return done.error();
    }
    change.setItem(uuid);
    change.detail() = {{"name", input.name}, {"version", version}, {"source", std::string(source)},
                       {"sha256", hash}, {"codes", input.codes.size()}};
    return id;
}

} // namespace

common::Result<Codebook> importCodebook(Workspace& ws, const Codebook& input, std::string_view source)
{
    auto id = ws.change(Action::ImportCodebook, input.name,
                        [&](Change& change) { return writeCodebook(change, input, source); });
    if (!id)
        return id.error();
    return loadVersion(ws, *id);
}

common::Result<Codebook> importCodebookText(Workspace& ws, std::string_view text, std::string_view source)
{
    auto book = parseCodebook(text, source);
    if (!book)
        return book.error();
    return importCodebook(ws, *book, source);
}

common::Status installDefaultCodebook(Workspace& ws)
{
    auto any = ws.db().prepare("SELECT EXISTS (SELECT 1 FROM codebook)");
    if (!any)
        return any.error();
    auto row = any->step();
    if (!row)
        return row.error();
    if (*row && any->getInt(0) != 0)
        return {};
    any->reset();
    auto book = parseCodebook(defaultCodebookText(), "default.json (built in)");
    if (!book)
        return book.error();
    // Two processes may both get here on a new database: the second finds the first's
    // identical version and makes no new one.
    auto imported = ws.changeAsSystem("codebook.imported", book->name,
                                      [&](Change& change) { return writeCodebook(change, *book, "built-in default"); });
    if (!imported)
        return imported.error();
    return {};
}

} // namespace review
