#include "review/workspace.hpp"

#include <algorithm>

#include "review/audit_log.hpp"
#include "review/codebook.hpp"
#include "review/ids.hpp"

namespace review {

store::Database& Change::db() { return m_ws.db(); }

int64_t Change::personId() const { return m_ws.personId(); }

void Change::seal(RowKind kind, std::vector<RowKeyPart> where) { m_sealed.emplace_back(kind, std::move(where)); }

std::string Change::sealText(std::string_view plain, std::string_view place) const
{
    return review::sealText(m_ws.dataKey(), plain, place);
}

std::string Change::sealForDetail(std::string_view plain, std::string_view key) const
{
    return sealForJson(m_ws.dataKey(), plain, "audit." + std::string(key));
}

common::Status Change::finish()
{
    if (m_unchanged && m_sealed.empty() && m_removed.empty())
        return {};
    std::vector<RowSeal> seals;
    if (m_sealEverything) {
        if (auto done = forEachCoveredRow(m_ws.db(), [&](const RowSeal& row) { seals.push_back(row); }); !done)
            return done.error();
        m_sealed.clear(); // every row is in already, as it ended
    }
    for (const auto& [kind, where] : m_sealed) {
        auto seal = currentSeal(m_ws.db(), kind, where);
        if (!seal)
            return seal.error();
        bool again = false;
        for (RowSeal& earlier : seals)
            if (earlier.key == seal->key) {
                earlier = std::move(*seal);
                again = true;
                break;
            }
        if (!again)
            seals.push_back(std::move(*seal));
    }
    const std::string person = m_person ? *m_person : m_ws.signedIn() ? m_ws.personName() : std::string("bwv-review");
    for (std::string& key : m_removed) {
        auto earlier = std::find_if(seals.begin(), seals.end(), [&](const RowSeal& seal) { return seal.key == key; });
        if (earlier != seals.end())
            earlier->hash.reset();
        else
            seals.push_back({std::move(key), std::nullopt});
    }
    auto logged = appendAudit(m_ws.db(), person, m_action, m_item, m_detail, seals);
    if (!logged)
        return logged.error();
    return {};
}

common::Result<Workspace> Workspace::open(const std::filesystem::path& database, const store::OpenOptions& options)
{
    auto db = store::Database::open(database, options);
    if (!db)
        return db.error();
    Workspace workspace(std::move(*db), options.readOnly);
    if (!options.readOnly) {
        if (auto protection = ensureAuditProtection(workspace.db()); !protection)
            return protection.error();
        if (auto installed = installDefaultCodebook(workspace); !installed)
            return installed.error();
    }
    return workspace;
}

std::string Workspace::readText(std::string_view stored, std::string_view place) const
{
    auto plain = openText(m_key, stored, place);
    return plain ? std::move(*plain) : std::string(kUnreadableText);
}

common::Result<Workspace> Workspace::openAnotherConnection() const
{
    store::OpenOptions options;
    options.readOnly = m_readOnly;
    options.quickCheck = false;
    options.migrate = false;
    options.dailyBackup = false;
    auto db = store::Database::open(m_db.path(), options);
    if (!db)
        return db.error();
    Workspace other(std::move(*db), m_readOnly);
    other.m_personId = m_personId;
    other.m_personName = m_personName;
    other.m_roles = m_roles;
    if (m_key)
        other.m_key = DataKey::fromBytes(
            std::string_view(reinterpret_cast<const char*>(m_key.bytes()), DataKey::kBytes));
    return other;
}

common::Status Workspace::require(Action action, std::string_view item)
{
    if (!signedIn())
        return common::makeError(common::ErrorCode::NotAllowed,
                                 "nobody is signed in: sign in to " + std::string(permission(action).doing));
    if (allows(m_roles, action))
        return {};
    return refuse(action, item, refusalSentence(m_personName, action));
}

common::Error Workspace::refuse(Action action, std::string_view item, std::string sentence)
{
    auditRefusal(action, item, sentence);
    return common::makeError(common::ErrorCode::NotAllowed, std::move(sentence));
}

void Workspace::auditRefusal(Action action, std::string_view item, std::string_view sentence)
{
    // Best effort: a refusal must be reported to the person even when it cannot be logged
    // (a read-only database, a lock held too long).
    if (m_readOnly || m_db.inTransaction())
        return;
    auto tx = m_db.beginWrite();
    if (!tx)
        return;
    nlohmann::json detail = {{"action", permission(action).name}, {"roles", rolesText(m_roles)},
                             {"why", std::string(sentence)}};
    if (appendAudit(m_db, m_personName, "permission.refused", item, detail))
        (void)tx->commit();
}

common::Result<bool> Workspace::recordEvent(std::string_view action, std::string_view item, const nlohmann::json& detail)
{
    if (m_readOnly)
        return false;
    auto tx = m_db.beginWrite();
    if (!tx)
        return tx.error();
    if (auto logged = appendAudit(m_db, m_personName, action, item, detail.is_null() ? nlohmann::json::object() : detail);
        !logged)
        return logged.error();
    if (auto done = tx->commit(); !done)
        return done.error();
    return true;
}

} // namespace review
