// `export csv|json|boris|eaf` and `import eaf` end to end (label integration): the
// executable on a small hand-built database (export_fixture.hpp), its files, warnings,
// exit codes and audit entries.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <tuple>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "exchange/eaf_io.hpp"
#include "export_fixture.hpp"
#include "review/feedback.hpp"
#include "review/screening.hpp"
#include "store/database.hpp"
#include "review_support.hpp"
#include "test_support.hpp"

namespace {

std::filesystem::path scratchDir()
{
    auto dir = std::filesystem::temp_directory_path() / ("bwv-export-cli-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    return dir;
}

test_support::CommandResult bwv(const std::filesystem::path& db, std::vector<std::string> args)
{
    return test_support::runAs(db, "alice", args);
}

std::string readText(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// RFC 4180 rows (quoted fields may hold commas, quotes and line breaks).
std::vector<std::vector<std::string>> parseCsv(const std::string& text)
{
    std::vector<std::vector<std::string>> rows(1);
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
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
    return rows;
}

long countLines(const std::string& text, const std::string& needle)
{
    long n = 0;
    for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
        ++n;
    return n;
}

long auditCount(const std::filesystem::path& db, const std::string& action)
{
    auto d = store::Database::open(db);
    REQUIRE(d.ok());
    auto st = d->prepare("SELECT count(*) FROM audit_entry WHERE action = ?");
    REQUIRE(st.ok());
    st->bind(1, action);
    REQUIRE(st->step().value());
    return static_cast<long>(st->getInt(0));
}

struct Fixture {
    std::filesystem::path dir = scratchDir();
    std::filesystem::path db = dir / "panel.sqlite";
    Fixture()
    {
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir);
        makeExportFixture(db);
    }
    ~Fixture() { std::filesystem::remove_all(dir); }
};

} // namespace

TEST_CASE("export csv: tidy rows, pseudonyms, encounters file, warnings, audit")
{
    Fixture f;
    auto out = f.dir / "tags.csv";
    auto r = bwv(f.db, {"export", "csv", "--out", out.string()});
    CAPTURE(r.err);
    REQUIRE(r.exitCode == 0);
    auto rows = parseCsv(readText(out));
    REQUIRE(rows.size() == 6); // header + 5 live tags (the deleted one is left out)
    std::vector<std::string> header = {"tag", "encounter", "footage", "camera", "coder", "code", "group", "label",
                                       "kind", "start_s", "end_s", "start_frame", "end_frame", "subject", "intensity",
                                       "value", "comment", "codebook_version", "created", "changed"};
    CHECK(rows[0] == header);
    auto column = [&](const char* name) {
        return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
    };
    std::map<std::string, int> perCoder, perEncounter;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        REQUIRE(rows[i].size() == header.size());
        perCoder[rows[i][column("coder")]]++;
        perEncounter[rows[i][column("encounter")]]++;
        CHECK(rows[i][column("encounter")].rfind("enc-", 0) == 0);
        CHECK(rows[i][column("encounter")].size() == 20);
        CHECK(rows[i][column("coder")].rfind("coder-", 0) == 0);
    }
    CHECK(perCoder.size() == 2);
    CHECK(perEncounter.size() == 2);
    std::string all = readText(out);
    for (const char* secret : {"MPS-24", "alice", "bob"})
        CHECK(all.find(secret) == std::string::npos);
    // The first row of the first encounter in order: alice's ESC.01.
    bool sawInterval = false;
    for (std::size_t i = 1; i < rows.size(); ++i)
        if (rows[i][column("code")] == "ESC.01" && rows[i][column("start_s")] == "10.000000") {
            sawInterval = true;
            CHECK(rows[i][column("group")] == "ESC");
            CHECK(rows[i][column("label")] == "Officer raises voice");
            CHECK(rows[i][column("kind")] == "interval");
            CHECK(rows[i][column("end_s")] == "20.000000");
            CHECK(rows[i][column("subject")] == "officer");
            CHECK(rows[i][column("intensity")] == "2");
            CHECK(rows[i][column("comment")] == "raised voice");
            CHECK(rows[i][column("codebook_version")] == "1");
        }
    CHECK(sawInterval);
    // Without --redact the text goes out as it is, with a warning per finding.
    CHECK(all.find("AB12 CDE") != std::string::npos);
    CHECK(r.err.find("comment: looks like a vehicle registration") != std::string::npos);
    CHECK(r.err.find("comment: looks like a postcode") != std::string::npos);
    CHECK(r.err.find("grounds_summary: looks like a name") != std::string::npos);
    CHECK(r.err.find("grounds_summary: looks like a phone number") != std::string::npos);

