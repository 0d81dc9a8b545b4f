#include "cli/review_commands.hpp"

#include <cstdio>

#include "cli/commands.hpp"
#include "common/paths.hpp"

namespace cli {

std::filesystem::path databasePathOf(const Context& context)
{
    if (!context.databasePath.empty())
        return context.databasePath;
    return common::dataDir() / "bwv-review.sqlite";
}

common::Result<review::Workspace> openWorkspace(const Context& context)
{
    auto ws = review::Workspace::open(databasePathOf(context), context.coder);
    if (ws && !ws->db().backupProblem().empty())
        warn(ws->db().backupProblem());
    return ws;
}

void fail(Context& context, const common::Error& error) { context.exitCode = reportError(error); }

void warn(const std::string& message) { std::fprintf(stderr, "bwv-review: warning: %s\n", message.c_str()); }

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
