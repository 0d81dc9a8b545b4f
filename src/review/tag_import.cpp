#include "review/tag_import.hpp"

#include <map>

#include "review/encounter.hpp"
#include "review/ids.hpp"
#include "review/people.hpp"
#include "review/workspace.hpp"
#include "store/database.hpp"

namespace review {
namespace {

// The row id of the person called `name`, made a coder without passphrase when new.
common::Result<int64_t> coderCalled(Change& change, const std::string& name)
{
    auto find = change.db().cached("SELECT id FROM person WHERE name = ?");
    if (!find)
        return find.error();
    find->bind(1, name);
    auto row = find->step();
    if (!row)
        return row.error();
    if (*row) {
        const int64_t id = find->getInt(0);
        find->reset();
        return id;
    }
    find->reset();
    if (auto ok = checkPersonName(name); !ok)
        return common::makeError(ok.error().code, "the coder \"" + name + "\" in the file: " + ok.error().message);
    auto insert = change.db().cached("INSERT INTO person (uuid, name, roles, created_us) VALUES (?, ?, 'coder', ?)");
    if (!insert)
        return insert.error();
    insert->bindAll(newUuid(), name, nowUs());
    if (auto done = insert->run(); !done)
        return done.error();
    const int64_t id = change.db().lastInsertRowid();
    change.seal(RowKind::Person, {id});
    return id;
}

} // namespace

common::Result<std::vector<Annotation>> importTags(Workspace& ws, const std::string& encounterRef,
                                                   const std::vector<ImportedTag>& tags, const nlohmann::json& detail)
{
    return ws.change(Action::ImportTags, encounterRef, [&](Change& change) -> common::Result<std::vector<Annotation>> {
        auto encounter = encounterKey(ws, encounterRef);
        if (!encounter)
            return encounter.error();
        std::map<std::string, int64_t> coders;
        std::vector<Annotation> added;
        for (const ImportedTag& imported : tags) {
            auto coder = coders.find(imported.coder);
            if (coder == coders.end()) {
                auto id = coderCalled(change, imported.coder);
                if (!id)
                    return id.error();
                coder = coders.emplace(imported.coder, *id).first;
            }
            auto one = addTagFor(change, imported.tag, coder->second);
            if (!one)
                return one.error();
            added.push_back(std::move(*one));
        }
        change.setAction("import");
        change.setItem(encounter->uuid);
        change.detail() = detail;
        change.detail()["encounter"] = encounter->reference;
        change.detail()["tags"] = added.size();
        return added;
    });
}

} // namespace review
