#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "common/result.hpp"

namespace store {
class Database;
}

namespace review {

// The rows the audit log covers (src/README.md, "How trust works", 6): each change that
// writes one records its key and the SHA-256 of its stored content in audit_seal, so a row
// edited, added or removed behind the log's back no longer matches its last seal.
enum class RowKind {
    Person,
    Encounter,
    EncounterField,
    Footage,
    EncounterFootage,
    Screening,
    ScreeningEncounter,
    Annotation,
    FeedbackAnswer,
    FeedbackSubmission,
    Consolidation,
    PoliceAction,
    BlindCoding,
    CodingPass,
    Adjudication,
    Retention,
    Transcript,
    TranscriptCue,
    Mask,
};

// How a kind's row is found: its rowid, or for rows keyed by two ids (a form field:
// encounter id and field name; a coding pass: encounter id and person id) both parts.
using RowKeyPart = std::variant<int64_t, std::string>;

struct RowSeal {
    std::string key;                 // "annotation/UUID"
    std::optional<std::string> hash; // empty: the row is gone
};

// The seal of one row as it is stored now (inside the change's transaction). For a row that
// no longer exists the key is still given where the kind can name it without the row (form
// fields, coding passes, screening order); other kinds are never deleted.
common::Result<RowSeal> currentSeal(store::Database& db, RowKind kind, std::span<const RowKeyPart> where);

// Every covered row of every kind as stored now, for `audit verify`.
common::Status forEachCoveredRow(store::Database& db, const std::function<void(const RowSeal&)>& onRow);

// SHA-256 over the sorted "key hash" lines of an entry's seals: what the entry's hash covers.
std::string sealsDigest(std::span<const RowSeal> seals);

} // namespace review
