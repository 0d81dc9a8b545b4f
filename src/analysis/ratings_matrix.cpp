#include "analysis/ratings_matrix.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>

#include "common/utf8.hpp"

namespace analysis {
namespace {

using common::ErrorCode;
using common::makeError;

std::string trim(std::string_view s)
{
    std::size_t begin = 0, end = s.size();
    while (begin < end && (s[begin] == ' ' || s[begin] == '\t'))
        ++begin;
    while (end > begin && (s[end - 1] == ' ' || s[end - 1] == '\t' || s[end - 1] == '\r'))
        --end;
    return std::string(s.substr(begin, end - begin));
}

bool parseNumber(const std::string& s, double& out)
{
    if (s.empty())
        return false;
    const char* first = s.data();
    if (*first == '+')
        ++first;
    auto [ptr, ec] = std::from_chars(first, s.data() + s.size(), out);
    return ec == std::errc() && ptr == s.data() + s.size();
}

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// One CSV record: fields and the line it started on.
struct Record {
    std::vector<std::string> fields;
    std::size_t line = 0;
};

// RFC 4180 records. Quoted fields may hold commas, doubled quotes and line breaks.
common::Result<std::vector<Record>> splitCsv(std::string_view text, const std::string& source)
{
    // Text is bytes until proven UTF-8: a label saved in Latin-1 by an old spreadsheet.
    if (auto bad = common::firstInvalidUtf8(text); bad != std::string_view::npos)
        return makeError(ErrorCode::InvalidInput,
                         common::notUtf8LineText(text, bad) + ": save the file as UTF-8 (CSV UTF-8 in a spreadsheet)",
                         source);
    std::vector<Record> records;
    std::size_t line = 1;
    std::size_t i = 0;
    if (text.substr(0, 3) == "\xEF\xBB\xBF") // UTF-8 byte order mark written by spreadsheets
        i = 3;
    while (i < text.size()) {
        Record record;
        record.line = line;
        bool endOfRecord = false;
        while (!endOfRecord) {
            std::string field;
            bool quoted = false;
            // Skip blanks before an opening quote.
            std::size_t j = i;
            while (j < text.size() && (text[j] == ' ' || text[j] == '\t'))
                ++j;
            if (j < text.size() && text[j] == '"') {
                quoted = true;
                i = j + 1;
                std::size_t quoteLine = line;
                for (;;) {
                    if (i >= text.size())
                        return makeError(ErrorCode::InvalidInput,
                                         "a quoted field opened here is never closed",
                                         source + ":" + std::to_string(quoteLine));
                    char c = text[i++];
                    if (c == '"') {
                        if (i < text.size() && text[i] == '"') {
                            field += '"';
                            ++i;
                        } else {
                            break;
                        }
                    } else {
                        if (c == '\n')
                            ++line;
                        field += c;
                    }
                }
                while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r'))
                    ++i;
                if (i < text.size() && text[i] != ',' && text[i] != '\n')
                    return makeError(ErrorCode::InvalidInput,
                                     "unexpected text after a closing quote",
                                     source + ":" + std::to_string(line));
            } else {
                std::size_t start = i;
                while (i < text.size() && text[i] != ',' && text[i] != '\n') {
                    if (text[i] == '"')
                        return makeError(ErrorCode::InvalidInput,
                                         "a quote inside an unquoted field (quote the whole field and double the quote)",
                                         source + ":" + std::to_string(line));
                    ++i;
                }
                field = trim(text.substr(start, i - start));
            }
            record.fields.push_back(quoted ? field : trim(field));
            if (i >= text.size()) {
                endOfRecord = true;
            } else if (text[i] == ',') {
                ++i;
                if (i >= text.size()) { // trailing comma at the very end: one more empty field
                    record.fields.emplace_back();
                    endOfRecord = true;
                }
            } else { // '\n'
                ++i;
                ++line;
                endOfRecord = true;
            }
        }
        bool blank = record.fields.size() == 1 && record.fields[0].empty();
        if (!blank)
            records.push_back(std::move(record));
    }
    return records;
}

} // namespace

RatingsMatrix RatingsMatrix::fromLabels(std::vector<std::string> raters,
                                        const std::vector<std::vector<std::string>>& cells,
                                        std::vector<std::string> unitIds)
{
    RatingsMatrix m;
    m.m_raters = std::move(raters);
    m.m_unitIds = std::move(unitIds);

    // Distinct labels, then their order: numeric when all are numbers.
    std::map<std::string, int> index;
    for (const auto& row : cells)
        for (const auto& label : row)
            if (!label.empty())
                index.emplace(label, 0);
    std::vector<std::string> labels;
    for (const auto& [label, unused] : index)
        labels.push_back(label);
    std::vector<double> values(labels.size(), 0.0);
    bool numeric = !labels.empty();
    for (std::size_t i = 0; i < labels.size() && numeric; ++i)
        numeric = parseNumber(labels[i], values[i]);
    std::vector<std::size_t> order(labels.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    if (numeric)
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
    for (std::size_t k = 0; k < order.size(); ++k) {
        m.m_categories.push_back(labels[order[k]]);
        m.m_values.push_back(numeric ? values[order[k]] : static_cast<double>(k));
        index[labels[order[k]]] = static_cast<int>(k);
    }
    // "1" and "1.0" are the same number: merge categories with equal values.
    if (numeric) {
        std::vector<int> remap(m.m_categories.size());
        std::vector<std::string> cats;
        std::vector<double> vals;
        for (std::size_t k = 0; k < m.m_categories.size(); ++k) {
            if (!vals.empty() && vals.back() == m.m_values[k]) {
                remap[k] = static_cast<int>(vals.size() - 1);
                continue;
            }
            cats.push_back(m.m_categories[k]);
            vals.push_back(m.m_values[k]);
            remap[k] = static_cast<int>(vals.size() - 1);
        }
        for (auto& [label, k] : index)
            k = remap[static_cast<std::size_t>(k)];
        m.m_categories = std::move(cats);
        m.m_values = std::move(vals);
    }
    m.m_numeric = numeric;

    m.m_cells.reserve(cells.size() * m.m_raters.size());
    for (const auto& row : cells)
        for (std::size_t r = 0; r < m.m_raters.size(); ++r) {
            const std::string* label = r < row.size() ? &row[r] : nullptr;
            m.m_cells.push_back(label && !label->empty() ? index[*label] : kMissing);
        }
    return m;
}

RatingsMatrix RatingsMatrix::fromIndices(std::vector<std::string> raters, std::vector<std::string> categories,
                                         std::vector<int> cells)
{
    RatingsMatrix m;
    m.m_raters = std::move(raters);
    m.m_categories = std::move(categories);
    m.m_numeric = !m.m_categories.empty();
    for (std::size_t k = 0; k < m.m_categories.size(); ++k) {
        double v = 0;
        if (m.m_numeric && !parseNumber(m.m_categories[k], v))
            m.m_numeric = false;
        m.m_values.push_back(v);
    }
    if (!m.m_numeric)
        for (std::size_t k = 0; k < m.m_values.size(); ++k)
            m.m_values[k] = static_cast<double>(k);
    m.m_cells = std::move(cells);
    return m;
}

RatingsMatrix RatingsMatrix::pickUnits(const std::vector<std::size_t>& units) const
{
    RatingsMatrix m;
    m.m_raters = m_raters;
    m.m_categories = m_categories;
    m.m_values = m_values;
    m.m_numeric = m_numeric;
    m.m_cells.reserve(units.size() * m_raters.size());
    for (std::size_t u : units) {
        auto row = m_cells.begin() + static_cast<std::ptrdiff_t>(u * m_raters.size());
        m.m_cells.insert(m.m_cells.end(), row, row + static_cast<std::ptrdiff_t>(m_raters.size()));
        if (u < m_unitIds.size())
            m.m_unitIds.push_back(m_unitIds[u]);
    }
    return m;
}

RatingsMatrix RatingsMatrix::pickRaters(const std::vector<std::size_t>& raters) const
{
    RatingsMatrix m;
    for (std::size_t r : raters)
        m.m_raters.push_back(m_raters[r]);
    m.m_unitIds = m_unitIds;
    m.m_categories = m_categories;
    m.m_values = m_values;
    m.m_numeric = m_numeric;
    for (std::size_t u = 0; u < unitCount(); ++u)
        for (std::size_t r : raters)
            m.m_cells.push_back(at(u, r));
    return m;
}

common::Result<RatingsMatrix> parseRatingsCsv(std::string_view text, const std::string& sourceName)
{
    auto split = splitCsv(text, sourceName);
    if (!split)
        return split.error();
    std::vector<Record>& records = split.value();
    if (records.empty())
        return makeError(ErrorCode::InvalidInput, "the file is empty; expected a header line naming the raters",
                         sourceName + ":1");
    const Record& header = records.front();
    std::size_t firstRater = 0;
    std::string first = lower(header.fields.front());
    if (first == "subject" || first == "unit" || first == "id")
        firstRater = 1;
    std::vector<std::string> raters(header.fields.begin() + static_cast<std::ptrdiff_t>(firstRater), header.fields.end());
    if (raters.size() < 2)
        return makeError(ErrorCode::InvalidInput,
                         "the header names " + std::to_string(raters.size()) +
                             " rater column(s); reliability needs at least two",
                         sourceName + ":" + std::to_string(header.line));
    for (std::size_t r = 0; r < raters.size(); ++r)
        if (raters[r].empty())
            raters[r] = "rater" + std::to_string(r + 1);
    if (records.size() < 2)
        return makeError(ErrorCode::InvalidInput, "no ratings after the header line",
                         sourceName + ":" + std::to_string(header.line));

    std::vector<std::vector<std::string>> cells;
    std::vector<std::string> unitIds;
    for (std::size_t i = 1; i < records.size(); ++i) {
        Record& rec = records[i];
        if (rec.fields.size() != header.fields.size())
            return makeError(ErrorCode::InvalidInput,
                             "this row has " + std::to_string(rec.fields.size()) + " fields but the header has " +
                                 std::to_string(header.fields.size()),
                             sourceName + ":" + std::to_string(rec.line));
        if (firstRater == 1)
            unitIds.push_back(rec.fields.front());
        else
            unitIds.push_back(std::to_string(i));
        cells.emplace_back(rec.fields.begin() + static_cast<std::ptrdiff_t>(firstRater), rec.fields.end());
    }
    RatingsMatrix m = RatingsMatrix::fromLabels(std::move(raters), cells, std::move(unitIds));
    if (m.categoryCount() == 0)
        return makeError(ErrorCode::InvalidInput, "every rating cell is empty",
                         sourceName + ":" + std::to_string(records[1].line));
    return m;
}

namespace {

common::Result<std::string> readText(const std::filesystem::path& file, const char* what)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return makeError(ErrorCode::NotFound, std::string("cannot open the ") + what, file.string());
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad())
        return makeError(ErrorCode::Io, std::string("reading the ") + what + " failed", file.string());
    return text.str();
}

} // namespace

