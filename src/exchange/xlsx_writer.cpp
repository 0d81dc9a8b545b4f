#include "exchange/xlsx_writer.hpp"

#include <fstream>

#include <unistd.h>

#include <xlsxwriter.h>

namespace exchange {

common::Status writeXlsx(const std::vector<XlsxSheet>& sheets, const std::filesystem::path& file)
{
    {
        // libxlsxwriter only finds out at workbook_close that it cannot write: check first.
        std::filesystem::path probe = file;
        probe += ".tmp-" + std::to_string(::getpid());
        std::ofstream test(probe, std::ios::binary);
        if (!test)
            return common::makeError(common::ErrorCode::PermissionDenied, "cannot write the report here", file.string());
        test.close();
        std::error_code ignored;
        std::filesystem::remove(probe, ignored);
    }
    std::filesystem::path temp = file;
    temp += ".tmp-" + std::to_string(::getpid());
    lxw_workbook* book = workbook_new(temp.c_str());
    if (!book)
        return common::makeError(common::ErrorCode::Io, "could not start the workbook", file.string());
    lxw_format* bold = workbook_add_format(book);
    format_set_bold(bold);
    for (const XlsxSheet& sheet : sheets) {
        lxw_worksheet* ws = workbook_add_worksheet(book, sheet.name.c_str());
        if (!ws) {
            workbook_close(book);
            std::error_code ignored;
            std::filesystem::remove(temp, ignored);
            return common::makeError(common::ErrorCode::Internal, "bad sheet name \"" + sheet.name + "\"", file.string());
        }
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
                    worksheet_write_string(ws, row, col, cell.text.c_str(), nullptr);
            }
    }
    lxw_error err = workbook_close(book);
    std::error_code ec;
    if (err != LXW_NO_ERROR) {
        std::filesystem::remove(temp, ec);
        return common::makeError(common::ErrorCode::Io, std::string("writing the workbook failed: ") + lxw_strerror(err),
                                 file.string());
    }
    std::filesystem::rename(temp, file, ec);
    if (ec) {
        std::error_code ignored;
        std::filesystem::remove(temp, ignored);
        return common::makeError(common::ErrorCode::Io, "could not put the report in place: " + ec.message(), file.string());
    }
    return {};
}

} // namespace exchange
