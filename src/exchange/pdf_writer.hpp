#pragma once

#include <filesystem>

#include "common/output_file.hpp"
#include "common/result.hpp"
#include "exchange/report_document.hpp"

namespace exchange {

// A ReportDocument as an A4 PDF drawn with cairo, to hand over as it is: the title block on
// the first page, section headings kept with what follows them, horizontal bar charts,
// tables whose long text wraps inside its cell and that break across pages with their
// header repeated, and "page N of M" at the foot of every page. Text only: no footage,
// no stills. Fonts: DejaVu Sans through fontconfig (Debian fonts-dejavu-core).
//
// Laid out twice (once to count the pages, once to draw), written under a temporary name
// beside `file` and renamed when complete, through common::OutputFile (which refuses a
// protected or existing target first). A folder that cannot be written fails before any
// work (PermissionDenied or NotFound, naming the file); a
// cancelled progress callback gives ErrorCode::Cancelled and leaves nothing behind.
// Returns the number of pages. Any thread; no state.
common::Result<int> writeReportPdf(const ReportDocument& document, const std::filesystem::path& file,
                                    const ReportProgress& progress = {}, const common::OutputPolicy& policy = {});

} // namespace exchange
