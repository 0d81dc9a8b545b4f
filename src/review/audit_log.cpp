#include "review/audit_log.hpp"

#include "review/ids.hpp"
#include "review/sha256.hpp"
#include "store/database.hpp"

namespace review {
namespace {

void addField(std::string& out, std::string_view field)
{
    out += std::to_string(field.size());
    out += ':';
    out += field;
    out += '\n';
}

} // namespace

std::string auditHash(const AuditEntry& entry)
{
    std::string text;
    addField(text, entry.prevHash);
    addField(text, std::to_string(entry.id));
    addField(text, std::to_string(entry.atUs));
    addField(text, entry.coder);
    addField(text, entry.action);
    addField(text, entry.item);
    addField(text, entry.detail);
    return sha256Hex(text);
}

common::Status appendAudit(store::Database& db, std::string_view coder, std::string_view action, std::string_view item,
                           const nlohmann::json& detail)
{
    if (!db.inTransaction())
        return common::makeError(common::ErrorCode::Internal, "audit entry written outside a transaction");
    auto last = db.cached("SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1");
    if (!last)
        return last.error();
    auto row = last->step();
    if (!row)
        return row.error();
    AuditEntry entry;
    entry.id = *row ? last->getInt(0) + 1 : 1;
    entry.prevHash = *row ? last->getText(1) : std::string(kAuditGenesisHash);
    last->reset();
    entry.atUs = nowUs();
    entry.coder = coder;
    entry.action = action;
    entry.item = item;
    entry.detail = detail.dump();
    entry.hash = auditHash(entry);

    auto insert = db.cached(
        "INSERT INTO audit_entry (id, at_us, coder, action, item, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!insert)
        return insert.error();
    insert->bindAll(entry.id, entry.atUs, entry.coder, entry.action, entry.item, entry.detail, entry.prevHash,
                    entry.hash);
    return insert->run();
}

common::Result<AuditVerdict> verifyAudit(store::Database& db)
{
    auto all = db.prepare("SELECT id, at_us, coder, action, item, detail, prev_hash, hash FROM audit_entry ORDER BY id");
    if (!all)
        return all.error();
    AuditVerdict verdict;
    std::string expectedPrev(kAuditGenesisHash);
    int64_t expectedId = 1;
    for (;;) {
        auto row = all->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        AuditEntry entry{all->getInt(0), all->getInt(1), all->getText(2), all->getText(3),
                         all->getText(4), all->getText(5), all->getText(6), all->getText(7)};
        ++verdict.entries;
        auto fail = [&](std::string problem) {
            verdict.brokenAt = entry.id;
            verdict.problem = std::move(problem);
        };
        if (entry.id != expectedId)
            fail("entry " + std::to_string(entry.id) + " follows entry " + std::to_string(expectedId - 1)
                 + ": entries in between were removed");
        else if (entry.prevHash != expectedPrev)
            fail("entry " + std::to_string(entry.id) + " does not link to the entry before it: an entry was removed, inserted or replaced");
        else if (auditHash(entry) != entry.hash)
            fail("entry " + std::to_string(entry.id) + " (" + entry.action + ", " + isoTime(entry.atUs)
                 + ") was altered after it was written");
        if (verdict.brokenAt)
            return verdict;
        expectedPrev = entry.hash;
        ++expectedId;
    }
    return verdict;
}

} // namespace review
