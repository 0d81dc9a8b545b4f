// codebook show | import | export
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "cli/commands.hpp"
#include "cli/review_commands.hpp"
#include "common/output_file.hpp"
#include "exchange/eaf_codebook.hpp"
#include "review/codebook.hpp"
#include "review/footage.hpp"

namespace cli {
namespace {

common::Result<std::string> readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return common::makeError(errno == ENOENT ? common::ErrorCode::NotFound : common::ErrorCode::PermissionDenied,
                                 errno == ENOENT ? "the file does not exist" : "the file cannot be read", path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}


} // namespace

void addCodebookCommands(CLI::App& app, Context& context)
{
    CLI::App* codebook = app.add_subcommand("codebook", "The codebook tags are drawn from (versioned)");
    codebook->require_subcommand(1);

    auto showJson = std::make_shared<bool>(false);
    CLI::App* show = codebook->add_subcommand("show", "Show the codebook in use");
    show->add_flag("--json", *showJson, "As a codebook file");
    show->callback([showJson, &context] {
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        auto book = review::activeCodebook(*ws);
        if (!book)
            return fail(context, book.error());
        if (*showJson) {
            std::fputs(review::codebookToJson(*book).c_str(), stdout);
            return;
        }
        std::printf("codebook %s, version %d: %s (%zu codes)\n", book->name.c_str(), book->version, book->title.c_str(),
                    book->codes.size());
        for (const review::CodeGroup& group : book->groups) {
            std::printf("\n%s  %s\n", group.id.c_str(), group.label.c_str());
            for (const review::Code& code : book->codes) {
                if (code.group != group.id)
                    continue;
                std::string kind = code.kind == "interval" ? "I" : code.kind == "point" ? "P" : "-";
                if (code.onForm)
                    kind += ",E";
                std::printf("  %-7s %-4s %-12s %s\n", code.id.c_str(), kind.c_str(),
                            code.hotkey ? code.hotkey->c_str() : "", code.label.c_str());
            }
        }
    });

    auto importFile = std::make_shared<std::string>();
    auto vocabulary = std::make_shared<exchange::VocabularyImport>();
    CLI::App* importCmd = codebook->add_subcommand("import", "Import a codebook file, or ELAN vocabularies (.ecv, .eaf); it becomes the one in use");
    importCmd->add_option("FILE", *importFile, "A codebook JSON file, an ELAN .ecv, or an .eaf whose vocabularies become the codes")->required();
    importCmd->add_option("--name", vocabulary->name, "ELAN files: the codebook's name (default: the file's name)");
    importCmd->add_option("--kind", vocabulary->defaultKind, "ELAN .ecv: point or interval for every code (default interval)");
    importCmd->callback([importFile, vocabulary, &context] {
        const std::string extension = std::filesystem::path(*importFile).extension().string();
        common::Result<review::Codebook> parsed = common::makeError(common::ErrorCode::Usage, "");
        if (extension == ".ecv" || extension == ".eaf" || extension == ".ECV" || extension == ".EAF") {
            parsed = exchange::codebookFromElanFile(*importFile, *vocabulary);
        } else {
            auto text = readFile(*importFile);
            if (!text)
                return fail(context, text.error());
            parsed = review::parseCodebook(*text, *importFile);
        }
        if (!parsed)
            return fail(context, parsed.error());
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        auto before = review::activeCodebook(*ws);
        auto book = review::importCodebook(*ws, *parsed, *importFile);
        if (!book)
            return fail(context, book.error());
        bool same = before && before->dbId == book->dbId;
        std::printf("codebook %s version %d%s (%zu codes)\n", book->name.c_str(), book->version,
                    same ? " unchanged" : " imported", book->codes.size());
    });

    auto exportFile = std::make_shared<std::string>();
    auto force = std::make_shared<bool>(false);
    CLI::App* exportCmd = codebook->add_subcommand("export", "Write the codebook in use to a file");
    exportCmd->add_option("FILE", *exportFile, "Where to write it")->required();
    addForceFlag(exportCmd, *force);
    exportCmd->callback([exportFile, force, &context] {
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        auto book = review::activeCodebook(*ws);
        if (!book)
            return fail(context, book.error());
        if (auto done = common::writeOutputFile(*exportFile, review::codebookToJson(*book), {*force}); !done)
            return fail(context, done.error());
        if (auto done = review::recordExport(*ws, "codebook " + book->name + " v" + std::to_string(book->version), {*exportFile}); !done)
            return fail(context, done.error());
    });
}

} // namespace cli
