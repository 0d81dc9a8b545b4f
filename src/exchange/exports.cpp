#include "exchange/exports.hpp"

#include <cctype>
#include <system_error>

#include "common/utf8.hpp"
#include "exchange/boris_export.hpp"
#include "exchange/eaf_encounter.hpp"
#include "exchange/eaf_io.hpp"
#include "exchange/pdf_writer.hpp"
#include "exchange/rollup_report.hpp"
#include "exchange/screening_report.hpp"
#include "review/encounter.hpp"
#include "review/footage.hpp"
#include "review/workspace.hpp"

namespace exchange {

common::Status recordExportOrRemove(review::Workspace& ws, const std::string& what, const std::vector<std::filesystem::path>& files)
{
    if (auto done = review::recordExport(ws, what, files); !done) {
        std::error_code ignored;
        for (const auto& f : files)
            std::filesystem::remove(f, ignored);
        return done.error();
    }
    return {};
}

namespace {

// export boris: a FILE.boris is the BORIS project, anything else the tabular events.
bool isBorisProject(const ExportRequest& request)
{
    std::string extension = request.out.extension().string();
    for (char& c : extension)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return request.format == "boris" && extension == ".boris";
}

common::OutputPolicy policyOf(const ExportRequest& request)
{
    common::OutputPolicy policy;
    policy.replaceExisting = request.replaceExisting;
    return policy;
}


// Reports are the chair's; research data the lead's (review/permissions.cpp).
common::Status requireExportPermission(review::Workspace& ws, const ExportRequest& request)
{
    const bool report = request.format == "report" || request.format == "rollup";
    return ws.require(report ? review::Action::ExportReport : review::Action::ExportResearch, request.format);
}

// The screening's feedback report or the quarter's roll-up, as PDF or XLSX.
common::Result<ExportOutcome> runReportExport(review::Workspace& ws, const ExportRequest& request,
                                              const std::function<bool(double)>& progress,
                                              const std::function<void(const PiiNotice&)>& onNotice)
{
    if (request.document != "pdf" && request.document != "xlsx")
        return common::makeError(common::ErrorCode::Usage, "a report is written as pdf or xlsx, not \"" + request.document + "\"");
    ExportOutcome outcome;
    ReportDocument document;
    std::string what, summary;
    if (request.format == "report") {
        if (!request.screening)
            return common::makeError(common::ErrorCode::Usage, "a feedback report needs the screening it reports on");
        auto report = buildScreeningReport(ws, *request.screening, {request.redact});
        if (!report)
            return report.error();
        outcome.notices = report->notices;
        outcome.encounters = report->screening.encounterRefs;
        outcome.counts.encounters = static_cast<int64_t>(report->encounters.size());
        document = screeningReportDocument(*report);
        what = request.document + " report of screening " + report->screening.uuid; // names stay out of the log
        const std::size_t n = report->encounters.size();
        summary = "report of screening " + report->screening.name + " (" + std::to_string(n)
                  + (n == 1 ? " encounter" : " encounters");
    } else {
        auto rollup = buildRollup(ws, request.quarter, {request.redact});
        if (!rollup)
            return rollup.error();
        outcome.notices = rollup->notices;
        outcome.encounters = rollup->references;
        outcome.counts.encounters = rollup->distinctEncounters;
        document = rollupDocument(*rollup);
        what = request.document + " roll-up of " + rollup->quarter;
        const std::size_t n = rollup->screenings.size();
        summary = "roll-up of " + rollup->quarter + " (" + std::to_string(n) + (n == 1 ? " screening, " : " screenings, ")
                  + std::to_string(rollup->viewings) + (rollup->viewings == 1 ? " encounter" : " encounters") + " viewed";
    }
    if (onNotice)
        for (const PiiNotice& n : outcome.notices)
            onNotice(n);
    std::string written;
    if (request.document == "pdf") {
        auto pages = writeReportPdf(document, request.out, progress, policyOf(request));
        if (!pages)
            return pages.error();
        written = std::to_string(*pages) + (*pages == 1 ? " page" : " pages");
    } else {
        if (auto done = writeReportXlsx(document, request.out, progress, policyOf(request)); !done)
            return done.error();
        written = std::to_string(reportSheetCount(document)) + " sheets";
    }
    outcome.summary = summary + ", " + written + ") written to " + request.out.string();
    outcome.files = {request.out};
    if (auto done = recordExportOrRemove(ws, what, outcome.files); !done)
        return done.error();
    return outcome;
}

common::Result<ExportOutcome> runEafExport(review::Workspace& ws, const ExportRequest& request,
                                           const std::function<bool(double)>& progress,
                                           const std::function<void(const PiiNotice&)>& onNotice)
{
    if (request.encounter.empty())
        return common::makeError(common::ErrorCode::Usage, "an ELAN export needs the encounter to export");
    auto eaf = encounterToEaf(ws, request.encounter, {request.redact});
    if (!eaf)
        return eaf.error();
    ExportOutcome outcome;
    for (std::size_t i = 0; i < eaf->findings.size(); ++i) {
        outcome.notices.push_back({"annotations", "tag " + eaf->findingTags[i], "comment", eaf->findings[i].kind});
        if (onNotice)
            onNotice(outcome.notices.back());
    }
    if (progress && !progress(0.5))
        return common::makeError(common::ErrorCode::Cancelled, "the export was cancelled");
    if (auto done = writeEaf(eaf->document, request.out, policyOf(request)); !done) {
        common::Error e = done.error();
        if (e.code == common::ErrorCode::Io)
            e.code = common::ErrorCode::PermissionDenied; // the output path: bad input for the contract
        return e;
    }
    outcome.files = {request.out};
    if (auto done = recordExportOrRemove(ws, "eaf export of encounter " + request.encounter, outcome.files); !done)
        return done.error();
    if (auto encounter = review::findEncounter(ws, request.encounter))
        outcome.encounters = {encounter->reference};
    outcome.counts.annotations = static_cast<int64_t>(eaf->annotations);
    outcome.counts.encounters = 1;
    outcome.tiers = eaf->document.tiers.size();
    outcome.summary = std::to_string(eaf->annotations) + " tags on " + std::to_string(outcome.tiers) + " tiers written to "
                    + request.out.string();
    if (progress)
        progress(1.0);
    return outcome;
}

} // namespace

std::vector<std::filesystem::path> plannedFiles(const ExportRequest& request)
{
    std::vector<std::filesystem::path> files{request.out};
    if (request.format == "csv") {
        files.push_back(request.encountersOut.empty() ? encountersPathFor(request.out) : request.encountersOut);
        files.push_back(decisionsPathFor(request.out));
        files.push_back(codebookPathFor(request.out));
    }
    if (request.format == "csv" || (request.format == "boris" && !isBorisProject(request)))
        files.push_back(dataDictionaryPathFor(request.out)); // a .boris project describes itself
    return files;
}

common::Status checkOutputs(const ExportRequest& request)
{
    const auto files = plannedFiles(request);
    for (std::size_t i = 0; i < files.size(); ++i) {
        for (std::size_t j = 0; j < i; ++j)
            if (common::canonicalName(files[i]) == common::canonicalName(files[j]))
                return common::makeError(common::ErrorCode::InvalidInput,
                                         "nothing was written: the export needs this name for two of its files; "
                                         "choose another name",
                                         common::toValidUtf8(files[i].string()));
        if (auto ok = common::checkOutputTarget(files[i], policyOf(request)); !ok)
            return ok.error();
    }
    return {};
}

std::string describeNotice(const PiiNotice& n, bool redact)
{
    return n.table + ", " + n.row + ", " + n.field + ": looks like a " + piiKindName(n.kind)
         + (redact ? " (replaced)" : " (check it, or export with redaction)");
}

common::Result<std::vector<PiiNotice>> checkExport(review::Workspace& ws, const ExportRequest& request)
{
    if (auto allowed = requireExportPermission(ws, request); !allowed)
        return allowed.error();
    if (request.format == "report" && request.screening) {
        auto report = buildScreeningReport(ws, *request.screening, {request.redact});
        if (!report)
            return report.error();
        return report->notices;
    }
    if (request.format == "rollup") {
        auto rollup = buildRollup(ws, request.quarter, {request.redact});
        if (!rollup)
            return rollup.error();
        return rollup->notices;
    }
    if (request.format == "eaf") {
        auto eaf = encounterToEaf(ws, request.encounter, {request.redact});
        if (!eaf)
            return eaf.error();
        std::vector<PiiNotice> notices;
        for (std::size_t i = 0; i < eaf->findings.size(); ++i)
            notices.push_back({"annotations", "tag " + eaf->findingTags[i], "comment", eaf->findings[i].kind});
        return notices;
    }
    ResearchExportOptions options;
    options.redact = request.redact;
    options.screening = request.screening;
    options.withTranscript = request.withTranscript;
    auto source = ExportSource::open(ws, options);
    if (!source)
        return source.error();
    return source->scanFreeText();
}

common::Result<ExportOutcome> runExport(review::Workspace& ws, const ExportRequest& request,
                                        const std::function<bool(double)>& progress,
                                        const std::function<void(const PiiNotice&)>& onNotice)
{
    if (request.out.empty())
        return common::makeError(common::ErrorCode::Usage, "export " + request.format + " needs a file to write to");
    if (auto allowed = requireExportPermission(ws, request); !allowed)
        return allowed.error();
    if (auto ok = checkOutputs(request); !ok)
        return ok.error();
    if (request.format == "eaf")
        return runEafExport(ws, request, progress, onNotice);
    if (request.format == "report" || request.format == "rollup")
        return runReportExport(ws, request, progress, onNotice);
    if (request.format != "csv" && request.format != "json" && request.format != "boris" && request.format != "pseudonyms")
        return common::makeError(common::ErrorCode::Usage, "there is no export format '" + request.format
                                                               + "' (csv, json, boris, eaf, report, rollup or pseudonyms)");
    ResearchExportOptions options;
    options.redact = request.redact;
    options.screening = request.screening;
    options.withTranscript = request.withTranscript;
    options.output = policyOf(request);
    auto source = ExportSource::open(ws, options);
    if (!source)
        return source.error();
    ExportOutcome outcome;
    if (request.format == "pseudonyms") { // names, not free text: nothing to check, one file
        auto written = writePseudonymKey(*source, request.out);
        if (!written)
            return written.error();
        outcome.files = {request.out};
        if (auto done = recordExportOrRemove(ws, "pseudonym key export (" + std::to_string(written->rows) + " people)", outcome.files); !done)
            return done.error();
        outcome.counts = *written;
        outcome.summary = "the names behind " + std::to_string(written->rows) + " pseudonyms written to " + request.out.string()
                        + ": keep this file apart from the research files";
        return outcome;
    }
    auto notices = source->scanFreeText();
    if (!notices)
        return notices.error();
    outcome.notices = std::move(*notices);
    if (onNotice)
        for (const PiiNotice& n : outcome.notices)
            onNotice(n);
    source->setProgress(progress);
    outcome.files = {request.out};
    common::Result<ExportCounts> counts = ExportCounts{};
    int64_t merged = 0; // boris project: overlapping intervals merged
    if (request.format == "csv") {
        const auto planned = plannedFiles(request);
        outcome.files.insert(outcome.files.end(), planned.begin() + 1, planned.begin() + 4);
        counts = writeResearchCsv(*source, request.out, planned[1]);
    } else if (request.format == "json") {
        counts = writeResearchJson(*source, request.out);
    } else if (isBorisProject(request)) {
        auto written = writeBorisProject(*source, request.out);
        if (!written)
            return written.error();
        counts = written->counts;
        merged = written->mergedTags;
    } else {
        counts = writeBorisTsv(*source, request.out);
    }
    if (!counts)
        return counts.error();
    if (request.format != "json" && !isBorisProject(request)) { // the JSON and the project carry the same facts
        const std::filesystem::path readme = dataDictionaryPathFor(request.out);
        if (auto done = writeDataDictionary(*source, request.format, readme); !done)
            return done.error();
        outcome.files.push_back(readme);
    }
    outcome.counts = *counts;
    for (const auto& e : source->encounters())
        outcome.encounters.push_back(e.reference);
    if (auto done = recordExportOrRemove(ws, request.format + " export (" + std::to_string(counts->annotations) + " tags)", outcome.files); !done)
        return done.error();
    outcome.summary = std::to_string(counts->annotations) + " tags of " + std::to_string(counts->encounters)
                    + " encounters written to " + request.out.string();
    if (request.format == "csv")
        outcome.summary += " (encounters: " + outcome.files[1].string() + ")";
    if (merged)
        outcome.summary += "; " + std::to_string(merged) + " overlapping interval tags of one code, subject and intensity "
                           "by one coder were merged into the one before (BORIS pairs a state's start and stop)";
    return outcome;
}

} // namespace exchange
