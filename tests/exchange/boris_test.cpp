// `export boris` (project and TSV) and `import boris` end to end (label integration). The
// exported project is read here with nlohmann-json directly, the way BORIS reads it (events
// [time, subject, code, modifier, comment]; a state's events of one subject, code and
// modifier toggle START/STOP), not with exchange's reader.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "review/annotation.hpp"
#include "review/encounter.hpp"
#include "review/footage.hpp"
#include "review_support.hpp"
#include "store/database.hpp"
#include "test_support.hpp"

namespace {

using nlohmann::json;

std::string readText(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

long count(const std::string& text, const std::string& needle)
{
    long n = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
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

constexpr int64_t kFrameUs = 40000; // 25 fps

// One tag as compared across the round trip.
using TagKey = std::tuple<std::string, std::string, int64_t, std::optional<int64_t>, std::string, int, std::string,
                          std::string>; // coder, code, start, end, subject, intensity, value, comment

std::multiset<TagKey> tagsOf(const std::filesystem::path& db, const std::string& encounter)
{
    auto ws = test_support::signedIn(db, "alice");
    REQUIRE(ws.ok());
    review::AnnotationFilter filter;
    filter.encounterRef = encounter;
    filter.allCoders = true;
    auto tags = review::listAnnotations(*ws, filter);
    REQUIRE(tags.ok());
    std::multiset<TagKey> out;
    for (const review::Annotation& a : *tags)
        out.insert({a.coder, a.code, a.startUs, a.endUs, a.subject.value_or(""), a.intensity.value_or(0),
                    a.value.value_or(""), a.comment});
    return out;
}

struct Fixture {
    test_support::ScratchFolder scratch;
    std::filesystem::path db = scratch.dir / "panel.sqlite";
    std::filesystem::path camA = scratch.dir / "camera-a.mp4", camB = scratch.dir / "camera-b.mp4";

    // Encounter E-RT filmed by two cameras (offsets 2 s and 5.52 s); three coders with point
    // and interval tags, all on frames of 25 fps; encounter E-NEW empty.
    Fixture()
    {
        std::ofstream(camA) << "camera A bytes";
        std::ofstream(camB) << "camera B bytes";
        auto add = [&](const std::string& who, const std::string& code, int64_t startFrame,
                       std::optional<int64_t> endFrame, std::optional<std::string> subject = {},
                       std::optional<int> intensity = {}, std::optional<std::string> value = {},
                       std::string comment = {}) {
            auto ws = test_support::signedIn(db, who);
            REQUIRE(ws.ok());
            review::NewAnnotation n;
            n.encounterRef = "E-RT";
            n.code = code;
            n.startUs = startFrame * kFrameUs;
            if (endFrame)
                n.endUs = *endFrame * kFrameUs;
            n.subject = subject;
            n.intensity = intensity;
            n.value = value;
            n.comment = std::move(comment);
            auto added = review::addAnnotation(*ws, n);
            REQUIRE_MESSAGE(added.ok(), (added.ok() ? "" : added.error().message));
        };
        {
            auto ws = test_support::signedIn(db, "alice");
            REQUIRE(ws.ok());
            REQUIRE(review::addEncounter(*ws, "E-RT", {{"date", "2024-04-12"}}).ok());
            REQUIRE(review::addEncounter(*ws, "E-NEW", {}).ok());
            REQUIRE(review::addFootage(*ws, camA, {std::string("E-RT"), "Officer A", 2000000}).ok());
            REQUIRE(review::addFootage(*ws, camB, {std::string("E-RT"), "Officer B", 5520000}).ok());
        }
        add("alice", "ESC.01", 251, 500, "officer", 2, {}, "raised voice");
        add("alice", "ESC.01", 500, 520, "officer", 2); // touches the one before: still two pairs
        add("alice", "DEE.01", 628, {});
        add("bob", "ESC.01", 275, 488, "officer");
        add("bob", "DEE.01", 650, {}, {}, {}, {}, "explained");
        add("bob", "UOF.09", 700, {}, "officer", 3, std::string("red-dot"));
        add("carol", "ESC.09", 100, 180, "person", 1);
        add("carol", "PAC.G", 40, {});
    }
};

// BORIS's own reading of one observation: START/STOP by toggling per subject, code and
// modifier, in time order.
struct Paired {
    std::string subject, code, modifier, comment;
    double start;
    std::optional<double> end;
};
std::vector<Paired> pairAsBoris(const json& observation, const std::set<std::string>& states, bool& sorted, int& unpaired)
{
    std::vector<Paired> out;
    std::map<std::tuple<std::string, std::string, std::string>, std::size_t> open;
    double last = -1e300;
    sorted = true;
    for (const json& e : observation["events"]) {
        REQUIRE(e.size() == 5);
        const double t = e[0].get<double>();
        sorted = sorted && t >= last;
        last = t;
        std::tuple<std::string, std::string, std::string> key{e[1], e[2], e[3]};
        if (!states.count(e[2])) {
            out.push_back({e[1], e[2], e[3], e[4], t, std::nullopt});
        } else if (auto o = open.find(key); o != open.end()) {
            out[o->second].end = t;
            open.erase(o);
        } else {
            open[key] = out.size();
            out.push_back({e[1], e[2], e[3], e[4], t, std::nullopt});
        }
    }
    unpaired = static_cast<int>(open.size());
    return out;
}

} // namespace

TEST_CASE("export boris --out FILE.boris: one observation per coder, paired states, cameras and offsets")
{
    Fixture f;
    const auto project = f.scratch.dir / "study.boris";
    auto r = test_support::runAs(f.db, "alice", {"export", "boris", "--out", project.string()});
    CAPTURE(r.err);
    REQUIRE(r.exitCode == 0);
    CHECK(r.out.find("8 tags of 2 encounters written to") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(f.scratch.dir / "study_boris_README.txt")); // the project describes itself
    const std::string text = readText(project);
    for (const char* secret : {"E-RT", "alice", "bob", "carol", "camera-a", "Officer A", f.scratch.dir.c_str()})
        CHECK_MESSAGE(text.find(secret) == std::string::npos, secret);
    const json j = json::parse(text);
    CHECK(j["project_format_version"] == "7.0");
    const std::string about = j["project_description"];
    CHECK(about.find("bwv-review ") != std::string::npos);
    CHECK(about.find("Codebook: default version 1") != std::string::npos);
    CHECK(about.find("Audit log head: ") != std::string::npos);

    // The ethogram: labels as codes, the id first in the description, groups as categories.
    std::map<std::string, json> byId;
    std::set<std::string> states, keys;
    for (const auto& [index, b] : j["behaviors_conf"].items()) {
        const std::string d = b["description"];
        byId[d.substr(0, d.find(':'))] = b;
        if (b["type"] == "State event")
            states.insert(b["code"].get<std::string>());
        if (!b["key"].get<std::string>().empty())
            CHECK_MESSAGE(keys.insert(b["key"].get<std::string>()).second, "key used twice");
    }
    REQUIRE(byId.count("ESC.01"));
    CHECK(byId["ESC.01"]["code"] == "Officer raises voice");
    CHECK(byId["ESC.01"]["type"] == "State event");
    CHECK(byId["ESC.01"]["category"] == "Escalation");
    CHECK(byId["ESC.01"]["key"] == "1");
    CHECK(byId["DEE.01"]["type"] == "Point event");
    CHECK(byId["UOF.09"]["modifiers"]["1"]["values"].size() == 4);
    CHECK(byId.count("OUT.08") == 0); // asked on the form only: not a behaviour
    CHECK(j["subjects_conf"].size() == 4);

    // One observation per coder; each a media observation of both cameras.
    REQUIRE(j["observations"].size() == 3);
    std::map<std::string, std::vector<Paired>> byCoder;
    std::string footageA;
    for (const auto& [id, o] : j["observations"].items()) {
        const std::string coder = o["independent_variables"]["coder"];
        CHECK(id == o["independent_variables"]["encounter"].get<std::string>() + " " + coder);
        CHECK(o["type"] == "MEDIA");
        CHECK(o["date"] == "2024-04-12T00:00:00");
        CHECK(o["time offset"].get<double>() == doctest::Approx(2.0));
        REQUIRE(o["file"]["1"].size() == 1);
        REQUIRE(o["file"]["2"].size() == 1);
        footageA = o["file"]["1"][0];
        CHECK(footageA.rfind("ftg-", 0) == 0);
        CHECK(o["media_info"]["offset"]["1"].get<double>() == doctest::Approx(0.0));
        CHECK(o["media_info"]["offset"]["2"].get<double>() == doctest::Approx(3.52));
        bool sorted = false;
        int unpaired = -1;
        byCoder[coder] = pairAsBoris(o, states, sorted, unpaired);
        CHECK(sorted);
        CHECK(unpaired == 0);
    }
    REQUIRE(byCoder.size() == 3);
    // Times to the frame: every event is a whole number of 25 fps frames.
    for (const auto& [coder, list] : byCoder)
        for (const Paired& p : list) {
            CHECK(std::fabs(p.start * 25 - std::round(p.start * 25)) < 1e-6);
            if (p.end)
                CHECK(std::fabs(*p.end * 25 - std::round(*p.end * 25)) < 1e-6);
        }
    // alice: two ESC.01 states (10.04-20, 20-20.8), one point.
    std::multiset<std::tuple<std::string, long, long, std::string>> alice;
    for (const auto& [coder, list] : byCoder)
        if (list.size() == 3 && list[0].code == "Officer raises voice" && list[0].comment == "raised voice")
            for (const Paired& p : list)
                alice.insert({p.code, std::lround(p.start * 25), p.end ? std::lround(*p.end * 25) : -1, p.modifier});
    const std::multiset<std::tuple<std::string, long, long, std::string>> wantAlice = {
        {"Officer raises voice", 251, 500, "2"}, {"Officer raises voice", 500, 520, "2"},
        {"Plain-language explanation", 628, -1, "None"}};
    CHECK(alice == wantAlice);
}

TEST_CASE("import boris: an exported project comes back into a fresh encounter with every tag")
{
    Fixture f;
    const auto project = f.scratch.dir / "study.boris";
    test_support::requireOk(test_support::runAs(f.db, "alice", {"export", "boris", "--out", project.string()}));
    auto r = test_support::runAs(f.db, "alice", {"import", "boris", project.string(), "--encounter", "E-NEW", "--json"});
    CAPTURE(r.err);
    REQUIRE(r.exitCode == 0);
    auto j = json::parse(r.out);
    CHECK(j["annotations"]["events"] == 12); // 4 intervals as START and STOP, 4 points
    CHECK(j["annotations"]["imported"] == 8);
    CHECK(j["annotations"]["duplicates"] == 0);
    CHECK(j["observations"].size() == 3);
    // Code, coder, times (to the frame: exactly), kind, subject, intensity, value, comment.
    CHECK(tagsOf(f.db, "E-NEW") == tagsOf(f.db, "E-RT"));
    CHECK(auditCount(f.db, "import") == 1);

    // Twice: nothing new.
    r = test_support::runAs(f.db, "alice", {"import", "boris", project.string(), "--encounter", "E-NEW", "--json"});
    REQUIRE(r.exitCode == 0);
    CHECK(json::parse(r.out)["annotations"]["imported"] == 0);
    CHECK(json::parse(r.out)["annotations"]["duplicates"] == 8);

    // Into the encounter whose cameras the project names: the same times again (player 1's
    // camera offset minus the time offset is 0), so all are already there.
    r = test_support::runAs(f.db, "alice", {"import", "boris", project.string(), "--encounter", "E-RT", "--json"});
    REQUIRE(r.exitCode == 0);
    CHECK(json::parse(r.out)["annotations"]["duplicates"] == 8);
}

TEST_CASE("import boris: player 1's camera places events by its offset on the target encounter")
{
    Fixture f;
    {
        auto ws = test_support::signedIn(f.db, "alice");
        REQUIRE(ws.ok());
        REQUIRE(review::addEncounter(*ws, "E-MOVED", {}).ok());
        REQUIRE(review::linkFootage(*ws, f.camA.string(), "E-MOVED", "A", 3000000).ok()); // 1 s later than on E-RT
    }
    const auto project = f.scratch.dir / "study.boris";
    test_support::requireOk(test_support::runAs(f.db, "alice", {"export", "boris", "--out", project.string()}));
    auto r = test_support::runAs(f.db, "alice", {"import", "boris", project.string(), "--encounter", "E-MOVED", "--json"});
    REQUIRE_MESSAGE(r.exitCode == 0, r.err);
    std::multiset<TagKey> want;
    for (TagKey t : tagsOf(f.db, "E-RT")) {
        std::get<2>(t) += 1000000;
        if (std::get<3>(t))
            *std::get<3>(t) += 1000000;
        want.insert(t);
    }
    CHECK(tagsOf(f.db, "E-MOVED") == want);
}

TEST_CASE("export boris: TSV per coder, overlapping intervals merged in the project")
{
    Fixture f;
    const auto tsv = f.scratch.dir / "events.tsv";
    auto r = test_support::runAs(f.db, "alice", {"export", "boris", "--out", tsv.string()});
    REQUIRE_MESSAGE(r.exitCode == 0, r.err);
    CHECK(r.out.find("(encounters:") == std::string::npos);
    const std::string text = readText(tsv);
    CHECK(count(text, "\n") == 13); // header + 12 events
    CHECK(count(text, "\tSTART\t") == 4);
    CHECK(count(text, "\tSTOP\t") == 4);
    // Each observation's Officer raises voice rows alternate START, STOP.
    std::map<std::string, std::string> last;
    std::istringstream lines(text);
    std::string line;
    std::getline(lines, line);
    CHECK(line.find("\tCoder\tCode") != std::string::npos);
    while (std::getline(lines, line)) {
        if (line.find("\tOfficer raises voice\t") == std::string::npos)
            continue;
        const std::string observation = line.substr(0, line.find('\t'));
        const std::string type = line.find("\tSTART\t") != std::string::npos ? "START" : "STOP";
        CHECK_MESSAGE(last[observation] != type, line);
        last[observation] = type;
        CHECK(line.find("\tESC.01\n") == std::string::npos); // the id is the last column, without newline here
        CHECK(line.substr(line.rfind('\t') + 1) == "ESC.01");
    }
    CHECK(last.size() == 2); // alice's and bob's observations

    // Two overlapping intervals of one code by one coder: one START/STOP in the project.
    {
        auto ws = test_support::signedIn(f.db, "bob");
        REQUIRE(ws.ok());
        review::NewAnnotation n;
        n.encounterRef = "E-RT";
        n.code = "ESC.01";
        n.subject = "officer";
        n.startUs = 300 * kFrameUs;
        n.endUs = 600 * kFrameUs;
        REQUIRE(review::addAnnotation(*ws, n).ok());
    }
    const auto project = f.scratch.dir / "merged.boris";
    r = test_support::runAs(f.db, "alice", {"export", "boris", "--out", project.string()});
    REQUIRE_MESSAGE(r.exitCode == 0, r.err);
    CHECK(r.out.find("1 overlapping interval tags") != std::string::npos);
    const json j = json::parse(readText(project));
    int starts = 0;
    for (const auto& [id, o] : j["observations"].items())
        for (const json& e : o["events"])
            if (e[2] == "Officer raises voice")
                ++starts;
    CHECK(starts == 2 * 2 + 2 * 1); // alice: 2 pairs; bob: 1 merged pair (11-24 s)
}

TEST_CASE("import boris: hostile files are refused with one sentence and nothing written")
{
    Fixture f;
    auto before = tagsOf(f.db, "E-NEW");
    auto bad = [&](const std::string& name, const std::string& content, const std::string& says) {
        const auto file = f.scratch.dir / name;
        std::ofstream(file, std::ios::binary) << content;
        auto r = test_support::runAs(f.db, "alice", {"import", "boris", file.string(), "--encounter", "E-NEW"});
        CAPTURE(name);
        CAPTURE(r.err);
        CHECK(r.exitCode == 3);
        CHECK(count(r.err, "error:") == 1);
        CHECK(count(r.err, "\n") == 1);
        CHECK(r.err.find(name) != std::string::npos);
        CHECK(r.err.find(says) != std::string::npos);
    };
    const std::string ethogram =
        R"("behaviors_conf": {"0": {"type": "State event", "key": "", "code": "ESC.01", "description": "", "category": "", "modifiers": {}}, "1": {"type": "Point event", "key": "", "code": "p", "description": "", "category": "", "modifiers": {}}})";
    auto withEvents = [&](const std::string& events) {
        return "{\"project_format_version\": \"7.0\", " + ethogram + ", \"observations\": {\"o1\": {\"type\": \"LIVE\", "
               "\"file\": [], \"events\": [" + events + "]}}}";
    };
    bad("empty.boris", "", "empty");
    bad("text.boris", "this is not JSON {", "not valid JSON");
    bad("array.boris", "[1, 2, 3]", "not a project");
    bad("shape.boris", R"({"observations": 5, "behaviors_conf": {}})", "observations");
    bad("events.boris", withEvents(R"({"time": 1})"), "event 1");
    bad("huge.boris", withEvents(R"([1e400, "", "ESC.01", "", ""])"), "");
    bad("far.boris", withEvents(R"([99999999999999999999, "", "ESC.01", "", ""])"), "out of range");
    bad("nan.boris", withEvents(R"(["NaN", "", "ESC.01", "", ""])"), "out of range");
    bad("nanliteral.boris", withEvents(R"([NaN, "", "ESC.01", "", ""])"), "not valid JSON");
    bad("latin1.boris", withEvents("[1, \"caf\xe9\", \"ESC.01\", \"\", \"\"]"), "not UTF-8");
    bad("unpaired.boris", withEvents(R"([1, "", "ESC.01", "", ""], [2, "", "ESC.01", "", ""], [3, "", "ESC.01", "", ""])"),
        "never stopped");
    // A STOP whose modifier differs from its START's pairs with nothing in BORIS.
    bad("modifier.boris", withEvents(R"([1, "", "ESC.01", "1", ""], [2, "", "ESC.01", "2", ""])"), "never stopped");
    bad("unknown.boris", withEvents(R"([1, "", "p", "", ""], [4, "", "ESC.01", "", ""], [5, "", "ESC.01", "", ""])"),
        "\"p\" names no code");
    CHECK(tagsOf(f.db, "E-NEW") == before);
    CHECK(auditCount(f.db, "import") == 0);

    // --skip-unknown leaves the unknown behaviour out and imports the rest.
    const auto file = f.scratch.dir / "unknown.boris";
    auto r = test_support::runAs(f.db, "alice", {"import", "boris", file.string(), "--encounter", "E-NEW", "--skip-unknown", "--json"});
    REQUIRE_MESSAGE(r.exitCode == 0, r.err);
    auto j = json::parse(r.out);
    CHECK(j["annotations"]["imported"] == 1);
    CHECK(j["skippedBehaviors"] == json::array({"p"}));
    CHECK(j["observations"][0]["coder"] == "o1"); // an unknown observation is a new coder
}

TEST_CASE("boris: not allowed is exit 4; the output may not be the database")
{
    Fixture f;
    const auto project = f.scratch.dir / "study.boris";
    test_support::requireOk(test_support::runAs(f.db, "alice", {"export", "boris", "--out", project.string()}));
    test_support::makeTestDatabase(f.db, {"mo"}, "member");
    auto r = test_support::runAs(f.db, "mo", {"import", "boris", project.string(), "--encounter", "E-NEW"});
    CHECK(r.exitCode == 4);
    r = test_support::runAs(f.db, "mo", {"export", "boris", "--out", (f.scratch.dir / "mo.boris").string()});
    CHECK(r.exitCode == 4);
    CHECK_FALSE(std::filesystem::exists(f.scratch.dir / "mo.boris"));

    const std::string dbBytes = test_support::fileBytes(f.db);
    r = test_support::runAs(f.db, "alice", {"export", "boris", "--out", f.db.string(), "--force"});
    CHECK(r.exitCode == 3);
    // A database whose name ends in .boris: the project may not replace it either.
    const auto boris = f.scratch.dir / "panel.boris";
    std::filesystem::copy_file(f.db, boris);
    r = test_support::runAs(boris, "alice", {"export", "boris", "--out", boris.string(), "--force"});
    CHECK(r.exitCode == 3);
    CHECK(r.err.find("panel.boris") != std::string::npos);
    auto opened = test_support::signedIn(boris, "alice");
    CHECK(opened.ok());
}
