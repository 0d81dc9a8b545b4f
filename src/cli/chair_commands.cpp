// chair show | merge;  police-action add | respond | list (README "The chair's work"). The
// work is in review/chair; this file parses options and prints.
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/json_text.hpp"
#include "cli/commands.hpp"
#include "cli/review_commands.hpp"
#include "review/chair.hpp"
#include "review/ids.hpp"
#include "review/screening.hpp"

namespace cli {
namespace {

using nlohmann::json;

json consolidationJson(const std::optional<review::Consolidation>& c)
{
    if (!c)
        return nullptr;
    return {{"uuid", c->uuid},
            {"rating", c->rating ? json(*c->rating) : json(nullptr)},
            {"points", c->points},
            {"questions", c->questions},
            {"chair", c->chair},
            {"changed", review::isoTime(c->changedUs)}};
}

json mergeJson(const review::FeedbackMerge& m)
{
    json texts = json::object();
    for (auto [name, list] : {std::pair{"good_practice", &m.goodPractice}, std::pair{"learning_points", &m.learningPoints},
                              std::pair{"questions", &m.questions}}) {
        json items = json::array();
        for (const review::MemberAnswer& a : *list)
            items.push_back({{"member", a.member}, {"text", a.value}});
        texts[name] = items;
    }
    json ratings = {{"rated", m.ratings.rated}, {"spread", m.ratings.text()},
                    {"most", m.ratings.most ? json(*m.ratings.most) : json(nullptr)},
                    {"best", m.ratings.best ? json(*m.ratings.best) : json(nullptr)},
                    {"worst", m.ratings.worst ? json(*m.ratings.worst) : json(nullptr)}};
    for (std::size_t i = 0; i < review::kRatings.size(); ++i)
        ratings[std::string(review::kRatings[i])] = m.ratings.counts[i];
    json byMember = json::object();
    for (const review::MemberAnswer& a : m.memberRatings)
        byMember[a.member] = a.value;
    ratings["by_member"] = byMember;
    json gowisely = json::array();
    for (const review::GowiselyAnswers& g : m.gowisely) {
        json answers = json::object();
        for (const review::MemberAnswer& a : g.answers)
            answers[a.member] = a.value;
        gowisely.push_back({{"element", g.element}, {"label", g.label}, {"yes", g.yes}, {"no", g.no},
                            {"unclear", g.unclear}, {"answers", answers}});
    }
    return {{"encounter", m.encounterRef},
            {"members", m.members},
            {"ratings", ratings},
            {"gowisely", gowisely},
            {"good_practice", texts["good_practice"]},
            {"learning_points", texts["learning_points"]},
            {"questions", texts["questions"]},
            {"themes", m.themes},
            {"safeguarding", m.safeguarding},
            {"consolidation", consolidationJson(m.consolidation)}};
}

void printTexts(const char* label, const std::vector<review::MemberAnswer>& texts)
{
    if (texts.empty())
        return;
    std::printf("  %s:\n", label);
    for (const review::MemberAnswer& a : texts)
        std::printf("    %s: %s\n", a.member.c_str(), a.value.c_str());
}

void printMerge(const review::FeedbackMerge& m, std::size_t position, std::size_t of)
{
    std::printf("encounter %s (%zu of %zu) at screening %s\n", m.encounterRef.c_str(), position, of, m.screeningName.c_str());
    std::string members;
    for (const std::string& name : m.members)
        members += (members.empty() ? "" : ", ") + name;
    std::printf("  members:      %zu%s%s%s\n", m.members.size(), members.empty() ? "" : " (", members.c_str(),
                members.empty() ? "" : ")");
    std::printf("  ratings:      %s", m.ratings.text().c_str());
    if (m.ratings.rated > 0)
        std::printf(m.ratings.most ? " (most: %s)" : " (%s)",
                    m.ratings.most ? review::ratingLabel(*m.ratings.most).c_str() : "no single most common rating");
    std::printf("\n");
    for (const review::MemberAnswer& a : m.memberRatings)
        std::printf("    %s: %s\n", a.member.c_str(), review::ratingLabel(a.value).c_str());
    std::string gowisely;
    for (const review::GowiselyAnswers& g : m.gowisely) {
        if (g.answers.empty())
            continue;
        std::string part;
        for (auto [n, word] : {std::pair{g.yes, "yes"}, std::pair{g.no, "no"}, std::pair{g.unclear, "unclear"}})
            if (n)
                part += (part.empty() ? "" : ", ") + std::to_string(n) + " " + word;
        gowisely += (gowisely.empty() ? "" : "; ") + g.element + " " + part;
    }
    std::printf("  GOWISELY:     %s\n", gowisely.empty() ? "-" : gowisely.c_str());
    printTexts("good practice", m.goodPractice);
    printTexts("learning points", m.learningPoints);
    printTexts("questions for the police", m.questions);
    auto counts = [](const std::map<std::string, int>& map) {
        std::string out;
        for (const auto& [key, n] : map)
            out += (out.empty() ? "" : ", ") + key + " (" + std::to_string(n) + ")";
        return out.empty() ? std::string("-") : out;
    };
    std::printf("  themes:       %s\n", counts(m.themes).c_str());
    std::printf("  safeguarding: %s\n", counts(m.safeguarding).c_str());
    if (!m.consolidation) {
        std::printf("  consolidation: not started (chair merge --screening ... --encounter %s --rating ...)\n",
                    m.encounterRef.c_str());
        return;
    }
    const review::Consolidation& c = *m.consolidation;
    std::printf("  consolidation (%s, %s):\n", c.chair.c_str(), review::isoTime(c.changedUs).c_str());
    std::printf("    rating:    %s\n", c.rating ? review::ratingLabel(*c.rating).c_str() : "not yet decided");
    std::printf("    points:    %s\n", c.points.empty() ? "-" : c.points.c_str());
    std::printf("    questions: %s\n", c.questions.empty() ? "-" : c.questions.c_str());
}

json actionJson(const review::PoliceAction& a)
{
    auto opt = [](const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); };
    return {{"uuid", a.uuid},
            {"screening", {{"uuid", a.screeningUuid}, {"name", a.screeningName}, {"date", opt(a.screeningDate)}}},
            {"panel", a.panel},
            {"encounter", opt(a.encounterRef)},
            {"request", a.request},
            {"response", a.response},
            {"responded_on", opt(a.respondedOn)},
            {"status", a.status},
            {"closed_on", opt(a.closedOn)},
            {"raised_by", a.raisedBy},
            {"created", review::isoTime(a.createdUs)},
            {"changed", review::isoTime(a.changedUs)}};
}

void printAction(const review::PoliceAction& a)
{
    std::printf("%s  %-8s raised at %s%s%s%s\n", a.uuid.c_str(), a.status.c_str(), a.screeningName.c_str(),
                a.screeningDate ? (" (" + *a.screeningDate + ")").c_str() : "",
                a.encounterRef ? ", encounter " : "", a.encounterRef ? a.encounterRef->c_str() : "");
    std::printf("    request:  %s\n", a.request.c_str());
    if (!a.response.empty() || a.respondedOn)
        std::printf("    response: %s%s\n", a.response.empty() ? "-" : a.response.c_str(),
                    a.respondedOn ? (" (" + *a.respondedOn + ")").c_str() : "");
}

} // namespace

