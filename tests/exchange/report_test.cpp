// The feedback report and the quarterly roll-up end to end (label integration): a realistic
// panel built with the command line (encounters, screenings, tags, the chair's work) and the
// review API (members' feedback answers), exported as PDF and XLSX, and checked with
// poppler (pdftotext, pdfinfo) and unzip against what the test put in. Set
// BWV_REPORT_SAMPLE_DIR to keep the files for looking at.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "exchange/pdf_writer.hpp"
#include "exchange/pseudonymiser.hpp"
#include "review/feedback.hpp"
#include "review/workspace.hpp"
#include "store/database.hpp"
#include "review_support.hpp"
#include "test_support.hpp"

namespace {

const std::string kChair = "Joan Pryce";
const std::vector<std::string> kMembers = {"Amara Okafor", "David Levy", "Sarah Whitfield"};

std::filesystem::path scratchDir()
{
    auto dir = std::filesystem::temp_directory_path() / ("bwv-report-test-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

test_support::CommandResult bwv(const std::filesystem::path& db, const std::string& as, std::vector<std::string> args)
{
    return test_support::runAs(db, as, args);
}

void ok(const test_support::CommandResult& r)
{
    CAPTURE(r.err);
    REQUIRE(r.exitCode == 0);
}

long countOf(const std::string& text, const std::string& needle)
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

std::string pdfText(const std::filesystem::path& pdf)
{
    auto r = test_support::runCommand({"pdftotext", pdf.string(), "-"});
    REQUIRE(r.exitCode == 0);
    return r.out;
}

std::map<std::string, std::string> pdfInfo(const std::filesystem::path& pdf)
{
    auto r = test_support::runCommand({"pdfinfo", pdf.string()});
    REQUIRE(r.exitCode == 0);
    std::map<std::string, std::string> info;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) {
        auto colon = line.find(':');
        if (colon == std::string::npos)
            continue;
        std::size_t value = line.find_first_not_of(' ', colon + 1);
        info[line.substr(0, colon)] = value == std::string::npos ? "" : line.substr(value);
    }
    return info;
}

std::string unzip(const std::filesystem::path& file, const std::string& member)
{
    auto u = test_support::runCommand({"unzip", "-p", file.string(), member});
    REQUIRE(u.exitCode == 0);
    return u.out;
}

// The XML of one cell ("D2") of a worksheet, or "".
std::string cellXml(const std::string& sheet, const std::string& ref)
{
    auto at = sheet.find("<c r=\"" + ref + "\"");
    if (at == std::string::npos)
        return {};
    auto end = sheet.find("</c>", at);
    auto selfClosed = sheet.find("/>", at);
    if (selfClosed != std::string::npos && selfClosed < end && sheet.find('>', at) == selfClosed + 1)
        return sheet.substr(at, selfClosed - at);
    return sheet.substr(at, end - at);
}

// What the sample holds, counted as it is made: the truth the reports are checked against.
struct Sample {
    std::filesystem::path dir = scratchDir();
    std::filesystem::path db = dir / "panel.sqlite";
    int aprilTags = 0;
    int mayTags = 0;
    std::string marchAction, aprilAction, closedAction;

    Sample()
    {
        auto enc = [&](const std::string& ref, std::vector<std::string> sets) {
            std::vector<std::string> args = {"encounter", "add", ref};
            for (const std::string& s : sets) {
                args.push_back("--set");
                args.push_back(s);
            }
            ok(bwv(db, kChair, args));
        };
        enc("MPS-24-0377", {"date=2024-03-02", "borough=Lambeth", "search_type=person"});
        enc("MPS-24-0412", {"date=2024-04-12", "borough=Lambeth", "search_type=person",
                            "legislation=Misuse of Drugs Act 1971 s.23", "grounds_flags=smell_of_cannabis_only",
                            "age_range=18_24", "outcome=no_further_action", "PAC.G=yes", "PAC.O=yes", "PAC.W=no",
                            "grounds_summary=Smell of cannabis from the car"});
        enc("MPS-24-0398", {"date=2024-04-03", "borough=Hackney", "search_type=person_and_vehicle",
                            "legislation=PACE 1984 s.1", "handcuffed=compliant", "PAC.G=yes", "PAC.I=yes"});
        enc("MPS-24-0431", {"date=2024-04-19", "borough=Southwark", "search_type=person", "age_range=10_17",
                            "appropriate_adult=no", "legislation=Misuse of Drugs Act 1971 s.23"});
        enc("MPS-24-0440", {"date=2024-04-21", "borough=Croydon", "search_type=vehicle", "outcome=arrest"});
        enc("MPS-24-0502", {"date=2024-05-06", "borough=Lambeth", "search_type=person"});
        const std::vector<std::string> april = {"MPS-24-0412", "MPS-24-0398", "MPS-24-0431", "MPS-24-0440"};
        const std::string panel = "Lambeth Community Monitoring Group";
        ok(bwv(db, kChair, {"screening", "add", "March panel", "--date", "2024-03-21", "--panel", panel, "--encounter",
                            "MPS-24-0377"}));
        ok(bwv(db, kChair, {"screening", "add", "April panel", "--date", "2024-04-25", "--panel", panel, "--force",
                            "Metropolitan Police Service", "--venue", "police_premises", "--selection", "random",
                            "--encounter", april[0], "--encounter", april[1], "--encounter", april[2], "--encounter",
                            april[3]}));
        ok(bwv(db, kChair, {"screening", "add", "May panel", "--date", "2024-05-23", "--panel", panel, "--encounter",
                            "MPS-24-0502", "--encounter", "MPS-24-0431"}));

        // Tags, through the command line as members tag while the video plays.
        struct Tag {
            std::string member, encounter, code, at, to;
        };
        const std::vector<Tag> tags = {
            {kMembers[0], april[0], "PAC.G", "12", ""},      {kMembers[0], april[0], "PAC.O", "14.5", ""},
            {kMembers[0], april[0], "DEE.01", "20", ""},     {kMembers[0], april[0], "DEE.05", "31", ""},
            {kMembers[1], april[0], "PAC.G", "12.4", ""},    {kMembers[1], april[0], "ESC.01", "40", "52"},
            {kMembers[1], april[0], "DEE.03", "53", "70"},   {kMembers[2], april[0], "DEE.09", "95", ""},
            {kMembers[0], april[1], "ESC.05", "8", ""},      {kMembers[0], april[1], "UOF.02", "9", "60"},
            {kMembers[1], april[1], "ESC.02", "15", ""},     {kMembers[1], april[1], "UOF.04", "10", ""},
            {kMembers[2], april[1], "ESC.04", "22", ""},     {kMembers[2], april[1], "PAC.I", "30", ""},
            {kMembers[0], april[2], "SAF.01", "5", ""},      {kMembers[0], april[2], "SAF.02", "18", ""},
            {kMembers[1], april[2], "SAF.01", "6", ""},      {kMembers[2], april[2], "SAF.09", "44", ""},
            {kMembers[2], april[2], "PAC.14", "0", ""},      {kMembers[0], april[3], "DEE.01", "11", ""},
            {kMembers[1], april[3], "PAC.L", "25", ""},      {kMembers[2], april[3], "OUT.02", "80", ""},
            {kMembers[0], "MPS-24-0502", "DEE.01", "4", ""}, {kMembers[1], "MPS-24-0502", "ESC.03", "19", ""},
        };
        for (const Tag& t : tags) {
            std::vector<std::string> args = {"tag", "add", "--encounter", t.encounter, "--code", t.code, "--at", t.at};
            if (!t.to.empty()) {
                args.push_back("--to");
                args.push_back(t.to);
            }
            ok(bwv(db, t.member, args));
            if (t.encounter == "MPS-24-0502")
                ++mayTags;
            else
                ++aprilTags;
        }

        // Members' feedback, through the review API as the window saves it.
        struct Answers {
            std::string rating, g, o, w, goodPractice, learning, questions, themes, safeguarding;
        };
        const std::map<std::string, std::vector<Answers>> feedback = {
            {kMembers[0],
             {{"good_practice", "yes", "yes", "no", "Calm, clear explanation of the search", "", "", "explanation", ""},
              {"concern", "yes", "no", "unclear", "", "Handcuffs before any explanation", "Why handcuff first?",
               "handcuffing, explanation", ""},
              {"concern", "no", "no", "no", "", "Age of the young person never checked", "", "safeguarding",
               "SAF.01"},
              {"adequate", "yes", "yes", "yes", "", "", "", "", ""}}},
            {kMembers[1],
             {{"good_practice", "yes", "yes", "no", "Officer listened to the driver", "", "", "listening", ""},
              {"concern", "yes", "yes", "no", "", "Grounds given only after the search", "", "handcuffing", ""},
              {"concern", "no", "unclear", "no", "", "No appropriate adult for a child", "Was a parent contacted?",
               "safeguarding", "SAF.01, SAF.04"},
              {"good_practice", "yes", "yes", "yes", "", "", "", "", ""}}},
            {kMembers[2],
             {{"concern", "yes", "yes", "no", "", "Warrant card not shown", "", "explanation", ""},
              {"adequate", "yes", "yes", "no", "", "", "", "", ""},
              {"concern", "unclear", "no", "no", "", "", "", "safeguarding", "SAF.09"},
              {"adequate", "yes", "yes", "yes", "", "", "", "", ""}}},
        };
        for (const auto& [member, perEncounter] : feedback) {
            auto ws = test_support::signedIn(db, member);
            REQUIRE(ws.ok());
            for (std::size_t i = 0; i < perEncounter.size(); ++i) {
                const Answers& a = perEncounter[i];
                for (const auto& [question, value] :
                     std::vector<std::pair<std::string, std::string>>{{"rating", a.rating}, {"gowisely.G", a.g},
                                                                      {"gowisely.O", a.o}, {"gowisely.W", a.w},
                                                                      {"good_practice", a.goodPractice},
                                                                      {"learning_points", a.learning},
                                                                      {"questions", a.questions}, {"themes", a.themes},
                                                                      {"safeguarding", a.safeguarding}})
                    REQUIRE(review::saveFeedbackAnswer(*ws, "April panel", april[i], question, value).ok());
            }
            REQUIRE(review::saveFeedbackAnswer(*ws, "May panel", "MPS-24-0502", "rating", "good_practice").ok());
        }

        // The chair's consolidation and police actions.
        auto merge = [&](const std::string& screening, const std::string& e, const std::string& rating,
                         const std::string& points, const std::string& questions) {
            ok(bwv(db, kChair, {"chair", "merge", "--screening", screening, "--encounter", e, "--rating", rating,
                                "--points", points, "--questions", questions}));
        };
        merge("April panel", april[0], "good_practice",
              "The officer explained the grounds and the object of the search clearly and stayed calm.", "");
        merge("April panel", april[1], "concern",
              "The person was handcuffed before any explanation; the grounds were given only after the search had "
              "started. The panel would like to see the handcuffing justified aloud, as the force's policy asks.",
              "Why was the person handcuffed before being told the grounds?");
        merge("April panel", april[2], "concern",
              "The person appeared to be under 18. Their age was not established and no appropriate adult or parent "
              "was contacted.",
              "Was a safeguarding referral made? Was a parent or carer contacted afterwards?");
        merge("April panel", april[3], "adequate", "", "");
        merge("May panel", "MPS-24-0502", "good_practice", "", "");

        auto add = [&](std::vector<std::string> args) {
            args.insert(args.begin(), {"police-action", "add"});
            auto r = bwv(db, kChair, args);
            ok(r);
            REQUIRE(r.out.size() == 37);
            return r.out.substr(0, 36);
        };
        marchAction = add({"--screening", "March panel", "--request", "Share the force's body-worn video activation policy"});
        closedAction = add({"--screening", "March panel", "--encounter", "MPS-24-0377", "--request",
                            "Explain why the camera was switched on late"});
        ok(bwv(db, kChair, {"police-action", "respond", closedAction, "--response",
                            "Officer reminded of the activation policy", "--date", "2024-04-02", "--status", "closed"}));
        aprilAction = add({"--screening", "April panel", "--encounter", april[1], "--request",
                           "Why was the person handcuffed before being told the grounds?"});
        ok(bwv(db, kChair, {"police-action", "respond", marchAction, "--response",
                            "Policy to be shared at the next meeting", "--date", "2024-04-10", "--status", "answered"}));
    }
    ~Sample()
    {
        if (const char* keep = std::getenv("BWV_REPORT_SAMPLE_DIR")) {
            std::filesystem::create_directories(keep);
            for (const auto& entry : std::filesystem::directory_iterator(dir))
                if (entry.path().extension() == ".pdf" || entry.path().extension() == ".xlsx")
                    std::filesystem::copy_file(entry.path(), std::filesystem::path(keep) / entry.path().filename(),
                                               std::filesystem::copy_options::overwrite_existing);
        }
        std::filesystem::remove_all(dir);
    }

    std::string pseudonym(const std::string& name) const
    {
        auto d = test_support::signedIn(db, kChair);
        REQUIRE(d.ok());
        auto names = exchange::Pseudonymiser::open(*d);
        REQUIRE(names.ok());
        return names->coder(names->coderByNameOrPseudonym(name));
    }
    std::string encounterHash(const std::string& ref) const
    {
        auto d = test_support::signedIn(db, kChair);
        REQUIRE(d.ok());
        auto names = exchange::Pseudonymiser::open(*d);
        REQUIRE(names.ok());
        return names->encounter(ref);
    }
};

void checkNoNames(const std::string& text)
{
    for (const std::string& name : {kChair, kMembers[0], kMembers[1], kMembers[2]})
        for (std::size_t at = 0, space = name.find(' ');; at = space + 1, space = name.npos) {
            std::string word = name.substr(at, space == name.npos ? name.npos : space - at);
            CHECK_MESSAGE(text.find(word) == std::string::npos, word);
            if (space == name.npos)
                break;
        }
    CHECK(text.find("MPS-24") == std::string::npos);
}

} // namespace

TEST_CASE("export report --format pdf: A4, pseudonymised, the merged ratings, page N of M")
{
    Sample s;
    auto out = s.dir / "april-report.pdf";
    auto r = bwv(s.db, kChair, {"export", "report", "--screening", "April panel", "--format", "pdf", "--out", out.string()});
    CAPTURE(r.err);
    REQUIRE(r.exitCode == 0);
    auto info = pdfInfo(out);
    const int pages = std::stoi(info["Pages"]);
    CHECK(pages >= 2);
    CHECK(info["Page size"] == "595.276 x 841.89 pts (A4)");
    CHECK(info["Title"] == "Feedback report: April panel");
    CHECK(r.out.find(std::to_string(pages) + " pages") != std::string::npos);

    std::string text = pdfText(out);
    for (int p = 1; p <= pages; ++p)
        CHECK_MESSAGE(countOf(text, "page " + std::to_string(p) + " of " + std::to_string(pages)) == 1, p);
    CHECK(text.find("Feedback report: April panel") != std::string::npos);
    for (const std::string& member : kMembers)
        CHECK_MESSAGE(text.find(s.pseudonym(member)) != std::string::npos, member);
    for (const char* ref : {"MPS-24-0412", "MPS-24-0398", "MPS-24-0431", "MPS-24-0440"})
        CHECK_MESSAGE(text.find(s.encounterHash(ref)) != std::string::npos, ref);
    checkNoNames(text);
    // Members' ratings per encounter, as inserted: 0412 2 good practice 1 concern; 0398 2 concern
    // 1 adequate; 0431 3 concern; 0440 1 good practice 2 adequate.
    for (const char* spread : {"2 good practice, 1 concern", "1 adequate, 2 concern", "3 concern", "1 good practice, 2 adequate"})
        CHECK_MESSAGE(text.find(spread) != std::string::npos, spread);
    CHECK(text.find(std::to_string(s.aprilTags) + " tags by panel members on 4 encounters") != std::string::npos);
    // Carried forward: the March action still answered, the one closed before April too
    // (closed on 2024-04-02, before the screening of 2024-04-25: not carried), April's own.
    CHECK(text.find("Share the force's") != std::string::npos);
    CHECK(text.find(s.marchAction.substr(0, 8)) != std::string::npos);
    CHECK(text.find(s.aprilAction.substr(0, 8)) != std::string::npos);
    CHECK(text.find(s.closedAction.substr(0, 8)) == std::string::npos);
    CHECK(text.find("Explain why the camera") == std::string::npos);
    CHECK(text.find("answered 2024-04-10") != std::string::npos);
    CHECK(text.find("GOWISELY compliance") != std::string::npos);
    CHECK(auditCount(s.db, "export") == 1);
}

TEST_CASE("export report --format xlsx: the consolidation and police actions sheets")
{
    Sample s;
    auto out = s.dir / "april-report.xlsx";
    auto r = bwv(s.db, kChair, {"export", "report", "--screening", "April panel", "--format", "xlsx", "--out", out.string()});
    CAPTURE(r.err);
    REQUIRE(r.exitCode == 0);
    std::string workbook = unzip(out, "xl/workbook.xml");
    std::size_t previous = 0;
    for (const char* sheet : {"screening", "consolidation", "encounters", "gowisely", "codes", "first escalation",
                              "de-escalation", "police actions", "feedback"}) {
        auto at = workbook.find(std::string("name=\"") + sheet + "\"");
        CHECK_MESSAGE(at != std::string::npos, sheet);
        CHECK_MESSAGE(at > previous, sheet);
        previous = at;
    }
    // consolidation: position, encounter, rating, good_practice, adequate, concern, members rated.
    std::string consolidation = unzip(out, "xl/worksheets/sheet2.xml");
    CHECK(countOf(consolidation, "<row ") == 5);
    const std::map<int, std::array<int, 4>> expected = {{2, {2, 0, 1, 3}}, {3, {0, 1, 2, 3}}, {4, {0, 0, 3, 3}},
                                                       {5, {1, 2, 0, 3}}};
    for (const auto& [row, counts] : expected)
        for (int c = 0; c < 4; ++c) {
            std::string ref = std::string(1, static_cast<char>('D' + c)) + std::to_string(row);
            CHECK_MESSAGE(cellXml(consolidation, ref).find("<v>" + std::to_string(counts[static_cast<std::size_t>(c)]) + "</v>")
                              != std::string::npos,
                          ref);
        }
    // police actions: header + the two carried forward.
    CHECK(countOf(unzip(out, "xl/worksheets/sheet8.xml"), "<row ") == 3);
    std::string strings = unzip(out, "xl/sharedStrings.xml");
    CHECK(strings.find(s.pseudonym(kMembers[0])) != std::string::npos);
    CHECK(strings.find("good_practice") != std::string::npos);
    checkNoNames(strings);
}

TEST_CASE("export rollup: the quarter's screenings, ratings, themes, open police actions")
{
    Sample s;
    auto pdf = s.dir / "rollup-2024-Q2.pdf";
    auto r = bwv(s.db, kChair, {"export", "rollup", "--quarter", "2024-Q2", "--format", "pdf", "--out", pdf.string()});
    CAPTURE(r.err);
    REQUIRE(r.exitCode == 0);
    CHECK(r.out.find("2 screenings, 6 encounters viewed") != std::string::npos);
    auto info = pdfInfo(pdf);
    const int pages = std::stoi(info["Pages"]);
    CHECK(info["Page size"] == "595.276 x 841.89 pts (A4)");
    std::string text = pdfText(pdf);
    CHECK(text.find("Quarterly roll-up: 2024-Q2") != std::string::npos);
    CHECK(text.find("page 1 of " + std::to_string(pages)) != std::string::npos);
    CHECK(text.find("6 (5 different)") != std::string::npos);
    CHECK(text.find(std::to_string(s.aprilTags + s.mayTags) + " tags on 5 encounters") != std::string::npos);
    // The panel's ratings: April 1 good practice, 2 concern, 1 adequate; May 1 good practice,
    // 1 not yet rated (0431 viewed again).
    CHECK(text.find("2 encounters") != std::string::npos);
    CHECK(text.find("not yet rated") != std::string::npos);
    CHECK(text.find("handcuffing") != std::string::npos);
    // Open at 30 June: the March one (answered) and April's; not the one closed on 2 April.
    CHECK(text.find("Share the force's") != std::string::npos);
    CHECK(text.find(s.marchAction.substr(0, 8)) != std::string::npos);
    CHECK(text.find(s.aprilAction.substr(0, 8)) != std::string::npos);
    CHECK(text.find(s.closedAction.substr(0, 8)) == std::string::npos);
    CHECK(text.find("Explain why the camera") == std::string::npos);
    checkNoNames(text);

    auto xlsx = s.dir / "rollup-2024-Q2.xlsx";
    r = bwv(s.db, kChair, {"export", "rollup", "--quarter", "2024-Q2", "--format", "xlsx", "--out", xlsx.string()});
    REQUIRE(r.exitCode == 0);
    std::string workbook = unzip(xlsx, "xl/workbook.xml");
    for (const char* sheet : {"screenings", "ratings", "codes", "themes", "gowisely", "safeguarding", "police actions"})
        CHECK_MESSAGE(workbook.find(std::string("name=\"") + sheet + "\"") != std::string::npos, sheet);
    // ratings: good practice 2, adequate 1, concern 2, not yet rated 1.
    std::string ratings = unzip(xlsx, "xl/worksheets/sheet2.xml");
    CHECK(cellXml(ratings, "B2").find("<v>2</v>") != std::string::npos);
    CHECK(cellXml(ratings, "B3").find("<v>1</v>") != std::string::npos);
    CHECK(cellXml(ratings, "B4").find("<v>2</v>") != std::string::npos);
    CHECK(cellXml(ratings, "B5").find("<v>1</v>") != std::string::npos);
    // safeguarding: SAF.01 raised by members on 1 encounter, tagged on 1 (2 tags).
    std::string strings = unzip(xlsx, "xl/sharedStrings.xml");
    CHECK(strings.find("SAF.01") != std::string::npos);
    checkNoNames(strings);
    CHECK(auditCount(s.db, "export") == 2);
}

TEST_CASE("reports: bad input is one sentence naming the problem, nothing written or changed")
{
    Sample s;
    const long exports = auditCount(s.db, "export");
    auto out = s.dir / "nothing.pdf";
    auto oneLine = [](const test_support::CommandResult& r) {
        CHECK(countOf(r.err, "\n") == 1);
        CHECK(r.err.rfind("bwv-review: error: ", 0) == 0);
    };

    auto r = bwv(s.db, kChair, {"export", "rollup", "--quarter", "2023-Q1", "--out", out.string()});
    CHECK(r.exitCode == 3);
    CHECK(r.err == "bwv-review: error: quarter 2023-Q1: no screenings were held in 2023-Q1 (1 January 2023 to 31 March "
                   "2023), so there is nothing to roll up\n");
    r = bwv(s.db, kChair, {"export", "rollup", "--quarter", "2024-Q5", "--out", out.string()});
    CHECK(r.exitCode == 2);
    oneLine(r);
    r = bwv(s.db, kChair, {"export", "report", "--screening", "June panel", "--format", "pdf", "--out", out.string()});
    CHECK(r.exitCode == 3);
    CHECK(r.err == "bwv-review: error: screening June panel: there is no such screening\n");
    r = bwv(s.db, kChair, {"export", "report", "--screening", "April panel", "--format", "doc", "--out", out.string()});
    CHECK(r.exitCode == 2);
    oneLine(r);
    for (const char* format : {"pdf", "xlsx"}) {
        auto missing = s.dir / "no such folder" / (std::string("report.") + format);
        r = bwv(s.db, kChair, {"export", "report", "--screening", "April panel", "--format", format, "--out", missing.string()});
        CHECK(r.exitCode == 3);
        oneLine(r);
        CHECK(r.err.find("no such folder") != std::string::npos);
    }
    CHECK_FALSE(std::filesystem::exists(out));
    CHECK(auditCount(s.db, "export") == exports);

    const long changes = auditCount(s.db, "police_action.changed") + auditCount(s.db, "consolidation.changed");
    r = bwv(s.db, kChair, {"chair", "merge", "--screening", "April panel", "--encounter", "MPS-24-0412", "--rating", "purple"});
    CHECK(r.exitCode == 2);
    CHECK(r.err == "bwv-review: error: the rating must be good practice, adequate or concern, not \"purple\"\n");
    r = bwv(s.db, kChair, {"police-action", "respond", s.aprilAction, "--date", "2024-13-01"});
    CHECK(r.exitCode == 2);
    CHECK(r.err == "bwv-review: error: \"2024-13-01\" is not a date: write it as YYYY-MM-DD, for example 2024-05-02\n");
    r = bwv(s.db, kChair, {"police-action", "respond", s.aprilAction, "--status", "finished"});
    CHECK(r.exitCode == 2);
    CHECK(r.err == "bwv-review: error: the status must be open, answered or closed, not \"finished\"\n");
    r = bwv(s.db, kChair, {"police-action", "add", "--screening", "June panel", "--request", "Why?"});
    CHECK(r.exitCode == 3);
    oneLine(r);
    CHECK(auditCount(s.db, "police_action.changed") + auditCount(s.db, "consolidation.changed") == changes);
    r = bwv(s.db, kChair, {"police-action", "list", "--screening", "April panel", "--open", "--json"});
    REQUIRE(r.exitCode == 0);
    CHECK(countOf(r.out, "\"status\": \"open\"") == 1);
    CHECK(countOf(r.out, "\"status\": \"answered\"") == 1);
    CHECK(r.out.find("\"response\": \"\"") != std::string::npos); // April's action: no response recorded
}

TEST_CASE("chair show: the merge as JSON")
{
    Sample s;
    auto r = bwv(s.db, kChair, {"chair", "show", "--screening", "April panel", "--encounter", "MPS-24-0431", "--json"});
    CAPTURE(r.err);
    REQUIRE(r.exitCode == 0);
    CHECK(r.out.find("\"concern\": 3") != std::string::npos);
    CHECK(r.out.find("\"spread\": \"3 concern\"") != std::string::npos);
    CHECK(r.out.find("\"SAF.01\": 2") != std::string::npos);
    CHECK(r.out.find("\"rating\": \"concern\"") != std::string::npos);
}

TEST_CASE("PDF writer: long cells break across pages with the header repeated; progress and cancel")
{
    auto dir = scratchDir();
    exchange::ReportDocument doc;
    doc.title = "Long table";
    doc.footer = "test";
    exchange::ReportTable t{"", true, {"item", "a long column header"}, {1, 4}, {}, {}};
    std::string longText;
    for (int i = 0; i < 400; ++i)
        longText += "word" + std::to_string(i) + " ";
    for (int i = 0; i < 30; ++i)
        t.rows.push_back({exchange::textCell("row " + std::to_string(i)), exchange::textCell(i == 3 ? longText : "short")});
    t.rows.push_back({exchange::textCell("unbroken"), exchange::textCell(std::string(3000, 'x'))});
    t.rows.push_back({exchange::textCell("not UTF-8"), exchange::textCell("caf\xe9 \xff\xfe end")});
    std::string accented;
    for (int i = 0; i < 40; ++i)
        accented += "\xc3\xa9"; // e acute: a label too long for its column, cut between characters
    exchange::ReportChart chart{"Bars", {{accented, 3, "3", std::nullopt}, {"short", 1, "1", 0xc8453c}}, {}};
    doc.sections.push_back({"A table", {chart, t}});
    std::vector<double> seen;
    auto file = dir / "long.pdf";
    auto pages = exchange::writeReportPdf(doc, file, [&](double p) {
        seen.push_back(p);
        return true;
    });
    REQUIRE_MESSAGE(pages.ok(), pages.error().describe());
    CHECK(*pages >= 2);
    CHECK(std::stoi(pdfInfo(file)["Pages"]) == *pages);
    CHECK(seen.size() >= static_cast<std::size_t>(*pages));
    CHECK(std::is_sorted(seen.begin(), seen.end()));
    CHECK(seen.back() == doctest::Approx(1.0));
    std::string text = pdfText(file);
    CHECK(countOf(text, "a long column header") == *pages);
    CHECK(text.find("word399") != std::string::npos);
    CHECK(text.find("caf? ?? end") != std::string::npos); // bytes that are not UTF-8 shown as "?"
    CHECK(text.find("\xc3\xa9\xc3\xa9...") != std::string::npos);

    auto cancelled = dir / "cancelled.pdf";
    auto none = exchange::writeReportPdf(doc, cancelled, [](double) { return false; });
    REQUIRE_FALSE(none.ok());
    CHECK(none.error().code == common::ErrorCode::Cancelled);
    CHECK_FALSE(std::filesystem::exists(cancelled));
    CHECK(std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator()) == 1);

