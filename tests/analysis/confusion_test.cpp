// The confusion table of two coders (issue 12): pairing, tables, groups, kappa.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "analysis/confusion.hpp"

using namespace analysis;

namespace {

constexpr std::int64_t kSecond = 1'000'000;

TimedTag point(const std::string& coder, const std::string& code, double seconds)
{
    return {coder, code, static_cast<std::int64_t>(std::llround(seconds * kSecond)), std::nullopt};
}

TimedTag span(const std::string& coder, const std::string& code, double from, double to)
{
    return {coder, code, static_cast<std::int64_t>(std::llround(from * kSecond)),
            static_cast<std::int64_t>(std::llround(to * kSecond))};
}

std::size_t cell(const ConfusionTable& t, const std::string& row, const std::string& column)
{
    std::size_t r = t.codes.size(), c = t.codes.size();
    for (std::size_t i = 0; i < t.codes.size(); ++i) {
        if (t.codes[i] == row)
            r = i;
        if (t.codes[i] == column)
            c = i;
    }
    REQUIRE(r < t.codes.size());
    REQUIRE(c < t.codes.size());
    return t.counts[r][c];
}

} // namespace

TEST_CASE("confusion: same-code matches, cross-code pairs closest first, the rest with nothing")
{
    // Coders A (rows) and B (columns), tolerance 1 s. By hand:
    //   ESC.03 @10 (A)  and ESC.04 @10.2 (B): different codes, 0.2 s apart   -> (ESC.03, ESC.04)
    //   DEE.05 @20 (A)  and DEE.05 @20.5 (B): the same code within 1 s       -> (DEE.05, DEE.05)
    //   ESC.01 [30,35] (A) and ESC.01 @33 (B): a point inside an interval    -> (ESC.01, ESC.01)
    //   SAF.02 @40 (A): B tagged nothing near it                              -> (SAF.02, nothing)
    //   ESC.04 @50 (B): A tagged nothing near it                              -> (nothing, ESC.04)
    //   ESC.02 @60 (A) with ESC.07 @60.1 and ESC.05 @60.9 (B): closest first  -> (ESC.02, ESC.07),
    //                                                                            (nothing, ESC.05)
    //   ESC.06 @70 (A) and ESC.06 @75 (B): the same code but 5 s apart: not one event, and never
    //   paired across codes                                                   -> (ESC.06, nothing),
    //                                                                            (nothing, ESC.06)
    std::vector<TimedTag> tags = {point("A", "ESC.03", 10),   point("B", "ESC.04", 10.2), point("A", "DEE.05", 20),
                                  point("B", "DEE.05", 20.5), span("A", "ESC.01", 30, 35), point("B", "ESC.01", 33),
                                  point("A", "SAF.02", 40),   point("B", "ESC.04", 50),   point("A", "ESC.02", 60),
                                  point("B", "ESC.05", 60.9), point("B", "ESC.07", 60.1), point("A", "ESC.06", 70),
                                  point("B", "ESC.06", 75)};
    auto c = confusionTable(tags, "A", "B", 1.0);
    REQUIRE(c.ok());
    CHECK(c->sameCode == 2);
    CHECK(c->crossCode == 2);
    CHECK(c->alone == 5);
    CHECK(c->pairs.size() == 9);
    const ConfusionTable& all = c->overall;
    CHECK(all.codes == std::vector<std::string>{"DEE.05", "ESC.01", "ESC.02", "ESC.03", "ESC.04", "ESC.05", "ESC.06",
                                                 "ESC.07", "SAF.02", "nothing"});
    CHECK(cell(all, "ESC.03", "ESC.04") == 1);
    CHECK(cell(all, "DEE.05", "DEE.05") == 1);
    CHECK(cell(all, "ESC.01", "ESC.01") == 1);
    CHECK(cell(all, "SAF.02", "nothing") == 1);
    CHECK(cell(all, "nothing", "ESC.04") == 1);
    CHECK(cell(all, "ESC.02", "ESC.07") == 1);
    CHECK(cell(all, "ESC.02", "ESC.05") == 0);
    CHECK(cell(all, "nothing", "ESC.05") == 1);
    CHECK(cell(all, "ESC.06", "ESC.06") == 0);
    CHECK(cell(all, "ESC.06", "nothing") == 1);
    CHECK(cell(all, "nothing", "ESC.06") == 1);
    CHECK(cell(all, "nothing", "nothing") == 0);
    CHECK(all.pairs == 9);
    CHECK(all.agreed == 2);
    CHECK(all.percentAgreement == doctest::Approx(2.0 / 9.0));
    // Kappa by hand, n = 9. Row totals (A): DEE.05 1, ESC.01 1, ESC.02 1, ESC.03 1, ESC.06 1,
    // SAF.02 1, nothing 3. Column totals (B): DEE.05 1, ESC.01 1, ESC.04 2, ESC.05 1, ESC.06 1,
    // ESC.07 1, nothing 2. Chance: (1*1 + 1*1 + 1*1 [ESC.06] + 3*2 [nothing]) / 81 = 9/81.
    // Observed 2/9 = 18/81. Kappa = (18 - 9) / (81 - 9) = 9/72 = 0.125.
    REQUIRE(all.kappa.has_value());
    CHECK(*all.kappa == doctest::Approx(0.125));

    // Groups in the codebook's order; codes of other groups read as nothing.
    REQUIRE(c->groups.size() == 3);
    CHECK(c->groups[0].group == "ESC");
    CHECK(c->groups[1].group == "DEE");
    CHECK(c->groups[2].group == "SAF");
    const ConfusionTable& esc = c->groups[0];
    CHECK(esc.codes == std::vector<std::string>{"ESC.01", "ESC.02", "ESC.03", "ESC.04", "ESC.05", "ESC.06", "ESC.07",
                                                 "nothing"});
    // ESC pairs: (ESC.03,ESC.04) (ESC.01,ESC.01) (nothing,ESC.04) (ESC.02,ESC.07) (nothing,ESC.05)
    // (ESC.06,nothing) (nothing,ESC.06): 7, one agreed. Rows: ESC.01 1, ESC.02 1, ESC.03 1,
    // ESC.06 1, nothing 3; columns: ESC.01 1, ESC.04 2, ESC.05 1, ESC.06 1, ESC.07 1, nothing 1.
    // Chance (1 + 1 + 3*1) / 49 = 5/49; observed 7/49; kappa (7 - 5) / (49 - 5) = 2/44.
    CHECK(esc.pairs == 7);
    CHECK(esc.agreed == 1);
    REQUIRE(esc.kappa.has_value());
    CHECK(*esc.kappa == doctest::Approx(2.0 / 44.0));
    // DEE: one pair, both DEE.05: chance agreement is complete, so kappa is undefined.
    const ConfusionTable& dee = c->groups[1];
    CHECK(dee.codes == std::vector<std::string>{"DEE.05", "nothing"});
    CHECK(dee.pairs == 1);
    CHECK(dee.percentAgreement == doctest::Approx(1.0));
    CHECK_FALSE(dee.kappa.has_value());
    CHECK(dee.kappaNote.find("chance agreement is complete") != std::string::npos);
    // SAF: (SAF.02, nothing) only: no agreement, none by chance: kappa 0.
    const ConfusionTable& saf = c->groups[2];
    CHECK(cell(saf, "SAF.02", "nothing") == 1);
    REQUIRE(saf.kappa.has_value());
    CHECK(*saf.kappa == doctest::Approx(0.0));

    // The rows are A's: swapping the coders transposes the table.
    auto swapped = confusionTable(tags, "B", "A", 1.0);
    REQUIRE(swapped.ok());
    CHECK(cell(swapped->overall, "ESC.04", "ESC.03") == 1);
    CHECK(cell(swapped->overall, "nothing", "SAF.02") == 1);
    CHECK(*swapped->overall.kappa == doctest::Approx(0.125));
}

