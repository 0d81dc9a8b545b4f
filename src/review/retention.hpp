#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace review {

class Workspace;

// How long a panel keeps what identifies people (issue 9, "Data at rest"): free text (tag
// comments, form text, feedback text, the chair's consolidation, closed police actions,
// camera labels) and footage paths are erased a number of days after the last screening
// of the panel that showed an encounter; tags, codes, times, ratings and choices are kept.
// Applied by an administrator (`retention apply`) and whenever someone signs in; each
// erased encounter is one audit entry (retention.erased) sealing every row it changed.
struct RetentionPolicy {
    std::string uuid;
    std::string panel;                 // as written on the screenings (screening.panel)
    std::optional<int> freeTextDays;   // empty: kept
    std::optional<int> pathsDays;      // empty: kept
    std::string changedBy;
    int64_t changedUs = 0;
};

// Every panel's policy (Action::SetRetention to change; any signed-in person may read).
common::Result<std::vector<RetentionPolicy>> retentionPolicies(Workspace& ws);
// Sets (or replaces) the panel's policy. Days must be 0..36500. Audit: retention.set.
common::Result<RetentionPolicy> setRetention(Workspace& ws, const std::string& panel, std::optional<int> freeTextDays,
                                             std::optional<int> pathsDays);

struct RetentionOutcome {
    int encounters = 0; // encounters whose free text or paths were erased now
    int values = 0;     // free-text values erased
    int paths = 0;      // footage paths erased
};

// Erases what the policies say is due on day `todayUs` (Unix microseconds; default: now).
// `byAdministrator`: Action::SetRetention is checked; otherwise it runs as the system on
// sign-in. Nothing due: nothing is written.
common::Result<RetentionOutcome> applyRetention(Workspace& ws, bool byAdministrator,
                                                std::optional<int64_t> todayUs = std::nullopt);

} // namespace review
