#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "review/keys.hpp"
#include "review/permissions.hpp"
#include "review/row_seals.hpp"
#include "store/database.hpp"

namespace review {

struct Codebook;
class Workspace;

// One change in progress, inside Workspace::change's write transaction: the database, the
// acting person, and the audit entry the change will write on success.
class Change {
public:
    store::Database& db();
    Workspace& workspace() { return m_ws; }
    int64_t personId() const;

    // The audit entry: its action (default: the permission's name), the item it concerns
    // (a UUID, or a reference) and details. Details never hold free text in clear: put it
    // through seal() first.
    void setAction(std::string action) { m_action = std::move(action); }
    void setItem(std::string item) { m_item = std::move(item); }
    // Who the entry names, when not the signed-in person (a failed sign-in names who tried).
    void setPerson(std::string person) { m_person = std::move(person); }
    nlohmann::json& detail() { return m_detail; }

    // Records that the change wrote (or removed) a covered row; its content hash is taken
    // when the change ends, so a row written twice is sealed once, as it ended.
    void seal(RowKind kind, std::vector<RowKeyPart> where);
    // Records that the covered row `key` ("feedback_answer/UUID") was removed.
    void sealRemoved(std::string key) { m_removed.push_back(std::move(key)); }
    // Nothing was changed after all (undo with nothing to undo): no audit entry.
    void markUnchanged() { m_unchanged = true; }
    // Seals every covered row as it is when the change ends (init, sealing an old database).
    void sealEverything() { m_sealEverything = true; }

    // Free text as stored (sealed under the database key), and as written into details.
    std::string sealText(std::string_view plain, std::string_view place) const;
    std::string sealForDetail(std::string_view plain, std::string_view place) const;

private:
    friend class Workspace;
    explicit Change(Workspace& ws, std::string action, std::string item)
        : m_ws(ws), m_action(std::move(action)), m_item(std::move(item))
    {
    }
    common::Status finish();

    Workspace& m_ws;
    std::string m_action;
    std::string m_item;
    std::optional<std::string> m_person;
    nlohmann::json m_detail = nlohmann::json::object();
    std::vector<std::pair<RowKind, std::vector<RowKeyPart>>> m_sealed;
    std::vector<std::string> m_removed;
    bool m_sealEverything = false;
    bool m_unchanged = false;
};

// An open database plus who is signed in: what every review function works on. The window
// keeps one per session; each command-line run opens one. Not thread-safe: a thread that
// needs the database opens its own Workspace and signs in (SQLite's locks and the busy
// timeout keep them apart; Workspace::signInAs copies a session for a worker thread).
class Workspace {
public:
    // Opens (creating and migrating) the database; on first use installs the default
    // codebook. Nobody is signed in: only people.hpp's sign-in and init work until then.
    static common::Result<Workspace> open(const std::filesystem::path& database, const store::OpenOptions& options = {});

    store::Database& db() { return m_db; }

    bool signedIn() const { return m_personId != 0; }
    const std::string& personName() const { return m_personName; }
    int64_t personId() const { return m_personId; }
    Roles roles() const { return m_roles; }
    bool holds(Role role) const { return (m_roles & static_cast<Roles>(role)) != 0; }
    // The database key; empty before sign-in.
    const DataKey& dataKey() const { return m_key; }
    // A stored value of a sealed column (sealed_columns.hpp) in clear. A value that does not
    // open (altered outside bwv-review) reads as kUnreadableText; audit verify names its row.
    std::string readText(std::string_view stored, std::string_view place) const;
    static constexpr std::string_view kUnreadableText = "[altered outside bwv-review: cannot be read]";

    // Ok when the signed-in person may do `action`; otherwise NotAllowed with one
    // sentence naming who may, and the refusal is written to the audit log.
    common::Status require(Action action, std::string_view item = {});
    // A refusal decided by a rule beyond the table (only a tag's author may change it):
    // audited like require()'s, returned as NotAllowed with `sentence`.
    common::Error refuse(Action action, std::string_view item, std::string sentence);

    // The one way to change the database (src/README.md, "How trust works", 3): check
    // `action`, begin a write transaction, run fn(Change&) (returning Result<T> or Status),
    // write its audit entry and seals, commit. Any failure rolls everything back; a
    // NotAllowed from fn is audited after the rollback.
    template <typename Fn>
    auto change(Action action, std::string_view item, Fn&& fn) -> std::invoke_result_t<Fn, Change&>
    {
        if (auto allowed = require(action, item); !allowed)
            return allowed.error();
        return write(action, std::string(permission(action).name), item, std::forward<Fn>(fn));
    }

    // The same for the few writes nobody asks for, with no permission to check: installing
    // the default codebook, counting a failed sign-in, init, retention applied on open.
    template <typename Fn>
    auto changeAsSystem(std::string auditAction, std::string_view item, Fn&& fn) -> std::invoke_result_t<Fn, Change&>
    {
        return write(std::nullopt, std::move(auditAction), item, std::forward<Fn>(fn));
    }

    // An audit entry for reading identified data or for an event that changes nothing
    // (footage opened, an export written), in its own transaction. On a database opened
    // read-only it is skipped: the caller is told by a false return and warns.
    common::Result<bool> recordEvent(std::string_view action, std::string_view item, const nlohmann::json& detail = {});

    // The last codebook version read by activeCodebook(), reused while still the active one.
    std::shared_ptr<const Codebook>& codebookCache() { return m_codebookCache; }

    bool readOnly() const { return m_readOnly; }

    // A second connection to the same database signed in as the same person, for a worker
    // thread (exports from the window). Not audited as a sign-in: it is the same session.
    common::Result<Workspace> openAnotherConnection() const;

private:
    template <typename Fn>
    auto write(std::optional<Action> action, std::string auditAction, std::string_view item, Fn&& fn)
        -> std::invoke_result_t<Fn, Change&>
    {
        using Outcome = std::invoke_result_t<Fn, Change&>;
        std::optional<Outcome> refused;
        std::string refusedItem;
        {
            auto tx = m_db.beginWrite();
            if (!tx)
                return tx.error();
            Change change(*this, std::move(auditAction), std::string(item));
            Outcome result = fn(change);
            if (result) {
                if (auto done = change.finish(); !done)
                    return done.error();
                if (auto done = tx->commit(); !done)
                    return done.error();
                return result;
            }
            if (!action || result.error().code != common::ErrorCode::NotAllowed)
                return result;
            refusedItem = change.m_item;
            refused.emplace(std::move(result));
        } // rolled back here, before the refusal is written
        auditRefusal(*action, refusedItem, refused->error().message);
        return std::move(*refused);
    }

    friend class Change;
    friend class SignIn; // people.cpp
    Workspace(store::Database db, bool readOnly) : m_db(std::move(db)), m_readOnly(readOnly) {}
    void auditRefusal(Action action, std::string_view item, std::string_view sentence);

    store::Database m_db;
    bool m_readOnly = false;
    int64_t m_personId = 0;
    std::string m_personName;
    Roles m_roles = 0;
    DataKey m_key;
    std::shared_ptr<const Codebook> m_codebookCache;
};

} // namespace review
