#include "exchange/eaf_document.hpp"

#include <unordered_map>

namespace exchange {

const char* eafConstraintName(EafConstraint c)
{
    switch (c) {
    case EafConstraint::None: return "";
    case EafConstraint::TimeSubdivision: return "Time_Subdivision";
    case EafConstraint::IncludedIn: return "Included_In";
    case EafConstraint::SymbolicSubdivision: return "Symbolic_Subdivision";
    case EafConstraint::SymbolicAssociation: return "Symbolic_Association";
    }
    return "";
}

std::size_t EafDocument::alignableCount() const
{
    std::size_t n = 0;
    for (const EafTier& t : tiers)
        for (const EafAnnotation& a : t.annotations)
            n += a.alignable ? 1 : 0;
    return n;
}

std::size_t EafDocument::referenceCount() const
{
    std::size_t n = 0;
    for (const EafTier& t : tiers)
        for (const EafAnnotation& a : t.annotations)
            n += a.alignable ? 0 : 1;
    return n;
}

const EafTier* EafDocument::tier(const std::string& id) const
{
    for (const EafTier& t : tiers)
        if (t.id == id)
            return &t;
    return nullptr;
}

const EafLinguisticType* EafDocument::linguisticType(const std::string& id) const
{
    for (const EafLinguisticType& t : linguisticTypes)
        if (t.id == id)
            return &t;
    return nullptr;
}

namespace {

struct AnnotationPos {
    std::size_t tier;
    std::size_t index;
};

// Resolves reference annotations to times, memoised; cycles end at zero times.
class RefResolver {
public:
    RefResolver(const EafDocument& doc, EafTimeline& out) : m_doc(doc), m_out(out)
    {
        for (std::size_t t = 0; t < doc.tiers.size(); ++t)
            for (std::size_t i = 0; i < doc.tiers[t].annotations.size(); ++i)
                m_pos.emplace(doc.tiers[t].annotations[i].id, AnnotationPos{t, i});
        // Siblings of symbolic subdivisions: per parent, the children in their
        // PREVIOUS_ANNOTATION order.
        for (std::size_t t = 0; t < doc.tiers.size(); ++t) {
            const EafTier& tier = doc.tiers[t];
            const EafLinguisticType* type = doc.linguisticType(tier.linguisticTypeRef);
            if (!type || type->constraint != EafConstraint::SymbolicSubdivision)
                continue;
            std::unordered_map<std::string, std::vector<std::size_t>> children;
            for (std::size_t i = 0; i < tier.annotations.size(); ++i)
                if (!tier.annotations[i].alignable)
                    children[tier.annotations[i].annotationRef].push_back(i);
            for (auto& [parent, list] : children) {
                // Order: the one without a previous first, then follow the links.
                std::unordered_map<std::string, std::size_t> next;
                std::size_t first = list.front();
                for (std::size_t i : list) {
                    const std::string& prev = tier.annotations[i].previousAnnotation;
                    if (prev.empty())
                        first = i;
                    else
                        next.emplace(prev, i);
                }
                std::vector<std::size_t> ordered{first};
                while (ordered.size() < list.size()) {
                    auto it = next.find(tier.annotations[ordered.back()].id);
                    if (it == next.end())
                        break;
                    ordered.push_back(it->second);
                }
                if (ordered.size() != list.size())
                    ordered = list; // broken chain: document order
                for (std::size_t k = 0; k < ordered.size(); ++k)
                    m_sibling.emplace(tier.annotations[ordered[k]].id, std::make_pair(k, ordered.size()));
            }
        }
        m_state.resize(doc.tiers.size());
        for (std::size_t t = 0; t < doc.tiers.size(); ++t)
            m_state[t].assign(doc.tiers[t].annotations.size(), 0);
    }

