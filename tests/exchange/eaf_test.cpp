// EAF reading, writing and preview times without the corpus (label unit).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "eaf_fixture.hpp"
#include "exchange/eaf_io.hpp"

using namespace exchange;

namespace {

const EafTier& tierOf(const EafDocument& doc, const std::string& id)
{
    const EafTier* t = doc.tier(id);
    REQUIRE(t != nullptr);
    return *t;
}

// An EAF 2.7 document as ELAN 4.x wrote them: CV_ENTRY with DESCRIPTION, no languages.
const char* kEaf27 = R"(<?xml version="1.0" encoding="UTF-8"?>
<ANNOTATION_DOCUMENT AUTHOR="" DATE="2013-04-01T10:00:00+01:00" FORMAT="2.7" VERSION="2.7">
  <HEADER MEDIA_FILE="" TIME_UNITS="milliseconds">
    <MEDIA_DESCRIPTOR MEDIA_URL="file:///a.mp4" MIME_TYPE="video/mp4"/>
  </HEADER>
  <TIME_ORDER>
    <TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="100"/>
    <TIME_SLOT TIME_SLOT_ID="ts2"/>
    <TIME_SLOT TIME_SLOT_ID="ts3" TIME_VALUE="700"/>
  </TIME_ORDER>
  <TIER TIER_ID="gestures" LINGUISTIC_TYPE_REF="g" ANNOTATOR="X">
    <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts3">
      <ANNOTATION_VALUE>beat</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
  </TIER>
  <TIER TIER_ID="sub" LINGUISTIC_TYPE_REF="ts" PARENT_REF="gestures">
    <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a2" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2">
      <ANNOTATION_VALUE>prep</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
    <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a3" TIME_SLOT_REF1="ts2" TIME_SLOT_REF2="ts3">
      <ANNOTATION_VALUE>stroke</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
  </TIER>
  <TIER TIER_ID="note" LINGUISTIC_TYPE_REF="sa" PARENT_REF="gestures">
    <ANNOTATION><REF_ANNOTATION ANNOTATION_ID="a4" ANNOTATION_REF="a1">
      <ANNOTATION_VALUE>fast</ANNOTATION_VALUE></REF_ANNOTATION></ANNOTATION>
  </TIER>
  <LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="g" TIME_ALIGNABLE="true" CONTROLLED_VOCABULARY_REF="G"/>
  <LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="ts" TIME_ALIGNABLE="true" CONSTRAINTS="Time_Subdivision"/>
  <LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="sa" TIME_ALIGNABLE="false" CONSTRAINTS="Symbolic_Association"/>
  <CONSTRAINT STEREOTYPE="Time_Subdivision" DESCRIPTION="..."/>
  <CONSTRAINT STEREOTYPE="Symbolic_Association" DESCRIPTION="..."/>
  <CONTROLLED_VOCABULARY CV_ID="G" DESCRIPTION="gesture types">
    <CV_ENTRY DESCRIPTION="a beat gesture">beat</CV_ENTRY>
    <CV_ENTRY DESCRIPTION="pointing">point</CV_ENTRY>
  </CONTROLLED_VOCABULARY>
</ANNOTATION_DOCUMENT>
)";

} // namespace

TEST_CASE("EAF 2.7: read, with reference annotations and an unaligned slot")
{
    auto doc = parseEaf(kEaf27, "old.eaf");
    REQUIRE(doc.ok());
    CHECK(doc->format == "2.7");
    CHECK(doc->alignableCount() == 3);
    CHECK(doc->referenceCount() == 1);
    REQUIRE(doc->vocabularies.size() == 1);
    CHECK(doc->vocabularies[0].entries.size() == 2);
    CHECK(doc->vocabularies[0].entries[0].values[0].description == "a beat gesture");
    EafTimeline times = resolveTimes(*doc);
    CHECK(times.interpolatedSlots == std::vector<std::string>{"ts2"});
    CHECK(times.slotMs[1] == 400); // halfway through the subdivided 100..700
    CHECK(times.annotationTimes[2][0].startMs == 100); // the association takes a1's times
    CHECK(times.annotationTimes[2][0].endMs == 700);
    CHECK_FALSE(times.annotationTimes[2][0].interpolated);
    CHECK(times.annotationTimes[1][1].interpolated);
}

TEST_CASE("preview times: time subdivision shares the span, symbolic subdivision too")
{
    EafDocument doc = makeFixtureDocument();
    EafTimeline times = resolveTimes(doc);
    // Phases of coder-A: 1000 | 4000 | ts3 | ts4 | 7000: ts3 and ts4 split 4000..7000 evenly.
    CHECK(times.interpolatedSlots == std::vector<std::string>{"ts3", "ts4"});
    CHECK(times.slotMs[2] == 5000);
    CHECK(times.slotMs[3] == 6000);
    // Words "you are detained" share a1 (1000..7000) in their PREVIOUS_ANNOTATION order.
    const auto& words = times.annotationTimes[3];
    CHECK(words[0].startMs == 1000);
    CHECK(words[0].endMs == 3000);
    CHECK(words[2].startMs == 5000);
    CHECK(words[2].endMs == 7000);
    CHECK(words[1].interpolated);
}

