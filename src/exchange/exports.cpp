#include "exchange/exports.hpp"

#include <system_error>

#include "exchange/eaf_encounter.hpp"
#include "exchange/eaf_io.hpp"
#include "review/encounter.hpp"
#include "review/footage.hpp"
#include "review/workspace.hpp"

namespace exchange {

common::Status recordExportOrRemove(review::Workspace& ws, const std::string& what, const std::vector<std::filesystem::path>& files)
{
    for (const auto& file : files) {
        if (auto done = review::recordExport(ws, what, file); !done) {
            std::error_code ignored;
            for (const auto& f : files)
                std::filesystem::remove(f, ignored);
            return done.error();
        }
    }
    return {};
}

namespace {

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
    if (auto done = writeEaf(eaf->document, request.out); !done) {
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

std::string describeNotice(const PiiNotice& n, bool redact)
{
    return n.table + ", " + n.row + ", " + n.field + ": looks like a " + piiKindName(n.kind)
         + (redact ? " (replaced)" : " (check it, or export with redaction)");
}

common::Result<std::vector<PiiNotice>> checkExport(review::Workspace& ws, const ExportRequest& request)
{
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
    if (request.format == "eaf")
        return runEafExport(ws, request, progress, onNotice);
    if (request.format != "csv" && request.format != "json" && request.format != "boris")
        return common::makeError(common::ErrorCode::Usage, "there is no export format '" + request.format
                                                               + "' (csv, json, boris or eaf)");
    ResearchExportOptions options;
    options.redact = request.redact;
    options.screening = request.screening;
    auto source = ExportSource::open(ws, options);
    if (!source)
        return source.error();
    ExportOutcome outcome;
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
    if (request.format == "csv") {
        std::filesystem::path encounters = request.encountersOut.empty() ? encountersPathFor(request.out) : request.encountersOut;
        if (std::filesystem::weakly_canonical(encounters) == std::filesystem::weakly_canonical(request.out))
            return common::makeError(common::ErrorCode::Usage, "the encounters file must differ from the tags file",
                                     request.out.string());
        outcome.files.push_back(encounters);
        counts = writeResearchCsv(*source, request.out, encounters);
    } else if (request.format == "json") {
        counts = writeResearchJson(*source, request.out);
    } else {
        counts = writeBorisTsv(*source, request.out);
    }
    if (!counts)
        return counts.error();
    outcome.counts = *counts;
    for (const auto& e : source->encounters())
        outcome.encounters.push_back(e.reference);
    if (auto done = recordExportOrRemove(ws, request.format + " export (" + std::to_string(counts->annotations) + " tags)", outcome.files); !done)
        return done.error();
    outcome.summary = std::to_string(counts->annotations) + " tags of " + std::to_string(counts->encounters)
                    + " encounters written to " + request.out.string();
    if (outcome.files.size() > 1)
        outcome.summary += " (encounters: " + outcome.files[1].string() + ")";
    return outcome;
}

} // namespace exchange