TEST_CASE("confusion: a cross-code candidate must meet the matching rule of stats irr")
{
    // 1.5 s apart with a tolerance of 1: no pair; with 2: one.
    std::vector<TimedTag> tags = {point("A", "ESC.03", 10), point("B", "ESC.04", 11.5)};
    auto narrow = confusionTable(tags, "A", "B", 1.0);
    REQUIRE(narrow.ok());
    CHECK(narrow->crossCode == 0);
    CHECK(narrow->alone == 2);
    auto wide = confusionTable(tags, "A", "B", 2.0);
    REQUIRE(wide.ok());
    CHECK(wide->crossCode == 1);
    // Two intervals pair across codes when they overlap, however far apart their starts.
    std::vector<TimedTag> spans = {span("A", "UOF.02", 0, 100), span("B", "UOF.03", 90, 120)};
    auto overlapping = confusionTable(spans, "A", "B", 0.0);
    REQUIRE(overlapping.ok());
    CHECK(cell(overlapping->overall, "UOF.02", "UOF.03") == 1);
}

TEST_CASE("confusion: kappa of the table is Cohen's, checked on Cohen (1968) Table 1")
{
    // Cohen, J. (1968). Weighted kappa. Psychological Bulletin 70:213-220, Table 1: 200
    // units in 3 categories, as proportions (rows rater 1, columns rater 2)
    //   .44 .07 .09 / .05 .20 .05 / .01 .03 .06, unweighted kappa .492 (as transcribed in
    // the R package psych, ?cohen.kappa: "cohen reports .492"). Here the proportions times
    // 100 become pairs of tags, one moment 10 s apart from the next, so the table built
    // from tags must be the published one and its kappa .492.
    const std::vector<std::vector<int>> published = {{44, 7, 9}, {5, 20, 5}, {1, 3, 6}};
    const std::vector<std::string> codes = {"DEE.01", "DEE.02", "DEE.03"};
    std::vector<TimedTag> tags;
    double at = 0;
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t j = 0; j < 3; ++j)
            for (int n = 0; n < published[i][j]; ++n, at += 10) {
                tags.push_back(point("first", codes[i], at));
                tags.push_back(point("second", codes[j], at + 0.3));
            }
    auto c = confusionTable(tags, "first", "second", 1.0);
    REQUIRE(c.ok());
    CHECK(c->alone == 0);
    CHECK(c->sameCode == 44 + 20 + 6);
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t j = 0; j < 3; ++j)
            CHECK(cell(c->overall, codes[i], codes[j]) == static_cast<std::size_t>(published[i][j]));
    CHECK(c->overall.percentAgreement == doctest::Approx(0.70));
    REQUIRE(c->overall.kappa.has_value());
    CHECK(std::round(*c->overall.kappa * 1000) / 1000 == doctest::Approx(0.492));
    REQUIRE(c->groups.size() == 1);
    CHECK(*c->groups[0].kappa == doctest::Approx(*c->overall.kappa)); // one group: the same table
}

