#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/result.hpp"

namespace review {

class Change;
class Workspace;

// A camera's footage filmed at an encounter: encounter time = offsetUs + media time.
struct EncounterFootage {
    std::string linkUuid;
    int64_t footageId = 0;
    std::string footageUuid;
    std::string path;
    std::string sha256;
    int64_t offsetUs = 0;
    std::string label; // "Officer A"
};

struct Encounter {
    int64_t id = 0;
    std::string uuid;
    std::string reference; // the force's reference
    std::map<std::string, std::string> fields; // the form, canonical values
    std::vector<EncounterFootage> footage;
    int64_t createdUs = 0;
    int64_t changedUs = 0;
};

using FieldValues = std::vector<std::pair<std::string, std::string>>;

// Creates the encounter when `reference` is new, then applies the form values (an empty
// value clears a field). Values are checked against the form (encounter_form.hpp) before
// anything is written. Audit: encounter.created, form.changed.
common::Result<Encounter> addEncounter(Workspace& ws, const std::string& reference, const FieldValues& values = {});

// Changes form values of an existing encounter.
common::Result<Encounter> setEncounterFields(Workspace& ws, const std::string& ref, const FieldValues& values);

// By reference or UUID; NotFound names it. Needs Action::ReadEncounter.
common::Result<Encounter> findEncounter(Workspace& ws, const std::string& ref);
// The same for showing to a person outside the window (encounter show): the reading is
// written to the audit log (encounter.read).
common::Result<Encounter> readEncounter(Workspace& ws, const std::string& ref);

common::Result<std::vector<Encounter>> listEncounters(Workspace& ws);

// The encounter's row id by reference or UUID (the cheap lookup other functions use).
common::Result<int64_t> encounterId(Workspace& ws, const std::string& ref);

// Inside a change (footage.cpp, screening.cpp): the encounter by reference or UUID, created
// (and sealed) when the reference is new.
struct EncounterKey {
    int64_t id = 0;
    std::string uuid;
    std::string reference;
    bool created = false;
};
common::Result<EncounterKey> ensureEncounter(Change& change, const std::string& reference);
// The key of an existing encounter, by reference or UUID; NotFound names it.
common::Result<EncounterKey> encounterKey(Workspace& ws, const std::string& ref);
// Writes checked form values (an empty value clears a field), sealed, into the change.
common::Status writeEncounterFields(Change& change, int64_t encounterId, const FieldValues& values);

} // namespace review