TEST_CASE("write, then read back: the same document")
{
    EafDocument doc = makeFixtureDocument();
    auto text = eafToString(doc);
    REQUIRE(text.ok());
    CHECK(text->find("FORMAT=\"3.0\"") != std::string::npos);
    auto back = parseEaf(*text, "back.eaf");
    REQUIRE(back.ok());
    CHECK(back->alignableCount() == doc.alignableCount());
    CHECK(back->referenceCount() == doc.referenceCount());
    REQUIRE(back->tiers.size() == doc.tiers.size());
    for (std::size_t t = 0; t < doc.tiers.size(); ++t) {
        const EafTier& x = doc.tiers[t];
        const EafTier& y = back->tiers[t];
        CHECK(x.id == y.id);
        CHECK(x.participant == y.participant);
        CHECK(x.annotator == y.annotator);
        CHECK(x.parentRef == y.parentRef);
        REQUIRE(x.annotations.size() == y.annotations.size());
        for (std::size_t i = 0; i < x.annotations.size(); ++i) {
            CHECK(x.annotations[i].id == y.annotations[i].id);
            CHECK(x.annotations[i].value == y.annotations[i].value);
            CHECK(x.annotations[i].timeSlot1 == y.annotations[i].timeSlot1);
            CHECK(x.annotations[i].annotationRef == y.annotations[i].annotationRef);
            CHECK(x.annotations[i].previousAnnotation == y.annotations[i].previousAnnotation);
            CHECK(x.annotations[i].cveRef == y.annotations[i].cveRef);
        }
    }
    CHECK(tierOf(*back, "coder-A").annotations[1].value == "DEE.01 \"quoted\" & <escaped>");
    REQUIRE(back->linguisticTypes.size() == 5);
    CHECK(back->linguisticTypes[3].constraint == EafConstraint::SymbolicSubdivision);
    CHECK(back->media[0].timeOriginMs == 1200);
    CHECK(back->vocabularies[0].entries[0].values[0].description == "Officer raises voice");
}

TEST_CASE("bad EAF: one sentence naming the file and the problem")
{
    struct Case {
        const char* xml;
        const char* expect;
    } cases[] = {
        {"", "malformed"},
        {"<ANNOTATION_DOCUMENT><HEADER>", "malformed at line 1"},
        {"<?xml version=\"1.0\"?>\n<html/>", "<html>"},
        {"<ANNOTATION_DOCUMENT><HEADER/></ANNOTATION_DOCUMENT>", "TIME_ORDER"},
        {"<ANNOTATION_DOCUMENT><HEADER/><TIME_ORDER/><TIER TIER_ID=\"t\" LINGUISTIC_TYPE_REF=\"x\"><ANNOTATION>"
         "<ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a1\" TIME_SLOT_REF1=\"ts1\" TIME_SLOT_REF2=\"ts2\"><ANNOTATION_VALUE/>"
         "</ALIGNABLE_ANNOTATION></ANNOTATION></TIER></ANNOTATION_DOCUMENT>",
         "time slot that does not exist"},
        {"<ANNOTATION_DOCUMENT><HEADER/><TIME_ORDER><TIME_SLOT TIME_SLOT_ID=\"ts1\" TIME_VALUE=\"1.5s\"/>"
         "</TIME_ORDER></ANNOTATION_DOCUMENT>",
         "not a whole number"},
        {"<ANNOTATION_DOCUMENT><HEADER/><TIME_ORDER/><TIER TIER_ID=\"t\" LINGUISTIC_TYPE_REF=\"x\"/>"
         "</ANNOTATION_DOCUMENT>",
         "not defined"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.xml);
        auto doc = parseEaf(c.xml, "broken.eaf");
        REQUIRE_FALSE(doc.ok());
        CHECK(doc.error().context == "broken.eaf");
        CHECK(doc.error().message.rfind("not an ELAN annotation document: ", 0) == 0);
        CHECK(doc.error().message.find(c.expect) != std::string::npos);
        CHECK(doc.error().message.find('\n') == std::string::npos);
    }
    auto missing = readEaf("/nonexistent/file.eaf");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == common::ErrorCode::NotFound);
}

TEST_CASE("the writer refuses what the schema would reject")
{
    EafDocument doc = makeFixtureDocument();
    doc.tiers[0].annotations[0].id = "1st"; // an xsd:ID cannot start with a digit
    CHECK_FALSE(eafToString(doc).ok());
    doc = makeFixtureDocument();
    doc.tiers[0].annotations[0].timeSlot1 = "ts99";
    CHECK_FALSE(eafToString(doc).ok());
    doc = makeFixtureDocument();
    doc.timeSlots[0].valueMs = -5;
    CHECK_FALSE(eafToString(doc).ok());
    doc = makeFixtureDocument();
    doc.tiers[1].parentRef = "nobody";
    CHECK_FALSE(eafToString(doc).ok());
    doc = makeFixtureDocument();
    doc.linguisticTypes[0].controlledVocabularyRef = "missing";
    CHECK_FALSE(eafToString(doc).ok());
}

TEST_CASE("writing is atomic: a failed write leaves the old file as it was")
{
    auto dir = std::filesystem::temp_directory_path() / ("bwv-eaf-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    auto file = dir / "out.eaf";
    {
        std::ofstream(file) << "old";
    }
    EafDocument bad = makeFixtureDocument();
    bad.tiers[0].linguisticTypeRef = "missing";
    CHECK_FALSE(writeEaf(bad, file).ok());
    std::ifstream in(file);
    std::string content;
    in >> content;
    CHECK(content == "old");
    // An existing file is replaced only when asked (common::OutputFile).
    CHECK_FALSE(writeEaf(makeFixtureDocument(), file).ok());
    REQUIRE(writeEaf(makeFixtureDocument(), file, {true}).ok());
    CHECK(readEaf(file).ok());
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir))
        ++entries;
    CHECK(entries == 1); // no temporary left behind
    std::filesystem::remove_all(dir);
}
