#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace review {

class Workspace;

// A panel's session (CODEBOOK.md "Panel feedback form", per screening).
struct NewScreening {
    std::string name;
    std::optional<std::string> date;      // YYYY-MM-DD
    std::string panel;
    std::string force;
    std::optional<std::string> venue;     // police_premises | streamed
    std::optional<std::string> selection; // random | chair_selected | sub_group | requested
    std::map<std::string, int> attendees; // role -> how many
    std::vector<std::string> encounterRefs; // in viewing order
};

struct Screening {
    int64_t id = 0;
    std::string uuid;
    std::string name;
    std::optional<std::string> date;
    std::string panel;
    std::string force;
    std::optional<std::string> venue;
    std::optional<std::string> selection;
    std::map<std::string, int> attendees;
    std::vector<std::string> encounterRefs; // viewing order
    int64_t createdUs = 0;
};

// Checks everything (date, venue, selection, that each encounter exists and appears
// once) before writing. Audit: screening.created.
common::Result<Screening> addScreening(Workspace& ws, const NewScreening& input);
common::Result<std::vector<Screening>> listScreenings(Workspace& ws);
// By UUID or name (the newest of that name).
common::Result<Screening> findScreening(Workspace& ws, const std::string& ref);

} // namespace review
