#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "exchange/boris_project.hpp"

namespace review {
class Workspace;
}

namespace exchange {

// A BORIS project's observations as coders' tags on one encounter (README "Exports":
// import boris), the way importEafDocument does it: as the signed-in lead
// (review::Action::ImportTags), through review::importTags, all in one change or nothing.
//
// Behaviours map to codes of the active codebook: a description that begins with a code id
// ("ESC.01: ..." as export boris writes it), else a code that is a code id or label
// (case-insensitive). Events of a behaviour that maps to no code refuse the whole import
// with one sentence naming them, unless `skipUnknown` (then they are counted and left out).
//
// Each observation is one coder: its independent variable "coder", else its name, when
// that is the name or pseudonym of a coder of this database; else a new coder named by the
// variable "coder", else by the observation. State events are paired per subject,
// behaviour and modifiers as BORIS pairs them; a START without its STOP refuses the import
// with a sentence naming the observation, behaviour, subject and time. A point code given
// a state keeps the start; an interval code given a point event becomes an interval of no
// length (both counted in kindChanged).
//
// Time: when player 1's first media file is a camera of the encounter (its footage
// pseudonym, as export boris writes), an event at t seconds is at that camera's offset plus
// t minus the observation's time offset (BORIS adds the time offset to the media time);
// otherwise t is taken as encounter time. Subjects that are the codebook's subjects are
// kept; others are dropped from the tag and named in unknownSubjects. Modifiers: "1" to "3"
// is the intensity, one of the code's values its value, "None" nothing; any other modifier
// is added to the comment. Tags equal to a live tag of the same coder (code, start, end)
// are skipped, so a second import adds nothing.
struct BorisImportOptions {
    std::string encounterRef;
    bool skipUnknown = false;
    bool dryRun = false;  // map and count, save nothing
    std::string source;   // the file's name, for messages and the audit log
};

struct BorisObservationImport {
    std::string observation, coder;
    std::size_t events = 0, imported = 0, duplicates = 0, skipped = 0, kindChanged = 0;
};

struct BorisImport {
    std::string file;
    std::string encounter; // the reference imported into
    std::size_t events = 0, imported = 0, duplicates = 0, skipped = 0, kindChanged = 0;
    std::vector<std::string> skippedBehaviors;  // skipUnknown: behaviours left out
    std::vector<std::string> unknownSubjects;   // subjects that are not the codebook's
    std::vector<BorisObservationImport> observations;
};

common::Result<BorisImport> importBorisProject(review::Workspace& ws, const BorisProject& project,
                                               const BorisImportOptions& options);

} // namespace exchange
