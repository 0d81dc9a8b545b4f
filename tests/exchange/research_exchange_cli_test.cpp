// Research exchange (issue 12): the research CSV's cameras and frame numbers against
// ffprobe's frame timestamps, the decisions and codebook files beside it, the lead's key of
// pseudonyms, ELAN documents with one media descriptor per camera and point tags one frame
// long (validated against the EAF 3.0 schema, read back tag for tag), and ELAN vocabularies
// imported as a codebook. Two cameras film encounter E1: Officer A (h264_gop2s, 30 fps,
// 6 s) starts 2 s into it; Officer B (h264_vfr, frames dropped here and there) with it.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "ffprobe_frames.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using test_support::CommandResult;
using test_support::requireOk;
using test_support::runAs;

namespace {

fs::path media(const char* name) { return test_support::testDataDir() / "media" / name; }

void writeFile(const fs::path& file, const std::string& bytes) { std::ofstream(file, std::ios::binary) << bytes; }

// A CSV reader written for the test (quotes, doubled quotes, commas and line breaks inside
// quotes), so the export is checked by something other than its writer.
std::vector<std::map<std::string, std::string>> readCsv(const fs::path& file, std::vector<std::string>* header = nullptr)
{
    const std::string text = test_support::fileBytes(file);
    std::vector<std::vector<std::string>> rows(1);
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"')
                field += text[++i];
            else if (c == '"')
                quoted = false;
            else
                field += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            rows.back().push_back(field);
            field.clear();
        } else if (c == '\n') {
            rows.back().push_back(field);
            field.clear();
            rows.emplace_back();
        } else {
            field += c;
        }
    }
    if (rows.back().empty())
        rows.pop_back();
    REQUIRE(!rows.empty());
    if (header)
        *header = rows[0];
    std::vector<std::map<std::string, std::string>> out;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        REQUIRE_MESSAGE(rows[r].size() == rows[0].size(), file.string() << " row " << r << " has another number of fields");
        std::map<std::string, std::string> row;
        for (std::size_t c = 0; c < rows[0].size(); ++c)
            row[rows[0][c]] = rows[r][c];
        out.push_back(std::move(row));
    }
    return out;
}

long long toUs(const std::string& seconds) { return std::llround(std::stod(seconds) * 1e6); }

struct Encounter {
    test_support::ScratchFolder scratch;
    fs::path db = scratch.dir / "p.sqlite";
    fs::path cameraA = scratch.dir / "officer-a.mp4", cameraB = scratch.dir / "officer-b.mp4";
    std::map<std::string, long long> offsetUs{{"Officer A", 2000000}, {"Officer B", 0}};
    std::map<std::string, fs::path> fileOf{{"Officer A", cameraA}, {"Officer B", cameraB}};
    std::string coraEsc03; // UUID of the tag the decision is made on

    Encounter()
    {
        fs::copy_file(media("h264_gop2s.mp4"), cameraA);
        fs::copy_file(media("h264_vfr.mp4"), cameraB);
        test_support::makeTestDatabase(db, {"lena"}, "lead");
        test_support::makeTestDatabase(db, {"carl", "cora"}, "coder");
        test_support::makeTestDatabase(db, {"mo"}, "member");
        requireOk(as("lena", {"footage", "add", cameraA.string(), "--encounter", "E1", "--label", "Officer A", "--offset", "2"}));
        requireOk(as("lena", {"footage", "add", cameraB.string(), "--encounter", "E1", "--label", "Officer B", "--offset", "0"}));
        tag("carl", {"--code", "ESC.01", "--at", "3.1", "--to", "5.2", "--footage", cameraA.string()});
        tag("carl", {"--code", "DEE.01", "--at", "4.0", "--footage", cameraB.string(), "--comment", "explained, calmly"});
        tag("carl", {"--code", "PAC.G", "--at", "1.0"});
        tag("cora", {"--code", "ESC.01", "--at", "3.2", "--to", "5.0", "--footage", cameraA.string()});
        coraEsc03 = tag("cora", {"--code", "ESC.03", "--at", "2.5", "--footage", cameraB.string()});
        requireOk(as("lena", {"adjudicate", "decide", "--encounter", "E1", "--code", "ESC.03", "--at", "2.5", "--nothing",
                              "--reason", "Mr Smith was not spoken to that way", "--sources", coraEsc03}));
    }
    CommandResult as(const std::string& person, const std::vector<std::string>& args) const { return runAs(db, person, args); }
    std::string tag(const std::string& person, std::vector<std::string> args) const
    {
        args.insert(args.begin(), {"tag", "add", "--encounter", "E1"});
        auto r = as(person, args);
        requireOk(r);
        return r.out.substr(0, r.out.find_first_of(" \n"));
    }
};

