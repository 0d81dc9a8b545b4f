#include "cli/cli.hpp"

#include <cstdio>
#include <memory>
#include <set>
#include <string>

#include "cli/commands.hpp"
#include "common/utf8.hpp"
#include "common/version.hpp"

namespace cli {
namespace {

std::unique_ptr<CLI::App> makeApp(Context& context)
{
    auto app = std::make_unique<CLI::App>("bwv-review: review police body-worn video", "bwv-review");
    app->set_help_all_flag("--help-all", "Show every command and option");
    app->set_version_flag("--version", "bwv-review " + std::string(common::toolVersion()), "Show the version and stop");
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
    addTranscriptAndMaskCommands(*app, context);
    return app;
}

// Text is bytes until proven UTF-8 (issue 10): every option that is not a file name must be
// valid UTF-8, checked before any command runs. File names are bytes: kept as given, shown
// with U+FFFD where they are not UTF-8.
bool namesAFile(const CLI::Option& option)
{
    static const std::set<std::string> kFileOptions = {"--db", "--passphrase-file", "--new-passphrase-file", "--out",
                                                       "--encounters-out", "--png", "--weights-file", "--matrix",
                                                       "FILE", "file", "FOOTAGE"};
    for (const std::string& name : option.get_lnames())
        if (kFileOptions.count("--" + name))
            return true;
    return kFileOptions.count(option.get_name(true, false)) > 0 || kFileOptions.count(option.get_name()) > 0;
}

constexpr const char* kNotUtf8 = "is not valid UTF-8 text";

void requireUtf8Text(CLI::App& app)
{
    for (CLI::Option* option : app.get_options())
        if (!namesAFile(*option))
            option->check(CLI::Validator(
                [](std::string& value) { return common::isValidUtf8(value) ? std::string() : std::string(kNotUtf8); },
                "", "utf8"));
    for (CLI::App* sub : app.get_subcommands({}))
        requireUtf8Text(*sub);
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
        if (word == "-h" || word == "--help" || word == "--help-all" || word == "--version")
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
    requireUtf8Text(*app);
    try {
        app->parse(argc, argv);
    } catch (const CLI::ValidationError& e) {
        const std::string what = e.what();
        if (what.find(kNotUtf8) == std::string::npos)
            return app->exit(e) == 0 ? kExitOk : kExitUsage;
        // CLI11 says "--comment: <ours>": one sentence naming the option, bad input.
        const std::string option = what.substr(0, what.find(':'));
        std::fprintf(stderr, "bwv-review: error: the text given for %s is not valid UTF-8 (typed in another "
                     "encoding?): retype it\n", common::toValidUtf8(option).c_str());
        return kExitBadInput;
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
