#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/output_file.hpp"
#include "common/result.hpp"

namespace exchange {

// A workbook of plain tables, one sheet per table, written with libxlsxwriter under a
// temporary name and renamed when complete. Knows nothing of what the tables hold (the
// report command assembles them from pseudonymised data). Any thread; no state.
struct XlsxCell {
    std::string text;
    std::optional<double> number; // written as a number when set, else as text
};

struct XlsxSheet {
    std::string name; // at most 31 characters, none of []:*?/\ (Excel's rule)
    std::vector<std::string> header;
    std::vector<std::vector<XlsxCell>> rows;
};

// Columns are as wide as their text (long text wraps at about 60 characters), the header
// row stays in view. `progress` (0..1, per sheet) returning false cancels: the temporary
// file goes and the result is ErrorCode::Cancelled.
common::Status writeXlsx(const std::vector<XlsxSheet>& sheets, const std::filesystem::path& file,
                         const std::function<bool(double)>& progress = {}, const common::OutputPolicy& policy = {});

} // namespace exchange