    auto encounters = parseCsv(readText(f.dir / "tags_encounters.csv"));
    REQUIRE(encounters.size() == 3);
    CHECK(encounters[0][0] == "encounter");
    CHECK(encounters[0].back() == "tags");
    std::map<std::string, std::string> tagsByBorough;
    std::size_t borough = 0;
    for (std::size_t c = 0; c < encounters[0].size(); ++c)
        if (encounters[0][c] == "borough")
            borough = c;
    REQUIRE(borough > 0);
    for (std::size_t i = 1; i < encounters.size(); ++i)
        tagsByBorough[encounters[i][borough]] = encounters[i].back();
    CHECK(tagsByBorough["Lambeth"] == "4");
    CHECK(tagsByBorough["Hackney"] == "1");
    CHECK(auditCount(f.db, "export") == 1); // one entry naming the export's three files
    // Beside it, what the export is, with the audit log's head to check it against later.
    const std::string readme = readText(f.dir / "tags_csv_README.txt");
    const auto at = readme.find("audit log head:  ");
    REQUIRE(at != std::string::npos);
    const std::string head = readme.substr(at + 17, readme.find('\n', at) - at - 17);
    CHECK(head.find(':') != std::string::npos);
    auto extends = bwv(f.db, {"audit", "verify", "--head", head});
    CHECK_MESSAGE(extends.exitCode == 0, extends.err);
    CHECK(readme.find("start_s") != std::string::npos);

    // --redact: replaced in the file.
    auto redacted = bwv(f.db, {"export", "csv", "--out", out.string(), "--redact", "--force"});
    REQUIRE(redacted.exitCode == 0);
    all = readText(out);
    CHECK(all.find("AB12 CDE") == std::string::npos);
    CHECK(all.find("[vehicle registration]") != std::string::npos);
    CHECK(all.find("[postcode]") != std::string::npos);
    std::string enc = readText(f.dir / "tags_encounters.csv");
    CHECK(enc.find("07700") == std::string::npos);
    CHECK(enc.find("[phone]") != std::string::npos);
    CHECK(enc.find("Jones") == std::string::npos);

    // The same database gives the same pseudonyms on every export (one key, kept).
    auto again = parseCsv(readText(out));
    CHECK(again[1][0] == rows[1][0]);
}

TEST_CASE("export json and boris")
{
    Fixture f;
    auto json = f.dir / "all.json";
    auto r = bwv(f.db, {"export", "json", "--out", json.string()});
    CAPTURE(r.err);
    REQUIRE(r.exitCode == 0);
    auto j = nlohmann::json::parse(readText(json));
    CHECK(j["annotations"].size() == 5);
    CHECK(j["encounters"].size() == 2);
    CHECK(j["coders"].size() == 2);
    CHECK(j["codebooks"].size() == 1);
    CHECK(j["annotations"][0]["start_us"].is_number());
    CHECK(readText(json).find("MPS-24") == std::string::npos);

    auto tsv = f.dir / "events.tsv";
    r = bwv(f.db, {"export", "boris", "--out", tsv.string()});
    REQUIRE(r.exitCode == 0);
    std::string text = readText(tsv);
    // 3 points + 2 intervals as START and STOP: 7 events and the header.
    CHECK(countLines(text, "\n") == 8);
    CHECK(countLines(text, "\tPOINT\t") == 3);
    CHECK(countLines(text, "\tSTART\t") == 2);
    CHECK(countLines(text, "\tSTOP\t") == 2);
    CHECK(text.rfind("Observation id\t", 0) == 0);

    // Only one screening's encounters.
    auto ws = test_support::signedIn(f.db, "alice");
    REQUIRE(ws.ok());
}

TEST_CASE("export: bad input is refused with one line and nothing half written")
{
    Fixture f;
    auto r = bwv(f.db, {"export", "csv", "--out", "/nonexistent-folder/tags.csv"});
    CHECK(r.exitCode == 3);
    CHECK(r.err.find("/nonexistent-folder/tags.csv") != std::string::npos);
    CHECK(countLines(r.err, "error:") == 1);
    r = bwv(f.db, {"export", "eaf", "--encounter", "NO-SUCH", "--out", (f.dir / "x.eaf").string()});
    CHECK(r.exitCode == 3);
    CHECK(r.err.find("NO-SUCH") != std::string::npos);
    CHECK(!std::filesystem::exists(f.dir / "x.eaf"));
    r = bwv(f.db, {"export", "json", "--out", (f.dir / "y.json").string(), "--screening", "nope"});
    CHECK(r.exitCode == 3);
    CHECK(!std::filesystem::exists(f.dir / "y.json"));
    CHECK(auditCount(f.db, "export") == 0);
    // Nothing left behind beside the database (no temporary files).
    for (const auto& e : std::filesystem::directory_iterator(f.dir))
        CHECK(e.path().filename().string().find(".tmp-") == std::string::npos);

    auto bad = f.dir / "bad.eaf";
    std::ofstream(bad) << "<ANNOTATION_DOCUMENT><TIME_ORDER>";
    r = bwv(f.db, {"import", "eaf", bad.string(), "--encounter", "MPS-24-0412"});
    CHECK(r.exitCode == 3);
    CHECK(r.err.find("bad.eaf") != std::string::npos);
    r = bwv(f.db, {"tag", "list", "--format", "csv"});
    CHECK(countLines(r.out, "\n") == 6); // header + the 5 live tags: nothing lost, nothing added
}

