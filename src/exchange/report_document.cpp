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

common::Status writeReportXlsx(const ReportDocument& document, const std::filesystem::path& file,
                               const ReportProgress& progress)
{
    std::vector<XlsxSheet> sheets;
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
    return writeXlsx(sheets, file, progress);
}

} // namespace exchange
