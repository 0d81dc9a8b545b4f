// BORIS's own test project (../shared/corpus/boris/test.boris, label corpus) read with
// exchange::readBorisProject. The expected figures are counted here from the JSON with
// nlohmann-json (events per observation; a state behaviour's events of one subject and
// modifier make n / 2 pairs, n % 2 left open) and from the corpus MANIFEST (133 events).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>

#include <nlohmann/json.hpp>

#include "exchange/boris_project.hpp"
#include "test_support.hpp"

TEST_CASE("BORIS test project: every observation and event, states paired as BORIS pairs them")
{
    test_support::requireCorpus();
    const auto file = test_support::corpusDir() / "boris" / "test.boris";
    auto project = exchange::readBorisProject(file);
    REQUIRE_MESSAGE(project.ok(), (project.ok() ? "" : project.error().describe()));
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    const auto j = nlohmann::json::parse(text.str());

    CHECK(project->formatVersion == "7.0");
    CHECK(project->eventCount() == 133); // MANIFEST.md
    CHECK(project->behaviors.size() == j["behaviors_conf"].size());
    CHECK(project->subjects.size() == j["subjects_conf"].size());
    REQUIRE(project->observations.size() == j["observations"].size());
    std::set<std::string> states;
    for (const auto& [k, b] : j["behaviors_conf"].items())
        if (b["type"] == "State event")
            states.insert(b["code"].get<std::string>());
    CHECK(states.size() == 3);
    for (const auto& b : project->behaviors)
        CHECK(b.state == (states.count(b.code) == 1));

    for (const exchange::BorisObservation& o : project->observations) {
        CAPTURE(o.id);
        const auto& want = j["observations"][o.id];
        REQUIRE(o.events.size() == want["events"].size());
        // Independent count: pairs and open states per subject, behaviour and modifier.
        std::map<std::tuple<std::string, std::string, std::string>, int> stateEvents;
        std::size_t points = 0;
        for (const auto& e : want["events"]) {
            if (states.count(e[2].get<std::string>()))
                ++stateEvents[{e[1], e[2], e[3]}];
            else
                ++points;
        }
        std::size_t pairs = 0, open = 0;
        for (const auto& [key, n] : stateEvents) {
            pairs += static_cast<std::size_t>(n / 2);
            open += static_cast<std::size_t>(n % 2);
        }
        const exchange::BorisPairing paired = exchange::pairBorisEvents(*project, o);
        CHECK(paired.occurrences.size() == points + pairs);
        CHECK(paired.unpaired.size() == open);
        CHECK(paired.undefined.empty());
        for (const auto& occurrence : paired.occurrences)
            if (occurrence.endUs)
                CHECK(*occurrence.endUs >= occurrence.startUs);
        // Times exact to the microsecond: the first event's seconds as written.
        if (!o.events.empty())
            CHECK(o.events[0].timeUs == std::llround(want["events"][0][0].get<double>() * 1e6));
        if (want.contains("media_info") && want["media_info"].contains("offset"))
            for (const auto& [player, seconds] : want["media_info"]["offset"].items())
                CHECK(o.playerOffsetUs.at(std::stoi(player)) == std::llround(seconds.get<double>() * 1e6));
    }
    // Facts stated by the MANIFEST: positive and negative offsets, a live observation, one
    // without events, one whose state events do not pair.
    std::map<std::string, const exchange::BorisObservation*> byId;
    for (const auto& o : project->observations)
        byId[o.id] = &o;
    REQUIRE(byId.count("offset positif"));
    CHECK(byId["offset positif"]->playerOffsetUs.at(2) == 20000000);
    CHECK(byId["offset neg"]->playerOffsetUs.at(2) == -20000000);
    CHECK(byId["offset neg"]->files.at(2).front() == "video_test_25fps_180s.mp4");
    CHECK(byId["live"]->type == "LIVE");
    CHECK(byId["observation without events"]->events.empty());
    CHECK(exchange::pairBorisEvents(*project, *byId["live not paired"]).unpaired.size() == 1);
}