std::string toolVersionLine()
{
    auto r = test_support::runCommand({test_support::executable().string(), "--version"});
    requireOk(r);
    REQUIRE(r.out.rfind("bwv-review ", 0) == 0);
    return r.out.substr(0, r.out.find('\n'));
}

} // namespace

TEST_CASE("the research CSV gives each tag its camera and the frames ffprobe says that camera shows")
{
    Encounter e;
    const fs::path out = e.scratch.dir / "coding.csv";
    auto exported = e.as("lena", {"export", "csv", "--out", out.string()});
    requireOk(exported);
    // The decision's reason names someone: the free-text check warns before export.
    CHECK(exported.err.find("decisions, decision") != std::string::npos);

    std::vector<std::string> header;
    const auto rows = readCsv(out, &header);
    CHECK(header == std::vector<std::string>{"tag", "encounter", "footage", "camera", "coder", "code", "group", "label",
                                             "kind", "start_s", "end_s", "start_frame", "end_frame", "subject",
                                             "intensity", "value", "comment", "codebook_version", "created", "changed"});
    REQUIRE(rows.size() == 5);
    const std::map<std::string, test_support::FrameTimes> frames{{"Officer A", test_support::ffprobeFrames(e.cameraA)},
                                                                {"Officer B", test_support::ffprobeFrames(e.cameraB)}};
    std::set<std::string> tagPseudonyms;
    for (const auto& row : rows) {
        CAPTURE(row.at("code"));
        CHECK(row.at("tag").rfind("tag-", 0) == 0);
        tagPseudonyms.insert(row.at("tag"));
        if (row.at("code") == "PAC.G") { // tagged without a camera: no frames to name
            CHECK(row.at("camera").empty());
            CHECK(row.at("start_frame").empty());
            continue;
        }
        const std::string camera = row.at("camera");
        REQUIRE(frames.count(camera));
        const auto& times = frames.at(camera);
        const auto start = times.shownAt(toUs(row.at("start_s")) - e.offsetUs.at(camera));
        REQUIRE(start);
        CHECK(row.at("start_frame") == std::to_string(*start));
        if (row.at("kind") == "interval") {
            const auto end = times.shownAt(toUs(row.at("end_s")) - e.offsetUs.at(camera));
            REQUIRE(end);
            CHECK(row.at("end_frame") == std::to_string(*end));
        } else {
            CHECK(row.at("end_frame").empty());
        }
    }
    CHECK(tagPseudonyms.size() == rows.size());
    // Camera A runs at 30 fps from 2 s: 3.1 s on the encounter is 1.1 s into it, frame 33.
    for (const auto& row : rows)
        if (row.at("code") == "ESC.01" && row.at("start_s") == "3.100000")
            CHECK(row.at("start_frame") == "33");

    SUBCASE("the decisions file names the tags it was decided from by the tags file's pseudonyms")
    {
        const auto decisions = readCsv(e.scratch.dir / "coding_decisions.csv");
        REQUIRE(decisions.size() == 1);
        const auto& d = decisions[0];
        CHECK(d.at("code") == "ESC.03");
        CHECK(d.at("outcome") == "nothing happened");
        CHECK(d.at("consensus_tag").empty());
        CHECK(d.at("reason") == "Mr Smith was not spoken to that way");
        std::string coraTag;
        for (const auto& row : rows)
            if (row.at("code") == "ESC.03")
                coraTag = row.at("tag");
        CHECK(d.at("sources") == coraTag);
        CHECK(d.at("encounter") == rows[0].at("encounter"));
        // With redaction the reason's name goes, like a comment's.
        requireOk(e.as("lena", {"export", "csv", "--out", (e.scratch.dir / "redacted.csv").string(), "--redact"}));
        const auto redacted = readCsv(e.scratch.dir / "redacted_decisions.csv");
        REQUIRE(redacted.size() == 1);
        CHECK(redacted[0].at("reason").find("Smith") == std::string::npos);
    }
    SUBCASE("the codebook file holds every code of the codebook file it came from")
    {
        const char* source = std::getenv("BWV_SOURCE_DIR");
        REQUIRE(source);
        const json book = json::parse(test_support::fileBytes(fs::path(source) / "assets" / "codebooks" / "default.json"));
        const auto codes = readCsv(e.scratch.dir / "coding_codebook.csv");
        REQUIRE(codes.size() == book["codes"].size());
        for (std::size_t i = 0; i < codes.size(); ++i) {
            const json& c = book["codes"][i];
            CHECK(codes[i].at("code") == c["id"].get<std::string>());
            CHECK(codes[i].at("group") == c["group"].get<std::string>());
            CHECK(codes[i].at("label") == c["label"].get<std::string>());
            CHECK(codes[i].at("kind") == c["kind"].get<std::string>());
            CHECK(codes[i].at("codebook") == book["name"].get<std::string>());
        }
    }
    SUBCASE("the data dictionary and the JSON export name the tool's version, and the JSON carries the same facts")
    {
        const std::string version = toolVersionLine();
        CHECK(test_support::fileBytes(e.scratch.dir / "coding_csv_README.txt").find("made by:         " + version) != std::string::npos);
        const fs::path jsonOut = e.scratch.dir / "all.json";
        requireOk(e.as("lena", {"export", "json", "--out", jsonOut.string()}));
        const json j = json::parse(test_support::fileBytes(jsonOut));
        CHECK(j["tool"] == version);
        REQUIRE(j["decisions"].size() == 1);
        CHECK(j["decisions"][0]["outcome"] == "nothing happened");
        std::map<std::string, json> byTag;
        for (const json& a : j["annotations"])
            byTag[a["tag"]] = a;
        for (const auto& row : rows) {
            const json& a = byTag.at(row.at("tag"));
            CHECK(a["start_frame"].dump() == (row.at("start_frame").empty() ? "null" : row.at("start_frame")));
            CHECK((a["camera"].is_null() ? std::string() : a["camera"].get<std::string>()) == row.at("camera"));
        }
    }
    SUBCASE("a camera whose file has changed since it was registered gets no frame numbers rather than wrong ones")
    {
        fs::remove(e.cameraB);
        fs::copy_file(media("h264_gop10s.mp4"), e.cameraB);
        requireOk(e.as("lena", {"export", "csv", "--out", (e.scratch.dir / "moved.csv").string()}));
        for (const auto& row : readCsv(e.scratch.dir / "moved.csv"))
            if (row.at("camera") == "Officer B")
                CHECK(row.at("start_frame").empty());
            else if (row.at("camera") == "Officer A")
                CHECK(!row.at("start_frame").empty());
    }
}

