#include "analysis/event_agreement.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

#include "analysis/gwet.hpp"

namespace analysis {
namespace {

using common::ErrorCode;
using common::makeError;

constexpr std::size_t kMaxTimeUnitCells = 20'000'000;

std::int64_t endOf(const TimedTag& t) { return t.endUs ? *t.endUs : t.startUs; }

std::int64_t distance(const TimedTag& a, const TimedTag& b)
{
    return std::llabs(a.startUs - b.startUs);
}

// Kappa for two coders is Cohen's, for more Fleiss'.
common::Result<Agreement> kappaFor(const RatingsMatrix& m)
{
    return m.raterCount() == 2 ? cohenKappa(m) : fleissKappa(m);
}

void attach(std::optional<Agreement>& slot, common::Result<Agreement> result, const char* what,
            std::vector<std::string>& notes)
{
    if (result)
        slot = std::move(result.value());
    else
        notes.push_back(std::string(what) + ": " + result.error().message);
}

} // namespace

bool tagsMatch(const TimedTag& a, const TimedTag& b, std::int64_t toleranceUs)
{
    if (a.endUs && b.endUs)
        return std::max(a.startUs, b.startUs) < std::min(*a.endUs, *b.endUs);
    std::int64_t gap = std::max(a.startUs, b.startUs) - std::min(endOf(a), endOf(b));
    return gap <= toleranceUs;
}

std::vector<MatchedEvent> matchEvents(const std::vector<TimedTag>& tags, const std::vector<std::string>& coders,
                                      double toleranceSeconds)
{
    auto toleranceUs = static_cast<std::int64_t>(std::llround(toleranceSeconds * 1e6));
    std::unordered_map<std::string, int> coderIndex;
    for (std::size_t i = 0; i < coders.size(); ++i)
        coderIndex.emplace(coders[i], static_cast<int>(i));

    // Tags of each code, by start.
    std::map<std::string, std::vector<int>> byCode;
    for (std::size_t i = 0; i < tags.size(); ++i)
        if (coderIndex.count(tags[i].coder))
            byCode[tags[i].code].push_back(static_cast<int>(i));

    std::vector<MatchedEvent> events;
    for (auto& [code, indices] : byCode) {
        std::stable_sort(indices.begin(), indices.end(),
                         [&](int a, int b) { return tags[static_cast<std::size_t>(a)].startUs < tags[static_cast<std::size_t>(b)].startUs; });
        // Events still open to new tags, as indices into `events`, and each one's anchor
        // (its first tag): a tag joins the nearest open event whose anchor it matches and
        // whose slot for its coder is free; otherwise it opens a new event.
        std::vector<std::size_t> open;
        std::vector<int> anchor;
        for (int ti : indices) {
            const TimedTag& tag = tags[static_cast<std::size_t>(ti)];
            int coder = coderIndex[tag.coder];
            // Close events that no later tag (starting at or after this one) can match.
            std::size_t kept = 0;
            for (std::size_t k = 0; k < open.size(); ++k) {
                const TimedTag& a = tags[static_cast<std::size_t>(anchor[k])];
                if (endOf(a) + toleranceUs >= tag.startUs || (a.endUs && *a.endUs > tag.startUs)) {
                    open[kept] = open[k];
                    anchor[kept] = anchor[k];
                    ++kept;
                }
            }
            open.resize(kept);
            anchor.resize(kept);
            std::size_t best = open.size();
            std::int64_t bestDistance = 0;
            for (std::size_t k = 0; k < open.size(); ++k) {
                MatchedEvent& e = events[open[k]];
                if (e.tagOfCoder[static_cast<std::size_t>(coder)] != -1)
                    continue;
                const TimedTag& a = tags[static_cast<std::size_t>(anchor[k])];
                if (!tagsMatch(a, tag, toleranceUs))
                    continue;
                std::int64_t d = distance(a, tag);
                if (best == open.size() || d < bestDistance) {
                    best = k;
                    bestDistance = d;
                }
            }
            if (best != open.size()) {
                events[open[best]].tagOfCoder[static_cast<std::size_t>(coder)] = ti;
                continue;
            }
            MatchedEvent e;
            e.code = code;
            e.startUs = tag.startUs;
            e.tagOfCoder.assign(coders.size(), -1);
            e.tagOfCoder[static_cast<std::size_t>(coder)] = ti;
            events.push_back(std::move(e));
            open.push_back(events.size() - 1);
            anchor.push_back(ti);
        }
    }
    return events;
}

common::Result<EncounterReliability> encounterReliability(const std::vector<TimedTag>& tags,
                                                          const std::vector<std::string>& coders,
                                                          const EventOptions& options)
{
    if (coders.size() < 2)
        return makeError(ErrorCode::InvalidInput, "reliability needs at least two coders");
    if (!(options.toleranceSeconds >= 0))
        return makeError(ErrorCode::InvalidInput, "the tolerance must be zero or more seconds");
    if (!(options.timeUnitSeconds > 0))
        return makeError(ErrorCode::InvalidInput, "the time unit must be longer than zero seconds");
    std::unordered_map<std::string, int> coderIndex;
    for (std::size_t i = 0; i < coders.size(); ++i)
        if (!coderIndex.emplace(coders[i], static_cast<int>(i)).second)
            return makeError(ErrorCode::InvalidInput, "coder " + coders[i] + " is named twice");
    std::int64_t lastUs = 0;
    for (const TimedTag& t : tags) {
        if (!coderIndex.count(t.coder))
            return makeError(ErrorCode::InvalidInput, "a tag belongs to coder " + t.coder + ", who is not compared");
        if (t.startUs < 0)
            return makeError(ErrorCode::InvalidInput, "a tag of " + t.code + " starts before the encounter");
        if (t.endUs && *t.endUs < t.startUs)
            return makeError(ErrorCode::InvalidInput, "a tag of " + t.code + " ends before it starts");
        lastUs = std::max(lastUs, endOf(t));
    }

    EncounterReliability out;
    out.coders = coders;
    out.toleranceSeconds = options.toleranceSeconds;
    out.timeUnitSeconds = options.timeUnitSeconds;

    const std::size_t nCoders = coders.size();
    std::vector<std::string> codes;
    std::map<std::string, std::size_t> codeIndex;
    for (const TimedTag& t : tags)
        codeIndex.emplace(t.code, 0);
    for (auto& [code, index] : codeIndex) {
        index = codes.size();
        codes.push_back(code);
    }
    std::vector<std::size_t> tagsPerCode(codes.size(), 0);
    for (const TimedTag& t : tags)
        ++tagsPerCode[codeIndex[t.code]];

    // Event based.
    std::vector<MatchedEvent> events = matchEvents(tags, coders, options.toleranceSeconds);
    std::vector<std::size_t> eventCode(events.size());
    for (std::size_t e = 0; e < events.size(); ++e)
        eventCode[e] = codeIndex[events[e].code];

    // Time units: per code and coder, which units a tag touches (difference arrays).
    const auto unitUs = static_cast<double>(options.timeUnitSeconds) * 1e6;
    std::size_t nUnits = static_cast<std::size_t>(std::floor(static_cast<double>(lastUs) / unitUs)) + 1;
    if (nUnits * codes.size() * nCoders > kMaxTimeUnitCells)
        return makeError(ErrorCode::InvalidInput,
                         "a time unit of " + std::to_string(options.timeUnitSeconds) +
                             " s cuts this encounter into too many units; choose a longer unit");
    out.timeUnits = nUnits;
    // covered[code][coder * nUnits + unit]
    std::vector<std::vector<int>> covered(codes.size(), std::vector<int>(nCoders * (nUnits + 1), 0));
    for (const TimedTag& t : tags) {
        std::size_t c = codeIndex[t.code];
        std::size_t coder = static_cast<std::size_t>(coderIndex[t.coder]);
        auto first = static_cast<std::size_t>(std::floor(static_cast<double>(t.startUs) / unitUs));
        std::size_t last = first;
        if (t.endUs && *t.endUs > t.startUs) // [start, end): the unit holding `end` only if end is inside it
            last = static_cast<std::size_t>(std::ceil(static_cast<double>(*t.endUs) / unitUs)) - 1;
        last = std::max(first, std::min(last, nUnits - 1));
        int* row = covered[c].data() + coder * (nUnits + 1);
        row[first] += 1;
        row[last + 1] -= 1;
    }
    for (auto& perCode : covered)
        for (std::size_t coder = 0; coder < nCoders; ++coder) {
            int* row = perCode.data() + coder * (nUnits + 1);
            int running = 0;
            for (std::size_t u = 0; u <= nUnits; ++u) {
                running += row[u];
                row[u] = running > 0 ? 1 : 0;
            }
        }

    const std::vector<std::string> binary = {"0", "1"};
    std::vector<int> pooledCells;
    pooledCells.reserve(codes.size() * nUnits * nCoders);
    for (std::size_t c = 0; c < codes.size(); ++c) {
        CodeReliability r;
        r.code = codes[c];
        r.tags = tagsPerCode[c];
        // Events: all events of the encounter are units; 1 where the coder tagged this code.
        std::vector<int> cells(events.size() * nCoders, 0);
        for (std::size_t e = 0; e < events.size(); ++e) {
            if (eventCode[e] != c)
                continue;
            ++r.events;
            bool all = true;
            for (std::size_t k = 0; k < nCoders; ++k) {
                bool tagged = events[e].tagOfCoder[k] != -1;
                cells[e * nCoders + k] = tagged ? 1 : 0;
                all = all && tagged;
            }
            r.eventsByAll += all ? 1 : 0;
        }
        RatingsMatrix eventMatrix = RatingsMatrix::fromIndices(coders, binary, std::move(cells));
        attach(r.eventKappa, kappaFor(eventMatrix), "event kappa", r.notes);
        attach(r.eventAlpha, krippendorffAlpha(eventMatrix, Level::Nominal), "event alpha", r.notes);
        attach(r.eventAc1, gwetAc(eventMatrix), "event AC1", r.notes);
        attach(r.eventBp, brennanPrediger(eventMatrix), "event Brennan-Prediger", r.notes);
        // Time units.
        std::vector<int> unitCells(nUnits * nCoders);
        for (std::size_t u = 0; u < nUnits; ++u)
            for (std::size_t k = 0; k < nCoders; ++k)
                unitCells[u * nCoders + k] = covered[c][k * (nUnits + 1) + u];
        pooledCells.insert(pooledCells.end(), unitCells.begin(), unitCells.end());
        RatingsMatrix unitMatrix = RatingsMatrix::fromIndices(coders, binary, std::move(unitCells));
        attach(r.timeUnitKappa, kappaFor(unitMatrix), "time-unit kappa", r.notes);
        attach(r.timeUnitAlpha, krippendorffAlpha(unitMatrix, Level::Nominal), "time-unit alpha", r.notes);
        attach(r.timeUnitAc1, gwetAc(unitMatrix), "time-unit AC1", r.notes);
        attach(r.timeUnitBp, brennanPrediger(unitMatrix), "time-unit Brennan-Prediger", r.notes);
        out.codes.push_back(std::move(r));
    }

    // Overall: events with the code as category ("(none)" for a coder who missed the event),
    // time units pooled over codes (every code x unit is one unit).
    CodeReliability& all = out.overall;
    all.code = "(overall)";
    all.tags = tags.size();
    all.events = events.size();
    std::vector<std::string> categories = codes;
    categories.push_back("(none)");
    const int none = static_cast<int>(codes.size());
    std::vector<int> cells(events.size() * nCoders);
    for (std::size_t e = 0; e < events.size(); ++e) {
        bool everyone = true;
        for (std::size_t k = 0; k < nCoders; ++k) {
            bool tagged = events[e].tagOfCoder[k] != -1;
            cells[e * nCoders + k] = tagged ? static_cast<int>(eventCode[e]) : none;
            everyone = everyone && tagged;
        }
        all.eventsByAll += everyone ? 1 : 0;
    }
    RatingsMatrix eventMatrix = RatingsMatrix::fromIndices(coders, categories, std::move(cells));
    attach(all.eventKappa, kappaFor(eventMatrix), "event kappa", all.notes);
    attach(all.eventAlpha, krippendorffAlpha(eventMatrix, Level::Nominal), "event alpha", all.notes);
    attach(all.eventAc1, gwetAc(eventMatrix), "event AC1", all.notes);
    attach(all.eventBp, brennanPrediger(eventMatrix), "event Brennan-Prediger", all.notes);
    RatingsMatrix pooled = RatingsMatrix::fromIndices(coders, binary, std::move(pooledCells));
    attach(all.timeUnitKappa, kappaFor(pooled), "time-unit kappa", all.notes);
    attach(all.timeUnitAlpha, krippendorffAlpha(pooled, Level::Nominal), "time-unit alpha", all.notes);
    attach(all.timeUnitAc1, gwetAc(pooled), "time-unit AC1", all.notes);
    attach(all.timeUnitBp, brennanPrediger(pooled), "time-unit Brennan-Prediger", all.notes);
    return out;
}

} // namespace analysis
