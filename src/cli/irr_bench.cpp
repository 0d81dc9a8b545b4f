// bench irr: speed figures for the reliability code (see irr_bench.hpp).
#include "common/json_text.hpp"
#include "cli/irr_bench.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/event_agreement.hpp"
#include "analysis/matrix_reliability.hpp"
#include "analysis/ratings_matrix.hpp"
#include "cli/commands.hpp"
#include "common/error.hpp"

namespace cli {
namespace {

using nlohmann::json;

int usage(const std::string& message)
{
    return reportError(common::makeError(common::ErrorCode::Usage, message));
}

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
        std::puts(common::jsonText(j, 2).c_str());
        return kExitOk;
    }
    std::printf("per-code reliability (events + 1 s time units; kappa, alpha, AC1 and Brennan-Prediger per code and overall)\n");
    std::printf("  %zu coders, %zu tags, %zu codes, %zu events, %zu time units\n", coders, tags.size(),
                last->codes.size(), last->overall.events, last->timeUnits);
    std::printf("  median %.1f ms, min %.1f ms, max %.1f ms over %d runs\n", median, times.front(), times.back(), repeat);
    return kExitOk;
}

// Raters scoring units on a 1-5 scale: a true score per unit, a small bias per rater and
// noise, rounded and clamped; about 2% of cells left empty.
analysis::RatingsMatrix syntheticRatings(std::size_t units, std::size_t raters, std::uint64_t seed)
{
    Random rng{seed};
    std::vector<std::string> names;
    std::vector<double> bias;
    for (std::size_t r = 0; r < raters; ++r) {
        names.push_back("rater" + std::to_string(r + 1));
        bias.push_back(rng.uniform() - 0.5);
    }
    std::vector<std::vector<std::string>> cells(units, std::vector<std::string>(raters));
    for (std::size_t u = 0; u < units; ++u) {
        double truth = 1.0 + 4.0 * rng.uniform();
        for (std::size_t r = 0; r < raters; ++r) {
            if (rng.uniform() < 0.02)
                continue;
            double noise = (rng.uniform() + rng.uniform() + rng.uniform() - 1.5) * 1.2;
            double score = std::clamp(std::round(truth + bias[r] + noise), 1.0, 5.0);
            cells[u][r] = std::to_string(static_cast<int>(score));
        }
    }
    return analysis::RatingsMatrix::fromLabels(names, cells);
}

struct Timed {
    std::string label;
    analysis::MatrixRequest request;
    bool firstTwoRaters = false; // Cohen's kappa compares two raters
};

