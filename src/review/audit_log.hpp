#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/result.hpp"

namespace store {
class Database;
}

namespace review {

// The audit log (DESIGN.md; Data Protection Act 2018 s.62): who did what, when, to which
// item. Append-only (triggers refuse UPDATE and DELETE), each entry carrying the SHA-256
// of the previous entry, so removing, inserting or editing an entry breaks the chain.
//
// Actions: footage.registered, footage.opened, footage.verified, encounter.created,
// form.changed, screening.created, codebook.imported, annotation.created,
// annotation.changed, annotation.deleted, feedback.changed, consolidation.changed,
// police_action.raised, police_action.changed, export, blind.started, blind.pass_done,
// blind.pass_reopened, adjudication.decided.
struct AuditEntry {
    int64_t id = 0;
    int64_t atUs = 0; // Unix microseconds
    std::string coder;
    std::string action;
    std::string item;   // uuid or name of what it concerns
    std::string detail; // JSON
    std::string prevHash;
    std::string hash;
};

inline constexpr std::string_view kAuditGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// The hash an entry must carry: SHA-256 over its fields and prevHash, length-prefixed.
std::string auditHash(const AuditEntry& entry);

// Appends one entry. Call inside the write transaction of the change it records, so the
// entry and the change are saved together or not at all.
common::Status appendAudit(store::Database& db, std::string_view coder, std::string_view action, std::string_view item,
                           const nlohmann::json& detail = nlohmann::json::object());

struct AuditVerdict {
    int64_t entries = 0;              // entries checked
    std::optional<int64_t> brokenAt;  // id of the first entry that fails, if any
    std::string problem;              // plain words: what is wrong with it
    bool ok() const { return !brokenAt; }
};

// Walks the whole log and recomputes the chain.
common::Result<AuditVerdict> verifyAudit(store::Database& db);

} // namespace review
