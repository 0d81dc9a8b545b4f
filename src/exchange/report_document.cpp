#include "exchange/report_document.hpp"

#include <cmath>

#include "exchange/xlsx_writer.hpp"

namespace exchange {

ReportCell countCell(int64_t n) { return {std::to_string(n), static_cast<double>(n)}; }

ReportCell shareCell(std::optional<double> share)
{
    if (!share)
        return {};
    return {std::to_string(static_cast<int>(std::lround(*share * 100))) + "%", *share};
}

std::size_t reportSheetCount(const ReportDocument& document)
{
    std::size_t sheets = 1; // About
    for (const ReportSection& section : document.sections)
        for (const ReportBlock& block : section.blocks)
            if (const auto* table = std::get_if<ReportTable>(&block); table && !table->sheet.empty())
                ++sheets;
    return sheets;
}

common::Status writeReportXlsx(const ReportDocument& document, const std::filesystem::path& file,
                               const ReportProgress& progress, const common::OutputPolicy& policy)
{
    std::vector<XlsxSheet> sheets;
    // What the document is, last: its title, facts (the audit log's head among them) and note.
    XlsxSheet about{"About", {"", ""}, {}};
    about.rows.push_back({{document.title, std::nullopt}, {document.subtitle, std::nullopt}});
    for (const auto& [label, value] : document.facts)
        about.rows.push_back({{label, std::nullopt}, {value, std::nullopt}});
    about.rows.push_back({{"Note", std::nullopt}, {document.note, std::nullopt}});
    for (const ReportSection& section : document.sections)
        for (const ReportBlock& block : section.blocks) {
            const auto* table = std::get_if<ReportTable>(&block);
            if (!table || table->sheet.empty())
                continue;
            XlsxSheet sheet{table->sheet, table->header, {}};
            for (const auto& row : table->rows) {
                std::vector<XlsxCell> cells;
                for (const ReportCell& c : row)
                    cells.push_back({c.text, c.number});
                sheet.rows.push_back(std::move(cells));
            }
            sheets.push_back(std::move(sheet));
        }
    sheets.push_back(std::move(about));
    return writeXlsx(sheets, file, progress, policy);
}

} // namespace exchange