TEST_CASE("EAF round trip: file -> database -> file keeps every time-aligned annotation")
{
    using namespace exchange;
    Fixture f;
    // A file as another tool writes it: values that are code ids and labels, a tier named
    // after a code, an unaligned time slot, a reference annotation, and values that map to
    // nothing.
    EafDocument doc;
    doc.timeSlots = {{"t1", 1000}, {"t2", 4000}, {"t3", std::nullopt}, {"t4", 9000}, {"t5", 12000},
                     {"t6", 12500}, {"t7", 15000}, {"t8", 16000}};
    doc.linguisticTypes = {{"free", EafConstraint::None, true, false, "", "", ""},
                           {"assoc", EafConstraint::SymbolicAssociation, false, false, "", "", ""}};
    EafTier carol;
    carol.id = "carol";
    carol.annotator = "carol";
    carol.linguisticTypeRef = "free";
    carol.annotations.push_back({"a1", true, "t1", "t2", "", "", "ESC.01", "", "", "", ""});
    carol.annotations.push_back({"a2", true, "t3", "t4", "", "", "Plain-language explanation", "", "", "", ""});
    carol.annotations.push_back({"a3", true, "t5", "t6", "", "", "laughter", "", "", "", ""});
    EafTier threats;
    threats.id = "ESC.02";
    threats.linguisticTypeRef = "free";
    threats.annotations.push_back({"a4", true, "t7", "t8", "", "", "if you don't stop", "", "", "", ""});
    EafTier notes;
    notes.id = "carol-notes";
    notes.linguisticTypeRef = "assoc";
    notes.parentRef = "carol";
    notes.annotations.push_back({"a5", false, "", "", "a1", "", "loud", "", "", "", ""});
    doc.tiers = {carol, threats, notes};
    auto in = f.dir / "in.eaf";
    REQUIRE(writeEaf(doc, in).ok());

    auto r = bwv(f.db, {"import", "eaf", in.string(), "--encounter", "MPS-24-0398", "--json"});
    CAPTURE(r.err);
    REQUIRE(r.exitCode == 0);
    auto j = nlohmann::json::parse(r.out);
    CHECK(j["annotations"]["alignable"] == 4);
    CHECK(j["annotations"]["reference"] == 1);
    CHECK(j["annotations"]["imported"] == 3);
    CHECK(j["annotations"]["unmapped"] == 2); // "laughter" and the reference "loud"
    CHECK(j["timeSlots"]["unaligned"] == 1);
    REQUIRE(j["tiers"].size() == 3);
    CHECK(j["tiers"][0]["coder"] == "carol");
    CHECK(j["tiers"][0]["imported"] == 2);
    CHECK(j["tiers"][0]["unmappedValues"][0] == "laughter");
    CHECK(j["tiers"][1]["mappedBy"] == "tier name");
    CHECK(j["tiers"][1]["coder"] == "alice"); // no annotator: the acting coder
    CHECK(j["tiers"][2]["unmapped"] == 1);

    // Importing the same file again adds nothing.
    r = bwv(f.db, {"import", "eaf", in.string(), "--encounter", "MPS-24-0398", "--json"});
    REQUIRE(r.exitCode == 0);
    CHECK(nlohmann::json::parse(r.out)["annotations"]["imported"] == 0);
    CHECK(nlohmann::json::parse(r.out)["annotations"]["duplicates"] == 3);

    auto out = f.dir / "out.eaf";
    r = bwv(f.db, {"export", "eaf", "--encounter", "MPS-24-0398", "--out", out.string()});
    CAPTURE(r.err);
    REQUIRE(r.exitCode == 0);
    auto back = readEaf(out);
    REQUIRE(back.ok());
    // Every time-aligned annotation that mapped comes back with its code and times (the
    // unaligned slot t3 was interpolated between 4000 and 9000 ms: 6500). Plus alice's
    // PAC.G at 5 s that was there before. Points come back one frame long (40 ms: the
    // encounter has no camera to take a frame from), as ELAN keeps no annotation of no length.
    std::multiset<std::tuple<std::string, std::int64_t, std::int64_t>> got;
    auto timeline = resolveTimes(*back);
    for (std::size_t t = 0; t < back->tiers.size(); ++t)
        for (std::size_t i = 0; i < back->tiers[t].annotations.size(); ++i)
            if (back->tiers[t].annotations[i].alignable)
                got.insert({back->tiers[t].annotations[i].value, timeline.annotationTimes[t][i].startMs,
                            timeline.annotationTimes[t][i].endMs});
    std::multiset<std::tuple<std::string, std::int64_t, std::int64_t>> want = {
        {"ESC.01", 1000, 4000}, {"DEE.01", 6500, 6540}, {"ESC.02", 15000, 15040}, {"PAC.G", 5000, 5040}};
    CHECK(got == want);

    // And the exported file imports back into another encounter with nothing lost.
    r = bwv(f.db, {"import", "eaf", out.string(), "--encounter", "MPS-24-0412", "--json"});
    REQUIRE(r.exitCode == 0);
    j = nlohmann::json::parse(r.out);
    CHECK(j["annotations"]["imported"] == 4);
    CHECK(j["annotations"]["unmapped"] == 0);
    // Coders come back by pseudonym: carol's tier is carol's again.
    bool carolBack = false;
    for (const auto& t : j["tiers"])
        if (t["coder"] == "carol")
            carolBack = true;
    CHECK(carolBack);

    // Subject, intensity and comment travel in the notes tier.
    auto out2 = f.dir / "out2.eaf";
    r = bwv(f.db, {"export", "eaf", "--encounter", "MPS-24-0412", "--out", out2.string()});
    REQUIRE(r.exitCode == 0);
    std::string text = readText(out2);
    CHECK(text.find("subject: officer; intensity: 2; comment: raised voice") != std::string::npos);
}

