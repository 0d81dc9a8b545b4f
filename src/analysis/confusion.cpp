#include "analysis/confusion.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <tuple>

#include "analysis/agreement.hpp"
#include "analysis/disagreements.hpp"
#include "review/permissions.hpp"

namespace analysis {
namespace {

using common::ErrorCode;
using common::makeError;

std::int64_t endOf(const TimedTag& t) { return t.endUs ? *t.endUs : t.startUs; }

// The codebook's order of groups (CODEBOOK.md); others follow by name.
int groupRank(const std::string& group)
{
    static const std::vector<std::string> kOrder = {"ESC", "DEE", "SAF", "PAC", "UOF", "OUT"};
    auto found = std::find(kOrder.begin(), kOrder.end(), group);
    return found == kOrder.end() ? static_cast<int>(kOrder.size()) : static_cast<int>(found - kOrder.begin());
}

// A table over `codes` (+ "nothing") from (row code, column code) pairs, "" standing for
// nothing; pairs whose code is not in `codes` count as nothing.
ConfusionTable makeTable(std::string group, std::vector<std::string> codes,
                         const std::vector<std::pair<std::string, std::string>>& pairs)
{
    ConfusionTable t;
    t.group = std::move(group);
    t.codes = std::move(codes);
    const std::size_t nothing = t.codes.size();
    t.codes.emplace_back(kNothing);
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < nothing; ++i)
        index.emplace(t.codes[i], i);
    auto at = [&](const std::string& code) {
        auto found = index.find(code);
        return found == index.end() ? nothing : found->second;
    };
    t.counts.assign(t.codes.size(), std::vector<std::size_t>(t.codes.size(), 0));
    for (const auto& [a, b] : pairs) {
        std::size_t row = at(a), column = at(b);
        ++t.counts[row][column];
        ++t.pairs;
        t.agreed += row == column ? 1 : 0;
    }
    t.percentAgreement = t.pairs ? static_cast<double>(t.agreed) / static_cast<double>(t.pairs)
                                 : std::numeric_limits<double>::quiet_NaN();
    std::vector<std::vector<double>> table(t.codes.size(), std::vector<double>(t.codes.size(), 0.0));
    for (std::size_t i = 0; i < t.codes.size(); ++i)
        for (std::size_t j = 0; j < t.codes.size(); ++j)
            table[i][j] = static_cast<double>(t.counts[i][j]);
    if (t.pairs == 0) {
        t.kappaNote = "no pair of tags to compare";
    } else if (auto kappa = cohenKappaFromTable(table)) {
        t.kappa = kappa->value;
    } else {
        t.kappaNote = kappa.error().message;
    }
    return t;
}

} // namespace

std::string codeGroup(std::string_view code)
{
    return std::string(code.substr(0, code.find('.')));
}

