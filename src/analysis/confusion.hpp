#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/event_agreement.hpp"
#include "common/result.hpp"

namespace review {
class Workspace;
}

namespace analysis {

// The confusion table of two coders on one encounter (issue 12): which code coder A gave
// where coder B gave which. Pure functions over plain vectors (any thread), except
// encounterConfusion, which reads the tags like `stats irr`.
//
// Pairing, in three steps; every tag ends up in exactly one pair:
//  1. Same code: the events of matchEvents (event_agreement.hpp, the matching of
//     `stats irr` with the same tolerance) that both coders tagged are pairs (X, X).
//  2. Different codes: the tags left over from step 1 are paired across codes. A left-over
//     tag of A and one of B with different codes are candidates when they would match by
//     the rule of matchEvents if their codes were the same (intervals overlap; otherwise
//     the gap between the two spans is at most the tolerance). Candidates are taken closest
//     first (smallest distance between their starts; ties by A's start, then B's start,
//     then input order), and a tag already paired is skipped: each tag is in at most one
//     pair. Coder A's ESC.03 and coder B's ESC.04 at the same moment are then one pair
//     (ESC.03, ESC.04), not two unrelated disagreements. Same-code left-overs are never
//     paired here: matchEvents already decided they are not one event.
//  3. The rest pair with "nothing" (kNothing): A's tag X alone is (X, nothing), B's tag Y
//     alone is (nothing, Y). The cell (nothing, nothing) is always 0: there is no unit on
//     which both coders tagged nothing, as in every event-based table (Bakeman & Quera
//     2011, ch. 5), so kappa here is that of the events found, not of the whole timeline.
//
// Tables: rows are coder A's codes, columns coder B's, both in the same order (`codes`:
// the codes either coder used, sorted, then "nothing"). The overall table holds every
// pair. A group's table (the part of a code before its first '.': ESC, DEE, SAF, PAC, UOF,
// OUT) holds the pairs in which at least one side is a code of the group, with codes of
// other groups read as "nothing" (A's ESC.03 paired with B's DEE.05 is (ESC.03, nothing)
// in the ESC table and (nothing, DEE.05) in the DEE table); its codes are the group's
// codes used, then "nothing". Percent agreement is the diagonal's share of the pairs;
// kappa is Cohen's of the table (cohenKappaFromTable), missing with a note when the table
// is empty or chance agreement is complete.

inline constexpr std::string_view kNothing = "nothing";

struct ConfusionTable {
    std::string group;                         // "" for the overall table
    std::vector<std::string> codes;            // row and column order; "nothing" last
    std::vector<std::vector<std::size_t>> counts; // [row: coder A's code][column: coder B's]
    std::size_t pairs = 0;
    std::size_t agreed = 0;                    // the diagonal
    double percentAgreement = 0;               // agreed / pairs; NaN with no pair
    std::optional<double> kappa;
    std::string kappaNote;                     // why kappa is missing, in words
};

// One pair: indices into the input tags, -1 for "nothing".
struct ConfusionPair {
    enum class Kind { SameCode, CrossCode, Alone };
    Kind kind = Kind::Alone;
    int tagA = -1;
    int tagB = -1;
};

struct Confusion {
    std::string coderA, coderB; // rows, columns
    double toleranceSeconds = 0;
    std::size_t sameCode = 0, crossCode = 0, alone = 0;
    std::vector<ConfusionPair> pairs; // same code, then across codes, then alone; each by time
    ConfusionTable overall;
    std::vector<ConfusionTable> groups; // ESC, DEE, SAF, PAC, UOF, OUT, then others by name; only groups used
};

// The group of a code: the part before its first '.', or the whole code without one.
std::string codeGroup(std::string_view code);

// Fails (InvalidInput) when the two coders are the same name, the tolerance is negative or
// not a number, a tag belongs to neither coder, a time is negative or an end precedes its
// start.
common::Result<Confusion> confusionTable(const std::vector<TimedTag>& tags, const std::string& coderA,
                                         const std::string& coderB, double toleranceSeconds);

// Reads the two coders' live tags on the encounter (analysis::coderTags, with the permission
// and blind-coding rules of `stats irr`: Action::MeasureAgreement) and builds their table.
// Usage errors for anything but two different coders or a negative tolerance; NotFound
// for a coder who does not exist; a coder without tags on the encounter is allowed.
common::Result<Confusion> encounterConfusion(review::Workspace& ws, const std::string& encounterRef,
                                             const std::vector<std::string>& coders, double toleranceSeconds);

} // namespace analysis
