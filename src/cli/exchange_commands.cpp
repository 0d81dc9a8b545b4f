// export csv|json|boris|eaf, import eaf, bench export (README "Exports"). The work is in
// src/exchange; this file parses options, prints warnings and the outcome.
#include "cli/commands.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>

#include <nlohmann/json.hpp>

#include "analysis/summary.hpp"
#include "analysis/summary_source.hpp"
#include "cli/exchange_commands.hpp"
#include "cli/review_commands.hpp"
#include "exchange/eaf_encounter.hpp"
#include "exchange/eaf_io.hpp"
#include "exchange/exports.hpp"
#include "exchange/research_export.hpp"
#include "exchange/xlsx_writer.hpp"
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
};

void warnPii(const exchange::PiiNotice& n, bool redact)
{
    warn(exchange::describeNotice(n, redact));
}

std::vector<std::string> referencesOf(const exchange::ExportSource& source)
{
    std::vector<std::string> refs;
    for (const auto& e : source.encounters())
        refs.push_back(e.reference);
    return refs;
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
    auto outcome = exchange::runExport(*ws, request, {}, [&](const exchange::PiiNotice& n) { warnPii(n, o.redact); });
    if (!outcome)
        return fail(context, outcome.error());
    if (auto warned = warnBlindEncounters(*ws, outcome->encounters); !warned)
        return fail(context, warned.error());
    std::printf("%s\n", outcome->summary.c_str());
}

// export report: the screening's tables, one sheet each, pseudonymised like every export.
void runReport(const ExportOptions& o, const std::string& format, Context& context)
{
    if (format != "xlsx")
        return fail(context, common::makeError(common::ErrorCode::Usage, "--format must be xlsx"));
    if (!o.screening || o.out.empty())
        return fail(context, common::makeError(common::ErrorCode::Usage, "export report needs --screening ID and --out FILE"));
    auto ws = openWorkspace(context);
    if (!ws)
        return fail(context, ws.error());
    auto screening = review::findScreening(*ws, *o.screening);
    if (!screening)
        return fail(context, screening.error());
    exchange::ResearchExportOptions options;
    options.redact = o.redact;
    options.screening = screening->uuid;
    auto source = exchange::ExportSource::open(*ws, options);
    if (!source)
        return fail(context, source.error());
    if (auto warned = warnBlindEncounters(*ws, referencesOf(*source)); !warned)
        return fail(context, warned.error());
    auto notices = source->scanFreeText();
    if (!notices)
        return fail(context, notices.error());
    for (const auto& n : *notices)
        warnPii(n, o.redact);
    auto data = analysis::loadSummaryData(*ws, {screening->uuid, std::nullopt});
    if (!data)
        return fail(context, data.error());
    auto summary = analysis::summarise(*data, {});
    if (!summary)
        return fail(context, summary.error());
    auto feedback = source->feedback();
    if (!feedback)
        return fail(context, feedback.error());
    const exchange::Pseudonymiser& names = source->pseudonymiser();
    using exchange::XlsxCell;
    auto num = [](double v) { return XlsxCell{{}, v}; };
    auto text = [](std::string v) { return XlsxCell{std::move(v), std::nullopt}; };
    std::vector<exchange::XlsxSheet> sheets;

    exchange::XlsxSheet about{"screening", {"field", "value"}, {}};
    about.rows.push_back({text("name"), text(screening->name)});
    about.rows.push_back({text("date"), text(screening->date.value_or(""))});
    about.rows.push_back({text("panel"), text(screening->panel)});
    about.rows.push_back({text("force"), text(screening->force)});
    about.rows.push_back({text("venue"), text(screening->venue.value_or(""))});
    about.rows.push_back({text("selection"), text(screening->selection.value_or(""))});
    about.rows.push_back({text("encounters"), num(static_cast<double>(source->encounters().size()))});
    sheets.push_back(std::move(about));

    exchange::XlsxSheet encounters{"encounters", {"encounter"}, {}};
    for (const std::string& c : source->encounterColumns())
        encounters.header.push_back(c);
    encounters.header.push_back("tags");
    for (const auto& e : source->encounters()) {
        std::vector<XlsxCell> row = {text(e.pseudonym)};
        for (const auto& [name, value] : e.fields)
            row.push_back(text(value));
        row.push_back(num(static_cast<double>(e.tags)));
        encounters.rows.push_back(std::move(row));
    }
    sheets.push_back(std::move(encounters));

    exchange::XlsxSheet codes{"codes", {"code", "group", "tags", "encounters with", "encounters", "share", "per encounter"}, {}};
    for (const auto& g : summary->groups)
        for (const auto* table : {&g.groups, &g.codes})
            for (const auto& r : *table)
                codes.rows.push_back({text(r.code), text(r.group), num(static_cast<double>(r.tags)),
                                      num(static_cast<double>(r.encountersWith)), num(static_cast<double>(r.encounters)),
                                      num(r.share), num(r.perEncounter)});
    sheets.push_back(std::move(codes));

    exchange::XlsxSheet gowisely{"gowisely", {"element", "code", "given", "not given", "unclear", "encounters", "rate"}, {}};
    for (const auto& e : summary->gowisely)
        gowisely.rows.push_back({text(e.element), text(e.code), num(static_cast<double>(e.given)),
                                 num(static_cast<double>(e.notGiven)), num(static_cast<double>(e.unclear)),
                                 num(static_cast<double>(e.encounters)), e.rate ? num(*e.rate) : text("")});
    sheets.push_back(std::move(gowisely));

    exchange::XlsxSheet escalation{"first escalation", {"encounter", "seconds"}, {}};
    for (const auto& [ref, seconds] : summary->firstEscalation.perEncounter)
        escalation.rows.push_back({text(names.encounter(ref)), num(seconds)});
    sheets.push_back(std::move(escalation));

    exchange::XlsxSheet follow{"de-escalation", {"code", "escalations followed", "escalations", "share", "encounters"}, {}};
    for (const auto& f : summary->followUps)
        follow.rows.push_back({text(f.code), num(static_cast<double>(f.escalationsFollowed)),
                               num(static_cast<double>(f.escalations)), num(f.share),
                               num(static_cast<double>(f.encountersWith))});
    sheets.push_back(std::move(follow));

    exchange::XlsxSheet answers{"feedback", {"screening", "encounter", "member", "question", "answer"}, {}};
    for (const auto& f : *feedback)
        answers.rows.push_back({text(f.screening), text(f.encounter), text(f.coder), text(f.question), text(f.value)});
    sheets.push_back(std::move(answers));

    if (auto done = exchange::writeXlsx(sheets, o.out); !done)
        return fail(context, done.error());
    if (auto done = exchange::recordExportOrRemove(*ws, "xlsx report of screening " + screening->name, {o.out}); !done)
        return fail(context, done.error());
    std::printf("report of screening %s (%zu encounters, %zu sheets) written to %s\n", screening->name.c_str(),
                source->encounters().size(), sheets.size(), o.out.c_str());
}

