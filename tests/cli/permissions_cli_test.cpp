// Who may do what (issue 9), through the command line: every role against every action of
// review's permission table. A refusal exits 4 with one sentence naming who may; an allowed
// action succeeds. README's table of permissions is the same table.
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "review/permissions.hpp"
#include "test_support.hpp"

namespace {

struct Scratch {
    std::filesystem::path dir;
    Scratch()
    {
        std::string pattern = (std::filesystem::temp_directory_path() / "bwv-permissions-XXXXXX").string();
        REQUIRE(mkdtemp(pattern.data()) != nullptr);
        dir = pattern;
    }
    ~Scratch()
    {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
};

// One person per role, named after it.
const std::vector<std::pair<review::Role, std::string>>& people()
{
    static const std::vector<std::pair<review::Role, std::string>> kPeople = {
        {review::Role::Member, "member"}, {review::Role::Chair, "chair"}, {review::Role::Coder, "coder"},
        {review::Role::Lead, "lead"},     {review::Role::Administrator, "admin"}};
    return kPeople;
}

// A command that does `action` for the person `who` (names and files made unique per person
// so that what one role does first does not change what the next one meets).
std::vector<std::string> commandFor(review::Action action, const std::string& who, const std::filesystem::path& dir)
{
    using review::Action;
    const std::string d = dir.string() + "/";
    switch (action) {
    case Action::ManagePeople:
        return {"person", "add", "new-" + who, "--role", "member"};
    case Action::ListPeople:
        return {"person", "list"};
    case Action::SetRetention:
        return {"retention", "set", "--panel", "Panel " + who, "--free-text-days", "365"};
    case Action::ImportCodebook:
        return {"codebook", "import", d + "codebook.json"};
    case Action::RegisterFootage:
        return {"footage", "add", d + "footage-" + who + ".bin"};
    case Action::ViewFootage:
        return {"footage", "list"};
    case Action::VerifyFootage:
        return {"footage", "verify", "--all"};
    case Action::ImportTranscript:
        return {"transcript", "import", d + "transcript-" + who + ".srt", "--footage", d + "footage.bin", "--replace"};
    case Action::MaskFootage:
        return {"mask", "add", "--footage", d + "footage.bin", "--from", "0", "--to", "1", "--shape", "rect", "--box",
                "0.1,0.1,0.2,0.2"};
    case Action::SetUpEncounter:
        return {"encounter", "add", "E-" + who};
    case Action::ReadEncounter:
        return {"encounter", "show", "E1"};
    case Action::SetUpScreening:
        return {"screening", "add", "S-" + who};
    case Action::ReadScreening:
        return {"screening", "list"};
    case Action::Tag:
        return {"tag", "add", "--encounter", "E1", "--code", "ESC.02", "--at", "3"};
    case Action::ReadTags:
        return {"tag", "list"};
    case Action::GiveFeedback:
        return {"feedback", "set", "--screening", "S1", "--encounter", "E1", "rating=concern"};
    case Action::Consolidate:
        return {"chair", "show", "--screening", "S1"};
    case Action::PoliceAction:
        return {"police-action", "add", "--screening", "S1", "--request", "Why was the person searched?"};
    case Action::ReadPoliceActions:
        return {"police-action", "list"};
    case Action::ExportReport:
        return {"export", "report", "--screening", "S1", "--format", "xlsx", "--out", d + "report-" + who + ".xlsx"};
    case Action::StartBlindCoding:
        return {"blind", "start", "--encounter", "EB-" + who};
    case Action::CodingPass:
        return {"blind", "done", "--encounter", "EB"};
    case Action::Adjudicate:
        return {"adjudicate", "list", "--encounter", "E1", "--coders", "setup-a,setup-b"};
    case Action::ExportResearch:
        return {"export", "csv", "--out", d + "tags-" + who + ".csv"};
    case Action::ImportTags:
        return {"import", "eaf", d + "tags.eaf", "--encounter", "E1", "--dry-run"};
    case Action::MeasureAgreement:
        return {"stats", "irr", "--encounter", "E1", "--coders", "setup-a,setup-b"};
    case Action::Summarise:
        return {"stats", "summary"};
    case Action::ReadAudit:
        return {"audit", "list"};
    case Action::VerifyAudit:
        return {"audit", "verify"};
    case Action::ChangeOwnPassphrase:
        return {"person", "reset-passphrase", who, "--new-passphrase-file", d + "passphrase.txt"};
    }
    return {};
}

void ok(const test_support::CommandResult& r)
{
    REQUIRE_MESSAGE(r.exitCode == 0, r.err);
}

} // namespace

TEST_CASE("every role against every action: allowed ones succeed, the others exit 4 naming who may")
{
    Scratch scratch;
    const auto db = scratch.dir / "permissions.sqlite";
    const auto& d = scratch.dir;
    test_support::makeTestDatabase(db);
    for (const auto& [role, name] : people())
        if (role != review::Role::Administrator)
            test_support::makeTestDatabase(db, {name}, std::string(review::roleName(role)));
    test_support::makeTestDatabase(db, {"setup", "setup-a", "setup-b"}, "member,chair,coder,lead");
    std::ofstream(d / "passphrase.txt") << test_support::kTestPassphrase << "\n";
    for (const auto& [role, name] : people())
        std::ofstream(d / ("footage-" + name + ".bin")) << "not a video, registered by its hash: " << name;
    for (const auto& [role, name] : people())
        std::ofstream(d / ("transcript-" + name + ".srt")) << "1\n00:00:01,000 --> 00:00:02,000\nSaid by " << name << "\n";
    std::ofstream(d / "footage.bin") << "camera A";

    // What the actions act on: encounters, a screening, tags by two coders, a blind encounter.
    ok(test_support::runAs(db, "setup", {"footage", "add", (d / "footage.bin").string(), "--encounter", "E1"}));
    ok(test_support::runAs(db, "setup", {"encounter", "add", "EB"}));
    for (const auto& [role, name] : people())
        ok(test_support::runAs(db, "setup", {"encounter", "add", "EB-" + name}));
    ok(test_support::runAs(db, "setup", {"screening", "add", "S1", "--date", "2024-05-02", "--encounter", "E1"}));
    ok(test_support::runAs(db, "setup-a", {"tag", "add", "--encounter", "E1", "--code", "ESC.02", "--at", "1"}));
    ok(test_support::runAs(db, "setup-b", {"tag", "add", "--encounter", "E1", "--code", "ESC.02", "--at", "1.2"}));
    ok(test_support::runAs(db, "setup", {"blind", "start", "--encounter", "EB"}));
    ok(test_support::runAs(db, "setup", {"codebook", "export", (d / "codebook.json").string()}));
    ok(test_support::runAs(db, "setup", {"export", "eaf", "--encounter", "E1", "--out", (d / "tags.eaf").string()}));

    std::set<review::Action> covered;
    for (const review::Permission& permission : review::permissions()) {
        covered.insert(permission.action);
        for (const auto& [role, name] : people()) {
            const bool allowed = review::allows(static_cast<review::Roles>(role), permission.action);
            const auto args = commandFor(permission.action, name, d);
            REQUIRE_FALSE(args.empty());
            auto r = test_support::runCommand([&] {
                std::vector<std::string> argv = {test_support::executable().string(), "--db", db.string(), "--as", name};
                argv.insert(argv.end(), args.begin(), args.end());
                return argv;
            }());
            CAPTURE(permission.name);
            CAPTURE(name);
            CAPTURE(r.err);
            if (allowed) {
                CHECK(r.exitCode == 0);
            } else {
                CHECK(r.exitCode == 4);
                CHECK(r.err == "bwv-review: error: " + review::refusalSentence(name, permission.action) + "\n");
            }
        }
    }
    CHECK(covered.size() == review::permissions().size());

    // Refusals are in the audit log too.
    auto refused = test_support::runAs(db, "chair", {"audit", "list", "--action", "permission.refused", "--json"});
    ok(refused);
    CHECK(refused.out.find("\"member\"") != std::string::npos);
}

TEST_CASE("README's table of permissions is review's table")
{
    const char* source = std::getenv("BWV_SOURCE_DIR");
    REQUIRE(source != nullptr);
    std::ifstream in(std::filesystem::path(source) / "README.md");
    std::map<std::string, std::vector<std::string>> rows; // permission name -> role cells
    std::string line;
    bool inTable = false;
    while (std::getline(in, line)) {
        if (line.rfind("| action | member | chair | coder | lead | administrator |", 0) == 0) {
            inTable = true;
            continue;
        }
        if (inTable && line.rfind("|", 0) != 0)
            break;
        // "| `tag.edit` what it allows | yes | ... |": the name in backquotes, then the cells.
        if (!inTable || line.rfind("| `", 0) != 0)
            continue;
        const std::size_t nameEnd = line.find('`', 3);
        const std::size_t cellsStart = nameEnd == std::string::npos ? nameEnd : line.find('|', nameEnd);
        const std::size_t cellsEnd = line.find_last_of('|');
        if (cellsStart == std::string::npos || cellsEnd <= cellsStart)
            continue;
        const std::string name = line.substr(3, nameEnd - 3);
        std::vector<std::string> cells;
        std::stringstream rest(line.substr(cellsStart + 1, cellsEnd - cellsStart - 1));
        std::string cell;
        while (std::getline(rest, cell, '|')) {
            cell.erase(0, cell.find_first_not_of(' '));
            cell.erase(cell.find_last_not_of(' ') + 1);
            cells.push_back(cell);
        }
        rows[name] = cells;
    }
    for (const review::Permission& p : review::permissions()) {
        CAPTURE(p.name);
        auto found = rows.find(std::string(p.name));
        REQUIRE(found != rows.end());
        REQUIRE(found->second.size() == review::allRoles().size());
        for (std::size_t i = 0; i < review::allRoles().size(); ++i)
            CHECK((found->second[i] == "yes") == ((p.roles & static_cast<review::Roles>(review::allRoles()[i])) != 0));
    }
    CHECK(rows.size() == review::permissions().size());
}
