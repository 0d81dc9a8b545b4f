// stats irr: inter-rater reliability of a ratings matrix (CSV) or of an encounter's tags;
// bench irr and bench eaf: speed figures for the reliability and ELAN code.
#include "cli/commands.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <sstream>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "analysis/agreement.hpp"
#include "analysis/event_agreement.hpp"
#include "analysis/ratings_matrix.hpp"
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
    std::string encounter;
    std::string coders;
    double tolerance = 1.0;
    double unit = 1.0;
    int replicates = 1000;
    std::uint64_t seed = 20111;
    bool json = false;
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

int runMatrix(const IrrOptions& o)
{
    using namespace analysis;
    if (o.method != "cohen" && o.method != "fleiss" && o.method != "alpha")
        return usage("--method must be cohen, fleiss or alpha");
    if (!o.level.empty() && o.method != "alpha")
        return usage("--level applies to --method alpha only");
    if (!o.weights.empty() && o.method != "cohen")
        return usage("--weights applies to --method cohen only");
    Level level = Level::Nominal;
    if (o.level == "ordinal")
        level = Level::Ordinal;
    else if (o.level == "interval")
        level = Level::Interval;
    else if (o.level == "ratio")
        level = Level::Ratio;
    else if (!o.level.empty() && o.level != "nominal")
        return usage("--level must be nominal, ordinal, interval or ratio");
    Weights weights = Weights::None;
    if (o.weights == "linear")
        weights = Weights::Linear;
    else if (o.weights == "quadratic")
        weights = Weights::Quadratic;
    else if (!o.weights.empty())
        return usage("--weights must be linear or quadratic");
    auto started = std::chrono::steady_clock::now();
    auto matrix = readRatingsCsv(o.matrix);
    if (!matrix)
        return reportError(matrix.error());
    if (weights != Weights::None && !matrix->numeric())
        return reportError(common::makeError(common::ErrorCode::InvalidInput,
                                             "weighted kappa needs numeric ratings; the file has text labels",
                                             o.matrix));
    common::Result<Agreement> result = o.method == "cohen"    ? cohenKappa(*matrix, weights)
                                       : o.method == "fleiss" ? fleissKappa(*matrix)
                                                              : krippendorffAlpha(*matrix, level);
    if (!result)
        return reportError(common::makeError(result.error().code, result.error().message, o.matrix));
    std::optional<Interval> interval;
    if (o.method == "alpha") {
        auto boot = bootstrapAlpha(*matrix, level, o.replicates, 0.95, o.seed);
        if (!boot)
            result->warnings.push_back("no bootstrap interval: " + boot.error().message);
        else
            interval = *boot;
    }
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();

    const Agreement& a = *result;
    std::string name = o.method == "cohen"    ? std::string("Cohen's kappa") + (weights == Weights::None ? "" : std::string(" (") + weightsName(weights) + " weights)")
                       : o.method == "fleiss" ? std::string("Fleiss' kappa")
                                              : std::string("Krippendorff's alpha (") + levelName(level) + ")";
    if (o.json) {
        json j = toJson(a);
        j["file"] = o.matrix;
        j["method"] = o.method;
        if (o.method == "alpha")
            j["level"] = levelName(level);
        if (o.method == "cohen")
            j["weights"] = weightsName(weights);
        j["raters"] = matrix->raters();
        j["categories"] = matrix->categories();
        if (!a.perCategory.empty()) {
            json per = json::array();
            for (std::size_t c = 0; c < a.perCategory.size(); ++c)
                per.push_back({{"category", matrix->categories()[c]}, {"kappa", number(a.perCategory[c])}});
            j["perCategory"] = per;
        }
        if (interval)
            j["interval"] = {{"low", interval->low}, {"high", interval->high}, {"confidence", 0.95},
                             {"replicates", o.replicates}, {"seed", o.seed}, {"method", "percentile, units resampled"}};
        std::puts(j.dump(2).c_str());
        return kExitOk;
    }
    std::printf("%s: %s\n", name.c_str(), fmt(a.value).c_str());
    if (interval)
        std::printf("  95%% bootstrap interval: %s to %s (%d replicates, seed %llu)\n", fmt(interval->low).c_str(),
                    fmt(interval->high).c_str(), o.replicates, static_cast<unsigned long long>(o.seed));
    std::printf("  percent agreement: %s\n", pct(a.percentAgreement).c_str());
    std::printf("  units: %zu used", a.units);
    if (a.unitsDropped)
        std::printf(", %zu left out (%s)", a.unitsDropped,
                    o.method == "alpha" ? "fewer than two ratings" : "a rating missing");
    std::printf("; raters: %zu; categories: %zu\n", matrix->raterCount(), matrix->categoryCount());
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
    put("timeUnit", "kappa", c.timeUnitKappa);
    put("timeUnit", "alpha", c.timeUnitAlpha);
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
        std::puts(j.dump(2).c_str());
        return;
    }
    std::string coders;
    for (const auto& c : r.coders)
        coders += (coders.empty() ? "" : ", ") + c;
    const char* kappa = r.coders.size() == 2 ? "Cohen" : "Fleiss";
    std::printf("%s: coders %s; %zu tags; tolerance %s s; time unit %s s (%zu units); kappa is %s's\n",
                title.c_str(), coders.c_str(), r.overall.tags, fmt(r.toleranceSeconds, "%g").c_str(),
                fmt(r.timeUnitSeconds, "%g").c_str(), r.timeUnits, kappa);
    std::printf("%-12s %5s %6s %5s %8s %8s %8s %8s %8s\n", "code", "tags", "events", "all", "ev.kappa", "ev.alpha",
                "tu.kappa", "tu.alpha", "tu.agree");
    auto value = [](const std::optional<analysis::Agreement>& a) { return a ? fmt(a->value) : std::string("n/a"); };
    auto row = [&](const analysis::CodeReliability& c) {
        std::printf("%-12s %5zu %6zu %5zu %8s %8s %8s %8s %8s\n", c.code.c_str(), c.tags, c.events, c.eventsByAll,
                    value(c.eventKappa).c_str(), value(c.eventAlpha).c_str(), value(c.timeUnitKappa).c_str(),
                    value(c.timeUnitAlpha).c_str(),
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
    auto ws = openWorkspace(context);
    if (!ws)
        return reportError(ws.error());
    auto encounter = review::findEncounter(*ws, o.encounter);
    if (!encounter)
        return reportError(encounter.error());
    // Blind coding: agreement figures would tell a coder what the others tagged.
    if (auto may = review::requireSightOfOthers(*ws, o.encounter, "measuring agreement"); !may)
        return reportError(may.error());
    auto started = std::chrono::steady_clock::now();
    std::vector<analysis::TimedTag> tags;
    for (const std::string& coder : coders) {
        review::AnnotationFilter filter;
        filter.encounterRef = o.encounter;
        filter.coder = coder;
        auto list = review::listAnnotations(*ws, filter);
        if (!list)
            return reportError(list.error());
        if (list->empty())
            return reportError(common::makeError(common::ErrorCode::NotFound,
                                                 "coder " + coder + " has no tags on this encounter", o.encounter));
        for (const review::Annotation& a : *list)
            tags.push_back({coder, a.code, a.startUs, a.endUs});
    }
    auto result = analysis::encounterReliability(tags, coders, {o.tolerance, o.unit});
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

// Coders who see the same events with jitter, misses and extra tags: about `totalTags`
// tags over an hour, `codes` codes, a third of them intervals.
std::vector<analysis::TimedTag> syntheticTags(std::size_t coders, std::size_t totalTags, std::size_t codes,
                                              std::uint64_t seed)
{
    Random rng{seed};
    std::vector<analysis::TimedTag> tags;
    const double detect = 0.85, extra = 0.10;
    std::size_t events = static_cast<std::size_t>(static_cast<double>(totalTags) /
                                                  (static_cast<double>(coders) * (detect + extra)));
    for (std::size_t e = 0; e < events; ++e) {
        double at = rng.uniform() * 3600.0;
        std::string code = "C" + std::to_string(rng.next() % codes);
        bool interval = rng.next() % 3 == 0;
        double length = 2.0 + rng.uniform() * 20.0;
        for (std::size_t c = 0; c < coders; ++c) {
            std::string coder = "coder" + std::to_string(c + 1);
            if (rng.uniform() < detect) {
                double start = std::max(0.0, at + (rng.uniform() - 0.5));
                std::optional<std::int64_t> end;
                if (interval)
                    end = static_cast<std::int64_t>((start + length * (0.8 + 0.4 * rng.uniform())) * 1e6);
                tags.push_back({coder, code, static_cast<std::int64_t>(start * 1e6), end});
            }
            if (rng.uniform() < extra)
                tags.push_back({coder, "C" + std::to_string(rng.next() % codes),
                                static_cast<std::int64_t>(rng.uniform() * 3600.0 * 1e6), std::nullopt});
        }
    }
    return tags;
}

int runIrrBench(std::size_t coders, std::size_t totalTags, std::size_t codes, int repeat, bool asJson)
{
    if (coders < 2 || totalTags < 10 || codes < 1 || repeat < 1)
        return usage("bench irr needs --coders 2 or more, --tags 10 or more, --codes 1 or more");
    std::vector<std::string> names;
    for (std::size_t c = 0; c < coders; ++c)
        names.push_back("coder" + std::to_string(c + 1));
    std::vector<analysis::TimedTag> tags = syntheticTags(coders, totalTags, codes, 42);
    std::vector<double> times;
    std::optional<analysis::EncounterReliability> last;
    for (int i = 0; i < repeat; ++i) {
        auto started = std::chrono::steady_clock::now();
        auto r = analysis::encounterReliability(tags, names, {1.0, 1.0});
        times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
        if (!r)
            return reportError(r.error());
        last = std::move(*r);
    }
    std::sort(times.begin(), times.end());
    double median = times[times.size() / 2];
    if (asJson) {
        json j = {{"coders", coders}, {"tags", tags.size()}, {"codes", last->codes.size()},
                  {"events", last->overall.events}, {"timeUnits", last->timeUnits}, {"repeat", repeat},
                  {"medianMs", median}, {"minMs", times.front()}, {"maxMs", times.back()}};
        std::puts(j.dump(2).c_str());
        return kExitOk;
    }
    std::printf("per-code reliability (events + 1 s time units, kappa and alpha per code and overall)\n");
    std::printf("  %zu coders, %zu tags, %zu codes, %zu events, %zu time units\n", coders, tags.size(),
                last->codes.size(), last->overall.events, last->timeUnits);
    std::printf("  median %.1f ms, min %.1f ms, max %.1f ms over %d runs\n", median, times.front(), times.back(), repeat);
    return kExitOk;
}

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
        std::puts(j.dump(2).c_str());
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
    irr->add_option("--method", o->method, "cohen | fleiss | alpha (with --matrix)");
    irr->add_option("--level", o->level, "alpha: nominal (default) | ordinal | interval | ratio");
    irr->add_option("--weights", o->weights, "cohen: linear | quadratic (default unweighted)");
    irr->add_option("--replicates", o->replicates, "alpha: bootstrap replicates (default 1000)");
    irr->add_option("--seed", o->seed, "alpha: bootstrap seed (default 20111)");
    auto* encounter = irr->add_option("--encounter", o->encounter, "encounter reference or UUID (needs --coders)");
    irr->add_option("--coders", o->coders, "with --encounter: coder names, comma separated (A,B[,C...])");
    irr->add_option("--tolerance", o->tolerance, "with --encounter: seconds within which point tags agree (default 1)");
    irr->add_option("--unit", o->unit, "with --encounter: time unit in seconds for time-unit kappa (default 1)");
    irr->add_flag("--json", o->json, "Print JSON");
    matrix->excludes(encounter);
    irr->callback([o, &context] {
        if (!o->matrix.empty()) {
            if (o->method.empty()) {
                context.exitCode = usage("--matrix needs --method cohen, fleiss or alpha");
                return;
            }
            context.exitCode = runMatrix(*o);
        } else if (!o->encounter.empty()) {
            context.exitCode = runEncounter(*o, context);
        } else {
            context.exitCode = usage("stats irr needs --matrix FILE.csv or --encounter REF");
        }
    });

    // bench irr / bench eaf, under the `bench` command that bench_commands.cpp creates.
    if (CLI::App* bench = findSubcommand(app, "bench")) {
        struct BenchOptions {
            std::size_t coders = 3, tags = 2000, codes = 30, count = 100000;
            int repeat = 5;
            bool json = false;
        };
        auto b = std::make_shared<BenchOptions>();
        CLI::App* irrBench = bench->add_subcommand("irr", "Per-code reliability of synthetic timed tags");
        irrBench->add_option("--coders", b->coders, "coders (default 3)");
        irrBench->add_option("--tags", b->tags, "tags in all (default 2000)");
        irrBench->add_option("--codes", b->codes, "distinct codes (default 30)");
        irrBench->add_option("--repeat", b->repeat, "runs; the median is reported (default 5)");
        irrBench->add_flag("--json", b->json, "Print JSON");
        irrBench->callback([b, &context] { context.exitCode = runIrrBench(b->coders, b->tags, b->codes, b->repeat, b->json); });
        CLI::App* eafBench = bench->add_subcommand("eaf", "Write and read back an EAF with many annotations");
        eafBench->add_option("--count", b->count, "time-aligned annotations (default 100000)");
        eafBench->add_flag("--json", b->json, "Print JSON");
        eafBench->callback([b, &context] { context.exitCode = runEafBench(b->count, b->json); });
    }
}

} // namespace cli
