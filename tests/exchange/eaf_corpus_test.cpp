// EAF against the real world: the official schema and a large ELAN document from
// ../shared/corpus (label corpus). The expected counts come from xmllint, not from us.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <unistd.h>

#include "eaf_fixture.hpp"
#include "exchange/eaf_io.hpp"
#include "test_support.hpp"

using namespace exchange;

namespace {

std::filesystem::path eafDir() { return test_support::corpusDir() / "eaf"; }

std::filesystem::path scratch(const std::string& name)
{
    auto dir = std::filesystem::temp_directory_path() / ("bwv-eaf-corpus-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    return dir / name;
}

// xmllint --noout --schema EAFv3.0.xsd FILE: the exit code and what it said.
test_support::CommandResult validate(const std::filesystem::path& file)
{
    return test_support::runCommand({"xmllint", "--noout", "--schema", (eafDir() / "EAFv3.0.xsd").string(), file.string()});
}

long xpathCount(const std::filesystem::path& file, const std::string& expr)
{
    auto r = test_support::runCommand({"xmllint", "--xpath", "count(" + expr + ")", file.string()});
    REQUIRE(r.exitCode == 0);
    return std::stol(r.out);
}

struct Aligned {
    std::string tier, value;
    std::optional<std::int64_t> start, end;
};

// Every time-aligned annotation by id: tier, value and the two slots' times.
std::map<std::string, Aligned> alignedById(const EafDocument& doc)
{
    std::map<std::string, std::optional<std::int64_t>> slot;
    for (const EafTimeSlot& s : doc.timeSlots)
        slot[s.id] = s.valueMs;
    std::map<std::string, Aligned> out;
    for (const EafTier& t : doc.tiers)
        for (const EafAnnotation& a : t.annotations)
            if (a.alignable)
                out[a.id] = {t.id, a.value, slot[a.timeSlot1], slot[a.timeSlot2]};
    return out;
}

} // namespace

TEST_CASE("the written fixture validates against the official EAF 3.0 schema")
{
    test_support::requireCorpus();
    auto file = scratch("fixture.eaf");
    REQUIRE(writeEaf(makeFixtureDocument(), file).ok());
    auto r = validate(file);
    CAPTURE(r.err);
    CHECK(r.exitCode == 0);
    std::filesystem::remove(file);
}

TEST_CASE("pympi sample 3.0: imports with the counts xmllint finds")
{
    test_support::requireCorpus();
    auto file = eafDir() / "pympi_sample_3.0.eaf";
    auto doc = readEaf(file);
    REQUIRE(doc.ok());
    long aligned = xpathCount(file, "//ALIGNABLE_ANNOTATION");
    long refs = xpathCount(file, "//REF_ANNOTATION");
    long tiers = xpathCount(file, "/ANNOTATION_DOCUMENT/TIER");
    long unaligned = xpathCount(file, "//TIME_SLOT[not(@TIME_VALUE)]");
    CHECK(aligned == 4788); // MANIFEST.md of the corpus
    CHECK(refs == 3990);
    CHECK(static_cast<long>(doc->alignableCount()) == aligned);
    CHECK(static_cast<long>(doc->referenceCount()) == refs);
    CHECK(static_cast<long>(doc->tiers.size()) == tiers);
    CHECK(tiers == 6);
    // All four constraint types.
    std::map<EafConstraint, int> constraints;
    for (const EafLinguisticType& t : doc->linguisticTypes)
        ++constraints[t.constraint];
    CHECK(constraints.count(EafConstraint::TimeSubdivision));
    CHECK(constraints.count(EafConstraint::IncludedIn));
    CHECK(constraints.count(EafConstraint::SymbolicSubdivision));
    CHECK(constraints.count(EafConstraint::SymbolicAssociation));
    // Every slot without a value is interpolated for preview, and said so.
    EafTimeline times = resolveTimes(*doc);
    CHECK(static_cast<long>(times.interpolatedSlots.size()) == unaligned);
    CHECK(unaligned > 0);
    // Words a410..a414 subdivide ts38 (8000 ms) .. ts55 (11000 ms) through the unaligned
    // ts39..ts42: ELAN shows five equal parts of 600 ms.
    std::map<std::string, std::int64_t> ms;
    for (std::size_t i = 0; i < doc->timeSlots.size(); ++i)
        ms[doc->timeSlots[i].id] = times.slotMs[i];
    CHECK(ms["ts39"] == 8600);
    CHECK(ms["ts40"] == 9200);
    CHECK(ms["ts41"] == 9800);
    CHECK(ms["ts42"] == 10400);
    // Preview times never run backwards within an annotation.
    for (const auto& tier : times.annotationTimes)
        for (const EafResolvedTime& r : tier)
            CHECK_LE(r.startMs, r.endMs);
}

TEST_CASE("pympi sample: EAF -> model -> EAF keeps every time-aligned annotation and validates")
{
    test_support::requireCorpus();
    auto source = eafDir() / "pympi_sample_3.0.eaf";
    auto doc = readEaf(source);
    REQUIRE(doc.ok());
    auto file = scratch("roundtrip.eaf");
    auto written = writeEaf(*doc, file);
    REQUIRE_MESSAGE(written.ok(), (written.ok() ? "" : written.error().message));
    auto r = validate(file);
    CAPTURE(r.err);
    CHECK(r.exitCode == 0);
    CHECK(xpathCount(file, "//ALIGNABLE_ANNOTATION") == xpathCount(source, "//ALIGNABLE_ANNOTATION"));
    CHECK(xpathCount(file, "//REF_ANNOTATION") == xpathCount(source, "//REF_ANNOTATION"));
    auto back = readEaf(file);
    REQUIRE(back.ok());
    auto before = alignedById(*doc);
    auto after = alignedById(*back);
    REQUIRE(before.size() == after.size());
    std::size_t same = 0;
    for (const auto& [id, a] : before) {
        auto it = after.find(id);
        if (it != after.end() && it->second.tier == a.tier && it->second.value == a.value &&
            it->second.start == a.start && it->second.end == a.end)
            ++same;
    }
    CHECK(same == before.size());
    std::filesystem::remove_all(file.parent_path());
}

TEST_CASE("the pympi sample itself validates, so the schema check is a real one")
{
    test_support::requireCorpus();
    CHECK(validate(eafDir() / "pympi_sample_3.0.eaf").exitCode == 0);
    // And a document the schema must reject is rejected.
    auto file = scratch("invalid.eaf");
    {
        std::ofstream(file) << "<?xml version=\"1.0\"?><ANNOTATION_DOCUMENT AUTHOR=\"\" DATE=\"yesterday\" "
                               "VERSION=\"3.0\"><HEADER/><TIME_ORDER/></ANNOTATION_DOCUMENT>";
    }
    CHECK(validate(file).exitCode != 0);
    std::filesystem::remove_all(file.parent_path());
}
