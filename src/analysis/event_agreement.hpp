#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/agreement.hpp"
#include "common/result.hpp"

namespace analysis {

// Reliability of timed tags: several coders tag one encounter, each tag a code at a moment
// (point) or over an interval. Pure functions over plain vectors; any thread.
//
// Two ways to compare, both reported because tools differ (Bakeman & Quera 2011, ch. 5):
//  - Event based: tags of the same code are matched into events. Two point tags match when
//    their times are within the tolerance; an interval matches a tag it overlaps (a point
//    within the tolerance of an interval matches it). Each event holds at most one tag per
//    coder. Per code, every event of the encounter is a unit and a coder "says yes" when
//    they tagged that code in it (the code against the rest, as Fleiss' per-category
//    kappa); overall, the unit's value is the code or "(none)" for a coder who missed it.
//  - Time unit: the timeline is cut into units of an explicit length and a coder "says
//    yes" for a code in a unit that one of their tags of that code touches. Kappa on time
//    units depends on the unit length: report it with the unit so others can compare.

struct TimedTag {
    std::string coder;
    std::string code;
    std::int64_t startUs = 0;
    std::optional<std::int64_t> endUs; // empty: a point tag
};

struct EventOptions {
    double toleranceSeconds = 1.0; // matching window for point tags
    double timeUnitSeconds = 1.0;  // length of a time unit
};

// One matched event: a code and, per coder (in the order given), the index of their tag in
// the input vector or -1.
struct MatchedEvent {
    std::string code;
    std::int64_t startUs = 0;
    std::vector<int> tagOfCoder;
};

// The matching rule above for two tags, codes aside: intervals must overlap; otherwise the
// gap between the two spans must be within the tolerance (microseconds).
bool tagsMatch(const TimedTag& a, const TimedTag& b, std::int64_t toleranceUs);

// Matches the tags of each code into events; events sorted by code, then start.
std::vector<MatchedEvent> matchEvents(const std::vector<TimedTag>& tags, const std::vector<std::string>& coders,
                                      double toleranceSeconds);

struct CodeReliability {
    std::string code;              // "(overall)" for the summary
    std::size_t events = 0;        // events of this code found by at least one coder
    std::size_t eventsByAll = 0;   // events every coder tagged
    std::size_t tags = 0;          // tags of this code
    // Kappa is Cohen's for two coders and Fleiss' for more; alpha is nominal; AC1 (Gwet)
    // and Brennan-Prediger stay meaningful where one category dominates (most units "no").
    std::optional<Agreement> eventKappa;
    std::optional<Agreement> eventAlpha;
    std::optional<Agreement> eventAc1;
    std::optional<Agreement> eventBp;
    std::optional<Agreement> timeUnitKappa;
    std::optional<Agreement> timeUnitAlpha;
    std::optional<Agreement> timeUnitAc1;
    std::optional<Agreement> timeUnitBp;
    std::vector<std::string> notes; // why a coefficient is missing, in words
};

struct EncounterReliability {
    std::vector<std::string> coders;
    double toleranceSeconds = 0;
    double timeUnitSeconds = 0;
    std::size_t timeUnits = 0;
    std::vector<CodeReliability> codes; // sorted by code
    CodeReliability overall;            // events: codes as categories; time units: pooled
};

// Per-code and overall reliability of the coders' tags. Fails when fewer than two coders
// are named, a tag's coder is not among them, a time is negative or an end precedes its
// start, or the time unit would cut the timeline into more than 20 million units.
common::Result<EncounterReliability> encounterReliability(const std::vector<TimedTag>& tags,
                                                          const std::vector<std::string>& coders,
                                                          const EventOptions& options);

} // namespace analysis
