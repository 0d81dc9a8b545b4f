#include "exchange/report_parts.hpp"

#include "exchange/pii_scan.hpp"
#include "review/codebook.hpp"
#include "review/time_text.hpp"

namespace exchange {

std::string checkedText(const std::string& text, const std::string& table, const std::string& row,
                        const std::string& field, bool redact, std::vector<PiiNotice>& notices)
{
    if (text.empty())
        return text;
    auto found = findPii(text);
    for (const PiiFinding& f : found)
        notices.push_back({table, row, field, f.kind});
    return redact && !found.empty() ? redactPii(text, found) : text;
}

std::vector<ReportPoliceAction> exportPoliceActions(const std::vector<review::PoliceAction>& actions,
                                                    const Pseudonymiser& names, bool redact,
                                                    std::vector<PiiNotice>& notices)
{
    std::vector<ReportPoliceAction> out;
    for (const review::PoliceAction& a : actions) {
        ReportPoliceAction r;
        r.ref = a.uuid.substr(0, 8);
        r.raisedAt = checkedText(a.screeningName, "police actions", "police action " + a.uuid, "screening", redact, notices);
        r.raisedOn = a.screeningDate.value_or("");
        r.encounter = a.encounterRef ? names.encounter(*a.encounterRef) : std::string();
        r.request = checkedText(a.request, "police actions", "police action " + a.uuid, "request", redact, notices);
        r.response = checkedText(a.response, "police actions", "police action " + a.uuid, "response", redact, notices);
        r.respondedOn = a.respondedOn.value_or("");
        r.status = a.status;
        out.push_back(std::move(r));
    }
    return out;
}

common::Result<CodeLabels> loadCodeLabels(review::Workspace& ws)
{
    auto book = review::activeCodebook(ws);
    if (!book)
        return book.error();
    CodeLabels labels;
    for (const review::Code& c : book->codes)
        labels.codes[c.id] = c.label;
    for (const review::CodeGroup& g : book->groups)
        labels.groups[g.id] = g.label;
    return labels;
}

uint32_t ratingColour(const std::string& rating)
{
    if (rating == "good_practice")
        return 0x3c9a5f;
    if (rating == "adequate")
        return 0xe0a526;
    if (rating == "concern")
        return 0xc8453c;
    return kNotRatedColour;
}

ReportChart ratingChart(const std::string& title, const std::array<int, 3>& counts, int notRated, const std::string& unit)
{
    ReportChart chart{title, {}, "No ratings yet."};
    int total = notRated;
    for (int n : counts)
        total += n;
    if (total == 0)
        return chart;
    auto bar = [&](const std::string& label, int n, uint32_t colour) {
        chart.bars.push_back({label, static_cast<double>(n), std::to_string(n) + " " + unit + (n == 1 ? "" : "s"), colour});
    };
    for (std::size_t i = 0; i < review::kRatings.size(); ++i)
        bar(review::ratingLabel(review::kRatings[i]), counts[i], ratingColour(std::string(review::kRatings[i])));
    if (notRated > 0)
        bar("not yet rated", notRated, kNotRatedColour);
    return chart;
}

void addPoliceActionBlocks(std::vector<ReportBlock>& blocks, const std::vector<ReportPoliceAction>& actions,
                           const std::string& whenEmpty)
{
    // The PDF folds where and when into one column so that the texts get the width.
    ReportTable pdf{"", true, {"ref", "raised at", "request", "police response", "status"}, {1.15, 2.4, 2.9, 2.9, 1.1},
                    {}, whenEmpty};
    ReportTable sheet{"police actions",
                      false,
                      {"ref", "raised at", "raised on", "encounter", "request", "response", "answered on", "status"},
                      {},
                      {},
                      {}};
    for (const ReportPoliceAction& a : actions) {
        std::string where = a.raisedAt;
        if (!a.raisedOn.empty())
            where += "\n" + a.raisedOn;
        where += "\n" + (a.encounter.empty() ? std::string("whole screening") : a.encounter);
        std::string response = a.response;
        if (!a.respondedOn.empty())
            response += (response.empty() ? "" : "\n") + std::string("answered ") + a.respondedOn;
        pdf.rows.push_back({textCell(a.ref), textCell(where), textCell(a.request), textCell(response), textCell(a.status)});
        sheet.rows.push_back({textCell(a.ref), textCell(a.raisedAt), textCell(a.raisedOn), textCell(a.encounter),
                              textCell(a.request), textCell(a.response), textCell(a.respondedOn), textCell(a.status)});
    }
    blocks.push_back(std::move(pdf));
    blocks.push_back(std::move(sheet));
}

ReportTable gowiselyTable(const analysis::Summary& summary)
{
    static const std::map<std::string, std::string> kSaid = {
        {"G", "Grounds for the search"},       {"O", "Object of the search"},
        {"W", "Warrant card (if not in uniform)"}, {"I", "Identity of the officer"},
        {"S", "Station of the officer"},       {"E", "Entitlement to a copy of the record"},
        {"L", "Legal power used"},             {"Y", "You are detained for a search"}};
    ReportTable t{"gowisely",
                  true,
                  {"element", "what the officer must say", "given", "not given", "unclear", "encounters", "rate"},
                  {0.9, 3.4, 0.9, 0.9, 0.9, 1.1, 0.8},
                  {},
                  "No encounters."};
    for (const analysis::GowiselyElement& e : summary.gowisely) {
        auto said = kSaid.find(e.element);
        t.rows.push_back({textCell(e.element), textCell(said == kSaid.end() ? e.code : said->second), countCell(e.given),
                          countCell(e.notGiven), countCell(e.unclear), countCell(e.encounters), shareCell(e.rate)});
    }
    return t;
}

void addCodeBlocks(std::vector<ReportBlock>& blocks, const analysis::Summary& summary, const CodeLabels& labels)
{
    auto label = [](const std::map<std::string, std::string>& map, const std::string& id) {
        auto found = map.find(id);
        return found == map.end() ? id : found->second;
    };
    const analysis::SummaryGroup* all = summary.groups.empty() ? nullptr : &summary.groups.front();
    ReportChart chart{"Tags per code group", {}, "No tags."};
    ReportTable pdf{"", true, {"code", "label", "tags", "encounters with it", "share of encounters"},
                    {1.0, 4.0, 0.8, 1.4, 1.4}, {}, "No tags."};
    ReportTable sheet{"codes", false,
                      {"code", "group", "label", "tags", "encounters with", "encounters", "share", "per encounter"},
                      {}, {}, {}};
    if (all) {
        for (const analysis::CodeRate& g : all->groups)
            chart.bars.push_back({label(labels.groups, g.code) + " (" + g.code + ")", static_cast<double>(g.tags),
                                  std::to_string(g.tags) + (g.tags == 1 ? " tag" : " tags"), std::nullopt});
        for (const auto* table : {&all->groups, &all->codes})
            for (const analysis::CodeRate& r : *table) {
                bool isGroup = table == &all->groups;
                sheet.rows.push_back({textCell(r.code), textCell(r.group),
                                      textCell(isGroup ? label(labels.groups, r.code) : label(labels.codes, r.code)),
                                      countCell(r.tags), countCell(r.encountersWith), countCell(r.encounters),
                                      {std::to_string(r.share), r.share}, {std::to_string(r.perEncounter), r.perEncounter}});
            }
        for (const analysis::CodeRate& r : all->codes)
            pdf.rows.push_back({textCell(r.code), textCell(label(labels.codes, r.code)), countCell(r.tags),
                                {std::to_string(r.encountersWith) + " of " + std::to_string(r.encounters),
                                 static_cast<double>(r.encountersWith)},
                                shareCell(r.share)});
    }
    blocks.push_back(std::move(chart));
    blocks.push_back(std::move(pdf));
    blocks.push_back(std::move(sheet));
}

std::string longDate(const std::string& iso)
{
    static const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                    "July",    "August",   "September", "October", "November", "December"};
    if (!review::isIsoDate(iso))
        return iso;
    int month = std::stoi(iso.substr(5, 2));
    return std::to_string(std::stoi(iso.substr(8, 2))) + " " + kMonths[month - 1] + " " + iso.substr(0, 4);
}

} // namespace exchange
