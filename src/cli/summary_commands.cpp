// stats summary: counts and rates per code and group, GOWISELY, time to the first
// escalation and de-escalation follow-ups (analysis/summary.hpp), as text or JSON.
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/json_text.hpp"
#include "analysis/summary.hpp"
#include "analysis/summary_source.hpp"
#include "cli/commands.hpp"
#include "cli/exchange_commands.hpp"
#include "cli/review_commands.hpp"
#include "review/workspace.hpp"

namespace cli {
namespace {

using nlohmann::json;

struct SummaryCliOptions {
    std::optional<std::string> screening, quarter;
    std::string by;
    double window = 30.0;
    bool json = false;
};

json rateJson(const analysis::CodeRate& r)
{
    return {{"code", r.code}, {"group", r.group}, {"tags", r.tags}, {"encountersWith", r.encountersWith},
            {"encounters", r.encounters}, {"share", r.share}, {"perEncounter", r.perEncounter}};
}

json optNumber(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

std::string pct(double share) 
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f%%", share * 100.0);
    return text;
}

void printSummary(const analysis::Summary& s, const SummaryCliOptions& o)
{
    if (o.json) {
        json groups = json::array();
        for (const auto& g : s.groups) {
            json codes = json::array(), codeGroups = json::array();
            for (const auto& r : g.codes)
                codes.push_back(rateJson(r));
            for (const auto& r : g.groups)
                codeGroups.push_back(rateJson(r));
            groups.push_back({{"value", g.value}, {"encounters", g.encounters}, {"tags", g.tags}, {"codes", codes},
                              {"codeGroups", codeGroups}});
        }
        json gowisely = json::array();
        for (const auto& e : s.gowisely)
            gowisely.push_back({{"element", e.element}, {"code", e.code}, {"given", e.given}, {"notGiven", e.notGiven},
                                {"unclear", e.unclear}, {"encounters", e.encounters}, {"rate", optNumber(e.rate)}});
        const auto& fe = s.firstEscalation;
        json perEncounter = json::array();
        for (const auto& [ref, seconds] : fe.perEncounter)
            perEncounter.push_back({{"encounter", ref}, {"seconds", seconds}});
        json follow = json::array();
        for (const auto& f : s.followUps)
            follow.push_back({{"code", f.code}, {"escalationsFollowed", f.escalationsFollowed},
                              {"escalations", f.escalations}, {"share", f.share}, {"encountersWith", f.encountersWith}});
        json j = {{"scope", {{"screening", o.screening ? json(*o.screening) : json(nullptr)},
                             {"quarter", o.quarter ? json(*o.quarter) : json(nullptr)}}},
                  {"by", s.by.empty() ? json(nullptr) : json(s.by)},
                  {"encounters", s.encounters},
                  {"tags", s.tags},
                  {"groups", groups},
                  {"gowisely", gowisely},
                  {"firstEscalation", {{"encounters", fe.encounters}, {"withEscalation", fe.withEscalation},
                                       {"medianSeconds", optNumber(fe.medianSeconds)},
                                       {"meanSeconds", optNumber(fe.meanSeconds)},
                                       {"minSeconds", optNumber(fe.minSeconds)}, {"maxSeconds", optNumber(fe.maxSeconds)},
                                       {"perEncounter", perEncounter}}},
                  {"followUps", {{"windowSeconds", s.windowSeconds}, {"escalations", s.escalations},
                                 {"followedByAny", s.escalationsFollowedByAny}, {"codes", follow}}}};
        std::puts(common::jsonText(j, 2).c_str());
        return;
    }
    std::printf("%lld encounters, %lld tags", static_cast<long long>(s.encounters), static_cast<long long>(s.tags));
    if (o.screening)
        std::printf(", screening %s", o.screening->c_str());
    if (o.quarter)
        std::printf(", quarter %s", o.quarter->c_str());
    std::printf("\n");
    for (const auto& g : s.groups) {
        if (!s.by.empty())
            std::printf("\n%s = %s: %lld encounters, %lld tags\n", s.by.c_str(), g.value.c_str(),
                        static_cast<long long>(g.encounters), static_cast<long long>(g.tags));
        else
            std::printf("\n");
        std::printf("  %-10s %6s %10s %8s %9s\n", "code", "tags", "encounters", "share", "per enc.");
        for (const auto* table : {&g.groups, &g.codes}) {
            for (const auto& r : *table)
                std::printf("  %-10s %6lld %4lld of %-3lld %8s %9.2f\n", r.code.c_str(), static_cast<long long>(r.tags),
                            static_cast<long long>(r.encountersWith), static_cast<long long>(r.encounters),
                            pct(r.share).c_str(), r.perEncounter);
        }
    }
    std::printf("\nGOWISELY (form answer, else a tag):\n");
    for (const auto& e : s.gowisely)
        std::printf("  %s %-6s given %lld of %lld (%s), unclear %lld\n", e.element.c_str(), e.code.c_str(),
                    static_cast<long long>(e.given), static_cast<long long>(e.encounters),
                    e.rate ? pct(*e.rate).c_str() : "n/a", static_cast<long long>(e.unclear));
    const auto& fe = s.firstEscalation;
    std::printf("\nfirst escalation: in %lld of %lld encounters", static_cast<long long>(fe.withEscalation),
                static_cast<long long>(fe.encounters));
    if (fe.medianSeconds)
        std::printf("; median %.1f s, mean %.1f s, range %.1f-%.1f s", *fe.medianSeconds, *fe.meanSeconds,
                    *fe.minSeconds, *fe.maxSeconds);
    std::printf("\n");
    std::printf("\nde-escalation within %g s of an escalation (same coder): %lld of %lld escalations\n",
                s.windowSeconds, static_cast<long long>(s.escalationsFollowedByAny), static_cast<long long>(s.escalations));
    for (const auto& f : s.followUps)
        std::printf("  %-8s after %lld escalations (%s) in %lld encounters\n", f.code.c_str(),
                    static_cast<long long>(f.escalationsFollowed), pct(f.share).c_str(),
                    static_cast<long long>(f.encountersWith));
}

} // namespace

void addSummaryCommands(CLI::App& app, Context& context)
{
    CLI::App* stats = nullptr;
    for (CLI::App* sub : app.get_subcommands({}))
        if (sub->get_name() == "stats")
            stats = sub;
    if (!stats)
        stats = app.add_subcommand("stats", "Reliability and summaries");
    auto o = std::make_shared<SummaryCliOptions>();
    CLI::App* cmd = stats->add_subcommand("summary", "Counts and rates per code and group, GOWISELY, escalation timing");
    cmd->add_option("--screening", o->screening, "Only the encounters of this screening (UUID or name)");
    cmd->add_option("--quarter", o->quarter, "Only encounters dated in this quarter, YYYY-Qn");
    cmd->add_option("--by", o->by, "Split by: encounter, screening, quarter, bcu, borough, age_range, "
                                   "officer_defined_ethnicity, self_defined_ethnicity, search_type, legislation, "
                                   "grounds_flags, outcome, ...");
    cmd->add_option("--window", o->window, "Seconds after an escalation in which de-escalation counts (default 30)");
    cmd->add_flag("--json", o->json, "Print JSON");
    cmd->callback([o, &context] {
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        auto data = analysis::loadSummaryData(*ws, {o->screening, o->quarter});
        if (!data)
            return fail(context, data.error());
        std::vector<std::string> scope;
        for (const auto& e : data->encounters)
            scope.push_back(e.reference);
        if (auto warned = warnBlindEncounters(*ws, scope); !warned)
            return fail(context, warned.error());
        analysis::SummaryOptions options;
        options.by = o->by;
        options.windowSeconds = o->window;
        auto summary = analysis::summarise(*data, options);
        if (!summary)
            return fail(context, summary.error());
        printSummary(*summary, *o);
    });
}

} // namespace cli
