#pragma once
// Published reliability data sets shared by the analysis tests: units as rows, raters as
// columns, "" for a missing rating. Each comes with its source.

#include <string>
#include <vector>

#include "analysis/ratings_matrix.hpp"

namespace reference {

inline analysis::RatingsMatrix matrix(const std::vector<std::vector<std::string>>& rows)
{
    std::vector<std::string> raters;
    for (std::size_t r = 0; r < rows.front().size(); ++r)
        raters.push_back("rater" + std::to_string(r + 1));
    return analysis::RatingsMatrix::fromLabels(raters, rows);
}

// Shrout & Fleiss (1979), "Intraclass correlations: uses in assessing rater reliability",
// Psychological Bulletin 86:420-428, Table 2: 6 targets rated by 4 judges (also psych's
// ?ICC example `sf`).
inline analysis::RatingsMatrix shroutFleiss()
{
    return matrix({{"9", "2", "5", "8"},
                   {"6", "1", "3", "2"},
                   {"8", "4", "6", "8"},
                   {"7", "1", "2", "6"},
                   {"10", "5", "6", "9"},
                   {"6", "2", "4", "7"}});
}

// The R package irr's data set `anxiety`: 20 subjects, 3 raters, anxiety ratings 1-6.
inline analysis::RatingsMatrix anxiety()
{
    return matrix({{"3", "3", "2"}, {"3", "6", "1"}, {"3", "4", "4"}, {"4", "6", "4"}, {"5", "2", "3"},
                   {"5", "4", "2"}, {"2", "2", "1"}, {"3", "4", "6"}, {"5", "3", "1"}, {"2", "3", "1"},
                   {"2", "2", "1"}, {"6", "3", "2"}, {"1", "3", "3"}, {"5", "3", "3"}, {"2", "2", "1"},
                   {"2", "2", "1"}, {"1", "1", "3"}, {"2", "3", "3"}, {"4", "3", "2"}, {"3", "4", "2"}});
}

// The R package irr's data set `video`: 20 videos rated by 4 raters for credibility (1-6).
inline analysis::RatingsMatrix video()
{
    return matrix({{"4", "4", "3", "4"}, {"4", "4", "4", "5"}, {"4", "4", "5", "5"}, {"4", "4", "4", "4"},
                   {"4", "3", "2", "4"}, {"4", "4", "3", "4"}, {"4", "3", "2", "5"}, {"4", "4", "3", "4"},
                   {"4", "3", "3", "4"}, {"4", "3", "3", "4"}, {"4", "4", "3", "4"}, {"4", "3", "3", "4"},
                   {"4", "4", "4", "4"}, {"4", "4", "4", "4"}, {"4", "4", "3", "4"}, {"4", "4", "4", "4"},
                   {"4", "4", "4", "4"}, {"4", "4", "4", "4"}, {"4", "4", "4", "4"}, {"4", "5", "5", "4"}});
}

// irrCAC's `cac.raw4raters` (Gwet 2014, Handbook of Inter-Rater Reliability, 4th ed., p. 120;
// the data of Krippendorff 2011): 12 units, 4 raters, categories 1-5, missing ratings.
inline analysis::RatingsMatrix raw4raters()
{
    return matrix({{"1", "1", "", "1"}, {"2", "2", "3", "2"}, {"3", "3", "3", "3"}, {"3", "3", "3", "3"},
                   {"2", "2", "2", "2"}, {"1", "2", "3", "4"}, {"4", "4", "4", "4"}, {"1", "1", "2", "1"},
                   {"2", "2", "2", "2"}, {"", "5", "5", "5"}, {"", "", "1", "1"}, {"", "", "3", ""}});
}

// irrCAC's `cac.raw5obser` (Gwet 2014, after p. 125): 15 units, 5 observers, scores 0-3.
inline analysis::RatingsMatrix raw5observers()
{
    return matrix({{"1", "1", "2", "", "2"}, {"1", "1", "0", "1", ""}, {"2", "3", "3", "3", ""},
                   {"", "0", "0", "", "0"},  {"0", "0", "0", "", "0"}, {"0", "0", "0", "", "0"},
                   {"1", "0", "2", "", "1"}, {"1", "", "2", "0", ""},  {"2", "2", "2", "", "2"},
                   {"2", "1", "1", "1", ""}, {"", "1", "0", "0", ""},  {"0", "0", "0", "0", ""},
                   {"1", "2", "2", "2", ""}, {"3", "3", "2", "2", "3"}, {"1", "1", "1", "", "1"}});
}

} // namespace reference