common::Result<Confusion> confusionTable(const std::vector<TimedTag>& tags, const std::string& coderA,
                                         const std::string& coderB, double toleranceSeconds)
{
    if (coderA == coderB)
        return makeError(ErrorCode::InvalidInput, "a confusion table compares two different coders, not " + coderA + " with themselves");
    if (!(toleranceSeconds >= 0) || !std::isfinite(toleranceSeconds))
        return makeError(ErrorCode::InvalidInput, "the tolerance must be zero or more seconds");
    for (const TimedTag& t : tags) {
        if (t.coder != coderA && t.coder != coderB)
            return makeError(ErrorCode::InvalidInput, "a tag belongs to coder " + t.coder + ", who is not compared");
        if (t.startUs < 0)
            return makeError(ErrorCode::InvalidInput, "a tag of " + t.code + " starts before the encounter");
        if (t.endUs && *t.endUs < t.startUs)
            return makeError(ErrorCode::InvalidInput, "a tag of " + t.code + " ends before it starts");
    }
    Confusion out;
    out.coderA = coderA;
    out.coderB = coderB;
    out.toleranceSeconds = toleranceSeconds;
    const auto toleranceUs = static_cast<std::int64_t>(std::llround(toleranceSeconds * 1e6));
    auto tag = [&](int i) -> const TimedTag& { return tags[static_cast<std::size_t>(i)]; };

    // 1. Same code: the events of `stats irr` that both tagged.
    std::vector<int> leftA, leftB;
    for (const MatchedEvent& e : matchEvents(tags, {coderA, coderB}, toleranceSeconds)) {
        const int a = e.tagOfCoder[0], b = e.tagOfCoder[1];
        if (a >= 0 && b >= 0)
            out.pairs.push_back({ConfusionPair::Kind::SameCode, a, b});
        else if (a >= 0)
            leftA.push_back(a);
        else
            leftB.push_back(b);
    }
    out.sameCode = out.pairs.size();

    // 2. Across codes, closest first. B's left-overs by start, with the longest span, bound
    // the search for each of A's: a B tag can only match when it starts no earlier than
    // A's start minus that span and the tolerance, and no later than A's end plus it.
    auto byStart = [&](int x, int y) { return std::make_tuple(tag(x).startUs, x) < std::make_tuple(tag(y).startUs, y); };
    std::sort(leftA.begin(), leftA.end(), byStart);
    std::sort(leftB.begin(), leftB.end(), byStart);
    std::int64_t longestB = 0;
    for (int b : leftB)
        longestB = std::max(longestB, endOf(tag(b)) - tag(b).startUs);
    struct Candidate {
        std::int64_t distance, startA, startB;
        int a, b;
    };
    std::vector<Candidate> candidates;
    for (int a : leftA) {
        const TimedTag& ta = tag(a);
        const std::int64_t from = ta.startUs - longestB - toleranceUs;
        auto first = std::lower_bound(leftB.begin(), leftB.end(), from,
                                      [&](int b, std::int64_t value) { return tag(b).startUs < value; });
        for (auto it = first; it != leftB.end() && tag(*it).startUs <= endOf(ta) + toleranceUs; ++it) {
            const TimedTag& tb = tag(*it);
            if (tb.code != ta.code && tagsMatch(ta, tb, toleranceUs))
                candidates.push_back({std::llabs(ta.startUs - tb.startUs), ta.startUs, tb.startUs, a, *it});
        }
    }
    std::sort(candidates.begin(), candidates.end(), [](const Candidate& x, const Candidate& y) {
        return std::tie(x.distance, x.startA, x.startB, x.a, x.b) < std::tie(y.distance, y.startA, y.startB, y.a, y.b);
    });
    std::set<int> paired;
    std::vector<ConfusionPair> cross;
    for (const Candidate& c : candidates) {
        if (paired.count(c.a) || paired.count(c.b))
            continue;
        paired.insert(c.a);
        paired.insert(c.b);
        cross.push_back({ConfusionPair::Kind::CrossCode, c.a, c.b});
    }
    std::sort(cross.begin(), cross.end(), [&](const ConfusionPair& x, const ConfusionPair& y) {
        return std::make_tuple(tag(x.tagA).startUs, x.tagA) < std::make_tuple(tag(y.tagA).startUs, y.tagA);
    });
    out.crossCode = cross.size();
    out.pairs.insert(out.pairs.end(), cross.begin(), cross.end());

    // 3. The rest with nothing, by time.
    std::vector<ConfusionPair> alone;
    for (int a : leftA)
        if (!paired.count(a))
            alone.push_back({ConfusionPair::Kind::Alone, a, -1});
    for (int b : leftB)
        if (!paired.count(b))
            alone.push_back({ConfusionPair::Kind::Alone, -1, b});
    std::stable_sort(alone.begin(), alone.end(), [&](const ConfusionPair& x, const ConfusionPair& y) {
        return tag(x.tagA >= 0 ? x.tagA : x.tagB).startUs < tag(y.tagA >= 0 ? y.tagA : y.tagB).startUs;
    });
    out.alone = alone.size();
    out.pairs.insert(out.pairs.end(), alone.begin(), alone.end());

    // Tables.
    std::vector<std::pair<std::string, std::string>> codePairs;
    std::set<std::string> used;
    for (const ConfusionPair& p : out.pairs) {
        std::string a = p.tagA >= 0 ? tag(p.tagA).code : std::string(), b = p.tagB >= 0 ? tag(p.tagB).code : std::string();
        if (!a.empty())
            used.insert(a);
        if (!b.empty())
            used.insert(b);
        codePairs.emplace_back(std::move(a), std::move(b));
    }
    // A code named "nothing" would be read as no code: keep it apart.
    used.erase(std::string(kNothing));
    out.overall = makeTable("", std::vector<std::string>(used.begin(), used.end()), codePairs);

    std::map<std::string, std::vector<std::string>> groupCodes;
    for (const std::string& code : used)
        groupCodes[codeGroup(code)].push_back(code);
    std::vector<std::string> groups;
    for (const auto& entry : groupCodes)
        groups.push_back(entry.first);
    std::stable_sort(groups.begin(), groups.end(),
                     [](const std::string& x, const std::string& y) { return groupRank(x) < groupRank(y); });
    for (const std::string& group : groups) {
        std::vector<std::pair<std::string, std::string>> inGroup;
        for (const auto& [a, b] : codePairs) {
            const bool aIn = !a.empty() && codeGroup(a) == group, bIn = !b.empty() && codeGroup(b) == group;
            if (aIn || bIn)
                inGroup.emplace_back(aIn ? a : std::string(), bIn ? b : std::string());
        }
        out.groups.push_back(makeTable(group, groupCodes[group], inGroup));
    }
    return out;
}

common::Result<Confusion> encounterConfusion(review::Workspace& ws, const std::string& encounterRef,
                                             const std::vector<std::string>& coders, double toleranceSeconds)
{
    const std::string what = "encounter " + encounterRef;
    if (!(toleranceSeconds >= 0) || !std::isfinite(toleranceSeconds))
        return makeError(ErrorCode::Usage, "the tolerance must be zero or more seconds", what);
    if (coders.size() != 2 || coders[0] == coders[1])
        return makeError(ErrorCode::Usage, "a confusion table needs exactly two different coders (--coders A,B)", what);
    auto tags = coderTags(ws, encounterRef, coders, review::Action::MeasureAgreement, "measuring agreement", false);
    if (!tags)
        return tags.error();
    auto table = confusionTable(*tags, coders[0], coders[1], toleranceSeconds);
    if (!table)
        return makeError(table.error().code, table.error().message, what);
    return table;
}

} // namespace analysis
