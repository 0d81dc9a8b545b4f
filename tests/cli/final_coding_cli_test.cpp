// Issue 12 from the command line: stats confusion (JSON keys, text, exit codes, hostile
// input) and adjudicate finalise (agreed events, decisions, nothing happened, re-runs,
// audit, refusals, and the final coder used like any other).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace {

struct Scratch {
    std::filesystem::path dir;
    Scratch()
    {
        std::string pattern = (std::filesystem::temp_directory_path() / "bwv-final-test-XXXXXX").string();
        REQUIRE(mkdtemp(pattern.data()) != nullptr);
        dir = pattern;
    }
    ~Scratch()
    {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
};

struct Cli {
    std::filesystem::path db;
    test_support::CommandResult operator()(const std::string& person, std::vector<std::string> args) const
    {
        return test_support::runAs(db, person, args);
    }
};

std::string ok(const test_support::CommandResult& r)
{
    REQUIRE_MESSAGE(r.exitCode == 0, r.err);
    std::string out = r.out;
    while (!out.empty() && out.back() == '\n')
        out.pop_back();
    return out;
}

nlohmann::json okJson(const test_support::CommandResult& r) { return nlohmann::json::parse(ok(r)); }

// One plain sentence on stderr, nothing on stdout.
void refused(const test_support::CommandResult& r, int exitCode, const std::string& words)
{
    CHECK_MESSAGE(r.exitCode == exitCode, r.err);
    CHECK(r.out.empty());
    CHECK(r.err.rfind("bwv-review: error: ", 0) == 0);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK_MESSAGE(r.err.find(words) != std::string::npos, r.err);
}

nlohmann::json finalTags(const Cli& cli, const std::string& encounter)
{
    return okJson(cli("lead", {"tag", "list", "--encounter", encounter, "--coder", "final", "--format", "json"}));
}

} // namespace