common::Result<RatingsMatrix> readRatingsCsv(const std::filesystem::path& file)
{
    auto text = readText(file, "ratings file");
    if (!text)
        return text.error();
    return parseRatingsCsv(*text, file.string());
}

common::Result<CompleteRatings> completeRatings(const RatingsMatrix& m, const std::string& method, bool needNumbers)
{
    if (needNumbers && !m.numeric())
        return makeError(ErrorCode::InvalidInput,
                         "the ratings include text labels; " + method + " needs numbers");
    if (m.raterCount() < 2)
        return makeError(ErrorCode::InvalidInput, method + " needs at least two raters");
    CompleteRatings out;
    out.raters = m.raterCount();
    out.values.reserve(m.unitCount() * m.raterCount());
    out.categories.reserve(m.unitCount() * m.raterCount());
    for (std::size_t u = 0; u < m.unitCount(); ++u) {
        bool complete = true;
        for (std::size_t r = 0; r < m.raterCount() && complete; ++r)
            complete = m.at(u, r) != RatingsMatrix::kMissing;
        if (!complete) {
            ++out.dropped;
            continue;
        }
        for (std::size_t r = 0; r < m.raterCount(); ++r) {
            out.categories.push_back(m.at(u, r));
            out.values.push_back(m.categoryValue(m.at(u, r)));
        }
        ++out.units;
    }
    if (out.units < 2)
        return makeError(ErrorCode::InvalidInput,
                         method + " needs at least two units rated by every rater; " + std::to_string(out.units) +
                             " of " + std::to_string(m.unitCount()) + " are");
    return out;
}

