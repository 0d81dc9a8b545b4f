#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "common/output_file.hpp"
#include "common/result.hpp"

namespace exchange {

// A report as plain data, for the writers that hand it over (pdf_writer, the XLSX of
// writeReportXlsx): a title block, then sections of paragraphs, bar charts and tables. The
// models (screening_report, rollup_report) fill it from pseudonymised data; the writers
// know nothing of screenings or codes. Any thread; no state.

struct ReportCell {
    std::string text;             // what a reader sees (PDF; XLSX when there is no number)
    std::optional<double> number; // XLSX writes the number when set
};

inline ReportCell textCell(std::string text) { return {std::move(text), std::nullopt}; }
// A count: "12" and 12.
ReportCell countCell(int64_t n);
// A share 0..1: "67%" and 0.667; empty cell for nullopt.
ReportCell shareCell(std::optional<double> share);

struct ReportTable {
    std::string sheet;       // XLSX sheet name (at most 31 characters); empty: not in the workbook
    bool inPdf = true;       // drawn in the PDF
    std::vector<std::string> header;
    std::vector<double> widths;   // relative PDF column widths; empty: equal
    std::vector<std::vector<ReportCell>> rows;
    std::string whenEmpty;   // PDF sentence instead of a table without rows
    bool keepTogether = false; // PDF: start on a new page rather than break, when it fits on one
};

struct ReportBar {
    std::string label;
    double value = 0;
    std::string valueText;            // printed at the end of the bar
    std::optional<uint32_t> colour;   // 0xRRGGBB; default the report's blue
};

struct ReportChart {
    std::string title;
    std::vector<ReportBar> bars;
    std::string whenEmpty; // sentence instead of a chart without bars
};

struct ReportParagraph {
    std::string text;
    bool small = false; // notes, in a smaller grey type
};

struct ReportSubheading {
    std::string text;
};

using ReportBlock = std::variant<ReportParagraph, ReportSubheading, ReportChart, ReportTable>;

struct ReportSection {
    std::string heading;
    std::vector<ReportBlock> blocks;
};

struct ReportDocument {
    std::string title;                                      // "Feedback report: April panel"
    std::string subtitle;                                   // panel, force, date
    std::vector<std::pair<std::string, std::string>> facts; // title block: label, value
    std::string note;                                       // under the title block (pseudonymisation)
    std::vector<ReportSection> sections;
    std::string footer;                                     // left of "page N of M"
};

// Progress from 0 to 1 while writing; return false to cancel (the writer then removes its
// temporary file and returns ErrorCode::Cancelled). Called on the writer's thread.
using ReportProgress = std::function<bool(double)>;

// The document's tables that have a sheet name, one sheet each, then an "About" sheet
// (title, facts, note), through writeXlsx.
common::Status writeReportXlsx(const ReportDocument& document, const std::filesystem::path& file,
                               const ReportProgress& progress = {}, const common::OutputPolicy& policy = {});

// How many sheets writeReportXlsx writes for `document`.
std::size_t reportSheetCount(const ReportDocument& document);

} // namespace exchange
