#pragma once

// Pieces shared by the screening report and the quarterly roll-up (screening_report.cpp,
// rollup_report.cpp): the free-text check, police actions as exported, and the tables and
// charts both documents show. Internal to the exchange layer.

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analysis/summary.hpp"
#include "common/result.hpp"
#include "exchange/report_document.hpp"
#include "exchange/research_export.hpp"
#include "review/chair.hpp"

namespace review {
class Workspace;
}

namespace exchange {

struct ReportOptions {
    bool redact = false; // replace what looks like personal details in free text
};

// Checks `text` for personal details, adding a notice per finding; returns it redacted when
// asked, else as it is.
std::string checkedText(const std::string& text, const std::string& table, const std::string& row,
                        const std::string& field, bool redact, std::vector<PiiNotice>& notices);

// A police action as it leaves the panel: encounter by keyed hash, free text checked.
struct ReportPoliceAction {
    std::string ref;        // first 8 digits of its UUID: how the chair finds it again
    std::string raisedAt;   // screening name
    std::string raisedOn;   // its date, or ""
    std::string encounter;  // keyed hash, or "" for the screening as a whole
    std::string request;
    std::string response;
    std::string respondedOn;
    std::string status;     // open | answered | closed
};

std::vector<ReportPoliceAction> exportPoliceActions(const std::vector<review::PoliceAction>& actions,
                                                    const Pseudonymiser& names, bool redact,
                                                    std::vector<PiiNotice>& notices);

// Code and group labels of the codebook in use.
struct CodeLabels {
    std::map<std::string, std::string> codes;  // "ESC.01" -> "Officer raises voice"
    std::map<std::string, std::string> groups; // "ESC" -> "Escalation"
};
common::Result<CodeLabels> loadCodeLabels(review::Workspace& ws);

// 0xRRGGBB for a rating (green, amber, red) and for "not yet rated" (grey).
uint32_t ratingColour(const std::string& rating);
inline constexpr uint32_t kNotRatedColour = 0x9aa3ad;

// Bars per rating: counts per review::kRatings, then `notRated` when above zero. `unit` is
// singular ("encounter"); an s is added where the count wants it.
ReportChart ratingChart(const std::string& title, const std::array<int, 3>& counts, int notRated,
                        const std::string& unit);

// The police actions: a table for the PDF and the workbook's sheet "police actions".
void addPoliceActionBlocks(std::vector<ReportBlock>& blocks, const std::vector<ReportPoliceAction>& actions,
                           const std::string& whenEmpty);

// GOWISELY compliance per element (sheet "gowisely").
ReportTable gowiselyTable(const analysis::Summary& summary);

// Tags per code group as a chart, then the codes table (PDF) and the workbook's codes sheet.
void addCodeBlocks(std::vector<ReportBlock>& blocks, const analysis::Summary& summary, const CodeLabels& labels);

// "12 April 2024" from "2024-04-12"; the text itself when it is not a date.
std::string longDate(const std::string& isoDate);

} // namespace exchange