TEST_CASE("only a lead writes the key of pseudonyms, and it is audited")
{
    Encounter e;
    const fs::path key = e.scratch.dir / "pseudonyms.csv";
    for (const char* person : {"mo", "carl"}) {
        auto refused = e.as(person, {"export", "pseudonyms", "--out", key.string()});
        CHECK(refused.exitCode == 4);
        CHECK(!fs::exists(key));
    }
    requireOk(e.as("lena", {"export", "pseudonyms", "--out", key.string()}));
    std::vector<std::string> header;
    const auto people = readCsv(key, &header);
    CHECK(header == std::vector<std::string>{"pseudonym", "name"});
    std::map<std::string, std::string> nameOf;
    for (const auto& p : people)
        nameOf[p.at("pseudonym")] = p.at("name");
    // Every coder and the person who decided, and nobody else (mo neither tagged nor decided).
    requireOk(e.as("lena", {"export", "csv", "--out", (e.scratch.dir / "c.csv").string()}));
    std::set<std::string> coders;
    for (const auto& row : readCsv(e.scratch.dir / "c.csv"))
        coders.insert(nameOf.at(row.at("coder")));
    CHECK(coders == std::set<std::string>{"carl", "cora"});
    CHECK(nameOf.at(readCsv(e.scratch.dir / "c_decisions.csv").at(0).at("decided_by")) == "lena");
    CHECK(people.size() == 3);
    // Audited, and the output never lands on an input.
    const json audit = json::parse(e.as("admin", {"audit", "list", "--action", "export", "--json"}).out);
    bool logged = false;
    for (const json& entry : audit)
        logged = logged || entry["item"].get<std::string>().find("pseudonym key") != std::string::npos;
    CHECK(logged);
    CHECK(e.as("lena", {"export", "pseudonyms", "--out", e.db.string(), "--force"}).exitCode != 0);
    CHECK(e.as("lena", {"export", "pseudonyms", "--out", key.string()}).exitCode != 0); // exists: needs --force
}

