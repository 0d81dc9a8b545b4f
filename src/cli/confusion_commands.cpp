// stats confusion: the code-by-code table of two coders on an encounter (issue 12).
#include <cmath>
#include <cstdio>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/confusion.hpp"
#include "cli/commands.hpp"
#include "cli/review_commands.hpp"
#include "common/json_text.hpp"
#include "review/encounter.hpp"

namespace cli {
namespace {

using nlohmann::json;

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

json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json tableJson(const analysis::ConfusionTable& t)
{
    json j;
    if (!t.group.empty())
        j["group"] = t.group;
    j["codes"] = t.codes;
    j["matrix"] = t.counts;
    j["pairs"] = t.pairs;
    j["agreed"] = t.agreed;
    j["agreement"] = number(t.percentAgreement);
    j["kappa"] = t.kappa ? json(*t.kappa) : json(nullptr);
    j["kappaNote"] = t.kappa ? json(nullptr) : json(t.kappaNote);
    return j;
}

std::string percent(double share)
{
    if (!std::isfinite(share))
        return "n/a";
    char text[32];
    std::snprintf(text, sizeof text, "%.1f%%", share * 100.0);
    return text;
}

void printTable(const analysis::ConfusionTable& t, const std::string& title)
{
    std::string kappa = "n/a (" + t.kappaNote + ")";
    if (t.kappa) {
        char text[32];
        std::snprintf(text, sizeof text, "%.3f", *t.kappa);
        kappa = text;
    }
    std::printf("\n%s: %zu pairs, %zu agreed (%s), kappa %s\n", title.c_str(), t.pairs, t.agreed,
                percent(t.percentAgreement).c_str(), kappa.c_str());
    std::size_t width = 7;
    for (const std::string& code : t.codes)
        width = std::max(width, code.size());
    std::printf("  %-*s", static_cast<int>(width), "");
    for (const std::string& code : t.codes)
        std::printf(" %*s", static_cast<int>(width), code.c_str());
    std::printf("\n");
    for (std::size_t i = 0; i < t.codes.size(); ++i) {
        std::printf("  %-*s", static_cast<int>(width), t.codes[i].c_str());
        for (std::size_t count : t.counts[i])
            std::printf(" %*zu", static_cast<int>(width), count);
        std::printf("\n");
    }
}

struct ConfusionOptions {
    std::string encounter, coders;
    double tolerance = 1.0;
    bool json = false;
};

int runConfusion(const ConfusionOptions& o, const Context& context)
{
    auto ws = openWorkspace(context);
    if (!ws)
        return reportError(ws.error());
    auto encounter = review::findEncounter(*ws, o.encounter);
    if (!encounter)
        return reportError(encounter.error());
    auto c = analysis::encounterConfusion(*ws, o.encounter, splitList(o.coders), o.tolerance);
    if (!c)
        return reportError(c.error());
    if (o.json) {
        json j;
        j["encounter"] = encounter->reference;
        j["coders"] = {c->coderA, c->coderB};
        j["toleranceSeconds"] = c->toleranceSeconds;
        j["pairs"] = {{"sameCode", c->sameCode}, {"crossCode", c->crossCode}, {"withNothing", c->alone},
                      {"total", c->pairs.size()}};
        j["overall"] = tableJson(c->overall);
        j["groups"] = json::array();
        for (const analysis::ConfusionTable& g : c->groups)
            j["groups"].push_back(tableJson(g));
        std::puts(common::jsonText(j, 2).c_str());
        return kExitOk;
    }
    std::printf("encounter %s: rows %s, columns %s; tolerance %g s\n", encounter->reference.c_str(), c->coderA.c_str(),
                c->coderB.c_str(), c->toleranceSeconds);
    std::printf("%zu pairs: %zu of the same code, %zu of different codes, %zu with nothing\n", c->pairs.size(),
                c->sameCode, c->crossCode, c->alone);
    printTable(c->overall, "all codes");
    for (const analysis::ConfusionTable& g : c->groups)
        printTable(g, "group " + g.group);
    return kExitOk;
}

} // namespace

void addConfusionCommand(CLI::App& stats, Context& context)
{
    auto o = std::make_shared<ConfusionOptions>();
    CLI::App* cmd = stats.add_subcommand(
        "confusion", "Which code one coder gave where another gave which, on an encounter: a code-by-code table");
    cmd->add_option("--encounter", o->encounter, "Encounter reference or UUID")->required();
    cmd->add_option("--coders", o->coders, "The two coders, rows first: A,B")->required();
    cmd->add_option("--tolerance", o->tolerance, "Point tags this many seconds apart or closer match (default 1)");
    cmd->add_flag("--json", o->json, "One JSON object");
    cmd->callback([o, &context] { context.exitCode = runConfusion(*o, context); });
}

} // namespace cli
