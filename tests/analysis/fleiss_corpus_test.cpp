// Fleiss (1971) on the real data, from ../shared/corpus (label corpus).
#include <doctest/doctest.h>

#include <cmath>

#include "analysis/agreement.hpp"
#include "analysis/gwet.hpp"
#include "analysis/rank_agreement.hpp"
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

TEST_CASE("Fleiss 1971 diagnoses: Light's kappa 0.459 (irr), AC1, Brennan-Prediger and Conger (irrCAC)")
{
    test_support::requireCorpus();
    auto m = readRatingsCsv(test_support::corpusDir() / "irr" / "fleiss1971_diagnoses_codes.csv");
    REQUIRE(m.ok());
    // irr's ?kappam.light example, kappam.light(diagnoses): Kappa = 0.459 (3 decimals);
    // 0.459412144434595 from irr's formula (cran/irr R/kappam.light.R) in R 4.2.2.
    auto light = lightKappa(*m);
    REQUIRE(light.ok());
    CHECK(std::round(light->value * 1000) / 1000 == doctest::Approx(0.459));
    CHECK(light->value == doctest::Approx(0.459412144434595).epsilon(1e-9));
    // irrCAC's gwet.ac1.raw, bp.coeff.raw and conger.kappa.raw (kgwet/irrCAC,
    // R/agree.coeff3.raw.r) on the same 30 x 6 table, evaluated in R 4.2.2.
    auto ac1 = gwetAc(*m);
    auto bp = brennanPrediger(*m);
    auto conger = congerKappa(*m);
    REQUIRE(ac1.ok());
    REQUIRE(bp.ok());
    REQUIRE(conger.ok());
    CHECK(ac1->value == doctest::Approx(0.4478845158445642).epsilon(1e-9));
    CHECK(ac1->ciLow == doctest::Approx(0.3340426537327290).epsilon(1e-9));
    CHECK(ac1->ciHigh == doctest::Approx(0.5617263779563993).epsilon(1e-9));
    CHECK(bp->value == doctest::Approx(0.4444444444444444).epsilon(1e-9));
    CHECK(bp->ciLow == doctest::Approx(0.3317055865938501).epsilon(1e-9));
    CHECK(conger->value == doctest::Approx(0.4418085403293330).epsilon(1e-9));
    CHECK(conger->ciLow == doctest::Approx(0.3379223154968617).epsilon(1e-9));
    CHECK(conger->ciHigh == doctest::Approx(0.5456947651618043).epsilon(1e-9));
}
