// feedback set | submit | show: a member's own feedback on an encounter of a screening
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/review_commands.hpp"
#include "review/feedback.hpp"
#include "review/ids.hpp"

namespace cli {

void addFeedbackCommands(CLI::App& app, Context& context)
{
    CLI::App* feedback = app.add_subcommand("feedback", "Your feedback on an encounter of a screening");
    feedback->require_subcommand(1);

    struct Options {
        std::string screening, encounter;
        std::vector<std::string> answers;
        bool json = false;
    };
    auto set = std::make_shared<Options>();
    CLI::App* setCmd = feedback->add_subcommand("set", "Save answers (QUESTION=VALUE; an empty value removes one)");
    setCmd->add_option("--screening", set->screening, "The screening (UUID or name)")->required();
    setCmd->add_option("--encounter", set->encounter, "The encounter (reference or UUID)")->required();
    setCmd->add_option("ANSWER", set->answers, "QUESTION=VALUE, e.g. rating=concern gowisely.G=yes")->required();
    setCmd->callback([set, &context] {
        std::vector<std::pair<std::string, std::string>> answers;
        for (const std::string& a : set->answers) {
            const auto eq = a.find('=');
            if (eq == std::string::npos || eq == 0)
                return fail(context, common::makeError(common::ErrorCode::Usage,
                                                       "an answer is QUESTION=VALUE (e.g. rating=concern), not \"" + a + "\""));
            answers.emplace_back(a.substr(0, eq), a.substr(eq + 1));
        }
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        for (const auto& [question, value] : answers)
            if (auto saved = review::saveFeedbackAnswer(*ws, set->screening, set->encounter, question, value); !saved)
                return fail(context, saved.error());
        std::printf("%zu %s saved\n", answers.size(), answers.size() == 1 ? "answer" : "answers");
    });

    auto submit = std::make_shared<Options>();
    CLI::App* submitCmd = feedback->add_subcommand("submit", "Submit your feedback: final, and the others' then show");
    submitCmd->add_option("--screening", submit->screening, "The screening (UUID or name)")->required();
    submitCmd->add_option("--encounter", submit->encounter, "The encounter (reference or UUID)")->required();
    submitCmd->callback([submit, &context] {
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        auto at = review::submitFeedback(*ws, submit->screening, submit->encounter);
        if (!at)
            return fail(context, at.error());
        std::printf("feedback on %s submitted (%s): it is final\n", submit->encounter.c_str(), review::isoTime(*at).c_str());
    });

    auto show = std::make_shared<Options>();
    CLI::App* showCmd = feedback->add_subcommand("show", "Your answers, and the other members' once you have submitted");
    showCmd->add_option("--screening", show->screening, "The screening (UUID or name)")->required();
    showCmd->add_option("--encounter", show->encounter, "The encounter (reference or UUID)")->required();
    showCmd->add_flag("--json", show->json, "As JSON");
    showCmd->callback([show, &context] {
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        auto submitted = review::feedbackSubmittedAt(*ws, show->screening, show->encounter);
        if (!submitted)
            return fail(context, submitted.error());
        auto visible = review::readFeedback(*ws, show->screening, show->encounter);
        if (!visible)
            return fail(context, visible.error());
        nlohmann::json mine = nlohmann::json::object();
        nlohmann::json others = nlohmann::json::object();
        for (const auto& [person, answers] : *visible)
            (person == ws->personName() ? mine : others[person]) = answers;
        if (show->json)
            return printJson({{"submitted", *submitted ? nlohmann::json(review::isoTime(**submitted)) : nlohmann::json(nullptr)},
                              {"mine", mine},
                              {"others", others}});
        std::printf("your feedback: %s\n", *submitted ? ("submitted " + review::isoTime(**submitted)).c_str() : "not submitted yet");
        for (const auto& [question, value] : mine.items())
            std::printf("  %s: %s\n", question.c_str(), value.get<std::string>().c_str());
        for (const auto& [person, answers] : others.items()) {
            std::printf("%s:\n", person.c_str());
            for (const auto& [question, value] : answers.items())
                std::printf("  %s: %s\n", question.c_str(), value.get<std::string>().c_str());
        }
        if (!*submitted)
            std::printf("(the other members' feedback shows once you have submitted yours)\n");
    });
}

} // namespace cli
