// stats summary figures on a small hand-built data set; every expected figure is worked
// out by hand in the comments.
#include <doctest/doctest.h>

#include <string>

#include "analysis/summary.hpp"

using namespace analysis;

namespace {

// E1 Lambeth 2024-04-12 (Q2), grounds smell only, form PAC.G = yes
//    alice ESC.01 10-20 s, DEE.03 15-40 s, DEE.01 at 45 s; bob ESC.01 12-18 s, PAC.O at 5 s
// E2 Lambeth 2024-05-02 (Q2), grounds intelligence + behaviour, form PAC.G = no, PAC.O = unclear
//    alice ESC.05 at 30 s, DEE.01 at 70 s; bob DEE.05 at 40 s
// E3 Hackney 2024-07-20 (Q3), no PAC answers on the form
//    alice PAC.G at 3 s, PAC.O at 4 s
// E4 no borough, no date, no tags
// 4 encounters, 10 tags.
SummaryData data()
{
    SummaryData d;
    d.encounters = {
        {"E1", {{"borough", "Lambeth"}, {"date", "2024-04-12"}, {"grounds_flags", "smell_of_cannabis_only"}, {"PAC.G", "yes"}}, {"April"}},
        {"E2", {{"borough", "Lambeth"}, {"date", "2024-05-02"}, {"grounds_flags", "intelligence,behaviour"}, {"PAC.G", "no"}, {"PAC.O", "unclear"}}, {"April", "May"}},
        {"E3", {{"borough", "Hackney"}, {"date", "2024-07-20"}}, {}},
        {"E4", {}, {}},
    };
    auto s = [](double seconds) { return static_cast<std::int64_t>(seconds * 1e6); };
    d.tags = {
        {0, "alice", "ESC.01", "ESC", s(10), s(20)}, {0, "alice", "DEE.03", "DEE", s(15), s(40)},
        {0, "alice", "DEE.01", "DEE", s(45), std::nullopt}, {0, "bob", "ESC.01", "ESC", s(12), s(18)},
        {0, "bob", "PAC.O", "PAC", s(5), std::nullopt},
        {1, "alice", "ESC.05", "ESC", s(30), std::nullopt}, {1, "alice", "DEE.01", "DEE", s(70), std::nullopt},
        {1, "bob", "DEE.05", "DEE", s(40), std::nullopt},
        {2, "alice", "PAC.G", "PAC", s(3), std::nullopt}, {2, "alice", "PAC.O", "PAC", s(4), std::nullopt},
    };
    return d;
}

const CodeRate& rate(const std::vector<CodeRate>& rates, const std::string& code)
{
    for (const CodeRate& r : rates)
        if (r.code == code)
            return r;
    FAIL("no rate for " << code);
    return rates.front();
}

const SummaryGroup& group(const Summary& s, const std::string& value)
{
    for (const SummaryGroup& g : s.groups)
        if (g.value == value)
            return g;
    FAIL("no group " << value);
    return s.groups.front();
}

} // namespace

TEST_CASE("counts and rates per code and group, overall")
{
    auto s = summarise(data(), {});
    REQUIRE(s.ok());
    CHECK(s->encounters == 4);
    CHECK(s->tags == 10);
    REQUIRE(s->groups.size() == 1);
    const SummaryGroup& all = s->groups[0];
    CHECK(all.value == "all");
    CHECK(all.encounters == 4);
    CHECK(all.codes.size() == 7); // ESC.01 ESC.05 DEE.01 DEE.03 DEE.05 PAC.G PAC.O
    // ESC.01: 2 tags, both in E1: 1 of 4 encounters = 0.25; 2 tags / 4 = 0.5 per encounter.
    const CodeRate& esc01 = rate(all.codes, "ESC.01");
    CHECK(esc01.tags == 2);
    CHECK(esc01.encountersWith == 1);
    CHECK(esc01.encounters == 4);
    CHECK(esc01.share == doctest::Approx(0.25));
    CHECK(esc01.perEncounter == doctest::Approx(0.5));
    // DEE.01: E1 and E2: 2 of 4 = 0.5.
    CHECK(rate(all.codes, "DEE.01").share == doctest::Approx(0.5));
    // Groups. ESC: 3 tags (E1 x2, E2 x1) in 2 encounters: 0.5, 0.75 per encounter.
    // DEE: 4 tags (E1 DEE.03, DEE.01; E2 DEE.01, DEE.05) in 2: 0.5, 1.0.
    // PAC: 3 tags (E1 PAC.O; E3 PAC.G, PAC.O) in 2: 0.5, 0.75.
    CHECK(rate(all.groups, "ESC").tags == 3);
    CHECK(rate(all.groups, "ESC").share == doctest::Approx(0.5));
    CHECK(rate(all.groups, "ESC").perEncounter == doctest::Approx(0.75));
    CHECK(rate(all.groups, "DEE").perEncounter == doctest::Approx(1.0));
    CHECK(rate(all.groups, "PAC").encountersWith == 2);
}

