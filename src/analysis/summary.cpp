#include "analysis/summary.hpp"

#include <algorithm>
#include <set>

namespace analysis {
namespace {

constexpr const char* kNotRecorded = "(not recorded)";

std::vector<std::string> split(const std::string& text)
{
    std::vector<std::string> out;
    std::size_t at = 0;
    while (at <= text.size()) {
        std::size_t comma = text.find(',', at);
        std::string part = text.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
        if (!part.empty())
            out.push_back(part);
        if (comma == std::string::npos)
            break;
        at = comma + 1;
    }
    return out;
}

} // namespace

const std::vector<std::string>& summaryByFields()
{
    static const std::vector<std::string> kFields = {
        "encounter", "screening", "quarter", "force", "bcu", "borough", "age_range", "gender",
        "officer_defined_ethnicity", "self_defined_ethnicity", "search_type", "legislation", "object_of_search",
        "grounds_flags", "outcome", "time_of_day"};
    return kFields;
}

std::string quarterOf(std::string_view date)
{
    if (date.size() != 10 || date[4] != '-' || date[7] != '-')
        return {};
    for (std::size_t i : {0, 1, 2, 3, 5, 6})
        if (date[i] < '0' || date[i] > '9')
            return {};
    int month = (date[5] - '0') * 10 + (date[6] - '0');
    if (month < 1 || month > 12)
        return {};
    return std::string(date.substr(0, 4)) + "-Q" + std::to_string((month - 1) / 3 + 1);
}

std::vector<std::string> valuesFor(const SummaryEncounter& e, const std::string& by)
{
    std::vector<std::string> values;
    if (by.empty()) {
        values.push_back("all");
    } else if (by == "encounter") {
        values.push_back(e.reference);
    } else if (by == "screening") {
        values = e.screenings;
    } else if (by == "quarter") {
        auto date = e.fields.find("date");
        std::string q = date == e.fields.end() ? std::string() : quarterOf(date->second);
        if (!q.empty())
            values.push_back(q);
    } else {
        auto found = e.fields.find(by);
        if (found != e.fields.end())
            values = by == "grounds_flags" ? split(found->second) : std::vector<std::string>{found->second};
    }
    if (values.empty())
        values.push_back(kNotRecorded);
    return values;
}

common::Result<Summary> summarise(const SummaryData& data, const SummaryOptions& options)
{
    if (!options.by.empty()) {
        const auto& allowed = summaryByFields();
        if (std::find(allowed.begin(), allowed.end(), options.by) == allowed.end()) {
            std::string list;
            for (const auto& f : allowed)
                list += (list.empty() ? "" : ", ") + f;
            return common::makeError(common::ErrorCode::Usage,
                                     "--by " + options.by + " is not an encounter fact we count by (use one of: " + list + ")");
        }
    }
    if (!(options.windowSeconds >= 0))
        return common::makeError(common::ErrorCode::Usage, "--window must be 0 seconds or more");
    Summary s;
    s.by = options.by;
    s.encounters = static_cast<std::int64_t>(data.encounters.size());
    s.tags = static_cast<std::int64_t>(data.tags.size());
    s.windowSeconds = options.windowSeconds;

    std::vector<std::vector<const SummaryTag*>> tagsOf(data.encounters.size());
    for (const SummaryTag& t : data.tags)
        if (t.encounter < data.encounters.size())
            tagsOf[t.encounter].push_back(&t);

    // Counts and rates per group value.
    std::map<std::string, std::vector<std::size_t>> members;
    for (std::size_t e = 0; e < data.encounters.size(); ++e) {
        auto values = valuesFor(data.encounters[e], options.by);
        std::sort(values.begin(), values.end());
        values.erase(std::unique(values.begin(), values.end()), values.end());
        for (const std::string& v : values)
            members[v].push_back(e);
    }
    if (members.empty() && options.by.empty())
        members["all"];
    std::map<std::string, std::string> groupOfCode;
    for (const SummaryTag& t : data.tags)
        groupOfCode[t.code] = t.group;
    for (const auto& [value, encounters] : members) {
        SummaryGroup g;
        g.value = value;
        g.encounters = static_cast<std::int64_t>(encounters.size());
        std::map<std::string, CodeRate> codes, groups;
        for (const auto& [code, group] : groupOfCode) {
            codes[code] = {code, group, 0, 0, g.encounters, 0, 0};
            groups[group] = {group, group, 0, 0, g.encounters, 0, 0};
        }
        for (std::size_t e : encounters) {
            std::set<std::string> seenCodes, seenGroups;
            for (const SummaryTag* t : tagsOf[e]) {
                ++g.tags;
                ++codes[t->code].tags;
                ++groups[t->group].tags;
                if (seenCodes.insert(t->code).second)
                    ++codes[t->code].encountersWith;
                if (seenGroups.insert(t->group).second)
                    ++groups[t->group].encountersWith;
            }
        }
        for (auto* table : {&codes, &groups})
            for (auto& [key, rate] : *table) {
                if (rate.encounters > 0) {
                    rate.share = static_cast<double>(rate.encountersWith) / static_cast<double>(rate.encounters);
                    rate.perEncounter = static_cast<double>(rate.tags) / static_cast<double>(rate.encounters);
                }
                (table == &codes ? g.codes : g.groups).push_back(rate);
            }
        s.groups.push_back(std::move(g));
    }

    // GOWISELY.
    for (char element : std::string("GOWISELY")) {
        GowiselyElement ge;
        ge.element = std::string(1, element);
        ge.code = "PAC." + ge.element;
        for (std::size_t e = 0; e < data.encounters.size(); ++e) {
            auto form = data.encounters[e].fields.find(ge.code);
            if (form != data.encounters[e].fields.end() && !form->second.empty()) {
                if (form->second == "yes")
                    ++ge.given;
                else if (form->second == "no")
                    ++ge.notGiven;
                else
                    ++ge.unclear;
                continue;
            }
            bool tagged = std::any_of(tagsOf[e].begin(), tagsOf[e].end(),
                                      [&](const SummaryTag* t) { return t->code == ge.code; });
            ++(tagged ? ge.given : ge.notGiven);
        }
        ge.encounters = ge.given + ge.notGiven;
        if (ge.encounters > 0)
            ge.rate = static_cast<double>(ge.given) / static_cast<double>(ge.encounters);
        s.gowisely.push_back(ge);
    }

    // Time to the first escalation.
    FirstEscalation& fe = s.firstEscalation;
    fe.encounters = s.encounters;
    std::vector<double> firsts;
    for (std::size_t e = 0; e < data.encounters.size(); ++e) {
        std::optional<std::int64_t> first;
        for (const SummaryTag* t : tagsOf[e])
            if (t->group == options.escalationGroup && (!first || t->startUs < *first))
                first = t->startUs;
        if (first) {
            double seconds = static_cast<double>(*first) / 1e6;
            firsts.push_back(seconds);
            fe.perEncounter.emplace_back(data.encounters[e].reference, seconds);
        }
    }
    fe.withEscalation = static_cast<std::int64_t>(firsts.size());
    if (!firsts.empty()) {
        std::sort(firsts.begin(), firsts.end());
        std::size_t n = firsts.size();
        fe.medianSeconds = n % 2 ? firsts[n / 2] : (firsts[n / 2 - 1] + firsts[n / 2]) / 2.0;
        double sum = 0;
        for (double v : firsts)
            sum += v;
        fe.meanSeconds = sum / static_cast<double>(n);
        fe.minSeconds = firsts.front();
        fe.maxSeconds = firsts.back();
    }

    // De-escalation codes that follow an escalation.
    const auto windowUs = static_cast<std::int64_t>(options.windowSeconds * 1e6 + 0.5);
    std::map<std::string, FollowUp> follow;
    std::map<std::string, std::set<std::size_t>> followEncounters;
    for (std::size_t e = 0; e < data.encounters.size(); ++e)
        for (const SummaryTag* esc : tagsOf[e]) {
            if (esc->group != options.escalationGroup)
                continue;
            ++s.escalations;
            const std::int64_t until = esc->endUs.value_or(esc->startUs) + windowUs;
            std::set<std::string> codes;
            for (const SummaryTag* dee : tagsOf[e])
                if (dee->group == options.deescalationGroup && dee->coder == esc->coder && dee->startUs >= esc->startUs &&
                    dee->startUs <= until)
                    codes.insert(dee->code);
            if (!codes.empty())
                ++s.escalationsFollowedByAny;
            for (const std::string& c : codes) {
                follow[c].code = c;
                ++follow[c].escalationsFollowed;
                followEncounters[c].insert(e);
            }
        }
    for (auto& [code, f] : follow) {
        f.escalations = s.escalations;
        f.share = static_cast<double>(f.escalationsFollowed) / static_cast<double>(s.escalations);
        f.encountersWith = static_cast<std::int64_t>(followEncounters[code].size());
        s.followUps.push_back(f);
    }
    return s;
}

} // namespace analysis
