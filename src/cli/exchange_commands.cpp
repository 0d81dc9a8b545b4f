// export csv|json|boris|eaf|report|rollup, import eaf|boris, bench export (README "Exports"). The work is in
// src/exchange; this file parses options, prints warnings and the outcome.
#include "common/json_text.hpp"
#include "cli/commands.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <variant>

#include <nlohmann/json.hpp>

#include "cli/exchange_commands.hpp"
#include "cli/review_commands.hpp"
#include "exchange/boris_import.hpp"
#include "exchange/boris_project.hpp"
#include "exchange/eaf_encounter.hpp"
#include "exchange/eaf_io.hpp"
#include "exchange/exports.hpp"
#include "exchange/pdf_writer.hpp"
#include "exchange/research_export.hpp"
#include "exchange/rollup_report.hpp"
#include "exchange/screening_report.hpp"
#include "review/encounter.hpp"
#include "review/screening.hpp"
#include "review/footage.hpp"
#include "review/workspace.hpp"

namespace cli {
namespace {

using nlohmann::json;

struct ExportOptions {
    std::string out;
    std::string encountersOut;
    std::optional<std::string> screening;
    std::string encounter;
    bool redact = false;
    bool withTranscript = false;
    bool force = false;
};

void warnPii(const exchange::PiiNotice& n, bool redact)
{
    warn(exchange::describeNotice(n, redact));
}

// export csv|json|boris|eaf: exchange::runExport does the work; warnings go to stderr.
void runFileExport(const std::string& format, const ExportOptions& o, Context& context)
{
    if (o.out.empty() || (format == "eaf" && o.encounter.empty()))
        return fail(context, common::makeError(common::ErrorCode::Usage,
                                               format == "eaf" ? "export eaf needs --encounter REF and --out FILE"
                                                               : "export " + format + " needs --out FILE"));
    auto ws = openWorkspace(context);
    if (!ws)
        return fail(context, ws.error());
    exchange::ExportRequest request;
    request.format = format;
    request.out = o.out;
    request.encountersOut = o.encountersOut;
    request.screening = o.screening;
    request.encounter = o.encounter;
    request.redact = o.redact;
    request.replaceExisting = o.force;
    request.withTranscript = o.withTranscript;
    auto outcome = exchange::runExport(*ws, request, {}, [&](const exchange::PiiNotice& n) { warnPii(n, o.redact); });
    if (!outcome)
        return fail(context, outcome.error());
    if (auto warned = warnBlindEncounters(*ws, outcome->encounters); !warned)
        return fail(context, warned.error());
    std::printf("%s\n", outcome->summary.c_str());
}

// export report | rollup: the screening's feedback report or the quarter's roll-up, as PDF
// or XLSX, through exchange::runExport like every export.
void runReportExport(const std::string& kind, const ExportOptions& o, const std::string& document,
                     const std::string& quarter, Context& context)
{
    if (document != "pdf" && document != "xlsx")
        return fail(context, common::makeError(common::ErrorCode::Usage, "--format must be pdf or xlsx, not \"" + document + "\""));
    if ((kind == "report" && !o.screening) || o.out.empty())
        return fail(context, common::makeError(common::ErrorCode::Usage,
                                               kind == "report" ? "export report needs --screening ID and --out FILE"
                                                                : "export rollup needs --quarter YYYY-Qn and --out FILE"));
    auto ws = openWorkspace(context);
    if (!ws)
        return fail(context, ws.error());
    exchange::ExportRequest request;
    request.format = kind;
    request.document = document;
    request.out = o.out;
    request.screening = o.screening;
    request.quarter = quarter;
    request.redact = o.redact;
    request.replaceExisting = o.force;
    auto outcome = exchange::runExport(*ws, request, {}, [&](const exchange::PiiNotice& n) { warnPii(n, o.redact); });
    if (!outcome)
        return fail(context, outcome.error());
    if (auto warned = warnBlindEncounters(*ws, outcome->encounters); !warned)
        return fail(context, warned.error());
    std::printf("%s\n", outcome->summary.c_str());
}

struct ImportOptions {
    std::string file;
    std::string encounter;
    std::vector<std::string> maps;
    bool dryRun = false;
    bool json = false;
    bool skipUnknown = false;
};

void runEafImport(const ImportOptions& o, Context& context)
{
    exchange::EafImportOptions options;
    options.encounterRef = o.encounter;
    options.dryRun = o.dryRun;
    options.source = o.file;
    for (const std::string& m : o.maps) {
        auto eq = m.rfind('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == m.size())
            return fail(context, common::makeError(common::ErrorCode::Usage, "--map wants TIER=CODE, got \"" + m + "\""));
        options.tierCodes[m.substr(0, eq)] = m.substr(eq + 1);
    }
    auto doc = exchange::readEaf(o.file);
    if (!doc)
        return fail(context, doc.error());
    auto ws = openWorkspace(context);
    if (!ws)
        return fail(context, ws.error());
    auto report = exchange::importEafDocument(*ws, *doc, options);
    if (!report)
        return fail(context, report.error());
    const exchange::EafImport& r = *report;
    for (const std::string& w : r.offsetWarnings)
        warn(w);
    if (o.json) {
        json tiers = json::array();
        for (const auto& t : r.tiers)
            tiers.push_back({{"tier", t.tier}, {"coder", t.coder.empty() ? json(nullptr) : json(t.coder)},
                             {"mappedBy", t.mappedBy}, {"alignable", t.alignable}, {"reference", t.reference},
                             {"imported", t.imported}, {"duplicates", t.duplicates}, {"unmapped", t.unmapped},
                             {"pointsWithDuration", t.pointsWithDuration}, {"unmappedValues", t.unmappedValues}});
        json j = {{"file", r.file}, {"encounter", r.encounter}, {"dryRun", o.dryRun},
                  {"annotations", {{"alignable", r.alignable}, {"reference", r.reference}, {"imported", r.imported},
                                   {"duplicates", r.duplicates}, {"unmapped", r.unmapped}}},
                  {"timeSlots", {{"total", r.timeSlots}, {"unaligned", r.unalignedTimeSlots}}},
                  {"tiers", tiers}, {"camerasMatched", r.camerasMatched}, {"offsetWarnings", r.offsetWarnings}};
        std::puts(common::jsonText(j, 2).c_str());
        return;
    }
    std::printf("%s: %zu time-aligned and %zu reference annotations, %zu time slots (%zu without a time)\n",
                r.file.c_str(), r.alignable, r.reference, r.timeSlots, r.unalignedTimeSlots);
    for (const auto& t : r.tiers) {
        if (t.mappedBy == "notes") {
            std::printf("  tier %s: notes (subject, intensity, value, comment) of the tier above\n", t.tier.c_str());
            continue;
        }
        std::printf("  tier %s: %zu imported", t.tier.c_str(), t.imported);
        if (!t.coder.empty())
            std::printf(" as %s", t.coder.c_str());
        if (!t.mappedBy.empty())
            std::printf(" (codes from %s)", t.mappedBy.c_str());
        if (t.duplicates)
            std::printf(", %zu already there", t.duplicates);
        if (t.unmapped) {
            std::printf(", %zu not mapped to a code:", t.unmapped);
            for (std::size_t i = 0; i < t.unmappedValues.size(); ++i)
                std::printf("%s \"%s\"", i ? "," : "", t.unmappedValues[i].c_str());
            if (t.unmapped > t.unmappedValues.size())
                std::printf(" ...");
        }
        if (t.pointsWithDuration)
            std::printf("; %zu point codes had a duration (start kept)", t.pointsWithDuration);
        std::printf("\n");
    }
    std::printf("%s%zu tags imported into encounter %s, %zu already there, %zu not mapped\n",
                o.dryRun ? "dry run: " : "", r.imported, r.encounter.c_str(), r.duplicates, r.unmapped);
    if (r.unmapped)
        std::printf("  map a tier to a code with --map TIER=CODE, or name values after code ids or labels\n");
}

void runBorisImport(const ImportOptions& o, Context& context)
{
    auto project = exchange::readBorisProject(o.file);
    if (!project)
        return fail(context, project.error());
    auto ws = openWorkspace(context);
    if (!ws)
        return fail(context, ws.error());
    exchange::BorisImportOptions options;
    options.encounterRef = o.encounter;
    options.dryRun = o.dryRun;
    options.skipUnknown = o.skipUnknown;
    options.source = o.file;
    auto report = exchange::importBorisProject(*ws, *project, options);
    if (!report)
        return fail(context, report.error());
    const exchange::BorisImport& r = *report;
    if (o.json) {
        json observations = json::array();
        for (const auto& ob : r.observations)
            observations.push_back({{"observation", ob.observation}, {"coder", ob.coder.empty() ? json(nullptr) : json(ob.coder)},
                                    {"events", ob.events}, {"imported", ob.imported}, {"duplicates", ob.duplicates},
                                    {"skipped", ob.skipped}, {"kindChanged", ob.kindChanged}});
        json j = {{"file", r.file}, {"encounter", r.encounter}, {"dryRun", o.dryRun},
                  {"annotations", {{"events", r.events}, {"imported", r.imported}, {"duplicates", r.duplicates},
                                   {"skipped", r.skipped}, {"kindChanged", r.kindChanged}}},
                  {"skippedBehaviors", r.skippedBehaviors}, {"unknownSubjects", r.unknownSubjects},
                  {"observations", observations}};
        std::puts(common::jsonText(j, 2).c_str());
        return;
    }
    for (const auto& ob : r.observations) {
        std::printf("  observation %s: %zu events, %zu tags imported", ob.observation.c_str(), ob.events, ob.imported);
        if (!ob.coder.empty())
            std::printf(" as %s", ob.coder.c_str());
        if (ob.duplicates)
            std::printf(", %zu already there", ob.duplicates);
        if (ob.skipped)
            std::printf(", %zu left out", ob.skipped);
        std::printf("\n");
    }
    if (!r.skippedBehaviors.empty()) {
        std::string names;
        for (const auto& b : r.skippedBehaviors)
            names += (names.empty() ? "" : ", ") + b;
        warn("behaviours with no code, left out: " + names);
    }
    if (!r.unknownSubjects.empty()) {
        std::string names;
        for (const auto& s : r.unknownSubjects)
            names += (names.empty() ? "" : ", ") + s;
        warn("subjects that are not the codebook's, left off the tags: " + names);
    }
    if (r.kindChanged)
        warn(std::to_string(r.kindChanged) + " events were of another kind than their code (a state on a point code keeps "
             "its start; a point on an interval code has no length)");
    std::printf("%s%zu tags imported into encounter %s from %zu events, %zu already there\n", o.dryRun ? "dry run: " : "",
                r.imported, r.encounter.c_str(), r.events, r.duplicates);
}

} // namespace

void addExchangeCommands(CLI::App& app, Context& context)
{
    CLI::App* exportCmd = app.add_subcommand("export", "Pseudonymised exports: research CSV, JSON, BORIS, ELAN, feedback report, roll-up");
    exportCmd->require_subcommand(1);
    for (const char* format : {"csv", "json", "boris"}) {
        auto o = std::make_shared<ExportOptions>();
        std::string name = format;
        const char* what = name == "csv"    ? "Tidy CSV: one row per tag, and one per encounter in FILE_encounters.csv"
                           : name == "json" ? "JSON dump of codebooks, coders, encounters, screenings, tags, feedback"
                                            : "For BORIS: a project (--out FILE.boris) or tabular events (TSV, any other name)";
        CLI::App* cmd = exportCmd->add_subcommand(name, what);
        cmd->add_option("--out", o->out, "Output file")->required();
        if (name == "csv")
            cmd->add_option("--encounters-out", o->encountersOut,
                            "Encounters CSV (default: FILE with _encounters before the extension)");
        cmd->add_option("--screening", o->screening, "Only the encounters of this screening (UUID or name)");
        cmd->add_flag("--redact", o->redact, "Replace what looks like names, registrations, phones, postcodes, emails");
        if (name != "boris")
            cmd->add_flag("--with-transcript", o->withTranscript,
                          "Add to each tag the transcript lines it covers (checked and redacted like comments)");
        addForceFlag(cmd, o->force);
        cmd->callback([o, name, &context] { runFileExport(name, *o, context); });
    }
    auto eaf = std::make_shared<ExportOptions>();
    CLI::App* eafCmd = exportCmd->add_subcommand("eaf", "One encounter's tags as ELAN EAF 3.0");
    eafCmd->add_option("--encounter", eaf->encounter, "Encounter reference or UUID")->required();
    eafCmd->add_option("--out", eaf->out, "Output .eaf file")->required();
    eafCmd->add_flag("--redact", eaf->redact, "Replace personal details found in comments");
    addForceFlag(eafCmd, eaf->force);
    eafCmd->callback([eaf, &context] { runFileExport("eaf", *eaf, context); });

    auto key = std::make_shared<ExportOptions>();
    CLI::App* keyCmd = exportCmd->add_subcommand("pseudonyms", "The key of coders' pseudonyms to their names (lead only, audited)");
    keyCmd->add_option("--out", key->out, "Output CSV file")->required();
    keyCmd->add_option("--screening", key->screening, "Only the people of this screening's encounters (UUID or name)");
    addForceFlag(keyCmd, key->force);
    keyCmd->callback([key, &context] { runFileExport("pseudonyms", *key, context); });

    auto report = std::make_shared<ExportOptions>();
    auto reportFormat = std::make_shared<std::string>("xlsx");
    CLI::App* reportCmd = exportCmd->add_subcommand("report", "A screening's feedback report, as PDF or a workbook");
    reportCmd->add_option("--screening", report->screening, "Screening UUID or name")->required();
    reportCmd->add_option("--format", *reportFormat, "pdf or xlsx (default xlsx)");
    reportCmd->add_option("--out", report->out, "Output file")->required();
    reportCmd->add_flag("--redact", report->redact, "Replace personal details found in free text");
    addForceFlag(reportCmd, report->force);
    reportCmd->callback([report, reportFormat, &context] { runReportExport("report", *report, *reportFormat, "", context); });

    auto rollup = std::make_shared<ExportOptions>();
    auto rollupFormat = std::make_shared<std::string>("pdf");
    auto rollupQuarter = std::make_shared<std::string>();
    CLI::App* rollupCmd = exportCmd->add_subcommand("rollup", "The quarterly roll-up of the screenings held in a quarter");
    rollupCmd->add_option("--quarter", *rollupQuarter, "YYYY-Qn, e.g. 2024-Q2")->required();
    rollupCmd->add_option("--format", *rollupFormat, "pdf or xlsx (default pdf)");
    rollupCmd->add_option("--out", rollup->out, "Output file")->required();
    rollupCmd->add_flag("--redact", rollup->redact, "Replace personal details found in free text");
    addForceFlag(rollupCmd, rollup->force);
    rollupCmd->callback([rollup, rollupFormat, rollupQuarter, &context] {
        runReportExport("rollup", *rollup, *rollupFormat, *rollupQuarter, context);
    });

    CLI::App* importCmd = app.add_subcommand("import", "Import tags from other tools");
    importCmd->require_subcommand(1);
    auto im = std::make_shared<ImportOptions>();
    CLI::App* importEaf = importCmd->add_subcommand("eaf", "Tags from an ELAN EAF file onto an encounter");
    importEaf->add_option("FILE", im->file, "The .eaf file")->required();
    importEaf->add_option("--encounter", im->encounter, "Encounter reference or UUID")->required();
    importEaf->add_option("--map", im->maps, "TIER=CODE: every annotation of the tier is a tag of CODE");
    importEaf->add_flag("--dry-run", im->dryRun, "Map and count, save nothing");
    importEaf->add_flag("--json", im->json, "Print what was imported as JSON");
    importEaf->callback([im, &context] { runEafImport(*im, context); });
    auto ib = std::make_shared<ImportOptions>();
    CLI::App* importBoris = importCmd->add_subcommand("boris", "Tags from a BORIS project (.boris) onto an encounter");
    importBoris->add_option("FILE", ib->file, "The .boris project")->required();
    importBoris->add_option("--encounter", ib->encounter, "Encounter reference or UUID")->required();
    importBoris->add_flag("--skip-unknown", ib->skipUnknown, "Leave out events of behaviours that name no code");
    importBoris->add_flag("--dry-run", ib->dryRun, "Map and count, save nothing");
    importBoris->add_flag("--json", ib->json, "Print what was imported as JSON");
    importBoris->callback([ib, &context] { runBorisImport(*ib, context); });

    addSummaryCommands(app, context);
    addExportBench(app, context);
}

} // namespace cli
