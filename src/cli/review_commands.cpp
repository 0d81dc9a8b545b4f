#include "cli/review_commands.hpp"

#include <cstdio>
#include <set>

#include "cli/commands.hpp"
#include "common/paths.hpp"
#include "common/utf8.hpp"
#include "review/blind_coding.hpp"

namespace cli {

std::filesystem::path databasePathOf(const Context& context)
{
    if (!context.databasePath.empty())
        return context.databasePath;
    return common::dataDir() / "bwv-review.sqlite";
}

void fail(Context& context, const common::Error& error) { context.exitCode = reportError(error); }

void printJson(const nlohmann::json& value)
{
    std::printf("%s\n", value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
}

void warn(const std::string& message)
{
    std::fprintf(stderr, "bwv-review: warning: %s\n", common::toValidUtf8(message).c_str());
}

common::Status warnBlindEncounters(review::Workspace& ws, const std::vector<std::string>& inScope)
{
    auto blind = review::encountersBlindToActingCoder(ws);
    if (!blind)
        return blind.error();
    const std::set<std::string> scope(inScope.begin(), inScope.end());
    std::vector<std::string> hidden;
    for (const std::string& ref : *blind)
        if (scope.count(ref))
            hidden.push_back(ref);
    if (hidden.empty())
        return {};
    std::string list;
    for (std::size_t i = 0; i < hidden.size() && i < 5; ++i)
        list += (i ? ", " : "") + hidden[i];
    if (hidden.size() > 5)
        list += ", ...";
    warn(std::to_string(hidden.size()) + (hidden.size() == 1 ? " encounter is" : " encounters are") +
         " blind coded and your pass is not marked done, so only your own tags on " +
         (hidden.size() == 1 ? "it" : "them") + " are included (" + list + "; see: bwv-review blind status)");
    return {};
}

std::string csvField(const std::string& text, bool isText)
{
    std::string value = text;
    if (isText && !value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@'))
        value = "'" + value;
    if (value.find_first_of(",\"\r\n") == std::string::npos)
        return value;
    std::string quoted = "\"";
    for (char c : value) {
        if (c == '"')
            quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

void addReviewCommands(CLI::App& app, Context& context)
{
    addFootageCommands(app, context);
    addEncounterCommands(app, context);
    addCodebookCommands(app, context);
    addTagCommands(app, context);
}

} // namespace cli