common::Result<WeightsTable> parseWeightsCsv(std::string_view text, const std::string& sourceName)
{
    auto split = splitCsv(text, sourceName);
    if (!split)
        return split.error();
    std::vector<Record>& records = split.value();
    if (records.empty())
        return makeError(ErrorCode::InvalidInput, "the weights file is empty", sourceName + ":1");
    const Record& header = records.front();
    WeightsTable table;
    std::string kind = lower(header.fields.front());
    if (kind == "agreement")
        table.agreement = true;
    else if (kind == "disagreement")
        table.agreement = false;
    else
        return makeError(ErrorCode::InvalidInput,
                         "the first cell must say agreement or disagreement, to tell how to read the weights",
                         sourceName + ":" + std::to_string(header.line));
    table.labels.assign(header.fields.begin() + 1, header.fields.end());
    std::size_t k = table.labels.size();
    if (k < 2)
        return makeError(ErrorCode::InvalidInput, "the header names fewer than two categories",
                         sourceName + ":" + std::to_string(header.line));
    if (records.size() != k + 1)
        return makeError(ErrorCode::InvalidInput,
                         "the table must have one row per category (" + std::to_string(k) + "), it has " +
                             std::to_string(records.size() - 1),
                         sourceName + ":" + std::to_string(header.line));
    double diagonal = table.agreement ? 1.0 : 0.0;
    for (std::size_t i = 0; i < k; ++i) {
        const Record& rec = records[i + 1];
        std::string where = sourceName + ":" + std::to_string(rec.line);
        if (rec.fields.size() != k + 1)
            return makeError(ErrorCode::InvalidInput,
                             "this row has " + std::to_string(rec.fields.size()) + " fields but the header has " +
                                 std::to_string(k + 1),
                             where);
        if (rec.fields.front() != table.labels[i])
            return makeError(ErrorCode::InvalidInput,
                             "row " + std::to_string(i + 1) + " is for " + rec.fields.front() +
                                 " but column " + std::to_string(i + 1) + " is for " + table.labels[i] +
                                 "; list the categories in the same order",
                             where);
        std::vector<double> row(k);
        for (std::size_t j = 0; j < k; ++j) {
            if (!parseNumber(rec.fields[j + 1], row[j]) || !std::isfinite(row[j]))
                return makeError(ErrorCode::InvalidInput, "\"" + rec.fields[j + 1] + "\" is not a number", where);
            if (row[j] < 0)
                return makeError(ErrorCode::InvalidInput, "weights cannot be negative", where);
        }
        if (row[i] != diagonal)
            return makeError(ErrorCode::InvalidInput,
                             std::string(table.agreement ? "agreement" : "disagreement") +
                                 " weights must be " + (table.agreement ? "1" : "0") + " on the diagonal",
                             where);
        if (table.agreement && *std::max_element(row.begin(), row.end()) > 1.0)
            return makeError(ErrorCode::InvalidInput, "agreement weights must lie between 0 and 1", where);
        table.weights.push_back(std::move(row));
    }
    return table;
}

