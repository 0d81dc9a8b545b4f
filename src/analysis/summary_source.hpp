#pragma once

#include <optional>
#include <string>

#include "analysis/summary.hpp"
#include "common/result.hpp"

namespace review {
class Workspace;
}

namespace analysis {

// Reads what summarise() needs from a database with read-only queries: live (not deleted)
// tags with their code's group, encounters with their form values and screenings.
// `screening` (UUID or name) keeps the encounters of that screening; `quarter`
// ("2024-Q2") those whose date falls in it. NotFound names an unknown screening; a
// malformed quarter is a Usage error.
struct SummaryScope {
    std::optional<std::string> screening;
    std::optional<std::string> quarter;
};

common::Result<SummaryData> loadSummaryData(review::Workspace& ws, const SummaryScope& scope);

} // namespace analysis