TEST_CASE("stats confusion: the table, its JSON keys and its refusals")
{
    Scratch scratch;
    Cli cli{scratch.dir / "confusion.sqlite"};
    test_support::makeTestDatabase(cli.db, {"mia"}, "member");
    ok(cli("lead", {"encounter", "add", "E1"}));
    // By hand (rows alice, columns bob): (ESC.03, ESC.04) at 10 s, (DEE.05, DEE.05) at 20 s,
    // (SAF.02, nothing) at 40 s: 3 pairs, 1 agreed.
    ok(cli("alice", {"tag", "add", "--encounter", "E1", "--code", "ESC.03", "--at", "10"}));
    ok(cli("bob", {"tag", "add", "--encounter", "E1", "--code", "ESC.04", "--at", "10.2"}));
    ok(cli("alice", {"tag", "add", "--encounter", "E1", "--code", "DEE.05", "--at", "20"}));
    ok(cli("bob", {"tag", "add", "--encounter", "E1", "--code", "DEE.05", "--at", "20.5"}));
    ok(cli("alice", {"tag", "add", "--encounter", "E1", "--code", "SAF.02", "--at", "40"}));

    auto j = okJson(cli("lead", {"stats", "confusion", "--encounter", "E1", "--coders", "alice,bob", "--json"}));
    CHECK(j["encounter"] == "E1");
    CHECK(j["coders"] == nlohmann::json::array({"alice", "bob"}));
    CHECK(j["toleranceSeconds"] == 1.0);
    CHECK(j["pairs"] == nlohmann::json{{"sameCode", 1}, {"crossCode", 1}, {"withNothing", 1}, {"total", 3}});
    const auto& all = j["overall"];
    CHECK(all["codes"] == nlohmann::json::array({"DEE.05", "ESC.03", "ESC.04", "SAF.02", "nothing"}));
    CHECK(all["matrix"] == nlohmann::json::parse("[[1,0,0,0,0],[0,0,1,0,0],[0,0,0,0,0],[0,0,0,0,1],[0,0,0,0,0]]"));
    CHECK(all["pairs"] == 3);
    CHECK(all["agreed"] == 1);
    CHECK(all["agreement"].get<double>() == doctest::Approx(1.0 / 3.0));
    // Rows DEE.05 1, ESC.03 1, SAF.02 1; columns DEE.05 1, ESC.04 1, nothing 1: chance 1/9,
    // observed 3/9: kappa (3 - 1) / (9 - 1) = 0.25.
    CHECK(all["kappa"].get<double>() == doctest::Approx(0.25));
    CHECK(all["kappaNote"].is_null());
    REQUIRE(j["groups"].size() == 3);
    CHECK(j["groups"][0]["group"] == "ESC");
    CHECK(j["groups"][1]["group"] == "DEE");
    CHECK(j["groups"][1]["kappa"].is_null());
    CHECK(j["groups"][1]["kappaNote"].is_string());
    CHECK(j["groups"][2]["group"] == "SAF");

    auto text = ok(cli("lead", {"stats", "confusion", "--encounter", "E1", "--coders", "alice,bob"}));
    CHECK(text.find("3 pairs: 1 of the same code, 1 of different codes, 1 with nothing") != std::string::npos);
    CHECK(text.find("all codes: 3 pairs, 1 agreed (33.3%), kappa 0.250") != std::string::npos);
    CHECK(text.find("group ESC") != std::string::npos);
    // A wider tolerance is taken; zero is allowed.
    CHECK(okJson(cli("lead", {"stats", "confusion", "--encounter", "E1", "--coders", "alice,bob", "--tolerance", "0",
                              "--json"}))["pairs"]["total"] == 5);

    refused(cli("lead", {"stats", "confusion", "--encounter", "E1", "--coders", "alice,nobody"}), 3,
            "there is no coder named nobody");
    refused(cli("lead", {"stats", "confusion", "--encounter", "E1", "--coders", "alice"}), 2, "exactly two different coders");
    refused(cli("lead", {"stats", "confusion", "--encounter", "E1", "--coders", "alice,alice"}), 2,
            "exactly two different coders");
    refused(cli("lead", {"stats", "confusion", "--encounter", "E1", "--coders", "alice,bob,lead"}), 2,
            "exactly two different coders");
    refused(cli("lead", {"stats", "confusion", "--encounter", "E1", "--coders", "alice,bob", "--tolerance=-1"}), 2,
            "zero or more seconds");
    CHECK(cli("lead", {"stats", "confusion", "--encounter", "E1", "--coders", "alice,bob", "--tolerance", "nan"}).exitCode
          == 2);
    refused(cli("lead", {"stats", "confusion", "--encounter", "E9", "--coders", "alice,bob"}), 3, "E9");
    // A name in another encoding (Latin-1 "béla"): refused in one sentence, never echoed raw.
    auto latin1 = cli("lead", {"stats", "confusion", "--encounter", "E1", "--coders", "alice,b\xe9la"});
    refused(latin1, 3, "--coders is not valid UTF-8");
    CHECK(latin1.err.find("\xe9") == std::string::npos);
    refused(cli("lead", {"adjudicate", "finalise", "--encounter", "E1", "--coders", "alice,b\xe9la"}), 3,
            "not valid UTF-8");
    // Who may: the agreement permission (a member has none).
    refused(cli("mia", {"stats", "confusion", "--encounter", "E1", "--coders", "alice,bob"}), 4, "mia may not");

    // A blind encounter: refused like stats irr until the pass is done.
    ok(cli("lead", {"encounter", "add", "E2"}));
    ok(cli("lead", {"blind", "start", "--encounter", "E2"}));
    ok(cli("alice", {"tag", "add", "--encounter", "E2", "--code", "ESC.03", "--at", "1"}));
    ok(cli("bob", {"tag", "add", "--encounter", "E2", "--code", "ESC.03", "--at", "1"}));
    refused(cli("alice", {"stats", "confusion", "--encounter", "E2", "--coders", "alice,bob"}), 4,
            "mark your pass done first");
    ok(cli("alice", {"blind", "done", "--encounter", "E2"}));
    CHECK(okJson(cli("alice", {"stats", "confusion", "--encounter", "E2", "--coders", "alice,bob", "--json"}))["overall"]
              ["agreed"] == 1);
}

