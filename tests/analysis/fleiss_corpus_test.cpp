// Fleiss (1971) on the real data, from ../shared/corpus (label corpus).
#include <doctest/doctest.h>

#include <cmath>

#include "analysis/agreement.hpp"
#include "analysis/ratings_matrix.hpp"
#include "test_support.hpp"

using namespace analysis;

TEST_CASE("Fleiss 1971 diagnoses: kappa 0.430 (0.4302445 in R irr), per category as published")
{
    test_support::requireCorpus();
    auto m = readRatingsCsv(test_support::corpusDir() / "irr" / "fleiss1971_diagnoses_codes.csv");
    REQUIRE(m.ok());
    CHECK(m->unitCount() == 30);
    CHECK(m->raterCount() == 6);
    auto kappa = fleissKappa(*m);
    REQUIRE(kappa.ok());
    // Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters.
    // Psychological Bulletin 76:378-382: kappa = .430; R package irr, kappam.fleiss(diagnoses)
    // prints 0.43 with value 0.4302445.
    CHECK(kappa->value == doctest::Approx(0.4302445).epsilon(1e-7 / 0.43));
    // Fleiss (1971), per-category kappas for categories 1..5 (kappam.fleiss(detail = TRUE)).
    const double published[] = {0.245, 0.245, 0.520, 0.471, 0.566};
    REQUIRE(kappa->perCategory.size() == 5);
    for (std::size_t c = 0; c < 5; ++c) {
        CAPTURE(c);
        CHECK(std::round(kappa->perCategory[c] * 1000) / 1000 == doctest::Approx(published[c]));
    }
}
