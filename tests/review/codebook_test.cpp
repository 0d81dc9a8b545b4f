// The default codebook (every code of CODEBOOK.md), import errors with line numbers,
// versioning.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "review/annotation.hpp"
#include "review/codebook.hpp"
#include "review/encounter.hpp"
#include "scratch.hpp"

using review_test::Scratch;

TEST_CASE("the built-in default codebook holds every code of CODEBOOK.md with unique hotkeys")
{
    auto book = review::parseCodebook(review::defaultCodebookText(), "default.json");
    REQUIRE_MESSAGE(book.ok(), book.error().describe());
    CHECK(book->name == "default");
    const char* ids[] = {"ESC.01", "ESC.02", "ESC.03", "ESC.04", "ESC.05", "ESC.06", "ESC.07", "ESC.08", "ESC.09",
                         "ESC.10", "DEE.01", "DEE.02", "DEE.03", "DEE.04", "DEE.05", "DEE.06", "DEE.07", "DEE.08",
                         "DEE.09", "SAF.01", "SAF.02", "SAF.03", "SAF.04", "SAF.05", "SAF.06", "SAF.07", "SAF.08",
                         "SAF.09", "SAF.10", "SAF.11", "PAC.G",  "PAC.O",  "PAC.W",  "PAC.I",  "PAC.S",  "PAC.E",
                         "PAC.L",  "PAC.Y",  "PAC.10", "PAC.11", "PAC.12", "PAC.13", "PAC.14", "PAC.15", "PAC.16",
                         "PAC.17", "UOF.01", "UOF.02", "UOF.03", "UOF.04", "UOF.05", "UOF.06", "UOF.07", "UOF.08",
                         "UOF.09", "UOF.10", "OUT.01", "OUT.02", "OUT.03", "OUT.04", "OUT.05", "OUT.06", "OUT.07",
                         "OUT.08", "OUT.09"};
    CHECK(book->codes.size() == std::size(ids));
    for (const char* id : ids)
        CHECK_MESSAGE(book->find(id) != nullptr, id);
    // Kinds as in CODEBOOK.md: a few of each.
    CHECK(book->find("ESC.01")->kind == "interval");
    CHECK(book->find("ESC.02")->kind == "point");
    CHECK(book->find("PAC.10")->kind == "encounter");
    CHECK(book->find("PAC.G")->onForm);
    CHECK_FALSE(book->find("PAC.12")->onForm);
    CHECK(book->find("UOF.09")->values.size() == 4);
    CHECK(book->find("SAF.04")->source == "PACE Code C; IOPC 2022");
    std::set<std::string> hotkeys;
    for (const review::Code& code : book->codes) {
        CHECK(code.colour.size() == 7);
        CHECK(!code.label.empty());
        CHECK(!code.source.empty());
        if (code.isTaggable()) {
            REQUIRE_MESSAGE(code.hotkey.has_value(), code.id);
            CHECK_MESSAGE(hotkeys.insert(*code.hotkey).second, "duplicate hotkey " << *code.hotkey);
        } else {
            CHECK_FALSE(code.hotkey.has_value());
        }
    }
    // Written back and read again: the same.
    auto again = review::parseCodebook(review::codebookToJson(*book), "again");
    REQUIRE(again.ok());
    CHECK(review::codebookToJson(*again) == review::codebookToJson(*book));
}

namespace {

std::string errorOf(const std::string& text)
{
    auto book = review::parseCodebook(text, "mine.json");
    REQUIRE_FALSE(book.ok());
    CHECK(book.error().code == common::ErrorCode::InvalidInput);
    CHECK(book.error().context == "mine.json");
    CHECK(book.error().describe().find('\n') == std::string::npos);
    return book.error().message;
}

const std::string kHead = "{\n"
                          "  \"name\": \"mine\",\n"
                          "  \"groups\": [\n"
                          "    {\"id\": \"A\", \"label\": \"Alpha\", \"colour\": \"#112233\"}\n"
                          "  ],\n"
                          "  \"codes\": [\n";                                         // lines 1-6
const std::string kCode1 = "    {\"id\": \"A.1\", \"label\": \"One\", \"group\": \"A\", \"kind\": \"point\", \"hotkey\": \"1\"},\n"; // 7

} // namespace

