#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analysis/summary.hpp"
#include "common/result.hpp"
#include "exchange/report_document.hpp"
#include "exchange/report_parts.hpp"
#include "exchange/research_export.hpp"
#include "review/screening.hpp"

namespace review {
class Workspace;
}

namespace exchange {

// The feedback report of one screening (CODEBOOK.md "Chair's consolidation"), as plain
// data built from the database and pseudonymised like every export: encounters by keyed
// hash, members by pseudonym, free text (the chair's points and questions, members' text,
// police actions, the encounter form's text) checked for personal details, with a notice
// per finding and, when asked, redacted. screeningReportDocument() lays it out for the
// writers (writeReportPdf, writeReportXlsx). Reads only; one thread; the Workspace is used
// for the duration of the call.

struct ScreeningReportEncounter {
    int position = 0;          // viewing order, from 1
    std::string pseudonym;     // keyed hash
    std::optional<std::string> rating; // the chair's merged rating
    std::string points;        // points for the police
    std::string questions;     // questions for the police
    std::array<int, 3> memberRatings{}; // per review::kRatings
    int rated = 0;
    std::string spread;        // "2 good practice, 1 concern"
    std::vector<std::pair<std::string, std::string>> ratingsBy; // member pseudonym, rating
    std::vector<std::pair<std::string, std::string>> goodPractice, learningPoints, memberQuestions; // pseudonym, text
    std::map<std::string, int> themes;       // theme -> members
    std::map<std::string, int> safeguarding; // SAF code -> members
    std::vector<std::pair<std::string, std::array<int, 3>>> gowisely; // element -> members' yes, no, unclear
    int members = 0;           // who gave feedback on it
    int64_t tags = 0;
    std::vector<std::string> incompleteFootage; // "ftg-...: recording incomplete: ends at ..."
};

struct ScreeningReport {
    review::Screening screening;
    std::string auditHead; // the audit log's head when made ("N:HASH")
    bool redacted = false;
    int members = 0; // members who gave feedback on any encounter
    std::vector<ScreeningReportEncounter> encounters; // viewing order
    analysis::Summary summary;                        // tags of the screening's encounters; holds
                                                      // references: write only its counts
    std::vector<std::pair<std::string, double>> firstEscalation; // keyed hash, seconds to the first escalation
    CodeLabels labels;
    std::vector<ReportPoliceAction> policeActions;    // carried forward to this screening
    // For the workbook: the encounter form per encounter and members' individual answers.
    std::vector<std::string> encounterColumns;
    std::vector<ExportSource::EncounterRow> encounterRows;
    std::vector<ExportSource::FeedbackRow> feedback;
    std::vector<PiiNotice> notices; // what the free-text check found
};

common::Result<ScreeningReport> buildScreeningReport(review::Workspace& ws, const std::string& screeningRef,
                                                     const ReportOptions& options);

ReportDocument screeningReportDocument(const ScreeningReport& report);

} // namespace exchange
