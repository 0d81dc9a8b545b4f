#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace analysis {

// Aggregation of tags over encounters (README "Summaries": stats summary). Pure functions
// over plain data; any thread. summary_source.hpp fills SummaryData from a database.
//
// Every rate comes with the number of encounters behind it:
//  - per code and per group: tags, encounters with at least one such tag, the share of
//    encounters with it (encountersWith / encounters) and tags per encounter, overall or
//    per value of an encounter fact (--by);
//  - GOWISELY: per element (PAC.G ... PAC.Y) an encounter counts as given when its form
//    says yes, or, where the form does not answer, when any coder tagged the element; as
//    not given when the form says no or, unanswered, nobody tagged it; unclear (form says
//    unclear) is left out of the rate: rate = given / (given + not given);
//  - time to the first escalation: per encounter, the earliest start of a tag of the
//    escalation group (any coder), in seconds of encounter time;
//  - follow-ups: for each escalation tag, the de-escalation codes the same coder tagged
//    starting at or after the escalation's start and at most `windowSeconds` after its
//    end (its start for a point).

struct SummaryEncounter {
    std::string reference;
    std::map<std::string, std::string> fields; // form values, canonical (review/encounter_form)
    std::vector<std::string> screenings;       // names of the screenings that showed it
};

struct SummaryTag {
    std::size_t encounter = 0; // index into SummaryData::encounters
    std::string coder;
    std::string code;
    std::string group;
    std::int64_t startUs = 0;
    std::optional<std::int64_t> endUs;
};

struct SummaryData {
    std::vector<SummaryEncounter> encounters;
    std::vector<SummaryTag> tags;
};

// What --by accepts: encounter, screening, quarter, and the encounter facts bcu, borough,
// age_range, officer_defined_ethnicity, self_defined_ethnicity, search_type, legislation,
// grounds_flags (an encounter counts under each of its flags), outcome, gender,
// time_of_day, object_of_search, force.
const std::vector<std::string>& summaryByFields();

// "2024-04-12" -> "2024-Q2"; "" when the text is not a date.
std::string quarterOf(std::string_view date);

// The values an encounter falls under for `by`; "(not recorded)" when it has none.
std::vector<std::string> valuesFor(const SummaryEncounter& e, const std::string& by);

struct SummaryOptions {
    std::string by;              // empty: one group, "all"
    double windowSeconds = 30.0; // follow-ups
    std::string escalationGroup = "ESC";
    std::string deescalationGroup = "DEE";
};

struct CodeRate {
    std::string code; // code id, or group id in SummaryGroup::groups
    std::string group;
    std::int64_t tags = 0;
    std::int64_t encountersWith = 0;
    std::int64_t encounters = 0; // behind the rate
    double share = 0;            // encountersWith / encounters
    double perEncounter = 0;     // tags / encounters
};

struct SummaryGroup {
    std::string value; // "all" without --by
    std::int64_t encounters = 0;
    std::int64_t tags = 0;
    std::vector<CodeRate> codes;  // codes with at least one tag in the scope, by code id
    std::vector<CodeRate> groups; // code groups, by group id
};

struct GowiselyElement {
    std::string element; // "G"
    std::string code;    // "PAC.G"
    std::int64_t given = 0, notGiven = 0, unclear = 0;
    std::int64_t encounters = 0; // behind the rate: given + not given
    std::optional<double> rate;  // empty when no encounter counts
};

struct FirstEscalation {
    std::int64_t encounters = 0;     // in the scope
    std::int64_t withEscalation = 0; // behind the figures below
    std::optional<double> medianSeconds, meanSeconds, minSeconds, maxSeconds;
    std::vector<std::pair<std::string, double>> perEncounter; // reference, seconds
};

struct FollowUp {
    std::string code;
    std::int64_t escalationsFollowed = 0; // escalation tags followed by this code
    std::int64_t escalations = 0;         // behind the share
    double share = 0;
    std::int64_t encountersWith = 0; // encounters where it followed at least once
};

struct Summary {
    std::string by;
    std::int64_t encounters = 0;
    std::int64_t tags = 0;
    std::vector<SummaryGroup> groups;
    std::vector<GowiselyElement> gowisely;
    FirstEscalation firstEscalation;
    double windowSeconds = 0;
    std::int64_t escalations = 0;
    std::int64_t escalationsFollowedByAny = 0;
    std::vector<FollowUp> followUps; // by code id
};

// Fails (Usage) when `by` is not one of summaryByFields().
common::Result<Summary> summarise(const SummaryData& data, const SummaryOptions& options);

} // namespace analysis
