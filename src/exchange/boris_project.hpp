#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace exchange {

// A BORIS project (the JSON file BORIS saves as NAME.boris, project format 7.0) as plain
// data: what the import needs, read by parseBorisProject. Pure functions; any thread.
//
// BORIS keeps an observation's events as [time, subject, behaviour code, modifiers,
// comment] (BORIS 8 adds a frame index, ignored here). A state event has no START or STOP
// of its own: events of one subject, behaviour and modifier string toggle, the first
// starting the state and the next stopping it (BORIS's own check pairs them so), in time
// order. pairBorisEvents does that pairing.

struct BorisBehavior {
    std::string code;        // what BORIS shows and events name
    std::string description;
    std::string category;
    std::string key;
    bool state = false;      // "State event"; otherwise "Point event"
    std::vector<std::string> modifierSets; // names of the modifier sets, in order
};

struct BorisEvent {
    int64_t timeUs = 0;      // seconds in the file, exact to the microsecond
    std::string subject;     // "" is "No focal subject"
    std::string behavior;
    std::string modifier;    // "" or the sets' values joined by "|" ("None" where unset)
    std::string comment;
};

struct BorisObservation {
    std::string id;          // the observation's name, unique in the project
    std::string type;        // "MEDIA", "LIVE", "IMAGES"
    std::string date, description;
    int64_t timeOffsetUs = 0; // "time offset": added by BORIS to the media time of events
    std::map<int, std::vector<std::string>> files;  // player (1..8) -> media files, in play order
    std::map<int, int64_t> playerOffsetUs;           // media_info.offset: player n's delay behind player 1
    std::map<std::string, std::string> variables;    // independent variables with text values
    std::vector<BorisEvent> events;                  // as in the file
};

struct BorisProject {
    std::string name, date, description, formatVersion, timeFormat;
    std::vector<BorisBehavior> behaviors;  // by their index in behaviors_conf
    std::vector<std::string> subjects;     // names, by index in subjects_conf
    std::vector<BorisObservation> observations; // by id

    const BorisBehavior* behavior(std::string_view code) const;
    std::size_t eventCount() const;
};

// A project that is not sound BORIS JSON fails with ErrorCode::InvalidInput, the file as
// context and one sentence naming what is wrong ("observation \"x\", event 3: the time is
// not a number of seconds"). Text must be UTF-8; times finite and within BORIS's own
// limit (2^31 - 1 seconds either side of 0); every key a string where BORIS writes one.
common::Result<BorisProject> parseBorisProject(std::string_view text, const std::string& sourceName);
common::Result<BorisProject> readBorisProject(const std::filesystem::path& file);

// One coded occurrence: a point event, or a state paired from its START and STOP.
struct BorisOccurrence {
    std::string subject, behavior, modifier, comment; // comment: the START's and the STOP's, " / " between
    int64_t startUs = 0;
    std::optional<int64_t> endUs; // state events only
};

struct BorisUnpaired {
    std::string subject, behavior, modifier;
    int64_t timeUs = 0;
};

struct BorisPairing {
    std::vector<BorisOccurrence> occurrences; // by start time
    std::vector<BorisUnpaired> unpaired;      // STARTs with no STOP, by time
    std::vector<std::string> undefined;       // behaviours the ethogram does not define, distinct
};

// Events in time order (stable: equal times keep the file's order), state events of one
// subject, behaviour and modifier toggling START/STOP as BORIS does. Events of behaviours
// the ethogram does not define are left out and named in `undefined`.
BorisPairing pairBorisEvents(const BorisProject& project, const BorisObservation& observation);

// "12.5" for 12500000 us: the fewest decimals that keep every microsecond.
std::string borisSecondsText(int64_t us);

} // namespace exchange