TEST_CASE("adjudicate finalise: agreed events, decisions, re-runs, audit and refusals")
{
    Scratch scratch;
    Cli cli{scratch.dir / "final.sqlite"};
    test_support::makeTestDatabase(cli.db, {"mia"}, "member");
    ok(cli("lead", {"encounter", "add", "E1"}));
    ok(cli("alice", {"tag", "add", "--encounter", "E1", "--code", "ESC.02", "--at", "10"}));
    ok(cli("bob", {"tag", "add", "--encounter", "E1", "--code", "ESC.02", "--at", "10.4"}));
    const std::string a2 = ok(cli("alice", {"tag", "add", "--encounter", "E1", "--code", "ESC.04", "--at", "30"}));
    const std::string a3 = ok(cli("alice", {"tag", "add", "--encounter", "E1", "--code", "DEE.05", "--at", "50"}));
    const std::string b2 = ok(cli("bob", {"tag", "add", "--encounter", "E1", "--code", "DEE.05", "--at", "53"}));
    // ESC.01 is an interval code: the final tag averages start and end.
    ok(cli("alice", {"tag", "add", "--encounter", "E1", "--code", "ESC.01", "--at", "60", "--to", "70"}));
    ok(cli("bob", {"tag", "add", "--encounter", "E1", "--code", "ESC.01", "--at", "62", "--to", "74"}));

    // Before any decision: the two agreed events only.
    auto first = okJson(cli("lead", {"adjudicate", "finalise", "--encounter", "E1", "--json"}));
    CHECK(first["coders"] == nlohmann::json::array({"alice", "bob"}));
    CHECK(first["agreed"] == 2);
    CHECK(first["decided"] == 0);
    CHECK(first["removed"] == 0);
    CHECK(first["tags"] == 2);
    CHECK(first["added"] == 2);

    ok(cli("lead", {"adjudicate", "decide", "--encounter", "E1", "--code", "DEE.05", "--at", "51.5", "--reason",
                    "both heard the apology", "--sources", a3 + "," + b2, "--subject", "officer"}));
    ok(cli("lead", {"adjudicate", "decide", "--encounter", "E1", "--code", "ESC.04", "--at", "30", "--reason",
                    "no interruption", "--sources", a2, "--nothing"}));
    auto second = okJson(cli("lead", {"adjudicate", "finalise", "--encounter", "E1", "--coders", "alice,bob", "--json"}));
    CHECK(second["agreed"] == 2);
    CHECK(second["decided"] == 1);
    CHECK(second["removed"] == 1);
    CHECK(second["tags"] == 3);
    CHECK(second["kept"] == 2);
    CHECK(second["added"] == 1);
    CHECK(second["deleted"] == 0);
    auto tags = finalTags(cli, "E1");
    REQUIRE(tags.size() == 3);
    CHECK(tags[0]["code"] == "ESC.02");
    CHECK(tags[0]["start_us"] == 10'200'000);
    CHECK(tags[1]["code"] == "DEE.05");
    CHECK(tags[1]["start_us"] == 51'500'000);
    CHECK(tags[1]["subject"] == "officer");
    CHECK(tags[2]["code"] == "ESC.01");
    CHECK(tags[2]["start_us"] == 61'000'000);
    CHECK(tags[2]["end_us"] == 72'000'000);
    for (const auto& t : tags)
        CHECK(t["code"] != "ESC.04"); // nothing happened

    // Again: the same tags, the same UUIDs, nothing written but the audit entry.
    auto third = okJson(cli("lead", {"adjudicate", "finalise", "--encounter", "E1", "--json"}));
    CHECK(third["tags"] == 3);
    CHECK(third["kept"] == 3);
    CHECK(third["added"] == 0);
    CHECK(third["deleted"] == 0);
    CHECK(finalTags(cli, "E1") == tags);
    // A narrower tolerance splits ESC.02 (0.4 s apart): the earlier final tag is deleted.
    auto narrow = okJson(cli("lead", {"adjudicate", "finalise", "--encounter", "E1", "--tolerance", "0.1", "--json"}));
    CHECK(narrow["tags"] == 2);
    CHECK(narrow["deleted"] == 1);
    CHECK(finalTags(cli, "E1").size() == 2);
    auto back = okJson(cli("lead", {"adjudicate", "finalise", "--encounter", "E1", "--json"}));
    CHECK(back["added"] == 1);
    CHECK(finalTags(cli, "E1").size() == 3);
    auto text = ok(cli("lead", {"adjudicate", "finalise", "--encounter", "E1"}));
    CHECK(text.find("3 tags, 2 agreed by every coder and 1 from decisions") != std::string::npos);

    // Audited, and the chain holds.
    auto audit = okJson(cli("admin", {"audit", "list", "--action", "adjudication.finalised", "--json"}));
    CHECK(audit.size() == 6);
    CHECK(ok(cli("lead", {"audit", "verify"})).rfind("audit log intact", 0) == 0);

    // The final coder is one more coder: agreement, lanes of tag list, exports.
    auto irr = okJson(cli("lead", {"stats", "irr", "--encounter", "E1", "--coders", "alice,final", "--json"}));
    CHECK(irr["coders"] == nlohmann::json::array({"alice", "final"}));
    // alice's DEE.05 at 50 s is 1.5 s from the decided 51.5 s: two tags alone.
    CHECK(okJson(cli("lead", {"stats", "confusion", "--encounter", "E1", "--coders", "alice,final", "--json"}))["pairs"]
              ["sameCode"] == 2);
    const auto csv = scratch.dir / "final.csv";
    ok(cli("lead", {"export", "csv", "--out", csv.string()}));

    // Refusals.
    refused(cli("mia", {"adjudicate", "finalise", "--encounter", "E1"}), 4, "mia may not adjudicate");
    refused(cli("lead", {"adjudicate", "finalise", "--encounter", "E1", "--coders", "alice"}), 2, "at least two");
    refused(cli("lead", {"adjudicate", "finalise", "--encounter", "E1", "--coders", "alice,alice"}), 2, "at least two");
    refused(cli("lead", {"adjudicate", "finalise", "--encounter", "E1", "--coders", "alice,final"}), 2, "not final");
    refused(cli("lead", {"adjudicate", "finalise", "--encounter", "E1", "--coders", "alice,nobody"}), 3, "nobody");
    refused(cli("lead", {"adjudicate", "finalise", "--encounter", "E1", "--tolerance=-2"}), 2, "zero or more seconds");
    refused(cli("lead", {"adjudicate", "finalise", "--encounter", "E9"}), 3, "E9");
    refused(cli("admin", {"person", "add", "final", "--role", "coder"}), 3, "reserved");
    CHECK(finalTags(cli, "E1").size() == 3);

    // A blind encounter waits for every pass, as adjudicate decide does.
    ok(cli("lead", {"encounter", "add", "E2"}));
    ok(cli("lead", {"blind", "start", "--encounter", "E2"}));
    ok(cli("alice", {"tag", "add", "--encounter", "E2", "--code", "ESC.02", "--at", "1"}));
    ok(cli("bob", {"tag", "add", "--encounter", "E2", "--code", "ESC.02", "--at", "1"}));
    ok(cli("lead", {"blind", "done", "--encounter", "E2"}));
    ok(cli("alice", {"blind", "done", "--encounter", "E2"}));
    refused(cli("lead", {"adjudicate", "finalise", "--encounter", "E2", "--coders", "alice,bob"}), 4, "bob");
    ok(cli("bob", {"blind", "done", "--encounter", "E2"}));
    CHECK(okJson(cli("lead", {"adjudicate", "finalise", "--encounter", "E2", "--json"}))["tags"] == 1);
    // The final coder is not a blind coder: the passes stay those of alice, bob and lead.
    CHECK(okJson(cli("lead", {"blind", "status", "--encounter", "E2", "--json"}))["passes"].size() == 3);
    CHECK(ok(cli("lead", {"audit", "verify"})).rfind("audit log intact", 0) == 0);
}
