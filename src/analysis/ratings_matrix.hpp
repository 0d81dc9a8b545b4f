#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace analysis {

// Ratings of several raters on a set of units: one row per unit, one column per rater,
// each cell a category or missing. Categories are kept once, in order: by value when every
// label is a number (then `categoryValues` holds the numbers), otherwise sorted as text.
// Plain data; any thread may read it.
class RatingsMatrix {
public:
    static constexpr int kMissing = -1;

    RatingsMatrix() = default;
    // Builds a matrix from labels; an empty label is a missing rating. `cells[u][r]`.
    static RatingsMatrix fromLabels(std::vector<std::string> raters,
                                    const std::vector<std::vector<std::string>>& cells,
                                    std::vector<std::string> unitIds = {});
    // Builds a matrix from category indices into `categories` (kMissing for none),
    // row-major: cells[u * raterCount + r]. For callers that already hold codes.
    static RatingsMatrix fromIndices(std::vector<std::string> raters, std::vector<std::string> categories,
                                     std::vector<int> cells);

    std::size_t unitCount() const { return m_raters.empty() ? 0 : m_cells.size() / m_raters.size(); }
    std::size_t raterCount() const { return m_raters.size(); }
    std::size_t categoryCount() const { return m_categories.size(); }

    // Category index of unit u by rater r, or kMissing.
    int at(std::size_t unit, std::size_t rater) const { return m_cells[unit * m_raters.size() + rater]; }

    const std::vector<std::string>& raters() const { return m_raters; }
    const std::vector<std::string>& unitIds() const { return m_unitIds; }
    const std::vector<std::string>& categories() const { return m_categories; }
    // True when every category label is a number; categoryValue() is then meaningful.
    bool numeric() const { return m_numeric; }
    double categoryValue(int category) const { return m_values[static_cast<std::size_t>(category)]; }

    // The same raters and categories, units picked by index (repeats allowed): bootstrap.
    RatingsMatrix pickUnits(const std::vector<std::size_t>& units) const;
    // Only the given raters (by index), in that order.
    RatingsMatrix pickRaters(const std::vector<std::size_t>& raters) const;

private:
    std::vector<std::string> m_raters;
    std::vector<std::string> m_unitIds;
    std::vector<std::string> m_categories;
    std::vector<double> m_values;
    bool m_numeric = false;
    std::vector<int> m_cells; // row-major, unitCount x raterCount
};

// Parses a ratings CSV (RFC 4180 quoting, comma separated, first line a header): one row
// per unit, one column per rater, an optional first column of unit ids detected by its
// header `subject`, `unit` or `id` (any case); an empty cell is a missing rating.
// `sourceName` names the file in errors, which carry "FILE:LINE" as context and the
// problem as message (ErrorCode::InvalidInput).
common::Result<RatingsMatrix> parseRatingsCsv(std::string_view text, const std::string& sourceName);
common::Result<RatingsMatrix> readRatingsCsv(const std::filesystem::path& file);

} // namespace analysis
