#pragma once

#include <array>
#include <map>
#include <string>
#include <vector>

#include "analysis/summary.hpp"
#include "common/result.hpp"
#include "exchange/report_document.hpp"
#include "exchange/report_parts.hpp"

namespace review {
class Workspace;
}

namespace exchange {

// The quarterly roll-up (CODEBOOK.md): the screenings held in a quarter (by their held_on
// date) and, over the encounters they viewed, encounters by the panel's rating, tags per
// code and group, themes, GOWISELY compliance per element (analysis::summarise over the
// distinct encounters), safeguarding concerns, and the police actions still not closed at
// the quarter's end, across panels. Pseudonymised and checked like every export. A quarter
// written wrongly is a Usage error; a quarter without screenings is NotFound, in one
// sentence. Reads only; one thread.

struct RollupScreening {
    std::string name, date, panel, force;
    int encounters = 0;
    int members = 0; // who gave feedback
};

struct RollupSafeguarding {
    std::string code, label;
    int raisedByMembers = 0; // encounter viewings where a member raised it
    int64_t encountersTagged = 0;
    int64_t tags = 0;
};

struct RollupReport {
    std::string quarter;           // "2024-Q2"
    std::string auditHead;         // the audit log's head when made ("N:HASH")
    std::string firstDay, lastDay; // "2024-04-01", "2024-06-30"
    bool redacted = false;
    std::vector<RollupScreening> screenings; // by date
    int viewings = 0;                        // encounters viewed, counted per screening
    int distinctEncounters = 0;
    std::array<int, 3> byRating{};           // viewings by the panel's rating (review::kRatings)
    int notRated = 0;
    std::array<int, 3> memberRatings{};
    std::map<std::string, std::array<int, 2>> themes; // theme -> viewings with it, members' mentions
    analysis::Summary summary;
    CodeLabels labels;
    std::vector<RollupSafeguarding> safeguarding;
    std::vector<ReportPoliceAction> openActions;
    std::vector<PiiNotice> notices;
    std::vector<std::string> references; // encounters viewed, by reference: for warnings, never written
};

common::Result<RollupReport> buildRollup(review::Workspace& ws, const std::string& quarter, const ReportOptions& options);

ReportDocument rollupDocument(const RollupReport& report);

} // namespace exchange
