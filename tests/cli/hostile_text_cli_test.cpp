// Text is bytes until proven UTF-8, and no text is too long (issue 10): the exact
// reproducers of the issue, each with its exit code and sentence.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace fs = std::filesystem;

TEST_CASE("a 40 KB comment of the shape that made the scanner backtrack passes through every export, redacted or not")
{
    test_support::ScratchFolder scratch;
    const fs::path db = scratch.dir / "p.sqlite";
    test_support::makeTestDatabase(db, {"chair"});
    std::string comment = "x@";
    for (int i = 0; i < 20000; ++i)
        comment += "b.";
    test_support::requireOk(test_support::runAs(db, "chair", {"encounter", "add", "E1"}));
    test_support::requireOk(test_support::runAs(db, "chair", {"tag", "add", "--encounter", "E1", "--code", "ESC.02", "--at", "2", "--comment", comment}));
    test_support::requireOk(test_support::runAs(db, "chair", {"screening", "add", "S1", "--date", "2024-05-02", "--encounter", "E1"}));
    const std::string d = scratch.dir.string() + "/";
    const std::vector<std::vector<std::string>> exports = {
        {"json", "--out", d + "o.json"},
        {"csv", "--out", d + "o.csv"},
        {"boris", "--out", d + "o.tsv"},
        {"eaf", "--encounter", "E1", "--out", d + "o.eaf"},
        {"report", "--screening", "S1", "--format", "pdf", "--out", d + "o.pdf"},
        {"report", "--screening", "S1", "--format", "xlsx", "--out", d + "o.xlsx"},
        {"rollup", "--quarter", "2024-Q2", "--out", d + "r.pdf"},
    };
    for (const char* redact : {"", "--redact"})
        for (auto args : exports) {
            args.insert(args.begin(), "export");
            args.push_back("--force");
            if (*redact)
                args.push_back(redact);
            auto r = test_support::runAs(db, "chair", args);
            CAPTURE(args[1]);
            CAPTURE(redact);
            CHECK_MESSAGE(r.exitCode == 0, r.err);
        }
    auto json = nlohmann::json::parse(test_support::fileBytes(scratch.dir / "o.json"));
    CHECK(json["annotations"].size() == 1);
}

TEST_CASE("text that is not UTF-8 is refused with a sentence naming where it came from; file names are kept as bytes")
{
    test_support::ScratchFolder scratch;
    const fs::path db = scratch.dir / "p.sqlite";
    test_support::makeTestDatabase(db, {"chair"});
    test_support::requireOk(test_support::runAs(db, "chair", {"encounter", "add", "E1"}));

    auto comment = test_support::runAs(db, "chair", {"tag", "add", "--encounter", "E1", "--code", "ESC.02", "--at", "1",
                                                     "--comment", "caf\xe9"});
    CHECK(comment.exitCode == 3);
    CHECK(comment.err == "bwv-review: error: the text given for --comment is not valid UTF-8 (typed in another "
                         "encoding?): retype it\n");
    auto person = test_support::runAs(db, "admin", {"person", "add", "Ren\xe9" "e", "--role", "member"});
    CHECK(person.exitCode == 3);
    CHECK(person.err.find("the text given for NAME is not valid UTF-8") != std::string::npos);
    auto signIn = test_support::runCommand({test_support::executable().string(), "--db", db.string(), "--as",
                                            "Ren\xe9" "e", "tag", "list"});
    CHECK(signIn.exitCode == 3);
    CHECK(signIn.err.find("the text given for --as is not valid UTF-8") != std::string::npos);

    // A file named in Latin-1: registered, listed and probed, shown with U+FFFD, JSON intact.
    const fs::path latin = scratch.dir / "Jos\xe9.mp4";
    fs::copy_file(test_support::testDataDir() / "media" / "h264_gop2s.mp4", latin);
    test_support::requireOk(test_support::runAs(db, "chair", {"footage", "add", latin.string(), "--encounter", "E1"}));
    test_support::requireOk(test_support::runAs(db, "chair", {"tag", "add", "--encounter", "E1", "--code", "ESC.02", "--at", "1", "--comment",
                                         "café"}));
    auto tags = test_support::runAs(db, "chair", {"tag", "list", "--encounter", "E1", "--format", "json"});
    test_support::requireOk(tags);
    CHECK(nlohmann::json::parse(tags.out).size() == 1);
    auto probe = test_support::runCommand({test_support::executable().string(), "probe", "--json", latin.string()});
    test_support::requireOk(probe);
    auto facts = nlohmann::json::parse(probe.out);
    CHECK(facts["path"].get<std::string>().find("Jos\xef\xbf\xbd.mp4") != std::string::npos);
    auto exported = test_support::runAs(db, "chair", {"export", "json", "--out", (scratch.dir / "Jos\xe9.json").string()});
    test_support::requireOk(exported);
    CHECK(fs::exists(scratch.dir / "Jos\xe9.json"));
    CHECK(nlohmann::json::accept(test_support::fileBytes(scratch.dir / "Jos\xe9.json")));

    // A ratings CSV from an old spreadsheet.
    std::ofstream(scratch.dir / "ratings.csv", std::ios::binary) << "unit,r1,r2\nu1,caf\xe9,bad\nu2,ok,ok\n";
    auto csv = test_support::runAs(db, "chair", {"stats", "irr", "--matrix", (scratch.dir / "ratings.csv").string(),
                                                 "--method", "fleiss"});
    CHECK(csv.exitCode == 3);
    CHECK(csv.err == "bwv-review: error: " + (scratch.dir / "ratings.csv").string()
                         + ": line 2 holds text that is not UTF-8: save the file as UTF-8 (CSV UTF-8 in a spreadsheet)\n");

    // An EAF: Latin-1 under a UTF-8 declaration is refused; declared as ISO-8859-1, read right.
    const fs::path eaf = scratch.dir / "tags.eaf";
    test_support::requireOk(test_support::runAs(db, "chair", {"export", "eaf", "--encounter", "E1", "--out", eaf.string()}));
    std::string xml = test_support::fileBytes(eaf);
    auto at = xml.find("caf\xc3\xa9");
    REQUIRE(at != std::string::npos);
    xml.replace(at, 5, "caf\xe9");
    std::ofstream(scratch.dir / "latin1-as-utf8.eaf", std::ios::binary) << xml;
    auto wrong = test_support::runAs(db, "chair", {"import", "eaf", (scratch.dir / "latin1-as-utf8.eaf").string(),
                                                   "--encounter", "E1", "--dry-run"});
    CHECK(wrong.exitCode == 3);
    CHECK(wrong.err.find("holds text that is not UTF-8 though the file says it is") != std::string::npos);
    xml.replace(xml.find("UTF-8"), 5, "ISO-8859-1");
    std::ofstream(scratch.dir / "latin1.eaf", std::ios::binary) << xml;
    auto declared = test_support::runAs(db, "chair", {"import", "eaf", (scratch.dir / "latin1.eaf").string(),
                                                      "--encounter", "E1", "--dry-run", "--json"});
    CHECK_MESSAGE(declared.exitCode == 0, declared.err);
}
