#pragma once

#include <cstdint>
#include <filesystem>

#include "common/result.hpp"
#include "exchange/research_export.hpp"

namespace exchange {

// Exports for BORIS (README "Exports": export boris), from the same ExportSource as the
// research CSV, so pseudonyms, redaction, blind coding and the screening scope are the
// same. Both files hold one observation per coder per encounter, named
// "ENCOUNTER CODER" by pseudonym (enc-... coder-...).
//
// Behaviours: BORIS users see the ethogram's `code`, so it is the code's label (with the
// id in brackets where two codes share a label); the description starts with the code id
// ("ESC.01: volume or tone above conversational level"), which is how import boris maps a
// behaviour back exactly. Category: the code group's label. Point codes are point events,
// interval codes state events. Modifiers: a set "intensity" (1, 2, 3) on every behaviour,
// and a set "value" on codes that carry one; "None" where the tag has none.
//
// Time: events are seconds on the encounter's timeline. The observation's "time offset" is
// the first camera's offset and media_info.offset holds each camera's offset from it, so
// BORIS plays each camera at the frame the tag was made on (BORIS subtracts the time
// offset from an event's time to find player 1's media position).

struct BorisExportCounts {
    ExportCounts counts;
    int64_t mergedTags = 0; // overlapping intervals of one code, subject and modifiers, merged
};

// The BORIS project (JSON, project format 7.0). An interval tag is a START event at its
// start and a STOP at its end; because BORIS pairs a state's events by toggling, a coder's
// intervals of one code, subject and modifiers that overlap are merged into one (counted
// in mergedTags, their comments joined with " / "). The project description names the
// tool and its version, the codebook, the audit log's head and whether text was redacted.
common::Result<BorisExportCounts> writeBorisProject(ExportSource& source, const std::filesystem::path& file);

// BORIS-style tabular events (TSV): one row per point event, START and STOP rows per
// interval, per observation in time order; the behaviour named as in the project, the
// code id in the last column.
common::Result<ExportCounts> writeBorisTsv(ExportSource& source, const std::filesystem::path& file);

} // namespace exchange
