#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "exchange/eaf_document.hpp"
#include "exchange/pii_scan.hpp"

namespace review {
class Workspace;
}

namespace exchange {

// An encounter's tags as an ELAN document and back (README "Exports": export eaf, import
// eaf). One thread; each call opens and closes what it needs.
//
// Export: one tier per coder and code group ("coder-1a2b3c4d ESC"), ANNOTATOR the coder's
// pseudonym; per group a linguistic type with a controlled vocabulary of the group's codes
// (entry id and value the code id, description its label); each tag one time-aligned
// annotation whose value is its code id (a point tag starts and ends at the same time).
// Subject, intensity, value and comment go to a symbolic-association tier under it
// ("... notes"), comments checked for personal details like every export. The
// encounter appears as its keyed hash (property bwv-review:encounter); no media paths.

struct EafExportOptions {
    bool redact = false;
};

struct EafExport {
    EafDocument document;
    std::size_t annotations = 0;
    std::vector<PiiFinding> findings; // in comments, for the caller's warnings
    std::vector<std::string> findingTags; // tag UUID of each finding
};

common::Result<EafExport> encounterToEaf(review::Workspace& ws, const std::string& encounterRef,
                                         const EafExportOptions& options = {});

// Import: every annotation of the document, time-aligned or reference (times resolved as
// ELAN shows them: unaligned time slots interpolated, references taking their parent's
// times), is mapped to a code, in this order:
//  1. the tier is named in `tierCodes` (tier id -> code id);
//  2. the annotation's value, or its CV entry's id or value, is a code id or label;
//  3. the tier's name is a code id or label (the value then becomes the comment).
// and to a coder: the tier's ANNOTATOR, else its PARTICIPANT, else the tier's name, each
// when it is the name or pseudonym of a coder of this database (so an exported file comes
// back to the coders it came from); an unknown ANNOTATOR becomes a new coder of that name;
// otherwise the acting coder. A point code takes the annotation's start; an interval code
// its start and end. Annotations that equal a live tag of the same coder (code, start,
// end) are skipped, so importing a file twice adds nothing. All tags of one coder are
// saved in one transaction (review::addAnnotations), each with its audit entry.
struct EafImportOptions {
    std::string encounterRef;
    std::map<std::string, std::string> tierCodes;
    bool dryRun = false; // map and count, save nothing
    std::string source;  // the file's name, for the report and the audit log
};

struct EafTierImport {
    std::string tier;
    std::string coder;     // who its tags are saved as; empty when nothing mapped
    std::string mappedBy;  // "values", "tier name", "--map", "" (none)
    std::size_t alignable = 0, reference = 0;
    std::size_t imported = 0, duplicates = 0, unmapped = 0;
    std::size_t pointsWithDuration = 0; // point codes given a duration in the file: start kept
    std::vector<std::string> unmappedValues; // distinct, at most 10
};

struct EafImport {
    std::string file;
    std::string encounter; // the reference imported into
    std::size_t alignable = 0, reference = 0;
    std::size_t timeSlots = 0, unalignedTimeSlots = 0;
    std::size_t imported = 0, duplicates = 0, unmapped = 0;
    std::vector<EafTierImport> tiers;
    // Cameras of the file (by their pseudonymous media name, as our export writes them)
    // that are the encounter's too, with the offset each gives; tags made on them come back
    // on that camera. A camera whose offset differs from the encounter's is named in
    // `offsetWarnings`: the tags keep the file's encounter times, nothing is moved.
    std::size_t camerasMatched = 0;
    std::vector<std::string> offsetWarnings;
};

// Imports as the signed-in person (a lead: review::Action::ImportTags), each tier's tags
// under its coder (review::importTags), in one change.
common::Result<EafImport> importEafDocument(review::Workspace& ws, const EafDocument& doc, const EafImportOptions& options);

} // namespace exchange
