#include "exchange/xlsx_writer.hpp"

#include <algorithm>
#include <xlsxwriter.h>

namespace exchange {

common::Status writeXlsx(const std::vector<XlsxSheet>& sheets, const std::filesystem::path& file,
                         const std::function<bool(double)>& progress, const common::OutputPolicy& policy)
{
    // libxlsxwriter writes by file name and only finds out at workbook_close that it
    // cannot: OutputFile checks the target and the folder first, then lends its name.
    auto out = common::OutputFile::create(file, policy);
    if (!out)
        return out.error();
    out->closeStream();
    const std::filesystem::path temp = out->temporaryPath();
    lxw_workbook* book = workbook_new(temp.c_str());
    if (!book)
        return common::makeError(common::ErrorCode::Io, "could not start the workbook", file.string());
    lxw_format* bold = workbook_add_format(book);
    format_set_bold(bold);
    lxw_format* wrap = workbook_add_format(book);
    format_set_text_wrap(wrap);
    format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
    for (std::size_t index = 0; index < sheets.size(); ++index) {
        const XlsxSheet& sheet = sheets[index];
        if (progress && !progress(static_cast<double>(index) / static_cast<double>(sheets.size()))) {
            workbook_close(book);
            std::error_code ignored;
            std::filesystem::remove(temp, ignored);
            return common::makeError(common::ErrorCode::Cancelled, "the report was cancelled", file.string());
        }
        lxw_worksheet* ws = workbook_add_worksheet(book, sheet.name.c_str());
        if (!ws) {
            workbook_close(book);
            std::error_code ignored;
            std::filesystem::remove(temp, ignored);
            return common::makeError(common::ErrorCode::Internal, "bad sheet name \"" + sheet.name + "\"", file.string());
        }
        // Width in characters: the longest text of the column, long text wrapping at 60.
        std::vector<std::size_t> widths(sheet.header.size());
        for (std::size_t c = 0; c < sheet.header.size(); ++c)
            widths[c] = sheet.header[c].size();
        for (const auto& row : sheet.rows)
            for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c)
                widths[c] = std::max(widths[c], row[c].number ? std::size_t(10) : row[c].text.size());
        for (std::size_t c = 0; c < widths.size(); ++c) {
            auto col = static_cast<lxw_col_t>(c);
            worksheet_set_column(ws, col, col, static_cast<double>(std::min<std::size_t>(widths[c], 60) + 2),
                                 widths[c] > 60 ? wrap : nullptr);
        }
        worksheet_freeze_panes(ws, 1, 0);
        for (std::size_t c = 0; c < sheet.header.size(); ++c)
            worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), sheet.header[c].c_str(), bold);
        for (std::size_t r = 0; r < sheet.rows.size(); ++r)
            for (std::size_t c = 0; c < sheet.rows[r].size(); ++c) {
                const XlsxCell& cell = sheet.rows[r][c];
                auto row = static_cast<lxw_row_t>(r + 1);
                auto col = static_cast<lxw_col_t>(c);
                if (cell.number)
                    worksheet_write_number(ws, row, col, *cell.number, nullptr);
                else if (!cell.text.empty())
                    worksheet_write_string(ws, row, col, cell.text.c_str(),
                                           col < widths.size() && widths[col] > 60 ? wrap : nullptr);
            }
    }
    lxw_error err = workbook_close(book);
    std::error_code ec;
    if (err != LXW_NO_ERROR) {
        std::filesystem::remove(temp, ec);
        return common::makeError(common::ErrorCode::Io, std::string("writing the workbook failed: ") + lxw_strerror(err),
                                 file.string());
    }
    return out->commit();
}

} // namespace exchange