TEST_CASE("an ELAN export has a media descriptor per camera and one-frame point tags, and reads back tag for tag")
{
    Encounter e;
    const fs::path eaf = e.scratch.dir / "e1.eaf";
    requireOk(e.as("lena", {"export", "eaf", "--encounter", "E1", "--out", eaf.string()}));
    if (std::system("command -v xmllint >/dev/null 2>&1") == 0 && fs::exists(test_support::corpusDir() / "eaf" / "EAFv3.0.xsd")) {
        auto valid = test_support::runCommand({"xmllint", "--noout", "--schema",
                                               (test_support::corpusDir() / "eaf" / "EAFv3.0.xsd").string(), eaf.string()});
        CHECK_MESSAGE(valid.exitCode == 0, valid.err);
    }
    const std::string xml = test_support::fileBytes(eaf);
    // One descriptor per camera, named by pseudonym, with its MIME type; Officer A's media
    // time at the document's zero is -2 s.
    std::size_t descriptors = 0;
    for (auto at = xml.find("<MEDIA_DESCRIPTOR"); at != std::string::npos; at = xml.find("<MEDIA_DESCRIPTOR", at + 1))
        ++descriptors;
    CHECK(descriptors == 2);
    CHECK(xml.find("MIME_TYPE=\"video/mp4\"") != std::string::npos);
    CHECK(xml.find("TIME_ORIGIN=\"-2000\"") != std::string::npos);
    CHECK(xml.find("RELATIVE_MEDIA_URL=\"./ftg-") != std::string::npos);
    CHECK(xml.find("officer-a") == std::string::npos); // the footage's own name stays in the panel
    CHECK(xml.find("<PROPERTY NAME=\"bwv-review:tool\">" + toolVersionLine() + "</PROPERTY>") != std::string::npos);
    // Points last one frame of their camera (DEE.01 and ESC.03, both on Officer B); ELAN
    // keeps milliseconds.
    const auto slotsEnd = xml.find("</TIME_ORDER>");
    std::map<std::string, long long> slotMs;
    for (auto at = xml.find("<TIME_SLOT "); at != std::string::npos && at < slotsEnd; at = xml.find("<TIME_SLOT ", at + 1)) {
        auto id = xml.find("TIME_SLOT_ID=\"", at) + 14;
        auto value = xml.find("TIME_VALUE=\"", at) + 12;
        slotMs[xml.substr(id, xml.find('"', id) - id)] = std::stoll(xml.substr(value, xml.find('"', value) - value));
    }
    std::vector<long long> pointLengths;
    for (auto at = xml.find("<ALIGNABLE_ANNOTATION"); at != std::string::npos; at = xml.find("<ALIGNABLE_ANNOTATION", at + 1)) {
        auto one = xml.find("TIME_SLOT_REF1=\"", at) + 16, two = xml.find("TIME_SLOT_REF2=\"", at) + 16;
        auto value = xml.find("<ANNOTATION_VALUE>", at) + 18;
        const std::string code = xml.substr(value, xml.find('<', value) - value);
        const long long length = slotMs[xml.substr(two, xml.find('"', two) - two)] - slotMs[xml.substr(one, xml.find('"', one) - one)];
        CHECK(length > 0); // ELAN drops annotations of no length
        if (code == "DEE.01" || code == "ESC.03")
            pointLengths.push_back(length);
    }
    REQUIRE(pointLengths.size() == 2);
    // Officer B's registered frame rate, as ffprobe reads it: one frame of it, to the ms.
    auto rate = test_support::runCommand({"ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                                          "stream=avg_frame_rate", "-of", "csv=p=0", e.cameraB.string()});
    requireOk(rate);
    const double fps = std::stod(rate.out.substr(0, rate.out.find('/'))) / std::stod(rate.out.substr(rate.out.find('/') + 1));
    for (long long ms : pointLengths)
        CHECK(std::llabs(ms - std::llround(1000.0 / fps)) <= 1);

    SUBCASE("imported into another encounter filmed by the same cameras, every tag comes back as it was")
    {
        requireOk(e.as("lena", {"footage", "add", e.cameraA.string(), "--encounter", "E2", "--label", "Officer A", "--offset", "2"}));
        requireOk(e.as("lena", {"footage", "add", e.cameraB.string(), "--encounter", "E2", "--label", "Officer B", "--offset", "0"}));
        auto imported = e.as("lena", {"import", "eaf", eaf.string(), "--encounter", "E2", "--json"});
        requireOk(imported);
        const json report = json::parse(imported.out);
        CHECK(report["annotations"]["imported"] == 5);
        CHECK(report["camerasMatched"] == 2);
        CHECK(report["offsetWarnings"].empty());
        for (const json& tier : report["tiers"])
            CHECK(tier["pointsWithDuration"] == 0);
        // Compared through the research CSV of each encounter: code, coder, times, kind,
        // camera and frames.
        requireOk(e.as("lena", {"export", "csv", "--out", (e.scratch.dir / "both.csv").string()}));
        std::map<std::string, std::multiset<std::string>> byEncounter;
        for (const auto& row : readCsv(e.scratch.dir / "both.csv"))
            byEncounter[row.at("encounter")].insert(row.at("coder") + "|" + row.at("code") + "|" + row.at("kind") + "|"
                                                    + row.at("start_s") + "|" + row.at("end_s") + "|" + row.at("camera")
                                                    + "|" + row.at("start_frame") + "|" + row.at("end_frame") + "|"
                                                    + row.at("comment"));
        REQUIRE(byEncounter.size() == 2);
        CHECK(byEncounter.begin()->second == std::next(byEncounter.begin())->second);
    }
    SUBCASE("a camera offset differently on the encounter imported into is named, and no tag moves")
    {
        requireOk(e.as("lena", {"footage", "add", e.cameraA.string(), "--encounter", "E3", "--label", "Officer A", "--offset", "1.5"}));
        auto imported = e.as("lena", {"import", "eaf", eaf.string(), "--encounter", "E3", "--json"});
        requireOk(imported);
        const json report = json::parse(imported.out);
        REQUIRE(report["offsetWarnings"].size() == 1);
        CHECK(report["offsetWarnings"][0].get<std::string>().find("2000000") != std::string::npos);
        CHECK(imported.err.find("offset by 2000000 microseconds in the file but by 1500000") != std::string::npos);
    }
}

TEST_CASE("ELAN controlled vocabularies become a codebook: from an .ecv and from the vocabularies inside an EAF")
{
    Encounter e;
    const fs::path ecv = e.scratch.dir / "gestures.ecv";
    writeFile(ecv, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<CV_RESOURCE AUTHOR=\"\" DATE=\"2020-01-01T00:00:00+00:00\" VERSION=\"0.2\">\n"
                   " <LANGUAGE LANG_DEF=\"http://cdb.iso.org/lg/CDB-00138502-001\" LANG_ID=\"eng\" LANG_LABEL=\"English (eng)\"/>\n"
                   " <LANGUAGE LANG_DEF=\"http://cdb.iso.org/lg/CDB-00138500-001\" LANG_ID=\"nld\" LANG_LABEL=\"Dutch (nld)\"/>\n"
                   " <CONTROLLED_VOCABULARY CV_ID=\"gesture\">\n"
                   "  <DESCRIPTION LANG_REF=\"eng\">Gestures</DESCRIPTION>\n"
                   "  <CV_ENTRY_ML CVE_ID=\"c1\"><CVE_VALUE DESCRIPTION=\"wijzen\" LANG_REF=\"nld\">wijs</CVE_VALUE>"
                   "<CVE_VALUE DESCRIPTION=\"pointing at someone\" LANG_REF=\"eng\">point at</CVE_VALUE></CV_ENTRY_ML>\n"
                   "  <CV_ENTRY_ML CVE_ID=\"c2\"><CVE_VALUE LANG_REF=\"eng\">wave</CVE_VALUE></CV_ENTRY_ML>\n"
                   " </CONTROLLED_VOCABULARY>\n"
                   " <CONTROLLED_VOCABULARY CV_ID=\"speech\">\n"
                   "  <CV_ENTRY_ML CVE_ID=\"c3\"><CVE_VALUE LANG_REF=\"eng\">wave</CVE_VALUE></CV_ENTRY_ML>\n"
                   " </CONTROLLED_VOCABULARY>\n"
                   "</CV_RESOURCE>\n");
    requireOk(e.as("lena", {"codebook", "import", ecv.string(), "--kind", "point"}));
    const fs::path written = e.scratch.dir / "book.json";
    requireOk(e.as("lena", {"codebook", "export", written.string()}));
    const json book = json::parse(test_support::fileBytes(written));
    CHECK(book["name"] == "gestures");
    std::map<std::string, json> codes;
    for (const json& c : book["codes"])
        codes[c["id"]] = c;
    REQUIRE(codes.size() == 3);
    CHECK(codes.at("point_at")["label"] == "pointing at someone"); // English first, spaces made "_"
    CHECK(codes.at("point_at")["group"] == "gesture");
    CHECK(codes.at("point_at")["kind"] == "point");
    CHECK(codes.count("gesture.wave") == 1); // a value two vocabularies share, told apart
    CHECK(codes.count("speech.wave") == 1);
    CHECK(book["groups"][0]["label"] == "Gestures");

    // From our own EAF export: the default codebook's codes come back with their labels,
    // and the codes tagged as points are points.
    const fs::path eaf = e.scratch.dir / "e1.eaf";
    requireOk(e.as("lena", {"export", "eaf", "--encounter", "E1", "--out", eaf.string()}));
    requireOk(e.as("lena", {"codebook", "import", eaf.string(), "--name", "from-elan"}));
    requireOk(e.as("lena", {"codebook", "export", written.string(), "--force"}));
    const json fromEaf = json::parse(test_support::fileBytes(written));
    std::map<std::string, json> eafCodes;
    for (const json& c : fromEaf["codes"])
        eafCodes[c["id"]] = c;
    CHECK(eafCodes.at("ESC.01")["label"] == "Officer raises voice");
    CHECK(eafCodes.at("ESC.01")["kind"] == "interval");
    CHECK(eafCodes.at("ESC.03")["kind"] == "point");
    CHECK(eafCodes.at("DEE.01")["kind"] == "point");

    SUBCASE("a real ELAN document's vocabularies: its empty ones make no empty groups")
    {
        const fs::path sample = test_support::corpusDir() / "eaf" / "pympi_sample_3.0.eaf";
        if (!fs::exists(sample))
            return; // the corpus is optional (tests/README)
        requireOk(e.as("lena", {"codebook", "import", sample.string()}));
        requireOk(e.as("lena", {"codebook", "export", written.string(), "--force"}));
        const json sampleBook = json::parse(test_support::fileBytes(written));
        REQUIRE(!sampleBook["codes"].empty());
        for (const json& g : sampleBook["groups"])
            CHECK(std::any_of(sampleBook["codes"].begin(), sampleBook["codes"].end(),
                              [&](const json& c) { return c["group"] == g["id"]; }));
    }
    SUBCASE("what is not a vocabulary is refused with one sentence naming the file, and nothing changes")
    {
        const std::vector<std::pair<std::string, std::string>> bad = {
            {"empty.ecv", ""},
            {"text.ecv", "not xml at all"},
            {"wrong-root.ecv", "<ANNOTATION_DOCUMENT/>"},
            {"no-vocabulary.ecv", "<CV_RESOURCE/>"},
            {"empty-vocabulary.ecv", "<CV_RESOURCE><CONTROLLED_VOCABULARY CV_ID=\"x\"/></CV_RESOURCE>"},
            {"latin1.ecv", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><CV_RESOURCE><CONTROLLED_VOCABULARY CV_ID=\"x\">"
                           "<CV_ENTRY_ML CVE_ID=\"a\"><CVE_VALUE LANG_REF=\"eng\">caf\xE9</CVE_VALUE></CV_ENTRY_ML>"
                           "</CONTROLLED_VOCABULARY></CV_RESOURCE>"}};
        for (const auto& [name, bytes] : bad) {
            CAPTURE(name);
            writeFile(e.scratch.dir / name, bytes);
            auto r = e.as("lena", {"codebook", "import", (e.scratch.dir / name).string()});
            CHECK(r.exitCode == 3);
            CHECK(r.err.find(name) != std::string::npos);
            CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
        }
        requireOk(e.as("lena", {"codebook", "export", written.string(), "--force"}));
        CHECK(json::parse(test_support::fileBytes(written))["name"] == "from-elan");
    }
}
