#include "exchange/screening_report.hpp"

#include "review/audit_log.hpp"

#include <set>

#include "analysis/summary_source.hpp"
#include "review/chair.hpp"
#include "review/ids.hpp"
#include "review/workspace.hpp"

namespace exchange {
namespace {

std::string venueText(const std::optional<std::string>& venue)
{
    if (!venue)
        return "";
    if (*venue == "police_premises")
        return "on police premises";
    if (*venue == "streamed")
        return "streamed by the police";
    return *venue;
}

std::string selectionText(const std::optional<std::string>& selection)
{
    if (!selection)
        return "";
    if (*selection == "random")
        return "at random";
    if (*selection == "chair_selected")
        return "chosen by the chair";
    if (*selection == "sub_group")
        return "chosen by a sub-group";
    if (*selection == "requested")
        return "requested";
    return *selection;
}

std::string joinCounts(const std::map<std::string, int>& counts, const CodeLabels* labels, const char* unit)
{
    std::string out;
    for (const auto& [key, n] : counts) {
        std::string name = key;
        if (labels) {
            auto found = labels->codes.find(key);
            if (found != labels->codes.end())
                name += " " + found->second;
        }
        out += (out.empty() ? "" : "\n") + name + " (" + std::to_string(n) + " " + unit + (n == 1 ? "" : "s") + ")";
    }
    return out;
}

std::string byMember(const std::vector<std::pair<std::string, std::string>>& texts)
{
    std::string out;
    for (const auto& [member, text] : texts)
        out += (out.empty() ? "" : "\n") + member + ": " + text;
    return out;
}

} // namespace

common::Result<ScreeningReport> buildScreeningReport(review::Workspace& ws, const std::string& screeningRef,
                                                     const ReportOptions& options)
{
    auto screening = review::findScreening(ws, screeningRef);
    if (!screening)
        return screening.error();
    ScreeningReport report;
    report.screening = *screening;
    auto head = review::auditHead(ws.db());
    if (!head)
        return head.error();
    report.auditHead = head->text();
    report.redacted = options.redact;
    ResearchExportOptions scope;
    scope.redact = options.redact;
    scope.screening = screening->uuid;
    auto source = ExportSource::open(ws, scope);
    if (!source)
        return source.error();
    // The screening's own words leave too: checked (by scanFreeText) and redacted when asked.
    for (std::string* text : {&report.screening.name, &report.screening.panel, &report.screening.force})
        *text = source->outgoing(*text);
    auto notices = source->scanFreeText();
    if (!notices)
        return notices.error();
    report.notices = std::move(*notices);
    // Tag comments are not in the report: no warnings about them.
    std::erase_if(report.notices, [](const PiiNotice& n) { return n.table == "annotations"; });
    auto feedback = source->feedback();
    if (!feedback)
        return feedback.error();
    report.feedback = std::move(*feedback);
    report.encounterColumns = source->encounterColumns();
    report.encounterRows = source->encounters();

    auto data = analysis::loadSummaryData(ws, {screening->uuid, std::nullopt});
    if (!data)
        return data.error();
    auto summary = analysis::summarise(*data, {});
    if (!summary)
        return summary.error();
    report.summary = std::move(*summary);
    for (const auto& [ref, seconds] : report.summary.firstEscalation.perEncounter)
        report.firstEscalation.emplace_back(source->pseudonymiser().encounter(ref), seconds);
    auto labels = loadCodeLabels(ws);
    if (!labels)
        return labels.error();
    report.labels = std::move(*labels);

    const Pseudonymiser& names = source->pseudonymiser();
    auto member = [&](const std::string& name) { return names.coder(names.coderByNameOrPseudonym(name)); };
    std::map<std::string, int64_t> tagsOf;
    for (const auto& row : report.encounterRows)
        tagsOf[row.reference] = row.tags;
    std::vector<PiiNotice> alreadyWarned; // members' text: scanFreeText has reported it
    std::set<std::string> members;
    int position = 0;
    for (const std::string& ref : screening->encounterRefs) {
        auto merge = review::mergeFeedback(ws, screening->uuid, ref);
        if (!merge)
            return merge.error();
        ScreeningReportEncounter e;
        e.position = ++position;
        e.pseudonym = names.encounter(ref);
        e.tags = tagsOf[ref];
        for (const auto& row : report.encounterRows)
            if (row.reference == ref)
                for (const ExportSource::CameraRow& camera : row.cameras)
                    if (!camera.incomplete.empty())
                        e.incompleteFootage.push_back(camera.footage + ": " + camera.incomplete);
        e.memberRatings = merge->ratings.counts;
        e.rated = merge->ratings.rated;
        e.spread = merge->ratings.text();
        e.members = static_cast<int>(merge->members.size());
        members.insert(merge->members.begin(), merge->members.end());
        for (const review::MemberAnswer& a : merge->memberRatings)
            e.ratingsBy.emplace_back(member(a.member), review::ratingLabel(a.value));
        const std::string row = "encounter " + ref + " in screening " + screening->name;
        if (const auto& c = merge->consolidation) {
            e.rating = c->rating;
            e.points = checkedText(c->points, "consolidation", row, "points", options.redact, report.notices);
            e.questions = checkedText(c->questions, "consolidation", row, "questions", options.redact, report.notices);
        }
        for (auto [from, to] : {std::pair{&merge->goodPractice, &e.goodPractice},
                                std::pair{&merge->learningPoints, &e.learningPoints},
                                std::pair{&merge->questions, &e.memberQuestions}})
            for (const review::MemberAnswer& a : *from)
                to->emplace_back(member(a.member), checkedText(a.value, "feedback", row, "", options.redact, alreadyWarned));
        for (const auto& [theme, n] : merge->themes)
            e.themes[checkedText(theme, "feedback", row, "themes", options.redact, alreadyWarned)] += n;
        e.safeguarding = merge->safeguarding;
        for (const review::GowiselyAnswers& g : merge->gowisely)
            e.gowisely.emplace_back(g.element, std::array<int, 3>{g.yes, g.no, g.unclear});
        report.encounters.push_back(std::move(e));
    }
    report.members = static_cast<int>(members.size());

    auto actions = review::policeActionsCarriedForward(ws, screening->uuid);
    if (!actions)
        return actions.error();
    report.policeActions = exportPoliceActions(*actions, names, options.redact, report.notices);
    return report;
}

ReportDocument screeningReportDocument(const ScreeningReport& r)
{
    const review::Screening& s = r.screening;
    ReportDocument doc;
    doc.title = "Feedback report: " + s.name;
    for (const std::string& part : {s.panel, s.force, s.date ? "held on " + longDate(*s.date) : std::string()})
        if (!part.empty())
            doc.subtitle += (doc.subtitle.empty() ? "" : " – ") + part;
    std::string attendees;
    for (const auto& [role, n] : s.attendees)
        attendees += (attendees.empty() ? "" : ", ") + std::to_string(n) + " " + role;
    int open = 0;
    for (const ReportPoliceAction& a : r.policeActions)
        open += a.status != "closed";
    doc.facts = {{"Panel", s.panel},
                 {"Force", s.force},
                 {"Held on", s.date ? longDate(*s.date) : ""},
                 {"Venue", venueText(s.venue)},
                 {"Encounters", std::to_string(r.encounters.size()) + " viewed, " + selectionText(s.selection)},
                 {"Feedback from", std::to_string(r.members) + (r.members == 1 ? " member" : " members")},
                 {"Attendees", attendees},
                 {"Police actions", std::to_string(open) + " not closed, " + std::to_string(r.policeActions.size()) + " in all"},
                 {"Audit log", r.auditHead}};
    if (!s.selection)
        doc.facts[4].second = std::to_string(r.encounters.size()) + " viewed";
    std::erase_if(doc.facts, [](const auto& fact) { return fact.second.empty(); });
    doc.note = "Pseudonymised: encounters appear by a keyed reference (enc-...), panel members by pseudonym (coder-...). "
               "Free text was checked for names, vehicle registrations, phone numbers, postcodes and email addresses"
               + std::string(r.redacted ? ", and what was found replaced." : ".")
               + " No footage or stills are included. Prepared " + longDate(review::isoTime(review::nowUs()).substr(0, 10))
               + ".";
    doc.footer = "bwv-review – feedback report – " + s.name + " – audit log " + r.auditHead.substr(0, 20) + "…";

    // Ratings.
    ReportSection ratings{"Ratings", {}};
    std::array<int, 3> panel{}, memberTotals{};
    int notRated = 0;
    for (const ScreeningReportEncounter& e : r.encounters) {
        bool found = false;
        for (std::size_t i = 0; i < review::kRatings.size(); ++i) {
            memberTotals[i] += e.memberRatings[i];
            if (e.rating && *e.rating == review::kRatings[i]) {
                ++panel[i];
                found = true;
            }
        }
        notRated += !found;
    }
    ReportTable about{"screening", false, {"field", "value"}, {}, {}, {}};
    about.rows = {{textCell("name"), textCell(s.name)},
                  {textCell("date"), textCell(s.date.value_or(""))},
                  {textCell("panel"), textCell(s.panel)},
                  {textCell("force"), textCell(s.force)},
                  {textCell("venue"), textCell(s.venue.value_or(""))},
                  {textCell("selection"), textCell(s.selection.value_or(""))},
                  {textCell("encounters"), countCell(static_cast<int64_t>(r.encounters.size()))},
                  {textCell("members giving feedback"), countCell(r.members)}};
    ratings.blocks.push_back(std::move(about));
    ratings.blocks.push_back(ratingChart("The panel's rating per encounter", panel, notRated, "encounter"));
    ratings.blocks.push_back(ratingChart("Members' individual ratings", memberTotals, 0, "rating"));
    ReportTable overview{"", true, {"#", "encounter", "panel's rating", "members' ratings", "tags"},
                         {0.4, 2.0, 1.5, 3.4, 0.7}, {}, "No encounters were viewed."};
    ReportTable consolidation{"consolidation", false,
                              {"position", "encounter", "rating", "good_practice", "adequate", "concern", "members rated",
                               "spread", "points", "questions", "themes", "safeguarding"},
                              {}, {}, {}};
    for (const ScreeningReportEncounter& e : r.encounters) {
        std::string rating = e.rating ? review::ratingLabel(*e.rating) : "not yet decided";
        overview.rows.push_back({countCell(e.position), textCell(e.pseudonym), textCell(rating), textCell(e.spread),
                                 countCell(e.tags)});
        std::string themes, safeguarding;
        for (const auto& [theme, n] : e.themes)
            themes += (themes.empty() ? "" : ", ") + theme;
        for (const auto& [code, n] : e.safeguarding)
            safeguarding += (safeguarding.empty() ? "" : ", ") + code;
        consolidation.rows.push_back({countCell(e.position), textCell(e.pseudonym), textCell(e.rating.value_or("")),
                                      countCell(e.memberRatings[0]), countCell(e.memberRatings[1]),
                                      countCell(e.memberRatings[2]), countCell(e.rated), textCell(e.spread),
                                      textCell(e.points), textCell(e.questions), textCell(themes), textCell(safeguarding)});
    }
    ratings.blocks.push_back(std::move(overview));
    ratings.blocks.push_back(std::move(consolidation));
    ReportTable encounters{"encounters", false, {"encounter"}, {}, {}, {}};
    for (const std::string& c : r.encounterColumns)
        encounters.header.push_back(c);
    encounters.header.push_back("tags");
    for (const auto& e : r.encounterRows) {
        std::vector<ReportCell> row = {textCell(e.pseudonym)};
        for (const auto& [name, value] : e.fields)
            row.push_back(textCell(value));
        row.push_back(countCell(e.tags));
        encounters.rows.push_back(std::move(row));
    }
    ratings.blocks.push_back(std::move(encounters));
    doc.sections.push_back(std::move(ratings));

    // The chair's consolidation, encounter by encounter.
    ReportSection perEncounter{"Feedback per encounter", {}};
    if (r.encounters.empty())
        perEncounter.blocks.push_back(ReportParagraph{"No encounters were viewed.", false});
    for (const ScreeningReportEncounter& e : r.encounters) {
        perEncounter.blocks.push_back(ReportSubheading{"Encounter " + std::to_string(e.position) + " of "
                                                       + std::to_string(r.encounters.size()) + ": " + e.pseudonym});
        ReportTable t{"", true, {"", "the panel's feedback"}, {1.5, 5.0}, {}, {}, true};
        auto add = [&](const std::string& label, const std::string& value, const std::string& otherwise) {
            if (!value.empty() || !otherwise.empty())
                t.rows.push_back({textCell(label), textCell(value.empty() ? otherwise : value)});
        };
        add("Panel's rating", e.rating ? review::ratingLabel(*e.rating) : "", "not yet decided");
        // The panel judged what the file holds: say when that is not the whole recording.
        for (const std::string& incomplete : e.incompleteFootage)
            add("Footage", incomplete, "");
        std::string spread = e.spread;
        if (!e.ratingsBy.empty()) {
            spread += " (";
            for (std::size_t i = 0; i < e.ratingsBy.size(); ++i)
                spread += (i ? "; " : "") + e.ratingsBy[i].first + ": " + e.ratingsBy[i].second;
            spread += ")";
        }
        add("Members' ratings", spread, "");
        add("Points for the police", e.points, "none");
        add("Questions for the police", e.questions, "none");
        add("Good practice (members)", byMember(e.goodPractice), "");
        add("Learning points (members)", byMember(e.learningPoints), "");
        add("Members' questions", byMember(e.memberQuestions), "");
        add("Themes", joinCounts(e.themes, nullptr, "member"), "");
        add("Safeguarding concerns", joinCounts(e.safeguarding, &r.labels, "member"), "");
        std::string gowisely;
        for (const auto& [element, counts] : e.gowisely) {
            std::string part;
            for (std::size_t i = 0; i < 3; ++i)
                if (counts[i])
                    part += (part.empty() ? "" : ", ") + std::to_string(counts[i]) + " " + (i == 0 ? "yes" : i == 1 ? "no" : "unclear");
            if (!part.empty())
                gowisely += (gowisely.empty() ? "" : "; ") + element + ": " + part;
        }
        add("GOWISELY (members)", gowisely, "");
        add("Tags", std::to_string(e.tags), "");
        perEncounter.blocks.push_back(std::move(t));
    }
    doc.sections.push_back(std::move(perEncounter));

    ReportSection gowisely{"GOWISELY compliance", {}};
    gowisely.blocks.push_back(ReportParagraph{
        "Per element, an encounter counts as given when its form says yes or, where the form does not answer, when a "
        "member tagged it; as not given when the form says no or nobody tagged it. Unclear answers are left out of the "
        "rate.",
        true});
    gowisely.blocks.push_back(gowiselyTable(r.summary));
    doc.sections.push_back(std::move(gowisely));

    ReportSection codes{"Tags per code", {}};
    codes.blocks.push_back(ReportParagraph{std::to_string(r.summary.tags) + " tags by panel members on "
                                               + std::to_string(r.summary.encounters) + " encounters.",
                                           true});
    addCodeBlocks(codes.blocks, r.summary, r.labels);
    ReportTable escalation{"first escalation", false, {"encounter", "seconds"}, {}, {}, {}};
    for (const auto& [pseudonym, seconds] : r.firstEscalation)
        escalation.rows.push_back({textCell(pseudonym), {std::to_string(seconds), seconds}});
    codes.blocks.push_back(std::move(escalation));
    ReportTable follow{"de-escalation", false, {"code", "escalations followed", "escalations", "share", "encounters"}, {}, {}, {}};
    for (const auto& f : r.summary.followUps)
        follow.rows.push_back({textCell(f.code), countCell(f.escalationsFollowed), countCell(f.escalations),
                               {std::to_string(f.share), f.share}, countCell(f.encountersWith)});
    codes.blocks.push_back(std::move(follow));
    doc.sections.push_back(std::move(codes));

    ReportSection actions{"Police actions carried forward", {}};
    actions.blocks.push_back(ReportParagraph{
        "Points and questions sent to the police at this and earlier screenings of the panel, until they are closed.", true});
    addPoliceActionBlocks(actions.blocks, r.policeActions, "No police actions.");
    doc.sections.push_back(std::move(actions));

    ReportSection answers{"", {}};
    ReportTable feedback{"feedback", false, {"screening", "encounter", "member", "question", "answer"}, {}, {}, {}};
    for (const auto& f : r.feedback)
        feedback.rows.push_back({textCell(f.screening), textCell(f.encounter), textCell(f.coder), textCell(f.question),
                                 textCell(f.value)});
    answers.blocks.push_back(std::move(feedback));
    doc.sections.push_back(std::move(answers));
    return doc;
}

} // namespace exchange
