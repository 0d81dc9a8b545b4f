#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "exchange/research_export.hpp"

namespace review {
class Workspace;
}

namespace exchange {

// One export as a user asks for it, from the command line (`export csv|json|boris|eaf`)
// or the window's Export tab: the free-text check, the file(s) written whole or not at
// all, and the export's audit entry. When the audit entry cannot be written the files are
// removed: nothing leaves the panel without a record.
struct ExportRequest {
    std::string format;                   // csv | json | boris | eaf | report | rollup
    std::string document = "pdf";         // report, rollup: pdf | xlsx
    std::filesystem::path out;
    std::filesystem::path encountersOut;  // csv: empty = beside `out` (encountersPathFor)
    std::optional<std::string> screening; // csv, json, boris: only this screening's encounters
    std::string encounter;                // eaf: the encounter (reference or UUID)
    std::string quarter;                  // rollup: "2024-Q2"
    bool redact = false;
    bool replaceExisting = false;         // --force, the window's "Replace it"
    bool withTranscript = false;          // csv, json: the transcript lines each tag covers
};

struct ExportOutcome {
    ExportCounts counts;
    std::size_t tiers = 0;                    // eaf
    std::vector<std::filesystem::path> files; // written, in order
    std::vector<PiiNotice> notices;           // free text that looks like personal details
    std::vector<std::string> encounters;      // references in scope (for warnings; never written)
    std::string summary;                      // one sentence for the user
};

// `progress` (any thread; false cancels) as ExportSource::setProgress. `onNotice` is told
// each free-text finding before anything is written.
common::Result<ExportOutcome> runExport(review::Workspace& ws, const ExportRequest& request,
                                        const std::function<bool(double)>& progress = {},
                                        const std::function<void(const PiiNotice&)>& onNotice = {});

// Every file the export would write, in order: `out`, then for csv the encounters,
// decisions and codebook files, for csv and boris the data dictionary beside them.
std::vector<std::filesystem::path> plannedFiles(const ExportRequest& request);

// Whether each of those files may be written (common::checkOutputTarget): the first
// refusal, before any work; runExport checks the same, so nothing is half written.
common::Status checkOutputs(const ExportRequest& request);

// The free-text check of that export alone: what the chair is warned about before export.
common::Result<std::vector<PiiNotice>> checkExport(review::Workspace& ws, const ExportRequest& request);

// Writes the export's audit entry for each file; when that fails, removes the files.
common::Status recordExportOrRemove(review::Workspace& ws, const std::string& what,
                                    const std::vector<std::filesystem::path>& files);

// "annotations, tag 1b7d..., comment: looks like a phone number (check it, or export with
// redaction)"
std::string describeNotice(const PiiNotice& notice, bool redact);

} // namespace exchange
