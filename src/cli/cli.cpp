#include "cli/cli.hpp"

#include <cstdio>
#include <memory>
#include <string>

#include "cli/commands.hpp"

namespace cli {
namespace {

std::unique_ptr<CLI::App> makeApp(Context& context)
{
    auto app = std::make_unique<CLI::App>("bwv-review: review police body-worn video", "bwv-review");
    app->set_help_all_flag("--help-all", "Show every command and option");
    app->add_option("--db", context.databasePath, "Database file (default: under ~/.local/share/bwv-review)");
    app->add_option("--as", context.person, "Who signs in (default: your login name)");
    app->add_option("--passphrase-file", context.passphraseFile,
                    "File holding the passphrase (else BWV_REVIEW_PASSPHRASE, else asked at the terminal)");
    app->require_subcommand(0, 1);
    app->fallthrough();

    addMediaCommands(*app, context);
    addBenchCommands(*app, context);
    addReviewCommands(*app, context);
    addChairCommands(*app, context);
    addAnalysisCommands(*app, context);
    addExchangeCommands(*app, context);
    addAdjudicationCommands(*app, context);
    addPeopleCommands(*app, context);
    addFeedbackCommands(*app, context);
    return app;
}

} // namespace

bool handles(int argc, char** argv)
{
    Context context;
    auto app = makeApp(context);
    for (int i = 1; i < argc; ++i) {
        std::string word = argv[i];
        if (word == "--db" || word == "--as" || word == "--passphrase-file") {
            ++i; // skip the option's value
            continue;
        }
        if (word == "-h" || word == "--help" || word == "--help-all")
            return true;
        if (!word.empty() && word[0] == '-')
            continue;
        if (word == "gui" || word == "demo")
            return false;
        for (const CLI::App* sub : app->get_subcommands({}))
            if (sub->get_name() == word)
                return true;
        return false;
    }
    return false;
}

int run(int argc, char** argv)
{
    Context context;
    auto app = makeApp(context);
    try {
        app->parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app->exit(e);
        return code == 0 ? kExitOk : kExitUsage;
    }
    if (app->get_subcommands().empty()) {
        std::fputs(app->help().c_str(), stdout);
        return kExitUsage;
    }
    return context.exitCode;
}

} // namespace cli