struct ImportOptions {
    std::string file;
    std::string encounter;
    std::vector<std::string> maps;
    bool dryRun = false;
    bool json = false;
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
    auto report = exchange::importEafDocument(databasePathOf(context), context.coder, *doc, options);
    if (!report)
        return fail(context, report.error());
    const exchange::EafImport& r = *report;
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
                  {"tiers", tiers}};
        std::puts(j.dump(2).c_str());
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

} // namespace

void addExchangeCommands(CLI::App& app, Context& context)
{
    CLI::App* exportCmd = app.add_subcommand("export", "Pseudonymised exports: research CSV, JSON, BORIS, ELAN");
    exportCmd->require_subcommand(1);
    for (const char* format : {"csv", "json", "boris"}) {
        auto o = std::make_shared<ExportOptions>();
        std::string name = format;
        const char* what = name == "csv"    ? "Tidy CSV: one row per tag, and one per encounter in FILE_encounters.csv"
                           : name == "json" ? "JSON dump of codebooks, coders, encounters, screenings, tags, feedback"
                                            : "BORIS-style tabular events (TSV)";
        CLI::App* cmd = exportCmd->add_subcommand(name, what);
        cmd->add_option("--out", o->out, "Output file")->required();
        if (name == "csv")
            cmd->add_option("--encounters-out", o->encountersOut,
                            "Encounters CSV (default: FILE with _encounters before the extension)");
        cmd->add_option("--screening", o->screening, "Only the encounters of this screening (UUID or name)");
        cmd->add_flag("--redact", o->redact, "Replace what looks like names, registrations, phones, postcodes, emails");
        cmd->callback([o, name, &context] { runFileExport(name, *o, context); });
    }
    auto eaf = std::make_shared<ExportOptions>();
    CLI::App* eafCmd = exportCmd->add_subcommand("eaf", "One encounter's tags as ELAN EAF 3.0");
    eafCmd->add_option("--encounter", eaf->encounter, "Encounter reference or UUID")->required();
    eafCmd->add_option("--out", eaf->out, "Output .eaf file")->required();
    eafCmd->add_flag("--redact", eaf->redact, "Replace personal details found in comments");
    eafCmd->callback([eaf, &context] { runFileExport("eaf", *eaf, context); });

    auto report = std::make_shared<ExportOptions>();
    auto reportFormat = std::make_shared<std::string>("xlsx");
    CLI::App* reportCmd = exportCmd->add_subcommand("report", "A screening's tables as a workbook, one sheet per table");
    reportCmd->add_option("--screening", report->screening, "Screening UUID or name")->required();
    reportCmd->add_option("--format", *reportFormat, "xlsx (the only one so far)");
    reportCmd->add_option("--out", report->out, "Output file")->required();
    reportCmd->add_flag("--redact", report->redact, "Replace personal details found in free text");
    reportCmd->callback([report, reportFormat, &context] { runReport(*report, *reportFormat, context); });

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

    addSummaryCommands(app, context);
    addExportBench(app, context);
}

} // namespace cli