    // The workbook writer: progress per sheet, and cancel.
    t.sheet = "long";
    doc.sections.front().blocks = {chart, t};
    auto book = dir / "long.xlsx";
    int calls = 0;
    REQUIRE(exchange::writeReportXlsx(doc, book, [&](double) { return ++calls > 0; }).ok());
    CHECK(calls >= 1);
    CHECK(unzip(book, "xl/workbook.xml").find("name=\"long\"") != std::string::npos);
    auto stopped = exchange::writeReportXlsx(doc, dir / "stopped.xlsx", [](double) { return false; });
    REQUIRE_FALSE(stopped.ok());
    CHECK(stopped.error().code == common::ErrorCode::Cancelled);
    CHECK_FALSE(std::filesystem::exists(dir / "stopped.xlsx"));
    CHECK(std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator()) == 2);
    std::filesystem::remove_all(dir);
}

TEST_CASE("reports: the chair's text and police responses are checked and, with --redact, replaced")
{
    Sample s;
    ok(bwv(s.db, kChair, {"chair", "merge", "--screening", "April panel", "--encounter", "MPS-24-0440", "--points",
                          "Mr Jones was searched without the grounds being given"}));
    ok(bwv(s.db, kChair, {"police-action", "respond", s.aprilAction, "--response", "Ring the inspector on 07700 900123"}));
    auto out = s.dir / "redacted.pdf";
    auto r = bwv(s.db, kChair, {"export", "report", "--screening", "April panel", "--format", "pdf", "--out", out.string(),
                                "--redact"});
    CAPTURE(r.err);
    REQUIRE(r.exitCode == 0);
    CHECK(r.err.find("consolidation, encounter MPS-24-0440 in screening April panel, points: looks like a name (replaced)")
          != std::string::npos);
    CHECK(r.err.find("police actions, police action " + s.aprilAction + ", response: looks like a phone number (replaced)")
          != std::string::npos);
    std::string text = pdfText(out);
    CHECK(text.find("[name] was searched") != std::string::npos);
    CHECK(text.find("Jones") == std::string::npos);
    CHECK(text.find("07700") == std::string::npos);
    CHECK(text.find("[phone]") != std::string::npos);

    // Without --redact: warned, kept as typed (the chair decides).
    auto kept = s.dir / "kept.xlsx";
    r = bwv(s.db, kChair, {"export", "report", "--screening", "April panel", "--format", "xlsx", "--out", kept.string()});
    REQUIRE(r.exitCode == 0);
    CHECK(r.err.find("points: looks like a name (check it, or export with redaction)") != std::string::npos);
    CHECK(unzip(kept, "xl/sharedStrings.xml").find("Mr Jones was searched") != std::string::npos);
}
