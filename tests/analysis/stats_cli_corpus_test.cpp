// `stats irr` on the corpus's Fleiss (1971) data (labels corpus, integration).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

TEST_CASE("stats irr --method fleiss on Fleiss (1971): 0.430 and the per-category kappas")
{
    test_support::requireCorpus();
    auto file = test_support::corpusDir() / "irr" / "fleiss1971_diagnoses_codes.csv";
    auto r = test_support::runCommand(
        {test_support::executable().string(), "stats", "irr", "--matrix", file.string(), "--method", "fleiss", "--json"});
    CAPTURE(r.err);
    REQUIRE(r.exitCode == 0);
    auto j = nlohmann::json::parse(r.out);
    // Fleiss (1971), Psychological Bulletin 76:378-382; R irr kappam.fleiss: 0.4302445.
    CHECK(j["value"].get<double>() == doctest::Approx(0.4302445).epsilon(1e-7 / 0.43));
    CHECK(j["units"] == 30);
    CHECK(j["raters"].size() == 6);
    const double published[] = {0.245, 0.245, 0.520, 0.471, 0.566};
    REQUIRE(j["perCategory"].size() == 5);
    for (std::size_t c = 0; c < 5; ++c)
        CHECK(j["perCategory"][c]["kappa"].get<double>() == doctest::Approx(published[c]).epsilon(0.0005 / published[c]));

    auto text = test_support::runCommand(
        {test_support::executable().string(), "stats", "irr", "--matrix", file.string(), "--method", "fleiss"});
    REQUIRE(text.exitCode == 0);
    CHECK(text.out.rfind("Fleiss' kappa: 0.430\n", 0) == 0);
}
