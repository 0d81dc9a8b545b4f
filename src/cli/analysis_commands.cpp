// stats irr: inter-rater reliability of a ratings matrix (CSV) or of an encounter's tags;
// bench eaf: speed figures for the ELAN code (bench irr: irr_bench.cpp).
#include "common/json_text.hpp"
#include "cli/commands.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <sstream>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "analysis/disagreements.hpp"
#include "analysis/agreement.hpp"
#include "analysis/event_agreement.hpp"
#include "analysis/matrix_reliability.hpp"
#include "analysis/ratings_matrix.hpp"
#include "cli/irr_bench.hpp"
#include "cli/review_commands.hpp"
#include "exchange/eaf_io.hpp"
#include "review/annotation.hpp"
#include "review/blind_coding.hpp"
#include "review/encounter.hpp"
#include "review/workspace.hpp"

namespace cli {
namespace {

using nlohmann::json;

struct IrrOptions {
    std::string matrix;
    std::string method;
    std::string level;
    std::string weights;
    std::string weightsFile;
    std::string model;
    std::string unitText; // --matrix icc: single|average; --encounter: seconds
    std::string encounter;
    std::string coders;
    double tolerance = 1.0;
    double within = 0;
    int levels = 0;
    int replicates = 1000;
    std::uint64_t seed = 20111;
    bool json = false;
    bool withinGiven = false, levelsGiven = false, replicatesGiven = false;
};

json number(double v)
{
    return std::isfinite(v) ? json(v) : json(nullptr);
}

json toJson(const analysis::Agreement& a)
{
    json j;
    j["value"] = number(a.value);
    j["observed"] = number(a.observed);
    j["expected"] = number(a.expected);
    j["percentAgreement"] = number(a.percentAgreement);
    j["units"] = a.units;
    j["unitsDropped"] = a.unitsDropped;
    if (a.prevalenceBias) {
        j["prevalenceIndex"] = number(a.prevalenceBias->prevalenceIndex);
        j["biasIndex"] = number(a.prevalenceBias->biasIndex);
        j["pabak"] = number(a.prevalenceBias->pabak);
    }
    j["warnings"] = a.warnings;
    j["ci_low"] = number(a.ciLow);
    j["ci_high"] = number(a.ciHigh);
    if (!a.name.empty())
        j["name"] = a.name;
    if (!a.intervalMethod.empty())
        j["intervalMethod"] = a.intervalMethod;
    for (const analysis::Detail& d : a.details)
        j[d.key] = number(d.value);
    return j;
}

std::string fmt(double v, const char* format = "%.3f")
{
    if (!std::isfinite(v))
        return "n/a";
    char text[64];
    std::snprintf(text, sizeof text, format, v);
    return text;
}

std::string pct(double share)
{
    return std::isfinite(share) ? fmt(share * 100.0, "%.1f") + "%" : "n/a";
}

std::vector<std::string> splitList(const std::string& text)
{
    std::vector<std::string> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
        if (!item.empty())
            out.push_back(item);
    return out;
}

int usage(const std::string& message)
{
    return reportError(common::makeError(common::ErrorCode::Usage, message));
}

// --- ratings matrix ---------------------------------------------------------------------

// Which way the interval was found, for the text output.
void printInterval(const analysis::Agreement& a, const IrrOptions& o)
{
    if (!std::isfinite(a.ciLow) || !std::isfinite(a.ciHigh))
        return;
    if (a.intervalMethod.find("bootstrap") != std::string::npos)
        std::printf("  95%% bootstrap interval: %s to %s (%d replicates, seed %llu)\n", fmt(a.ciLow).c_str(),
                    fmt(a.ciHigh).c_str(), o.replicates, static_cast<unsigned long long>(o.seed));
    else
        std::printf("  95%% interval: %s to %s (%s)\n", fmt(a.ciLow).c_str(), fmt(a.ciHigh).c_str(),
                    a.intervalMethod.c_str());
}

const char* droppedReason(const std::string& method)
{
    if (method == "alpha")
        return "fewer than two ratings";
    if (method == "gwet" || method == "bp" || method == "conger")
        return "no rating at all";
    return "a rating missing";
}

int runMatrix(const IrrOptions& o)
{
    using namespace analysis;
    MatrixRequest request;
    request.method = o.method;
    request.level = o.level;
    request.weights = o.weights;
    request.model = o.model;
    request.unit = o.unitText;
    request.within = o.within;
    request.withinGiven = o.withinGiven;
    request.levels = o.levels;
    request.levelsGiven = o.levelsGiven;
    request.replicatesGiven = o.replicatesGiven;
    request.bootstrap.replicates = o.replicates;
    request.bootstrap.seed = o.seed;
    if (!o.weightsFile.empty())
        request.weightsTable = WeightsTable{}; // checked before the file is read
    if (auto ok = checkMatrixRequest(request); !ok)
        return reportError(ok.error());
    auto started = std::chrono::steady_clock::now();
    if (!o.weightsFile.empty()) {
        auto table = readWeightsCsv(o.weightsFile);
        if (!table)
            return reportError(table.error());
        request.weightsTable = std::move(*table);
        request.weightsSource = o.weightsFile;
    }
    auto matrix = readRatingsCsv(o.matrix);
    if (!matrix)
        return reportError(matrix.error());
    auto result = matrixReliability(*matrix, request);
    if (!result)
        return reportError(common::makeError(result.error().code, result.error().message,
                                             result.error().context.empty() ? o.matrix : result.error().context));
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();

    const Agreement& a = *result;
    if (o.json) {
        json j = toJson(a);
        j["file"] = o.matrix;
        j["method"] = o.method;
        if (o.method == "alpha")
            j["level"] = o.level.empty() ? "nominal" : o.level;
        if (o.method == "cohen")
            j["weights"] = !o.weightsFile.empty() ? "file" : o.weights.empty() ? "unweighted" : o.weights;
        if (o.method == "gwet")
            j["weights"] = o.weights.empty() ? "unweighted" : o.weights;
        if (o.method == "icc") {
            j["model"] = o.model;
            j["unit"] = o.unitText;
        }
        j["raters"] = matrix->raters();
        j["categories"] = matrix->categories();
        if (!a.perCategory.empty()) {
            json per = json::array();
            for (std::size_t c = 0; c < a.perCategory.size(); ++c)
                per.push_back({{"category", matrix->categories()[c]}, {"kappa", number(a.perCategory[c])}});
            j["perCategory"] = per;
        }
        if (o.method == "alpha" && std::isfinite(a.ciLow))
            j["interval"] = {{"low", a.ciLow}, {"high", a.ciHigh}, {"confidence", 0.95},
                             {"replicates", o.replicates}, {"seed", o.seed}, {"method", "percentile, units resampled"}};
        else if (a.intervalMethod.find("bootstrap") != std::string::npos)
            j["bootstrap"] = {{"replicates", o.replicates}, {"seed", o.seed}};
        j["milliseconds"] = ms;
        std::puts(common::jsonText(j, 2).c_str());
        return kExitOk;
    }
    std::printf("%s: %s\n", a.name.c_str(), fmt(a.value).c_str());
    printInterval(a, o);
    std::printf("  percent agreement: %s\n", pct(a.percentAgreement).c_str());
    std::printf("  units: %zu used", a.units);
    if (a.unitsDropped)
        std::printf(", %zu left out (%s)", a.unitsDropped, droppedReason(o.method));
    std::printf("; raters: %zu; categories: %zu\n", matrix->raterCount(), matrix->categoryCount());
    if (!a.details.empty()) {
        std::string line;
        for (const analysis::Detail& d : a.details)
            line += (line.empty() ? "" : ", ") + d.key + " " + fmt(d.value, "%.4g");
        std::printf("  %s\n", line.c_str());
    }
    for (std::size_t c = 0; c < a.perCategory.size(); ++c)
        std::printf("  category %s: kappa %s\n", matrix->categories()[c].c_str(), fmt(a.perCategory[c]).c_str());
    if (a.prevalenceBias)
        std::printf("  prevalence index %s, bias index %s, PABAK %s\n", fmt(a.prevalenceBias->prevalenceIndex).c_str(),
                    fmt(a.prevalenceBias->biasIndex).c_str(), fmt(a.prevalenceBias->pabak).c_str());
    for (const std::string& w : a.warnings)
        std::printf("  warning: %s\n", w.c_str());
    std::printf("  (computed in %.1f ms)\n", ms);
    return kExitOk;
}

// --- timed tags -------------------------------------------------------------------------

json toJson(const analysis::CodeReliability& c)
{
    json j;
    j["code"] = c.code;
    j["tags"] = c.tags;
    j["events"] = c.events;
    j["eventsByAll"] = c.eventsByAll;
    auto put = [&](const char* group, const char* key, const std::optional<analysis::Agreement>& a) {
        j[group][key] = a ? toJson(*a) : json(nullptr);
    };
    put("event", "kappa", c.eventKappa);
    put("event", "alpha", c.eventAlpha);
    put("event", "ac1", c.eventAc1);
    put("event", "bp", c.eventBp);
    put("timeUnit", "kappa", c.timeUnitKappa);
    put("timeUnit", "alpha", c.timeUnitAlpha);
    put("timeUnit", "ac1", c.timeUnitAc1);
    put("timeUnit", "bp", c.timeUnitBp);
    j["notes"] = c.notes;
    return j;
}

void printReliability(const analysis::EncounterReliability& r, const std::string& title, double ms, bool asJson)
{
    if (asJson) {
        json j;
        j["encounter"] = title;
        j["coders"] = r.coders;
        j["kappa"] = r.coders.size() == 2 ? "cohen" : "fleiss";
        j["toleranceSeconds"] = r.toleranceSeconds;
        j["timeUnitSeconds"] = r.timeUnitSeconds;
        j["timeUnits"] = r.timeUnits;
        j["codes"] = json::array();
        for (const auto& c : r.codes)
            j["codes"].push_back(toJson(c));
        j["overall"] = toJson(r.overall);
        j["value"] = r.overall.eventKappa ? number(r.overall.eventKappa->value) : json(nullptr);
        j["milliseconds"] = ms;
        std::puts(common::jsonText(j, 2).c_str());
        return;
    }
    std::string coders;
    for (const auto& c : r.coders)
        coders += (coders.empty() ? "" : ", ") + c;
    const char* kappa = r.coders.size() == 2 ? "Cohen" : "Fleiss";
    std::printf("%s: coders %s; %zu tags; tolerance %s s; time unit %s s (%zu units); kappa is %s's\n",
                title.c_str(), coders.c_str(), r.overall.tags, fmt(r.toleranceSeconds, "%g").c_str(),
                fmt(r.timeUnitSeconds, "%g").c_str(), r.timeUnits, kappa);
    std::printf("%-12s %5s %6s %5s %8s %8s %7s %7s %8s %8s %7s %7s %8s\n", "code", "tags", "events", "all", "ev.kappa",
                "ev.alpha", "ev.ac1", "ev.bp", "tu.kappa", "tu.alpha", "tu.ac1", "tu.bp", "tu.agree");
    auto value = [](const std::optional<analysis::Agreement>& a) { return a ? fmt(a->value) : std::string("n/a"); };
    auto row = [&](const analysis::CodeReliability& c) {
        std::printf("%-12s %5zu %6zu %5zu %8s %8s %7s %7s %8s %8s %7s %7s %8s\n", c.code.c_str(), c.tags, c.events,
                    c.eventsByAll, value(c.eventKappa).c_str(), value(c.eventAlpha).c_str(), value(c.eventAc1).c_str(),
                    value(c.eventBp).c_str(), value(c.timeUnitKappa).c_str(), value(c.timeUnitAlpha).c_str(),
                    value(c.timeUnitAc1).c_str(), value(c.timeUnitBp).c_str(),
                    c.timeUnitKappa ? pct(c.timeUnitKappa->percentAgreement).c_str() : "n/a");
    };
    for (const auto& c : r.codes)
        row(c);
    row(r.overall);
    auto warn = [](const analysis::CodeReliability& c) {
        for (const auto* a : {&c.eventKappa, &c.timeUnitKappa})
            if (*a)
                for (const std::string& w : (*a)->warnings)
                    std::printf("  warning: %s (%s): %s\n", c.code.c_str(),
                                a == &c.eventKappa ? "events" : "time units", w.c_str());
        for (const std::string& n : c.notes)
            std::printf("  note: %s: %s\n", c.code.c_str(), n.c_str());
    };
    for (const auto& c : r.codes)
        warn(c);
    warn(r.overall);
    std::printf("  (computed in %.1f ms)\n", ms);
}

int runEncounter(const IrrOptions& o, const Context& context)
{
    std::vector<std::string> coders = splitList(o.coders);
    if (coders.size() < 2)
        return usage("--coders needs at least two coder names, separated by commas");
    // --unit is shared with --matrix icc (single|average); here it is seconds.
    double unitSeconds = 1.0;
    if (!o.unitText.empty()) {
        char* end = nullptr;
        unitSeconds = std::strtod(o.unitText.c_str(), &end);
        if (end == o.unitText.c_str() || *end != '\0')
            return usage("--unit must be a number of seconds with --encounter");
    }
    auto ws = openWorkspace(context);
    if (!ws)
        return reportError(ws.error());
    auto encounter = review::findEncounter(*ws, o.encounter);
    if (!encounter)
        return reportError(encounter.error());
    auto started = std::chrono::steady_clock::now();
    auto tags = analysis::coderTags(*ws, o.encounter, coders, review::Action::MeasureAgreement, "measuring agreement", true);
    if (!tags)
        return reportError(tags.error());
    auto result = analysis::encounterReliability(*tags, coders, {o.tolerance, unitSeconds});
    if (!result)
        return reportError(common::makeError(result.error().code, result.error().message, o.encounter));
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    printReliability(*result, "encounter " + encounter->reference, ms, o.json);
    return kExitOk;
}

// --- benchmarks -------------------------------------------------------------------------

// A deterministic generator for synthetic data (splitmix64).
struct Random {
    std::uint64_t state;
    std::uint64_t next()
    {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    double uniform() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
};

exchange::EafDocument syntheticEaf(std::size_t annotations)
{
    using namespace exchange;
    EafDocument doc;
    doc.author = "bwv-review bench";
    doc.media.push_back({"file:///bench.mp4", "video/mp4", "", std::nullopt, ""});
    doc.languages.push_back({"eng", "", "English"});
    EafControlledVocabulary cv;
    cv.id = "codes";
    for (int c = 0; c < 50; ++c)
        cv.entries.push_back({"cve" + std::to_string(c), "", {{"eng", "C" + std::to_string(c), ""}}});
    doc.vocabularies.push_back(cv);
    doc.linguisticTypes.push_back({"codes", EafConstraint::None, true, false, "codes", "", ""});
    const std::size_t tiers = 3;
    for (std::size_t t = 0; t < tiers; ++t) {
        EafTier tier;
        tier.id = "coder" + std::to_string(t + 1);
        tier.linguisticTypeRef = "codes";
        tier.annotator = tier.id;
        doc.tiers.push_back(tier);
    }
    Random rng{7};
    for (std::size_t i = 0; i < annotations; ++i) {
        std::int64_t start = static_cast<std::int64_t>(i) * 500;
        std::string s1 = "ts" + std::to_string(2 * i + 1), s2 = "ts" + std::to_string(2 * i + 2);
        doc.timeSlots.push_back({s1, start});
        doc.timeSlots.push_back({s2, start + 200 + static_cast<std::int64_t>(rng.next() % 4000)});
        EafAnnotation a;
        a.id = "a" + std::to_string(i + 1);
        a.timeSlot1 = s1;
        a.timeSlot2 = s2;
        auto code = rng.next() % 50;
        a.value = "C" + std::to_string(code);
        a.cveRef = "cve" + std::to_string(code);
        doc.tiers[i % tiers].annotations.push_back(std::move(a));
    }
    return doc;
}

int runEafBench(std::size_t count, bool asJson)
{
    if (count < 1)
        return usage("bench eaf needs --count 1 or more");
    exchange::EafDocument doc = syntheticEaf(count);
    std::filesystem::path file = std::filesystem::temp_directory_path() /
                                 ("bwv-bench-" + std::to_string(::getpid()) + ".eaf");
    auto started = std::chrono::steady_clock::now();
    auto written = exchange::writeEaf(doc, file);
    double writeMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    if (!written)
        return reportError(written.error());
    auto bytes = std::filesystem::file_size(file);
    started = std::chrono::steady_clock::now();
    auto back = exchange::readEaf(file);
    double readMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    std::error_code ignored;
    std::filesystem::remove(file, ignored);
    if (!back)
        return reportError(back.error());
    if (asJson) {
        json j = {{"annotations", count}, {"bytes", bytes}, {"writeMs", writeMs}, {"readMs", readMs}};
        std::puts(common::jsonText(j, 2).c_str());
        return kExitOk;
    }
    std::printf("EAF 3.0 with %zu time-aligned annotations on 3 tiers (%.1f MB)\n", count,
                static_cast<double>(bytes) / 1e6);
    std::printf("  write (check, build, save, rename): %.1f ms\n", writeMs);
    std::printf("  read back: %.1f ms (%zu annotations)\n", readMs, back->alignableCount());
    return kExitOk;
}

CLI::App* findSubcommand(CLI::App& app, const std::string& name)
{
    for (CLI::App* sub : app.get_subcommands({}))
        if (sub->get_name() == name)
            return sub;
    return nullptr;
}

} // namespace

void addAnalysisCommands(CLI::App& app, Context& context)
{
    CLI::App* stats = app.add_subcommand("stats", "Reliability and summaries");
    stats->require_subcommand(1);

    auto o = std::make_shared<IrrOptions>();
    CLI::App* irr = stats->add_subcommand(
        "irr", "Inter-rater reliability: of a ratings matrix (--matrix) or of coders' tags on an encounter (--encounter)");
    auto* matrix = irr->add_option("--matrix", o->matrix, "CSV: one row per unit, one column per rater, empty = missing");
    irr->add_option("--method", o->method,
                    "with --matrix: cohen | fleiss | alpha | icc | gwet | bp | conger | light | kendall | finn | agreement");
    irr->add_option("--level", o->level, "alpha: nominal (default) | ordinal | interval | ratio");
    irr->add_option("--weights", o->weights, "cohen: linear | quadratic; gwet: linear | quadratic | ordinal (AC2)");
    irr->add_option("--weights-file", o->weightsFile, "cohen: CSV of agreement or disagreement weights (README)");
    irr->add_option("--model", o->model, "icc: oneway | twoway-consistency | twoway-agreement; finn: oneway | twoway");
    irr->add_option("--unit", o->unitText,
                    "icc: single | average; with --encounter: time unit in seconds for time-unit kappa (default 1)");
    auto* within = irr->add_option("--within", o->within, "agreement: ratings this far apart still agree (default 0)");
    auto* levels = irr->add_option("--levels", o->levels, "finn: scale points (default: lowest to highest rating)");
    auto* replicates = irr->add_option("--replicates", o->replicates,
                                       "alpha, light, kendall, finn: bootstrap replicates (default 1000)");
    auto* seed = irr->add_option("--seed", o->seed, "alpha, light, kendall, finn: bootstrap seed (default 20111)");
    auto* encounter = irr->add_option("--encounter", o->encounter, "encounter reference or UUID (needs --coders)");
    irr->add_option("--coders", o->coders, "with --encounter: coder names, comma separated (A,B[,C...])");
    irr->add_option("--tolerance", o->tolerance, "with --encounter: seconds within which point tags agree (default 1)");
    irr->add_flag("--json", o->json, "Print JSON");
    matrix->excludes(encounter);
    irr->callback([o, &context, within, levels, replicates, seed] {
        o->withinGiven = within->count() > 0;
        o->levelsGiven = levels->count() > 0;
        o->replicatesGiven = replicates->count() > 0 || seed->count() > 0;
        if (!o->matrix.empty()) {
            if (o->method.empty()) {
                context.exitCode = usage("--matrix needs --method (cohen, fleiss, alpha, icc, gwet, bp, conger, light, "
                                         "kendall, finn or agreement)");
                return;
            }
            context.exitCode = runMatrix(*o);
        } else if (!o->encounter.empty()) {
            context.exitCode = runEncounter(*o, context);
        } else {
            context.exitCode = usage("stats irr needs --matrix FILE.csv or --encounter REF");
        }
    });

    addConfusionCommand(*stats, context);

    // bench irr / bench eaf, under the `bench` command that bench_commands.cpp creates.
    if (CLI::App* bench = findSubcommand(app, "bench")) {
        struct BenchOptions {
            std::size_t count = 100000;
            bool json = false;
        };
        auto b = std::make_shared<BenchOptions>();
        addIrrBench(*bench, context);
        CLI::App* eafBench = bench->add_subcommand("eaf", "Write and read back an EAF with many annotations");
        eafBench->add_option("--count", b->count, "time-aligned annotations (default 100000)");
        eafBench->add_flag("--json", b->json, "Print JSON");
        eafBench->callback([b, &context] { context.exitCode = runEafBench(b->count, b->json); });
    }
}

} // namespace cli