int runMatrixBench(std::size_t units, std::size_t raters, int repeat, bool asJson)
{
    if (units < 10 || raters < 2 || repeat < 1)
        return usage("bench irr --matrix-units needs 10 or more units, --matrix-raters 2 or more, --repeat 1 or more");
    analysis::RatingsMatrix m = syntheticRatings(units, raters, 42);
    analysis::RatingsMatrix pair = m.pickRaters({0, 1});
    std::vector<Timed> runs;
    auto add = [&](std::string label, std::string method, auto&& setup, bool twoRaters = false) {
        analysis::MatrixRequest r;
        r.method = std::move(method);
        setup(r);
        runs.push_back({std::move(label), std::move(r), twoRaters});
    };
    auto none = [](analysis::MatrixRequest&) {};
    add("cohen (raters 1-2)", "cohen", none, true);
    add("cohen quadratic (raters 1-2)", "cohen", [](auto& r) { r.weights = "quadratic"; }, true);
    add("fleiss", "fleiss", none);
    add("alpha nominal + bootstrap", "alpha", none);
    add("alpha interval + bootstrap", "alpha", [](auto& r) { r.level = "interval"; });
    for (const char* model : {"oneway", "twoway-consistency", "twoway-agreement"})
        for (const char* unit : {"single", "average"})
            add(std::string("icc ") + model + " " + unit, "icc", [&](auto& r) {
                r.model = model;
                r.unit = unit;
            });
    add("gwet AC1", "gwet", none);
    for (const char* w : {"linear", "quadratic", "ordinal"})
        add(std::string("gwet AC2 ") + w, "gwet", [&](auto& r) { r.weights = w; });
    add("bp", "bp", none);
    add("conger", "conger", none);
    add("light + bootstrap", "light", none);
    add("kendall + bootstrap", "kendall", none);
    add("finn oneway + bootstrap", "finn", none);
    add("finn twoway + bootstrap", "finn", [](auto& r) { r.model = "twoway"; });
    add("agreement exact", "agreement", none);
    add("agreement within 1", "agreement", [](auto& r) {
        r.within = 1;
        r.withinGiven = true;
    });
    json out = json::array();
    if (!asJson) {
        std::printf("every stats irr --matrix method on %zu units x %zu raters (1-5 scale, ~2%% missing),\n", units,
                    raters);
        std::printf("intervals included (bootstrap: 1000 replicates); median of %d runs\n", repeat);
        std::printf("  %-34s %8s %17s %10s\n", "method", "value", "95% interval", "median ms");
    }
    for (const Timed& t : runs) {
        std::vector<double> times;
        common::Result<analysis::Agreement> result = common::makeError(common::ErrorCode::Internal, "not run");
        for (int i = 0; i < repeat; ++i) {
            auto started = std::chrono::steady_clock::now();
            result = analysis::matrixReliability(t.firstTwoRaters ? pair : m, t.request);
            times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
            if (!result)
                return reportError(result.error());
        }
        std::sort(times.begin(), times.end());
        double median = times[times.size() / 2];
        const analysis::Agreement& a = *result;
        if (asJson) {
            out.push_back({{"method", t.label}, {"value", a.value},
                           {"ci_low", std::isfinite(a.ciLow) ? json(a.ciLow) : json(nullptr)},
                           {"ci_high", std::isfinite(a.ciHigh) ? json(a.ciHigh) : json(nullptr)},
                           {"medianMs", median}, {"minMs", times.front()}, {"maxMs", times.back()}});
            continue;
        }
        char interval[40] = "-";
        if (std::isfinite(a.ciLow))
            std::snprintf(interval, sizeof interval, "%.3f to %.3f", a.ciLow, a.ciHigh);
        std::printf("  %-34s %8.3f %17s %10.3f\n", t.label.c_str(), a.value, interval, median);
    }
    if (asJson)
        std::puts(common::jsonText(json({{"units", units}, {"raters", raters}, {"repeat", repeat}, {"methods", out}}), 2).c_str());
    return kExitOk;
}

} // namespace

void addIrrBench(CLI::App& bench, Context& context)
{
    struct Options {
        std::size_t coders = 3, tags = 2000, codes = 30, matrixUnits = 0, matrixRaters = 10;
        int repeat = 5;
        bool json = false;
    };
    auto o = std::make_shared<Options>();
    CLI::App* irr = bench.add_subcommand(
        "irr", "Reliability speed: per-code reliability of synthetic tags, or every --matrix method (--matrix-units)");
    irr->add_option("--coders", o->coders, "coders (default 3)");
    irr->add_option("--tags", o->tags, "tags in all (default 2000)");
    irr->add_option("--codes", o->codes, "distinct codes (default 30)");
    irr->add_option("--matrix-units", o->matrixUnits, "time every stats irr --matrix method on this many units");
    irr->add_option("--matrix-raters", o->matrixRaters, "with --matrix-units: raters (default 10)");
    irr->add_option("--repeat", o->repeat, "runs; the median is reported (default 5)");
    irr->add_flag("--json", o->json, "Print JSON");
    irr->callback([o, &context] {
        context.exitCode = o->matrixUnits ? runMatrixBench(o->matrixUnits, o->matrixRaters, o->repeat, o->json)
                                          : runIrrBench(o->coders, o->tags, o->codes, o->repeat, o->json);
    });
}

} // namespace cli