    EafResolvedTime resolve(std::size_t t, std::size_t i)
    {
        EafResolvedTime& slot = m_out.annotationTimes[t][i];
        if (m_state[t][i] == 2)
            return slot;
        if (m_state[t][i] == 1) // a cycle of references
            return {};
        const EafAnnotation& a = m_doc.tiers[t].annotations[i];
        if (a.alignable) { // its times come from its slots, resolved before
            m_state[t][i] = 2;
            return slot;
        }
        m_state[t][i] = 1;
        EafResolvedTime r;
        auto parent = m_pos.find(a.annotationRef);
        if (parent != m_pos.end()) {
            r = resolve(parent->second.tier, parent->second.index);
            auto sib = m_sibling.find(a.id);
            if (sib != m_sibling.end() && sib->second.second > 1) {
                auto [k, n] = sib->second;
                std::int64_t span = r.endMs - r.startMs;
                std::int64_t start = r.startMs + span * static_cast<std::int64_t>(k) / static_cast<std::int64_t>(n);
                std::int64_t end = r.startMs + span * static_cast<std::int64_t>(k + 1) / static_cast<std::int64_t>(n);
                r.startMs = start;
                r.endMs = end;
                r.interpolated = true;
            }
        }
        slot = r;
        m_state[t][i] = 2;
        return r;
    }

private:
    const EafDocument& m_doc;
    EafTimeline& m_out;
    std::unordered_map<std::string, AnnotationPos> m_pos;
    std::unordered_map<std::string, std::pair<std::size_t, std::size_t>> m_sibling; // index, count
    std::vector<std::vector<char>> m_state; // 0 new, 1 visiting, 2 done
};

} // namespace

EafTimeline resolveTimes(const EafDocument& doc)
{
    EafTimeline out;
    const std::size_t n = doc.timeSlots.size();
    std::unordered_map<std::string, std::size_t> slotIndex;
    std::vector<bool> known(n, false);
    out.slotMs.assign(n, 0);
    out.slotInterpolated.assign(n, false);
    for (std::size_t i = 0; i < n; ++i) {
        slotIndex.emplace(doc.timeSlots[i].id, i);
        if (doc.timeSlots[i].valueMs) {
            out.slotMs[i] = *doc.timeSlots[i].valueMs;
            known[i] = true;
        }
    }
    std::vector<bool> assigned = known;

    // 1. Along the chains of each tier (an annotation's end slot is the next one's start,
    //    as in time subdivisions): unaligned slots share the span between aligned ones
    //    evenly, as ELAN shows them.
    for (const EafTier& tier : doc.tiers) {
        std::vector<std::size_t> chain;
        auto flush = [&] {
            std::size_t lastKnown = chain.size();
            for (std::size_t p = 0; p < chain.size(); ++p) {
                if (!known[chain[p]])
                    continue;
                if (lastKnown != chain.size() && p - lastKnown > 1) {
                    std::int64_t from = out.slotMs[chain[lastKnown]], to = out.slotMs[chain[p]];
                    auto steps = static_cast<std::int64_t>(p - lastKnown);
                    for (std::size_t q = lastKnown + 1; q < p; ++q) {
                        std::size_t s = chain[q];
                        if (assigned[s])
                            continue;
                        out.slotMs[s] = from + (to - from) * static_cast<std::int64_t>(q - lastKnown) / steps;
                        assigned[s] = true;
                        out.slotInterpolated[s] = true;
                    }
                }
                lastKnown = p;
            }
            chain.clear();
        };
        for (const EafAnnotation& a : tier.annotations) {
            if (!a.alignable)
                continue;
            auto s1 = slotIndex.find(a.timeSlot1), s2 = slotIndex.find(a.timeSlot2);
            if (s1 == slotIndex.end() || s2 == slotIndex.end())
                continue;
            if (chain.empty() || chain.back() != s1->second) {
                flush();
                chain.push_back(s1->second);
            }
            chain.push_back(s2->second);
        }
        flush();
    }

    // 2. What is left: between the nearest aligned slots in the time order.
    std::size_t prev = n;
    for (std::size_t i = 0; i < n; ++i) {
        if (known[i]) {
            prev = i;
            continue;
        }
        if (assigned[i])
            continue;
        std::size_t next = i + 1;
        while (next < n && !known[next])
            ++next;
        std::int64_t from = prev < n ? out.slotMs[prev] : (next < n ? out.slotMs[next] : 0);
        std::int64_t to = next < n ? out.slotMs[next] : from;
        if (prev < n && next < n)
            out.slotMs[i] = from + (to - from) * static_cast<std::int64_t>(i - prev) /
                                       static_cast<std::int64_t>(next - prev);
        else
            out.slotMs[i] = prev < n ? from : to;
        out.slotInterpolated[i] = true;
        assigned[i] = true;
    }
    for (std::size_t i = 0; i < n; ++i)
        if (out.slotInterpolated[i])
            out.interpolatedSlots.push_back(doc.timeSlots[i].id);

    // 3. Annotations.
    out.annotationTimes.resize(doc.tiers.size());
    for (std::size_t t = 0; t < doc.tiers.size(); ++t) {
        out.annotationTimes[t].resize(doc.tiers[t].annotations.size());
        for (std::size_t i = 0; i < doc.tiers[t].annotations.size(); ++i) {
            const EafAnnotation& a = doc.tiers[t].annotations[i];
            if (!a.alignable)
                continue;
            EafResolvedTime& r = out.annotationTimes[t][i];
            auto s1 = slotIndex.find(a.timeSlot1), s2 = slotIndex.find(a.timeSlot2);
            if (s1 != slotIndex.end()) {
                r.startMs = out.slotMs[s1->second];
                r.interpolated = r.interpolated || out.slotInterpolated[s1->second];
            }
            if (s2 != slotIndex.end()) {
                r.endMs = out.slotMs[s2->second];
                r.interpolated = r.interpolated || out.slotInterpolated[s2->second];
            }
        }
    }
    RefResolver refs(doc, out);
    for (std::size_t t = 0; t < doc.tiers.size(); ++t)
        for (std::size_t i = 0; i < doc.tiers[t].annotations.size(); ++i)
            if (!doc.tiers[t].annotations[i].alignable)
                (void)refs.resolve(t, i);
    return out;
}

} // namespace exchange