TEST_CASE("export report --format xlsx: one sheet per table, pseudonymised")
{
    Fixture f;
    {
        auto ws = test_support::signedIn(f.db, "alice");
        REQUIRE(ws.ok());
        review::NewScreening s;
        s.name = "April panel";
        s.encounterRefs = {"MPS-24-0412", "MPS-24-0398"};
        REQUIRE(review::addScreening(*ws, s).ok());
        REQUIRE(review::saveFeedbackAnswer(*ws, "April panel", "MPS-24-0412", "learning_points",
                                           "Mr Jones was not told the grounds").ok());
    }
    auto out = f.dir / "april.xlsx";
    auto r = bwv(f.db, {"export", "report", "--screening", "April panel", "--format", "xlsx", "--out", out.string(),
                        "--redact"});
    CAPTURE(r.err);
    REQUIRE(r.exitCode == 0);
    CHECK(r.err.find("learning_points: looks like a name (replaced)") != std::string::npos);
    CHECK(r.err.find("annotations, tag") == std::string::npos); // tag comments are not in the report
    auto unzip = [&](const std::string& member) {
        auto u = test_support::runCommand({"unzip", "-p", out.string(), member});
        REQUIRE(u.exitCode == 0);
        return u.out;
    };
    std::string workbook = unzip("xl/workbook.xml");
    for (const char* sheet : {"screening", "consolidation", "encounters", "gowisely", "codes", "first escalation",
                              "de-escalation", "police actions", "feedback"})
        CHECK_MESSAGE(workbook.find(std::string("name=\"") + sheet + "\"") != std::string::npos, sheet);
    // consolidation and encounters: header + 2 encounters; gowisely: header + 8 elements;
    // feedback: header + 1.
    CHECK(countLines(unzip("xl/worksheets/sheet2.xml"), "<row ") == 3);
    CHECK(countLines(unzip("xl/worksheets/sheet3.xml"), "<row ") == 3);
    CHECK(countLines(unzip("xl/worksheets/sheet4.xml"), "<row ") == 9);
    CHECK(countLines(unzip("xl/worksheets/sheet9.xml"), "<row ") == 2);
    std::string strings = unzip("xl/sharedStrings.xml");
    CHECK(strings.find("enc-") != std::string::npos);
    CHECK(strings.find("coder-") != std::string::npos);
    for (const char* secret : {"MPS-24", "alice", "bob", "Jones", "07700"})
        CHECK_MESSAGE(strings.find(secret) == std::string::npos, secret);
    CHECK(strings.find("[name] was not told the grounds") != std::string::npos);
    CHECK(auditCount(f.db, "export") == 1);

    r = bwv(f.db, {"export", "report", "--screening", "April panel", "--format", "odt", "--out", out.string()});
    CHECK(r.exitCode == 2);
}
