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

// The units that every rater rated, as numbers: what ICC, Finn, Kendall's W, Light's kappa
// and agreement within a tolerance need (missing ratings are left out listwise, as the
// R package irr does). Fails in words when the labels are not numbers (`method` names
// the coefficient) or fewer than two units are complete.
struct CompleteRatings {
    std::size_t units = 0;
    std::size_t raters = 0;
    std::size_t dropped = 0;                 // units with a missing rating
    std::vector<double> values;              // row-major units x raters, when numeric
    std::vector<int> categories;             // row-major category indices
    double at(std::size_t unit, std::size_t rater) const { return values[unit * raters + rater]; }
};
common::Result<CompleteRatings> completeRatings(const RatingsMatrix& m, const std::string& method, bool needNumbers);

// A weight matrix for Cohen's kappa read from CSV (see README, "Weights from a file"):
// the header's first cell says `agreement` (1 on the diagonal, 0 for total disagreement)
// or `disagreement` (0 on the diagonal); the rest of the header and the first cell of each
// row are category labels, in the same order; every other cell is a number.
struct WeightsTable {
    bool agreement = true;
    std::vector<std::string> labels;
    std::vector<std::vector<double>> weights; // weights[row][column]
};
common::Result<WeightsTable> parseWeightsCsv(std::string_view text, const std::string& sourceName);
common::Result<WeightsTable> readWeightsCsv(const std::filesystem::path& file);
// The table as disagreement weights between the matrix's categories (rows rater 1,
// columns rater 2). Labels match as text or, when both are numbers, by value; fails when
// a category of the ratings has no row or column in the table.
common::Result<std::vector<std::vector<double>>> disagreementWeights(const RatingsMatrix& m, const WeightsTable& table,
                                                                    const std::string& sourceName);

} // namespace analysis