TEST_CASE("a bad codebook file is refused with the line and the reason")
{
    CHECK(errorOf("") == "line 1: the file is empty");
    // Syntax: a missing comma between two codes on lines 7 and 8.
    std::string noComma = kHead + "    {\"id\": \"A.1\", \"label\": \"One\", \"group\": \"A\", \"kind\": \"point\"}\n"
                          "    {\"id\": \"A.2\", \"label\": \"Two\", \"group\": \"A\", \"kind\": \"point\"}\n  ]\n}\n";
    std::string message = errorOf(noComma);
    CHECK_MESSAGE(message.rfind("line 8: this is not valid JSON", 0) == 0, message);

    std::string duplicateHotkey = kHead + kCode1 +
                                  "    {\"id\": \"A.2\", \"label\": \"Two\", \"group\": \"A\", \"kind\": \"point\", \"hotkey\": \"1\"}\n  ]\n}\n";
    CHECK(errorOf(duplicateHotkey) == "line 8: code A.2: the hotkey \"1\" is already used by A.1");

    std::string unknownGroup = kHead + kCode1 + "\n\n"
                               "    {\"id\": \"A.2\", \"label\": \"Two\", \"group\": \"B\", \"kind\": \"point\"}\n  ]\n}\n";
    CHECK(errorOf(unknownGroup) == "line 10: code A.2: its group \"B\" is not in \"groups\"");

    std::string badKind = kHead + kCode1 + "    {\"id\": \"A.2\", \"label\": \"Two\", \"group\": \"A\", \"kind\": \"moment\"}\n  ]\n}\n";
    CHECK(errorOf(badKind) == "line 8: code A.2: \"kind\" must be \"point\", \"interval\" or \"encounter\", not \"moment\"");

    std::string missingLabel = kHead + kCode1 + "    {\"id\": \"A.2\",\n     \"group\": \"A\", \"kind\": \"point\"}\n  ]\n}\n";
    CHECK(errorOf(missingLabel) == "line 8: code A.2: has no \"label\"");

    std::string duplicateId = kHead + kCode1 + "    {\"id\": \"A.1\", \"label\": \"Again\", \"group\": \"A\", \"kind\": \"point\"}\n  ]\n}\n";
    CHECK(errorOf(duplicateId) == "line 8: the code id A.1 is used twice");

    std::string typo = kHead + kCode1 + "    {\"id\": \"A.2\", \"lable\": \"Two\", \"group\": \"A\", \"kind\": \"point\"}\n  ]\n}\n";
    CHECK(errorOf(typo) == "line 8: code A.2: unknown field \"lable\"");

    std::string badColour = "{\n  \"name\": \"mine\",\n  \"groups\": [\n    {\"id\": \"A\", \"label\": \"Alpha\", \"colour\": \"red\"}\n  ],\n"
                            "  \"codes\": [\n" + kCode1.substr(0, kCode1.size() - 2) + "\n  ]\n}\n";
    CHECK(errorOf(badColour) == "line 4: group A: \"colour\" must look like \"#d62728\"");

    std::string good = kHead + kCode1.substr(0, kCode1.size() - 2) + "\n  ]\n}\n";
    CHECK(review::parseCodebook(good, "mine.json").ok());
}

TEST_CASE("codebooks are versioned: a change makes a new version, tags keep theirs")
{
    Scratch scratch;
    auto ws = review_test::open(scratch.db());
    auto v1 = review::activeCodebook(ws);
    REQUIRE(v1.ok());
    CHECK(v1->version == 1);
    REQUIRE(review::addEncounter(ws, "E1").ok());
    review::NewAnnotation tag{"E1", "ESC.02", 1000000, std::nullopt, std::nullopt, std::nullopt, std::nullopt, "", std::nullopt, false};
    auto first = review::addAnnotation(ws, tag);
    REQUIRE(first.ok());
    CHECK(first->codebookVersion == 1);

    // Importing the same codebook again makes no new version.
    auto same = review::importCodebookText(ws, review::defaultCodebookText(), "default.json");
    REQUIRE(same.ok());
    CHECK(same->version == 1);

    review::Codebook changed = *v1;
    changed.codes[1].label = "Threat, ultimatum or warning";
    auto v2 = review::importCodebook(ws, changed, "edited.json");
    REQUIRE_MESSAGE(v2.ok(), v2.error().describe());
    CHECK(v2->version == 2);
    CHECK(review::activeCodebook(ws)->version == 2);
    auto second = review::addAnnotation(ws, tag);
    REQUIRE(second.ok());
    CHECK(second->codebookVersion == 2);
    CHECK(review::findAnnotation(ws, first->uuid)->codebookVersion == 1);

    // A code removed in a new version: old tags keep it, new tags cannot use it.
    review::Codebook smaller = *v2;
    smaller.codes.erase(smaller.codes.begin() + 2); // ESC.03
    REQUIRE(review::importCodebook(ws, smaller, "smaller.json").ok());
    tag.code = "ESC.03";
    auto refused = review::addAnnotation(ws, tag);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("is not in the codebook default (version 3)") != std::string::npos);
}