void addChairCommands(CLI::App& app, Context& context)
{
    CLI::App* chair = app.add_subcommand("chair", "The chair's consolidation of members' feedback");
    chair->require_subcommand(1);

    struct ShowOptions {
        std::string screening;
        std::optional<std::string> encounter;
        bool json = false;
    };
    auto show = std::make_shared<ShowOptions>();
    CLI::App* showCmd = chair->add_subcommand("show", "Members' feedback merged per encounter, and the consolidation");
    showCmd->add_option("--screening", show->screening, "Screening UUID or name")->required();
    showCmd->add_option("--encounter", show->encounter, "Only this encounter (reference or UUID)");
    showCmd->add_flag("--json", show->json, "As JSON");
    showCmd->callback([show, &context] {
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        auto screening = review::findScreening(*ws, show->screening);
        if (!screening)
            return fail(context, screening.error());
        std::vector<std::string> refs = screening->encounterRefs;
        if (show->encounter)
            refs = {*show->encounter};
        json all = json::array();
        for (std::size_t i = 0; i < refs.size(); ++i) {
            auto merge = review::readMergedFeedback(*ws, screening->uuid, refs[i]);
            if (!merge)
                return fail(context, merge.error());
            std::size_t position = i + 1;
            for (std::size_t k = 0; k < screening->encounterRefs.size(); ++k)
                if (screening->encounterRefs[k] == merge->encounterRef)
                    position = k + 1;
            if (show->json)
                all.push_back(mergeJson(*merge));
            else
                printMerge(*merge, position, screening->encounterRefs.size());
        }
        if (show->json)
            std::printf("%s\n", common::jsonText(json({{"screening", {{"uuid", screening->uuid}, {"name", screening->name}}},
                                                        {"encounters", all}}),
                                                  2)
                                     .c_str());
        else if (refs.empty())
            std::printf("screening %s has no encounters\n", screening->name.c_str());
    });

    struct MergeOptions {
        std::string screening, encounter;
        review::ConsolidationEdit edit;
    };
    auto merge = std::make_shared<MergeOptions>();
    CLI::App* mergeCmd = chair->add_subcommand("merge", "Save the chair's consolidation of one encounter");
    mergeCmd->add_option("--screening", merge->screening, "Screening UUID or name")->required();
    mergeCmd->add_option("--encounter", merge->encounter, "Encounter reference or UUID")->required();
    mergeCmd->add_option("--rating", merge->edit.rating, "good_practice, adequate or concern (\"\" clears it)");
    mergeCmd->add_option("--points", merge->edit.points, "Points to send to the police");
    mergeCmd->add_option("--questions", merge->edit.questions, "Questions for the police");
    mergeCmd->callback([merge, &context] {
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        auto saved = review::saveConsolidation(*ws, merge->screening, merge->encounter, merge->edit);
        if (!saved)
            return fail(context, saved.error());
        std::printf("consolidation of encounter %s saved: rating %s, %zu characters of points, %zu of questions\n",
                    merge->encounter.c_str(), saved->rating ? review::ratingLabel(*saved->rating).c_str() : "not yet decided",
                    saved->points.size(), saved->questions.size());
    });

    CLI::App* action = app.add_subcommand("police-action", "Police actions: what the panel asks the police, and the answer");
    action->require_subcommand(1);
    auto add = std::make_shared<review::NewPoliceAction>();
    CLI::App* addCmd = action->add_subcommand("add", "Raise a police action at a screening; prints its id");
    addCmd->add_option("--screening", add->screeningRef, "Screening UUID or name")->required();
    addCmd->add_option("--encounter", add->encounterRef, "The encounter it is about (reference or UUID)");
    addCmd->add_option("--request", add->request, "What the panel asks the police")->required();
    addCmd->callback([add, &context] {
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        auto raised = review::raisePoliceAction(*ws, *add);
        if (!raised)
            return fail(context, raised.error());
        std::printf("%s\n", raised->uuid.c_str());
    });

    struct RespondOptions {
        std::string uuid;
        review::PoliceResponse response;
    };
    auto respond = std::make_shared<RespondOptions>();
    CLI::App* respondCmd = action->add_subcommand("respond", "Record the police response to a police action");
    respondCmd->add_option("UUID", respond->uuid, "The police action's id")->required();
    respondCmd->add_option("--response", respond->response.response, "What the police answered");
    respondCmd->add_option("--date", respond->response.date, "When they answered, YYYY-MM-DD");
    respondCmd->add_option("--status", respond->response.status, "open, answered or closed");
    respondCmd->callback([respond, &context] {
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        auto done = review::respondToPoliceAction(*ws, respond->uuid, respond->response);
        if (!done)
            return fail(context, done.error());
        std::printf("police action %s: %s%s\n", done->uuid.c_str(), done->status.c_str(),
                    done->closedOn ? (" on " + *done->closedOn).c_str() : "");
    });

    struct ListOptions {
        std::optional<std::string> screening;
        bool open = false;
        bool json = false;
    };
    auto list = std::make_shared<ListOptions>();
    CLI::App* listCmd = action->add_subcommand("list", "List police actions");
    listCmd->add_option("--screening", list->screening, "Those carried forward to this screening (UUID or name)");
    listCmd->add_flag("--open", list->open, "Only those not closed");
    listCmd->add_flag("--json", list->json, "As JSON");
    listCmd->callback([list, &context] {
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        auto actions = review::listPoliceActions(*ws, list->screening, list->open);
        if (!actions)
            return fail(context, actions.error());
        if (list->json) {
            json all = json::array();
            for (const review::PoliceAction& a : *actions)
                all.push_back(actionJson(a));
            std::printf("%s\n", common::jsonText(all, 2).c_str());
            return;
        }
        for (const review::PoliceAction& a : *actions)
            printAction(a);
        if (actions->empty())
            std::printf("no police actions%s\n", list->open ? " open" : "");
    });
}

} // namespace cli
