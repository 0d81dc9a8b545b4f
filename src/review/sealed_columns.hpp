#pragma once

#include <span>
#include <string_view>

#include "common/result.hpp"

namespace review {

class Change;

// The columns that hold free text or anything identifying, stored sealed (keys.hpp) with
// their place ("annotation.comment") as associated data. Every reader and writer of these
// columns in `review` seals and opens with the same place; this table is what `init` seals
// in a database made before sealing, and what tests/review/sealing_test greps for.
struct SealedColumn {
    std::string_view table;
    std::string_view column;
    std::string_view place;  // table.column
    std::string_view key;    // the columns that find a row: "id", "encounter_id, field"
    std::string_view filter; // rows of the table to seal ("" for all)
};

std::span<const SealedColumn> sealedColumns();

// Seals every value of the sealed columns still stored in clear (inside `change`, which
// must hold the database key). Returns how many values were sealed.
common::Result<long long> sealPlainText(Change& change);

} // namespace review
