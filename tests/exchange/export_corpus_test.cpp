// Exports against the real world (label corpus): the EAF we write validates against the
// official EAF 3.0 schema, and the large real ELAN file of the corpus imports with the
// counts xmllint finds in it.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "export_fixture.hpp"
#include "test_support.hpp"

namespace {

std::filesystem::path scratchDir()
{
    auto dir = std::filesystem::temp_directory_path() / ("bwv-export-corpus-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

test_support::CommandResult bwv(const std::filesystem::path& db, std::vector<std::string> args)
{
    return test_support::runAs(db, "alice", args);
}

long xpathCount(const std::filesystem::path& file, const std::string& expr)
{
    auto r = test_support::runCommand({"xmllint", "--xpath", "count(" + expr + ")", file.string()});
    REQUIRE(r.exitCode == 0);
    return std::stol(r.out);
}

} // namespace

TEST_CASE("export eaf validates against the official EAF 3.0 schema")
{
    test_support::requireCorpus();
    auto dir = scratchDir();
    auto db = dir / "panel.sqlite";
    makeExportFixture(db);
    auto out = dir / "encounter.eaf";
    auto r = bwv(db, {"export", "eaf", "--encounter", "MPS-24-0412", "--out", out.string()});
    CAPTURE(r.err);
    REQUIRE(r.exitCode == 0);
    auto valid = test_support::runCommand(
        {"xmllint", "--noout", "--schema", (test_support::corpusDir() / "eaf" / "EAFv3.0.xsd").string(), out.string()});
    CAPTURE(valid.err);
    CHECK(valid.exitCode == 0);
    // One tier per coder and group: alice ESC, alice DEE, bob ESC, bob DEE; and alice's
    // notes (subject, intensity, comments) under her two tiers.
    CHECK(xpathCount(out, "//TIER[not(@PARENT_REF)]") == 4);
    CHECK(xpathCount(out, "//ALIGNABLE_ANNOTATION") == 4);
    CHECK(xpathCount(out, "//CONTROLLED_VOCABULARY[@CV_ID='ESC']/CV_ENTRY_ML") == 10);
    CHECK(xpathCount(out, "//TIER[@ANNOTATOR='alice']") == 0); // pseudonyms only
    std::filesystem::remove_all(dir);
}

TEST_CASE("the large real EAF imports: every annotation accounted for")
{
    test_support::requireCorpus();
    auto file = test_support::corpusDir() / "eaf" / "pympi_sample_3.0.eaf";
    auto dir = scratchDir();
    auto db = dir / "panel.sqlite";
    makeExportFixture(db);
    long aligned = xpathCount(file, "//ALIGNABLE_ANNOTATION");
    long refs = xpathCount(file, "//REF_ANNOTATION");
    long unaligned = xpathCount(file, "//TIME_SLOT[not(@TIME_VALUE)]");
    long text = xpathCount(file, "//TIER[@TIER_ID='text']/ANNOTATION");
    long symsub = xpathCount(file, "//TIER[@TIER_ID='words-symsub']/ANNOTATION");
    // Its tiers are linguistic, not scrutiny codes: map two of them, one time-aligned
    // (utterances as ESC.01 intervals) and one of reference annotations (words as DEE.02).
    auto r = bwv(db, {"import", "eaf", file.string(), "--encounter", "MPS-24-0398", "--map", "text=ESC.01", "--map",
                      "words-symsub=DEE.02", "--json"});
    CAPTURE(r.err);
    REQUIRE(r.exitCode == 0);
    auto j = nlohmann::json::parse(r.out);
    CHECK(j["annotations"]["alignable"] == aligned);
    CHECK(j["annotations"]["reference"] == refs);
    CHECK(j["timeSlots"]["unaligned"] == unaligned);
    CHECK(j["annotations"]["imported"].get<long>() + j["annotations"]["duplicates"].get<long>() == text + symsub);
    CHECK(j["annotations"]["unmapped"].get<long>() == aligned + refs - text - symsub);
    CHECK(j["tiers"].size() == 6);
    auto list = bwv(db, {"tag", "list", "--encounter", "MPS-24-0398", "--format", "csv"});
    long lines = 0;
    for (char c : list.out)
        lines += c == '\n';
    CHECK(lines == 1 + 1 + j["annotations"]["imported"].get<long>()); // header, PAC.G, imported
    std::filesystem::remove_all(dir);
}
