// blind start | done | reopen | status;  adjudicate list | decide | decisions | finalise
#include <cstdio>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/json_text.hpp"
#include "analysis/disagreements.hpp"
#include "analysis/final_coding.hpp"
#include "cli/commands.hpp"
#include "cli/review_commands.hpp"
#include "review/adjudication.hpp"
#include "review/blind_coding.hpp"
#include "review/ids.hpp"
#include "review/time_text.hpp"

namespace cli {
namespace {

using nlohmann::json;

std::vector<std::string> splitCommas(const std::string& text)
{
    std::vector<std::string> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
        if (!item.empty())
            out.push_back(item);
    return out;
}

json optUs(const std::optional<int64_t>& us) { return us ? json(*us) : json(nullptr); }

std::string span(int64_t startUs, const std::optional<int64_t>& endUs)
{
    std::string text = review::formatSeconds(startUs);
    if (endUs)
        text += "-" + review::formatSeconds(*endUs);
    return text;
}

std::string joined(const std::vector<std::string>& items)
{
    std::string out;
    for (const std::string& item : items)
        out += (out.empty() ? "" : ", ") + item;
    return out;
}

json statusJson(const review::BlindCodingStatus& s)
{
    json passes = json::array();
    for (const review::CodingPass& p : s.passes)
        passes.push_back({{"coder", p.coder},
                          {"done", p.doneUs ? json(review::isoTime(*p.doneUs)) : json(nullptr)},
                          {"tags", optUs(p.tags)}});
    return {{"encounter", s.encounterRef},
            {"uuid", s.encounterUuid},
            {"blind", s.blind},
            {"startedBy", s.blind ? json(s.startedBy) : json(nullptr)},
            {"started", s.blind ? json(review::isoTime(s.startedUs)) : json(nullptr)},
            {"passes", passes},
            {"allPassesDone", s.allPassesDone},
            {"maySeeOthers", s.actingCoderMaySeeOthers}};
}

void printStatus(const review::BlindCodingStatus& s)
{
    if (!s.blind) {
        std::printf("encounter %s: not blind coded (everyone sees every tag)\n", s.encounterRef.c_str());
        return;
    }
    std::printf("encounter %s: blind coding started by %s (%s)\n", s.encounterRef.c_str(), s.startedBy.c_str(),
                review::isoTime(s.startedUs).c_str());
    std::size_t done = 0;
    for (const review::CodingPass& p : s.passes) {
        done += p.doneUs ? 1 : 0;
        std::string tags = p.tags ? std::to_string(*p.tags) + " tags" : "";
        std::printf("  %-16s %-26s %s\n", p.coder.c_str(),
                    p.doneUs ? ("done " + review::isoTime(*p.doneUs)).c_str() : "open", tags.c_str());
    }
    std::printf("passes done: %zu of %zu; %s\n", done, s.passes.size(),
                s.allPassesDone ? "ready for adjudication" : "adjudication waits for every pass");
    if (!s.actingCoderMaySeeOthers)
        std::printf("you see only your own tags here until you mark your pass done\n");
}

json decisionJson(const review::Decision& d)
{
    return {{"uuid", d.uuid},
            {"encounter", d.encounterRef},
            {"code", d.code},
            {"start_us", d.startUs},
            {"end_us", optUs(d.endUs)},
            {"consensusTag", d.annotationUuid ? json(*d.annotationUuid) : json(nullptr)},
            {"nothingHappened", !d.annotationUuid.has_value()},
            {"reason", d.reason},
            {"sources", d.sources},
            {"decidedBy", d.decidedBy},
            {"decided", review::isoTime(d.decidedUs)}};
}

json comparisonJson(const std::string& encounter, const analysis::CoderComparison& c)
{
    json list = json::array();
    for (const analysis::Disagreement& d : c.disagreements) {
        json tags = json::array();
        for (const analysis::EventTag& t : d.tags)
            tags.push_back({{"coder", t.coder}, {"uuid", t.uuid}, {"start_us", t.startUs}, {"end_us", optUs(t.endUs)}});
        list.push_back({{"code", d.code},
                        {"start_us", d.startUs},
                        {"end_us", optUs(d.endUs)},
                        {"taggedBy", tags},
                        {"notTaggedBy", d.notTaggedBy},
                        {"decision", d.decision ? json(*d.decision) : json(nullptr)}});
    }
    return {{"encounter", encounter},
            {"coders", c.coders},
            {"toleranceSeconds", c.toleranceSeconds},
            {"events", c.events},
            {"agreed", c.agreed},
            {"disagreements", list}};
}

void printComparison(const std::string& encounter, const analysis::CoderComparison& c)
{
    std::printf("encounter %s: %zu events of %s (tolerance %g s): %zu agreed, %zu disagreements\n", encounter.c_str(),
                c.events, joined(c.coders).c_str(), c.toleranceSeconds, c.agreed, c.disagreements.size());
    for (const analysis::Disagreement& d : c.disagreements) {
        std::printf("%-8s %-28s not tagged by %s%s\n", d.code.c_str(), span(d.startUs, d.endUs).c_str(),
                    joined(d.notTaggedBy).c_str(), d.decision ? ("  (decided: " + *d.decision + ")").c_str() : "");
        for (const analysis::EventTag& t : d.tags)
            std::printf("    tagged by %-16s %-28s %s\n", t.coder.c_str(), span(t.startUs, t.endUs).c_str(),
                        t.uuid.c_str());
    }
}

void printDecisions(const std::vector<review::Decision>& decisions)
{
    for (const review::Decision& d : decisions) {
        std::printf("%s  %-8s %-28s %s\n", d.uuid.c_str(), d.code.c_str(), span(d.startUs, d.endUs).c_str(),
                    d.annotationUuid ? ("consensus tag " + *d.annotationUuid).c_str() : "nothing happened here");
        std::printf("    by %s, %s; from %s\n    reason: %s\n", d.decidedBy.c_str(), review::isoTime(d.decidedUs).c_str(),
                    d.sources.empty() ? "no tags named" : joined(d.sources).c_str(), d.reason.c_str());
    }
}

void addBlindCommands(CLI::App& app, Context& context)
{
    CLI::App* blind = app.add_subcommand("blind", "Blind coding: each coder sees only their own tags until their pass is done");
    blind->require_subcommand(1);
    struct Options {
        std::string encounter;
        bool json = false;
    };
    auto o = std::make_shared<Options>();
    struct Step {
        const char* name;
        const char* help;
    };
    for (const Step& step : {Step{"start", "Start blind coding on an encounter (lead researcher)"},
                             Step{"done", "Mark your pass on a blind encounter done: you then see the others' tags"},
                             Step{"reopen", "Open your pass again to change your tags (recorded in the audit log)"},
                             Step{"status", "Show whether an encounter is blind and whose passes are done"}}) {
        CLI::App* cmd = blind->add_subcommand(step.name, step.help);
        cmd->add_option("--encounter", o->encounter, "Encounter reference or UUID")->required();
        const std::string name = step.name;
        if (name == "status")
            cmd->add_flag("--json", o->json, "One JSON object");
        cmd->callback([o, name, &context] {
            auto ws = openWorkspace(context);
            if (!ws)
                return fail(context, ws.error());
            common::Result<review::BlindCodingStatus> s =
                name == "start"    ? review::startBlindCoding(*ws, o->encounter)
                : name == "done"   ? review::markPassDone(*ws, o->encounter)
                : name == "reopen" ? review::reopenPass(*ws, o->encounter)
                                   : review::blindCodingStatus(*ws, o->encounter);
            if (!s)
                return fail(context, s.error());
            const char* ref = s->encounterRef.c_str();
            if (name == "start")
                std::printf("blind coding started on encounter %s: each coder sees only their own tags until they mark"
                            " their pass done (bwv-review blind done --encounter %s)\n", ref, ref);
            else if (name == "done")
                std::printf("your pass on encounter %s is done: you now see every coder's tags, and yours stay as they"
                            " are unless you reopen the pass\n", ref);
            else if (name == "reopen")
                std::printf("your pass on encounter %s is open again: the other coders' tags are hidden from you until"
                            " you mark it done\n", ref);
            else if (o->json)
                std::printf("%s\n", common::jsonText(statusJson(*s), 2).c_str());
            else
                printStatus(*s);
        });
    }
}

void addAdjudicateCommands(CLI::App& app, Context& context)
{
    CLI::App* adjudicate = app.add_subcommand("adjudicate", "Adjudication: list disagreements and record consensus decisions");
    adjudicate->require_subcommand(1);

    struct ListOptions {
        std::string encounter, coders;
        double tolerance = 1.0;
        bool json = false;
    };
    auto list = std::make_shared<ListOptions>();
    CLI::App* listCmd = adjudicate->add_subcommand("list", "The disagreements between coders on an encounter");
    listCmd->add_option("--encounter", list->encounter, "Encounter reference or UUID")->required();
    listCmd->add_option("--coders", list->coders, "Coders to compare, separated by commas: A,B[,C]")->required();
    listCmd->add_option("--tolerance", list->tolerance, "Point tags this many seconds apart or closer match (default 1)");
    listCmd->add_flag("--json", list->json, "One JSON object");
    listCmd->callback([list, &context] {
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        auto found = analysis::encounterDisagreements(*ws, list->encounter, splitCommas(list->coders), list->tolerance);
        if (!found)
            return fail(context, found.error());
        if (list->json)
            std::printf("%s\n", common::jsonText(comparisonJson(list->encounter, *found), 2).c_str());
        else
            printComparison(list->encounter, *found);
    });

    struct DecideOptions {
        std::string encounter, code, at, reason, sources;
        std::optional<std::string> to, subject, value;
        std::optional<int> intensity;
        bool nothing = false;
    };
    auto decide = std::make_shared<DecideOptions>();
    CLI::App* decideCmd = adjudicate->add_subcommand(
        "decide", "Record a consensus decision with its reason; prints the decision's UUID once saved");
    decideCmd->add_option("--encounter", decide->encounter, "Encounter reference or UUID")->required();
    decideCmd->add_option("--code", decide->code, "The code decided on, e.g. ESC.02")->required();
    decideCmd->add_option("--at", decide->at, "Time on the encounter timeline, in seconds")->required();
    decideCmd->add_option("--to", decide->to, "End time, for interval codes");
    decideCmd->add_option("--reason", decide->reason, "Why the panel decided so (required)");
    decideCmd->add_option("--sources", decide->sources, "UUIDs of the coders' tags decided on, separated by commas");
    decideCmd->add_flag("--nothing", decide->nothing, "Decide that nothing of this code happened here (no consensus tag)");
    decideCmd->add_option("--subject", decide->subject, "For the consensus tag: officer, person, other_officer or bystander");
    decideCmd->add_option("--intensity", decide->intensity, "For the consensus tag: 1, 2 or 3");
    decideCmd->add_option("--value", decide->value, "For the consensus tag of a code that carries a value");
    decideCmd->callback([decide, &context] {
        review::NewDecision input;
        input.encounterRef = decide->encounter;
        input.code = decide->code;
        auto at = review::parseSeconds(decide->at);
        if (!at)
            return fail(context, at.error());
        input.startUs = *at;
        if (decide->to) {
            auto to = review::parseSeconds(*decide->to);
            if (!to)
                return fail(context, to.error());
            input.endUs = *to;
        }
        input.reason = decide->reason;
        input.sources = splitCommas(decide->sources);
        input.nothingHappened = decide->nothing;
        input.subject = decide->subject;
        input.intensity = decide->intensity;
        input.value = decide->value;
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        auto decision = review::recordDecision(*ws, input);
        if (!decision)
            return fail(context, decision.error());
        // Printed only now: the transaction has committed.
        std::printf("%s\n", decision->uuid.c_str());
        std::fflush(stdout);
    });

    struct DecisionsOptions {
        std::string encounter;
        bool json = false;
    };
    auto decisions = std::make_shared<DecisionsOptions>();
    CLI::App* decisionsCmd = adjudicate->add_subcommand("decisions", "The consensus decisions recorded on an encounter");
    decisionsCmd->add_option("--encounter", decisions->encounter, "Encounter reference or UUID")->required();
    decisionsCmd->add_flag("--json", decisions->json, "A JSON array");
    decisionsCmd->callback([decisions, &context] {
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        auto all = review::listDecisions(*ws, decisions->encounter);
        if (!all)
            return fail(context, all.error());
        if (decisions->json) {
            json out = json::array();
            for (const review::Decision& d : *all)
                out.push_back(decisionJson(d));
            std::printf("%s\n", common::jsonText(out, 2).c_str());
        } else {
            printDecisions(*all);
        }
    });

    struct FinaliseOptions {
        std::string encounter, coders;
        double tolerance = 1.0;
        bool json = false;
    };
    auto finalise = std::make_shared<FinaliseOptions>();
    CLI::App* finaliseCmd = adjudicate->add_subcommand(
        "finalise", "Store the final coding: the events every coder agreed on plus the decisions, as the coder `final`");
    finaliseCmd->add_option("--encounter", finalise->encounter, "Encounter reference or UUID")->required();
    finaliseCmd->add_option("--coders", finalise->coders,
                            "Coders whose agreement counts, separated by commas (default: every coder with tags there)");
    finaliseCmd->add_option("--tolerance", finalise->tolerance, "Point tags this many seconds apart or closer match (default 1)");
    finaliseCmd->add_flag("--json", finalise->json, "One JSON object");
    finaliseCmd->callback([finalise, &context] {
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        auto done = analysis::finaliseCoding(*ws, finalise->encounter, splitCommas(finalise->coders), finalise->tolerance);
        if (!done)
            return fail(context, done.error());
        // Printed only now: the transaction has committed.
        const analysis::FinalCodingPlan& p = done->plan;
        if (finalise->json) {
            json out = {{"encounter", done->written.encounterRef},
                        {"coders", done->coders},
                        {"toleranceSeconds", done->toleranceSeconds},
                        {"agreed", p.agreed},
                        {"decided", p.decided},
                        {"removed", p.removed},
                        {"superseded", p.superseded},
                        {"setAside", p.setAside},
                        {"tags", p.tags.size()},
                        {"kept", done->written.kept},
                        {"added", done->written.added},
                        {"deleted", done->written.deleted}};
            std::printf("%s\n", common::jsonText(out, 2).c_str());
        } else {
            std::printf("encounter %s: final coding of %s (tolerance %g s): %zu tags, %zu agreed by every coder and %zu"
                        " from decisions; %zu decisions of nothing happened; %zu agreed events left to a decision\n",
                        done->written.encounterRef.c_str(), joined(done->coders).c_str(), done->toleranceSeconds,
                        p.tags.size(), p.agreed, p.decided, p.removed, p.superseded);
            std::printf("saved as the tags of coder final: %zu kept, %zu added, %zu earlier ones deleted\n",
                        done->written.kept, done->written.added, done->written.deleted);
        }
        std::fflush(stdout);
    });
}

} // namespace

void addAdjudicationCommands(CLI::App& app, Context& context)
{
    addBlindCommands(app, context);
    addAdjudicateCommands(app, context);
}

} // namespace cli
