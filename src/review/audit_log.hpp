#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "review/row_seals.hpp"

namespace store {
class Database;
}

namespace review {

class Workspace;

// The audit log (DESIGN.md; Data Protection Act 2018 s.62): who did what, when, to which
// item. Append-only (triggers refuse UPDATE and DELETE on audit_entry and audit_seal), each
// entry carrying the SHA-256 of the previous entry, of its own fields and of its seals (the
// covered rows it wrote: row_seals.hpp). Actions are the permission names of
// permissions.cpp for changes ("tag.add" writes annotation.created and so on: see README),
// plus events: footage.opened, export, *.read, permission.refused, signin.failed,
// audit.protection_restored, retention.erased.
struct AuditEntry {
    int64_t id = 0;
    int64_t atUs = 0; // Unix microseconds
    std::string person;
    std::string action;
    std::string item;   // uuid or reference of what it concerns
    std::string detail; // JSON; free text in it is sealed (keys.hpp)
    std::string prevHash;
    std::string hash;
    std::optional<std::string> seals; // sealsDigest of its seals; empty before schema 4
};

inline constexpr std::string_view kAuditGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// The hash an entry must carry: SHA-256 over its fields and prevHash, length-prefixed.
std::string auditHash(const AuditEntry& entry);

// Appends one entry with its seals. Call inside the write transaction of the change it
// records (Workspace::change does), so the entry and the change are saved together or not
// at all. Returns the entry's id.
common::Result<int64_t> appendAudit(store::Database& db, std::string_view person, std::string_view action,
                                    std::string_view item, const nlohmann::json& detail = nlohmann::json::object(),
                                    std::span<const RowSeal> seals = {});

// The chain's head: how many entries and the last one's hash, written "N:HASH" into every
// report and export so a later rewrite of the whole log can be caught (verify --head).
struct AuditHead {
    int64_t entries = 0;
    std::string hash = std::string(kAuditGenesisHash);
    std::string text() const { return std::to_string(entries) + ":" + hash; }
};
common::Result<AuditHead> auditHead(store::Database& db);

struct AuditVerdict {
    int64_t entries = 0;             // entries checked
    int64_t rows = 0;                // covered rows checked against their seals
    std::vector<std::string> problems; // plain words, the first few found
    bool ok() const { return problems.empty(); }
};

// Recomputes the chain, each entry's seals, and the content of every covered row against
// its last seal; checks the triggers. With `head` ("N:HASH" or "HASH"), also that the log
// still extends that head. Needs the VerifyAudit permission.
common::Result<AuditVerdict> verifyAudit(Workspace& ws, const std::optional<std::string>& head = std::nullopt);

// The append-only triggers: checked on every open; those missing are recreated and the
// removal logged (audit.protection_restored), which verifyAudit reports from then on.
// Returns the names of the triggers that were missing.
common::Result<std::vector<std::string>> ensureAuditProtection(store::Database& db);

struct AuditFilter {
    std::optional<int64_t> sinceUs;
    std::optional<std::string> person;
    std::optional<std::string> action; // exact, or a prefix ending in '.' ("tag.")
    int64_t limit = 1000;              // newest first
};
// Entries, newest first, with sealed details opened. Needs ReadAudit.
common::Result<std::vector<AuditEntry>> listAudit(Workspace& ws, const AuditFilter& filter = {});

} // namespace review