common::Result<WeightsTable> readWeightsCsv(const std::filesystem::path& file)
{
    auto text = readText(file, "weights file");
    if (!text)
        return text.error();
    return parseWeightsCsv(*text, file.string());
}

common::Result<std::vector<std::vector<double>>> disagreementWeights(const RatingsMatrix& m, const WeightsTable& table,
                                                                    const std::string& sourceName)
{
    auto find = [&](std::size_t category) -> std::size_t {
        const std::string& label = m.categories()[category];
        for (std::size_t i = 0; i < table.labels.size(); ++i) {
            double a = 0, b = 0;
            if (table.labels[i] == label ||
                (m.numeric() && parseNumber(table.labels[i], b) && parseNumber(label, a) && a == b))
                return i;
        }
        return table.labels.size();
    };
    std::size_t k = m.categoryCount();
    std::vector<std::size_t> index(k);
    for (std::size_t c = 0; c < k; ++c) {
        index[c] = find(c);
        if (index[c] == table.labels.size())
            return makeError(ErrorCode::InvalidInput,
                             "the ratings use the category " + m.categories()[c] + ", which the weights file does not list",
                             sourceName);
    }
    // Kappa is the same whichever way the weights are scaled, so agreement weights w
    // become disagreement weights 1 - w.
    std::vector<std::vector<double>> out(k, std::vector<double>(k, 0.0));
    for (std::size_t i = 0; i < k; ++i)
        for (std::size_t j = 0; j < k; ++j) {
            double w = table.weights[index[i]][index[j]];
            out[i][j] = table.agreement ? 1.0 - w : w;
        }
    return out;
}

} // namespace analysis
