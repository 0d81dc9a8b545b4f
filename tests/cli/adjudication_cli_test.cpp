// Blind coding and adjudication from the command line (issue 5): tag list, stats, exports
// and summaries show a blind coder only their own tags; stats irr refuses; adjudicate
// lists, decides and records in the audit log.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace {

struct Scratch {
    std::filesystem::path dir;
    Scratch()
    {
        std::string pattern = (std::filesystem::temp_directory_path() / "bwv-adjud-test-XXXXXX").string();
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
    test_support::CommandResult operator()(const std::string& coder, std::vector<std::string> args) const
    {
        return test_support::runAs(db, coder, args);
    }
};

std::string trimmed(const std::string& text)
{
    size_t end = text.find_last_not_of("\n");
    return end == std::string::npos ? "" : text.substr(0, end + 1);
}

std::string ok(const test_support::CommandResult& r)
{
    REQUIRE_MESSAGE(r.exitCode == 0, r.err);
    return trimmed(r.out);
}

std::vector<std::string> codersListed(const Cli& cli, const std::string& coder, std::vector<std::string> extra = {})
{
    std::vector<std::string> args = {"tag", "list", "--format", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto tags = nlohmann::json::parse(ok(cli(coder, args)));
    std::vector<std::string> out;
    for (const auto& t : tags)
        out.push_back(t["coder"].get<std::string>());
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::string readFile(const std::filesystem::path& path)
{
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::size_t lines(const std::string& text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')); }

std::size_t occurrences(const std::string& text, const std::string& what)
{
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++n;
    return n;
}

} // namespace

TEST_CASE("blind coding and adjudication from the command line")
{
    Scratch scratch;
    Cli cli{scratch.dir / "blind.sqlite"};
    ok(cli("lead", {"encounter", "add", "E1"}));
    ok(cli("lead", {"encounter", "add", "E2"}));
    CHECK(ok(cli("lead", {"blind", "start", "--encounter", "E1"})).find("blind coding started") != std::string::npos);

    const std::string a1 = ok(cli("alice", {"tag", "add", "--encounter", "E1", "--code", "ESC.02", "--at", "10"}));
    const std::string b1 = ok(cli("bob", {"tag", "add", "--encounter", "E1", "--code", "ESC.02", "--at", "10.4"}));
    const std::string a2 = ok(cli("alice", {"tag", "add", "--encounter", "E1", "--code", "ESC.04", "--at", "30"}));
    const std::string a3 = ok(cli("alice", {"tag", "add", "--encounter", "E1", "--code", "DEE.05", "--at", "50",
                                            "--comment", "says sorry"}));
    const std::string b2 = ok(cli("bob", {"tag", "add", "--encounter", "E1", "--code", "DEE.05", "--at", "53"}));
    ok(cli("bob", {"tag", "add", "--encounter", "E2", "--code", "ESC.04", "--at", "1"}));

    // tag list, with and without --encounter, and asking for the other coder by name.
    CHECK(codersListed(cli, "alice", {"--encounter", "E1"}) == std::vector<std::string>{"alice"});
    CHECK(codersListed(cli, "bob", {"--encounter", "E1"}) == std::vector<std::string>{"bob"});
    CHECK(codersListed(cli, "alice", {"--encounter", "E1", "--coder", "bob"}).empty());
    CHECK(nlohmann::json::parse(ok(cli("alice", {"tag", "list", "--format", "json"}))).size() == 4); // 3 own + bob's on E2
    CHECK(cli("alice", {"tag", "list", "--encounter", "E1"}).err.find("only your own tags on it") != std::string::npos);
    CHECK(cli("alice", {"tag", "list", "--encounter", "E2"}).err.empty());

    // stats irr refuses with one plain sentence.
    auto irr = cli("alice", {"stats", "irr", "--encounter", "E1", "--coders", "alice,bob"});
    CHECK(irr.exitCode == 4); // not allowed (yet)
    CHECK(irr.err.rfind("bwv-review: error: encounter E1: ", 0) == 0);
    CHECK(irr.err.find("mark your pass done first") != std::string::npos);
    CHECK(std::count(irr.err.begin(), irr.err.end(), '\n') == 1);
    CHECK(irr.out.empty());

    // Exports and summaries by a coder whose pass is open carry only their own tags on E1.
    const auto csv = scratch.dir / "alice.csv";
    auto exported = cli("alice", {"export", "csv", "--out", csv.string()});
    REQUIRE_MESSAGE(exported.exitCode == 0, exported.err);
    // The exporter is told, without learning what the others tagged.
    CHECK(exported.err == "bwv-review: warning: 1 encounter is blind coded and your pass is not marked done, so only"
                          " your own tags on it are included (E1; see: bwv-review blind status)\n");
    CHECK(lines(readFile(csv)) == 1 + 4);
    std::istringstream encounters(readFile(scratch.dir / "alice_encounters.csv"));
    std::string header, e1, e2;
    std::getline(encounters, header);
    std::getline(encounters, e1); // by reference: E1, then E2; the last column counts tags
    std::getline(encounters, e2);
    CHECK(e1.substr(e1.rfind(',')) == ",3");
    CHECK(e2.substr(e2.rfind(',')) == ",1");
    const auto json = scratch.dir / "alice.json";
    ok(cli("alice", {"export", "json", "--out", json.string()}));
    CHECK(nlohmann::json::parse(readFile(json))["annotations"].size() == 4);
    const auto boris = scratch.dir / "alice.tsv";
    ok(cli("alice", {"export", "boris", "--out", boris.string()}));
    CHECK(lines(readFile(boris)) == 1 + 4);
    const auto eaf = scratch.dir / "alice.eaf";
    ok(cli("alice", {"export", "eaf", "--encounter", "E1", "--out", eaf.string()}));
    CHECK(occurrences(readFile(eaf), "<ALIGNABLE_ANNOTATION") == 3);
    auto summaryRun = cli("alice", {"stats", "summary", "--json"});
    auto summary = nlohmann::json::parse(ok(summaryRun));
    CHECK(summary["tags"] == 4);
    CHECK(summaryRun.err.find("only your own tags") != std::string::npos);
    CHECK(nlohmann::json::parse(ok(cli("alice", {"encounter", "show", "E1", "--json"})))["tags"] == 3);

    // Deciding before the passes are done is refused.
    auto early = cli("lead", {"adjudicate", "decide", "--encounter", "E1", "--code", "DEE.05", "--at", "51.5",
                              "--reason", "apology heard"});
    CHECK(early.exitCode == 4);
    CHECK(early.err.find("mark your pass done first") != std::string::npos);
    auto status = nlohmann::json::parse(ok(cli("alice", {"blind", "status", "--encounter", "E1", "--json"})));
    CHECK(status["blind"] == true);
    CHECK(status["maySeeOthers"] == false);
    CHECK(status["passes"].size() == 2);

    ok(cli("alice", {"blind", "done", "--encounter", "E1"}));
    CHECK(codersListed(cli, "alice", {"--encounter", "E1"}) == std::vector<std::string>{"alice", "bob"});
    CHECK(codersListed(cli, "bob", {"--encounter", "E1"}) == std::vector<std::string>{"bob"});
    auto frozen = cli("alice", {"tag", "add", "--encounter", "E1", "--code", "ESC.03", "--at", "5"});
    CHECK(frozen.exitCode == 4);
    CHECK(frozen.err.find("blind reopen --encounter E1") != std::string::npos);
    auto bobTooSoon = cli("alice", {"adjudicate", "decide", "--encounter", "E1", "--code", "DEE.05", "--at", "51.5",
                                    "--reason", "apology heard"});
    CHECK(bobTooSoon.exitCode == 4);
    CHECK(bobTooSoon.err.find("these are not: bob") != std::string::npos);
    ok(cli("bob", {"blind", "done", "--encounter", "E1"}));
    CHECK(codersListed(cli, "bob", {"--encounter", "E1"}) == std::vector<std::string>{"alice", "bob"});
    auto afterDone = cli("alice", {"export", "csv", "--out", csv.string(), "--force"});
    REQUIRE_MESSAGE(afterDone.exitCode == 0, afterDone.err);
    CHECK(afterDone.err.empty());
    CHECK(lines(readFile(csv)) == 1 + 6);
    auto irrAfter = cli("alice", {"stats", "irr", "--encounter", "E1", "--coders", "alice,bob", "--json"});
    REQUIRE_MESSAGE(irrAfter.exitCode == 0, irrAfter.err);
    CHECK(nlohmann::json::parse(irrAfter.out)["overall"]["events"] == 4);

    // The lead coded nothing: they mark their own pass done to adjudicate.
    ok(cli("lead", {"blind", "done", "--encounter", "E1"}));
    const std::string before = ok(cli("lead", {"tag", "list", "--encounter", "E1", "--format", "json"}));
    auto list = nlohmann::json::parse(
        ok(cli("lead", {"adjudicate", "list", "--encounter", "E1", "--coders", "alice,bob", "--json"})));
    CHECK(list["events"] == 4);
    CHECK(list["agreed"] == 1);
    REQUIRE(list["disagreements"].size() == 3);
    CHECK(list["disagreements"][0]["code"] == "ESC.04");
    CHECK(list["disagreements"][0]["taggedBy"][0]["uuid"] == a2);
    CHECK(list["disagreements"][0]["notTaggedBy"] == nlohmann::json::array({"bob"}));
    CHECK(list["disagreements"][1]["taggedBy"][0]["uuid"] == a3);
    CHECK(list["disagreements"][2]["taggedBy"][0]["uuid"] == b2);
    CHECK(list["disagreements"][2]["notTaggedBy"] == nlohmann::json::array({"alice"}));
    auto text = ok(cli("lead", {"adjudicate", "list", "--encounter", "E1", "--coders", "alice,bob"}));
    CHECK(text.find("1 agreed, 3 disagreements") != std::string::npos);

    auto noReason = cli("lead", {"adjudicate", "decide", "--encounter", "E1", "--code", "DEE.05", "--at", "51.5",
                                 "--sources", a3 + "," + b2});
    CHECK(noReason.exitCode == 2);
    CHECK(noReason.err.find("reason") != std::string::npos);
    const std::string decision = ok(cli("lead", {"adjudicate", "decide", "--encounter", "E1", "--code", "DEE.05", "--at",
                                                 "51.5", "--reason", "both heard the apology", "--sources",
                                                 a3 + "," + b2}));
    CHECK(decision.size() == 36);
    const std::string nothing = ok(cli("lead", {"adjudicate", "decide", "--encounter", "E1", "--code", "ESC.04", "--at",
                                                "30", "--reason", "no interruption", "--sources", a2, "--nothing"}));
    CHECK(nothing.size() == 36);

    auto decisions =
        nlohmann::json::parse(ok(cli("alice", {"adjudicate", "decisions", "--encounter", "E1", "--json"})));
    REQUIRE(decisions.size() == 2);
    CHECK(decisions[0]["uuid"] == decision);
    CHECK(decisions[0]["sources"] == nlohmann::json::array({a3, b2}));
    CHECK(decisions[0]["consensusTag"].is_string());
    CHECK(decisions[1]["uuid"] == nothing);
    CHECK(decisions[1]["nothingHappened"] == true);
    CHECK(decisions[1]["consensusTag"].is_null());

    // The originals are as they were; the consensus tag is one more coder's.
    auto all = nlohmann::json::parse(ok(cli("lead", {"tag", "list", "--encounter", "E1", "--format", "json"})));
    nlohmann::json originals = nlohmann::json::array();
    for (const auto& t : all)
        if (t["coder"] != "consensus")
            originals.push_back(t);
        else
            CHECK(t["uuid"] == decisions[0]["consensusTag"]);
    CHECK(originals == nlohmann::json::parse(before));
    CHECK(all.size() == originals.size() + 1);
    auto withConsensus = cli("lead", {"stats", "irr", "--encounter", "E1", "--coders", "alice,bob,consensus"});
    CHECK_MESSAGE(withConsensus.exitCode == 0, withConsensus.err);

    CHECK(ok(cli("lead", {"audit", "verify"})).rfind("audit log intact", 0) == 0);
    const auto everyone = scratch.dir / "everyone.eaf";
    ok(cli("lead", {"export", "eaf", "--encounter", "E1", "--out", everyone.string()}));
    auto again = cli("alice", {"import", "eaf", everyone.string(), "--encounter", "E1", "--dry-run", "--json"});
    REQUIRE_MESSAGE(again.exitCode == 0, again.err);
    CHECK(nlohmann::json::parse(again.out)["annotations"]["duplicates"] == 6);
    auto reopen = ok(cli("bob", {"blind", "reopen", "--encounter", "E1"}));
    CHECK(reopen.find("open again") != std::string::npos);
    CHECK(codersListed(cli, "bob", {"--encounter", "E1"}) == std::vector<std::string>{"bob"});
    CHECK(cli("bob", {"adjudicate", "decisions", "--encounter", "E1"}).exitCode == 4);
    // An import would tell him which of the others' tags are already there.
    auto blindImport = cli("bob", {"import", "eaf", everyone.string(), "--encounter", "E1", "--dry-run"});
    CHECK(blindImport.exitCode == 4);
    CHECK(blindImport.err.find("mark your pass done first") != std::string::npos);
    CHECK(blindImport.out.empty());
    CHECK(ok(cli("lead", {"audit", "verify"})).rfind("audit log intact", 0) == 0);
}
