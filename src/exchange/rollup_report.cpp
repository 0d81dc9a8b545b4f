#include "exchange/rollup_report.hpp"

#include "review/audit_log.hpp"

#include <set>

#include "analysis/summary_source.hpp"
#include "exchange/pseudonymiser.hpp"
#include "review/chair.hpp"
#include "review/ids.hpp"
#include "review/screening.hpp"
#include "review/workspace.hpp"

namespace exchange {
namespace {

// "2024-Q2" -> first and last day; false when it is not a quarter.
bool quarterDays(const std::string& q, std::string& first, std::string& last)
{
    bool ok = q.size() == 7 && q[4] == '-' && q[5] == 'Q' && q[6] >= '1' && q[6] <= '4';
    for (std::size_t i = 0; ok && i < 4; ++i)
        ok = q[i] >= '0' && q[i] <= '9';
    if (!ok)
        return false;
    static const char* kFirst[] = {"01-01", "04-01", "07-01", "10-01"};
    static const char* kLast[] = {"03-31", "06-30", "09-30", "12-31"};
    int n = q[6] - '1';
    first = q.substr(0, 4) + "-" + kFirst[n];
    last = q.substr(0, 4) + "-" + kLast[n];
    return true;
}

} // namespace

common::Result<RollupReport> buildRollup(review::Workspace& ws, const std::string& quarter, const ReportOptions& options)
{
    RollupReport r;
    r.quarter = quarter;
    r.redacted = options.redact;
    auto head = review::auditHead(ws.db());
    if (!head)
        return head.error();
    r.auditHead = head->text();
    if (!quarterDays(quarter, r.firstDay, r.lastDay))
        return common::makeError(common::ErrorCode::Usage,
                                 "write the quarter as YYYY-Qn, for example 2024-Q2, not \"" + quarter + "\"");
    auto all = review::listScreenings(ws);
    if (!all)
        return all.error();
    std::vector<review::Screening> held;
    for (const review::Screening& s : *all)
        if (s.date && analysis::quarterOf(*s.date) == quarter)
            held.push_back(s);
    if (held.empty())
        return common::makeError(common::ErrorCode::NotFound,
                                 "no screenings were held in " + quarter + " (" + longDate(r.firstDay) + " to "
                                     + longDate(r.lastDay) + "), so there is nothing to roll up",
                                 "quarter " + quarter);
    auto names = Pseudonymiser::open(ws);
    if (!names)
        return names.error();
    auto labels = loadCodeLabels(ws);
    if (!labels)
        return labels.error();
    r.labels = std::move(*labels);

    analysis::SummaryData data;
    std::map<std::string, std::size_t> encounterIndex; // reference -> index in data
    std::map<std::string, int> raisedByMembers;         // SAF code -> viewings
    for (const review::Screening& s : held) {
        const std::string where = "screening " + s.uuid;
        RollupScreening row{checkedText(s.name, "screenings", where, "name", options.redact, r.notices), *s.date,
                            checkedText(s.panel, "screenings", where, "panel", options.redact, r.notices),
                            checkedText(s.force, "screenings", where, "force", options.redact, r.notices),
                            static_cast<int>(s.encounterRefs.size()), 0};
        std::set<std::string> members;
        for (const std::string& ref : s.encounterRefs) {
            auto merge = review::mergeFeedback(ws, s.uuid, ref);
            if (!merge)
                return merge.error();
            ++r.viewings;
            members.insert(merge->members.begin(), merge->members.end());
            bool rated = false;
            for (std::size_t i = 0; i < review::kRatings.size(); ++i) {
                r.memberRatings[i] += merge->ratings.counts[i];
                if (merge->consolidation && merge->consolidation->rating == review::kRatings[i]) {
                    ++r.byRating[i];
                    rated = true;
                }
            }
            r.notRated += !rated;
            const std::string where = "encounter " + ref + " in screening " + s.name;
            for (const auto& [theme, n] : merge->themes) {
                auto& counts = r.themes[checkedText(theme, "feedback", where, "themes", options.redact, r.notices)];
                ++counts[0];
                counts[1] += n;
            }
            for (const auto& [code, n] : merge->safeguarding)
                ++raisedByMembers[code];
        }
        row.members = static_cast<int>(members.size());
        r.screenings.push_back(std::move(row));

        // Tags: each encounter once, however many screenings of the quarter viewed it.
        auto part = analysis::loadSummaryData(ws, {s.uuid, std::nullopt});
        if (!part)
            return part.error();
        std::map<std::size_t, std::size_t> moved; // index in part -> index in data, for new encounters
        for (std::size_t i = 0; i < part->encounters.size(); ++i) {
            const std::string& ref = part->encounters[i].reference;
            if (encounterIndex.count(ref))
                continue;
            encounterIndex[ref] = data.encounters.size();
            moved[i] = data.encounters.size();
            data.encounters.push_back(part->encounters[i]);
        }
        for (analysis::SummaryTag tag : part->tags) {
            auto to = moved.find(tag.encounter);
            if (to == moved.end())
                continue;
            tag.encounter = to->second;
            data.tags.push_back(std::move(tag));
        }
    }
    r.distinctEncounters = static_cast<int>(data.encounters.size());
    for (const auto& [ref, index] : encounterIndex)
        r.references.push_back(ref);
    auto summary = analysis::summarise(data, {});
    if (!summary)
        return summary.error();
    r.summary = std::move(*summary);

    std::map<std::string, RollupSafeguarding> saf;
    for (const auto& [code, n] : raisedByMembers)
        saf[code].raisedByMembers = n;
    if (!r.summary.groups.empty())
        for (const analysis::CodeRate& c : r.summary.groups.front().codes)
            if (c.group == "SAF") {
                saf[c.code].encountersTagged = c.encountersWith;
                saf[c.code].tags = c.tags;
            }
    for (auto& [code, row] : saf) {
        row.code = code;
        auto label = r.labels.codes.find(code);
        row.label = label == r.labels.codes.end() ? std::string() : label->second;
        r.safeguarding.push_back(row);
    }

    auto actions = review::policeActionsOpenOn(ws, r.lastDay);
    if (!actions)
        return actions.error();
    r.openActions = exportPoliceActions(*actions, *names, options.redact, r.notices);
    return r;
}

ReportDocument rollupDocument(const RollupReport& r)
{
    ReportDocument doc;
    doc.title = "Quarterly roll-up: " + r.quarter;
    doc.subtitle = longDate(r.firstDay) + " to " + longDate(r.lastDay);
    std::set<std::string> panels;
    for (const RollupScreening& s : r.screenings)
        if (!s.panel.empty())
            panels.insert(s.panel);
    std::string panelList;
    for (const std::string& p : panels)
        panelList += (panelList.empty() ? "" : ", ") + p;
    doc.facts = {{"Quarter", r.quarter},
                 {"Screenings held", std::to_string(r.screenings.size())},
                 {"Encounters viewed", std::to_string(r.viewings) + (r.viewings == r.distinctEncounters
                                                                         ? std::string()
                                                                         : " (" + std::to_string(r.distinctEncounters)
                                                                               + " different)")},
                 {"Panels", panelList},
                 {"Open police actions", std::to_string(r.openActions.size())},
                 {"Tags", std::to_string(r.summary.tags)},
                 {"Audit log", r.auditHead}};
    doc.note = "Pseudonymised: encounters appear by a keyed reference (enc-...). Free text was checked for names, vehicle "
               "registrations, phone numbers, postcodes and email addresses"
               + std::string(r.redacted ? ", and what was found replaced." : ".")
               + " No footage or stills are included. Prepared " + longDate(review::isoTime(review::nowUs()).substr(0, 10))
               + ".";
    doc.footer = "bwv-review – quarterly roll-up – " + r.quarter + " – audit log " + r.auditHead.substr(0, 20) + "…";

    ReportSection held{"Screenings held", {}};
    ReportTable screenings{"screenings", true, {"held on", "screening", "panel", "force", "encounters", "members"},
                           {1.3, 2.4, 2.4, 2.0, 1.3, 1.1}, {}, {}};
    for (const RollupScreening& s : r.screenings)
        screenings.rows.push_back({textCell(s.date), textCell(s.name), textCell(s.panel), textCell(s.force),
                                   countCell(s.encounters), countCell(s.members)});
    held.blocks.push_back(std::move(screenings));
    doc.sections.push_back(std::move(held));

    ReportSection ratings{"Encounters by rating", {}};
    ratings.blocks.push_back(ratingChart("The panel's rating", r.byRating, r.notRated, "encounter"));
    ratings.blocks.push_back(ratingChart("Members' individual ratings", r.memberRatings, 0, "rating"));
    ReportTable ratingTable{"ratings", true, {"rating", "encounters", "share", "members' ratings"},
                            {2.5, 1.2, 1.0, 1.6}, {}, {}};
    for (std::size_t i = 0; i <= review::kRatings.size(); ++i) {
        bool rated = i < review::kRatings.size();
        int n = rated ? r.byRating[i] : r.notRated;
        if (!rated && n == 0)
            continue;
        ratingTable.rows.push_back({textCell(rated ? review::ratingLabel(review::kRatings[i]) : "not yet rated"),
                                    countCell(n),
                                    shareCell(r.viewings ? std::optional<double>(static_cast<double>(n) / r.viewings)
                                                         : std::nullopt),
                                    rated ? countCell(r.memberRatings[i]) : textCell("")});
    }
    ratings.blocks.push_back(std::move(ratingTable));
    doc.sections.push_back(std::move(ratings));

    ReportSection codes{"Tags per code", {}};
    codes.blocks.push_back(ReportParagraph{std::to_string(r.summary.tags) + " tags on " + std::to_string(r.distinctEncounters)
                                               + " encounters; an encounter viewed at two screenings counts once.",
                                           true});
    addCodeBlocks(codes.blocks, r.summary, r.labels);
    doc.sections.push_back(std::move(codes));

    ReportSection themes{"Themes", {}};
    ReportTable themeTable{"themes", true, {"theme", "encounters", "members' mentions"}, {4.0, 1.2, 1.4}, {},
                           "No themes were given."};
    for (const auto& [theme, counts] : r.themes)
        themeTable.rows.push_back({textCell(theme), countCell(counts[0]), countCell(counts[1])});
    themes.blocks.push_back(std::move(themeTable));
    doc.sections.push_back(std::move(themes));

    ReportSection gowisely{"GOWISELY compliance", {}};
    gowisely.blocks.push_back(ReportParagraph{
        "Per element, an encounter counts as given when its form says yes or, where the form does not answer, when a "
        "member tagged it; as not given when the form says no or nobody tagged it. Unclear answers are left out of the "
        "rate.",
        true});
    gowisely.blocks.push_back(gowiselyTable(r.summary));
    doc.sections.push_back(std::move(gowisely));

    ReportSection safeguarding{"Safeguarding concerns", {}};
    ReportTable saf{"safeguarding", true,
                    {"code", "concern", "raised by members (encounters)", "tagged (encounters)", "tags"},
                    {0.9, 3.4, 1.6, 1.3, 0.7}, {}, "No safeguarding concerns were raised or tagged."};
    for (const RollupSafeguarding& s : r.safeguarding)
        saf.rows.push_back({textCell(s.code), textCell(s.label), countCell(s.raisedByMembers), countCell(s.encountersTagged),
                            countCell(s.tags)});
    safeguarding.blocks.push_back(std::move(saf));
    doc.sections.push_back(std::move(safeguarding));

    ReportSection actions{"Open police actions carried forward", {}};
    actions.blocks.push_back(ReportParagraph{"Raised at screenings held up to " + longDate(r.lastDay)
                                                 + " and not closed by then, across panels.",
                                             true});
    addPoliceActionBlocks(actions.blocks, r.openActions, "No police actions were open at the end of the quarter.");
    doc.sections.push_back(std::move(actions));
    return doc;
}

} // namespace exchange