TEST_CASE("confusion: hostile input")
{
    std::vector<TimedTag> tags = {point("A", "ESC.03", 10)};
    CHECK_FALSE(confusionTable(tags, "A", "A", 1.0).ok());
    CHECK_FALSE(confusionTable(tags, "A", "B", -1.0).ok());
    CHECK_FALSE(confusionTable(tags, "A", "B", std::nan("")).ok());
    CHECK_FALSE(confusionTable(tags, "A", "B", INFINITY).ok());
    CHECK_FALSE(confusionTable({point("C", "ESC.03", 10)}, "A", "B", 1.0).ok());
    CHECK_FALSE(confusionTable({point("A", "ESC.03", -1)}, "A", "B", 1.0).ok());
    CHECK_FALSE(confusionTable({span("A", "ESC.03", 5, 4)}, "A", "B", 1.0).ok());
    // Nothing tagged: an empty table, no kappa, and a note saying why.
    auto empty = confusionTable({}, "A", "B", 1.0);
    REQUIRE(empty.ok());
    CHECK(empty->overall.codes == std::vector<std::string>{"nothing"});
    CHECK(empty->overall.pairs == 0);
    CHECK(std::isnan(empty->overall.percentAgreement));
    CHECK_FALSE(empty->overall.kappa.has_value());
    CHECK_FALSE(empty->overall.kappaNote.empty());
    CHECK(empty->groups.empty());
    // One coder silent: every tag of the other pairs with nothing.
    auto silent = confusionTable(tags, "A", "B", 1.0);
    REQUIRE(silent.ok());
    CHECK(cell(silent->overall, "ESC.03", "nothing") == 1);
    CHECK(codeGroup("PAC.G") == "PAC");
    CHECK(codeGroup("plain") == "plain");
}