TEST_CASE("by encounter facts, quarter and screening")
{
    // Borough: Lambeth E1, E2 (8 tags); Hackney E3 (2); (not recorded) E4 (0).
    auto s = summarise(data(), {"borough"});
    REQUIRE(s.ok());
    REQUIRE(s->groups.size() == 3);
    CHECK(group(*s, "Lambeth").encounters == 2);
    CHECK(group(*s, "Lambeth").tags == 8);
    // ESC in Lambeth: 3 tags in both encounters: share 1.0, 1.5 per encounter.
    CHECK(rate(group(*s, "Lambeth").groups, "ESC").share == doctest::Approx(1.0));
    CHECK(rate(group(*s, "Lambeth").groups, "ESC").perEncounter == doctest::Approx(1.5));
    CHECK(group(*s, "Hackney").tags == 2);
    CHECK(group(*s, "(not recorded)").encounters == 1);
    CHECK(group(*s, "(not recorded)").tags == 0);

    // Quarter: Q2 E1, E2; Q3 E3; E4 has no date.
    s = summarise(data(), {"quarter"});
    REQUIRE(s.ok());
    CHECK(group(*s, "2024-Q2").encounters == 2);
    CHECK(group(*s, "2024-Q3").encounters == 1);
    CHECK(group(*s, "(not recorded)").encounters == 1);

    // Grounds flags: an encounter counts under each flag. behaviour: E2 alone, 3 tags.
    s = summarise(data(), {"grounds_flags"});
    REQUIRE(s.ok());
    CHECK(group(*s, "behaviour").encounters == 1);
    CHECK(group(*s, "behaviour").tags == 3);
    CHECK(group(*s, "intelligence").tags == 3);
    CHECK(group(*s, "smell_of_cannabis_only").tags == 5);
    CHECK(group(*s, "(not recorded)").encounters == 2); // E3, E4

    // Screening: April shows E1 and E2, May E2.
    s = summarise(data(), {"screening"});
    REQUIRE(s.ok());
    CHECK(group(*s, "April").encounters == 2);
    CHECK(group(*s, "May").encounters == 1);
    CHECK(group(*s, "May").tags == 3);

    CHECK(!summarise(data(), {"favourite_colour"}).ok());
    CHECK(quarterOf("2024-12-31") == "2024-Q4");
    CHECK(quarterOf("2024-13-01").empty());
}

TEST_CASE("GOWISELY per element: the form decides, else a tag")
{
    auto s = summarise(data(), {});
    REQUIRE(s.ok());
    REQUIRE(s->gowisely.size() == 8);
    // G: E1 yes (form), E2 no (form), E3 tagged, E4 nothing: 2 given of 4.
    const GowiselyElement& g = s->gowisely[0];
    CHECK(g.code == "PAC.G");
    CHECK(g.given == 2);
    CHECK(g.notGiven == 2);
    CHECK(g.encounters == 4);
    CHECK(*g.rate == doctest::Approx(0.5));
    // O: E1 tagged by bob, E2 unclear (left out), E3 tagged, E4 nothing: 2 of 3.
    const GowiselyElement& o = s->gowisely[1];
    CHECK(o.given == 2);
    CHECK(o.notGiven == 1);
    CHECK(o.unclear == 1);
    CHECK(o.encounters == 3);
    CHECK(*o.rate == doctest::Approx(2.0 / 3.0));
    // W: nobody: 0 of 4.
    CHECK(s->gowisely[2].given == 0);
    CHECK(*s->gowisely[2].rate == doctest::Approx(0.0));
}

TEST_CASE("time to the first escalation and de-escalation follow-ups")
{
    auto s = summarise(data(), {});
    REQUIRE(s.ok());
    // E1: earliest ESC start 10 s (alice; bob 12 s); E2: 30 s. Median (10 + 30) / 2 = 20.
    const FirstEscalation& fe = s->firstEscalation;
    CHECK(fe.encounters == 4);
    CHECK(fe.withEscalation == 2);
    CHECK(*fe.medianSeconds == doctest::Approx(20.0));
    CHECK(*fe.meanSeconds == doctest::Approx(20.0));
    CHECK(*fe.minSeconds == doctest::Approx(10.0));
    CHECK(*fe.maxSeconds == doctest::Approx(30.0));

    // Window 30 s, same coder. Escalations: alice ESC.01 10-20 (until 50: DEE.03 at 15,
    // DEE.01 at 45 follow), bob ESC.01 12-18 (bob tagged no DEE in E1), alice ESC.05 at 30
    // (until 60: her DEE.01 at 70 is too late; bob's DEE.05 is another coder's).
    CHECK(s->escalations == 3);
    CHECK(s->escalationsFollowedByAny == 1);
    REQUIRE(s->followUps.size() == 2);
    CHECK(s->followUps[0].code == "DEE.01");
    CHECK(s->followUps[0].escalationsFollowed == 1);
    CHECK(s->followUps[0].share == doctest::Approx(1.0 / 3.0));
    CHECK(s->followUps[1].code == "DEE.03");

    // Window 40 s: ESC.05 at 30 now reaches 70, so DEE.01 follows two escalations in two
    // encounters.
    SummaryOptions wide;
    wide.windowSeconds = 40;
    s = summarise(data(), wide);
    REQUIRE(s.ok());
    CHECK(s->escalationsFollowedByAny == 2);
    CHECK(s->followUps[0].escalationsFollowed == 2);
    CHECK(s->followUps[0].encountersWith == 2);
}
