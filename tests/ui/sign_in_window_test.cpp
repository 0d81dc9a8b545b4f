// Signing in to the window (issue 9): the window opens on its sign-in screen when no
// passphrase is given, refuses a wrong one (and logs it), and "Hand over to the next
// member" signs out so the next person signs in to the same encounter.
#include <doctest/doctest.h>

#include <cstdlib>

#include <nlohmann/json.hpp>

#include "test_support.hpp"
#include "window_support.hpp"

namespace fs = std::filesystem;

namespace {

struct Scratch {
    fs::path dir;
    Scratch()
    {
        std::string pattern = (fs::temp_directory_path() / "bwv-sign-in-XXXXXX").string();
        REQUIRE(mkdtemp(pattern.data()) != nullptr);
        dir = pattern;
    }
    ~Scratch()
    {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
};

// The window without the test passphrase in its environment: it must ask.
window_support::Run runWithoutPassphrase(const std::string& name, const std::string& script,
                                         const std::vector<std::string>& before)
{
    const std::string saved = std::getenv("BWV_REVIEW_PASSPHRASE");
    unsetenv("BWV_REVIEW_PASSPHRASE");
    auto run = window_support::runScript(name, script, {}, before);
    setenv("BWV_REVIEW_PASSPHRASE", saved.c_str(), 1);
    return run;
}

} // namespace

TEST_CASE("the window opens on the sign-in screen; a wrong passphrase is refused; hand over to the next member")
{
    Scratch scratch;
    const fs::path db = scratch.dir / "screening.sqlite";
    test_support::makeTestDatabase(db, {"chair"}, "chair");
    test_support::makeTestDatabase(db, {"amara", "david"}, "member");
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"encounter", "add", "E1"},
          std::vector<std::string>{"footage", "add", window_support::fixture().string(), "--encounter", "E1"},
          std::vector<std::string>{"screening", "add", "S1", "--date", "2024-05-02", "--encounter", "E1"}}) {
        auto r = test_support::runAs(db, "chair", args);
        REQUIRE_MESSAGE(r.exitCode == 0, r.err);
    }
    // Names are listed by name: admin, amara, chair, david (rows 19 px apart at 1280x720).
    auto run = runWithoutPassphrase("sign-in",
                                    "0.3 screenshot " + (scratch.dir / "sign-in.png").string() + "\n"
                                    "0.4 click 400 181\n"     // amara
                                    "0.6 click 640 264\n"     // the passphrase field
                                    "0.8 text not her passphrase\n"
                                    "0.9 key Enter\n"
                                    "1.5 click 640 264\n"
                                    "1.6 text " + std::string(test_support::kTestPassphrase) + "\n"
                                    "1.7 key Enter\n"
                                    "3.0 key 2\n"             // ESC.02, as amara
                                    "3.5 click 1070 478\n"    // Hand over to the next member
                                    "4.0 screenshot " + (scratch.dir / "handed-over.png").string() + "\n"
                                    "4.2 click 400 219\n"     // david
                                    "4.4 click 640 264\n"
                                    "4.6 text " + std::string(test_support::kTestPassphrase) + "\n"
                                    "4.7 key Enter\n"
                                    "6.0 key 3\n"             // ESC.03, as david
                                    "6.5 quit\n",
                                    {"--db", db.string(), "--encounter", "E1"});
    REQUIRE_MESSAGE(run.exitCode == 0, run.err);
    CHECK(fs::file_size(scratch.dir / "sign-in.png") > 1000);
    CHECK(fs::file_size(scratch.dir / "handed-over.png") > 1000);

    auto tags = test_support::runAs(db, "chair", {"tag", "list", "--format", "json"});
    REQUIRE_MESSAGE(tags.exitCode == 0, tags.err);
    auto all = nlohmann::json::parse(tags.out);
    REQUIRE(all.size() == 2);
    CHECK(all[0]["coder"] == "amara");
    CHECK(all[0]["code"] == "ESC.02");
    CHECK(all[1]["coder"] == "david");
    CHECK(all[1]["code"] == "ESC.03");

    // The wrong passphrase is in the log, under the name that was tried.
    auto failed = test_support::runAs(db, "chair", {"audit", "list", "--action", "signin.failed", "--json"});
    REQUIRE_MESSAGE(failed.exitCode == 0, failed.err);
    auto entries = nlohmann::json::parse(failed.out);
    REQUIRE(entries.size() == 1);
    CHECK(entries[0]["person"] == "amara");
}
