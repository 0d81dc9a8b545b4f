#include "exchange/research_export.hpp"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <map>
#include <set>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "exchange/atomic_file.hpp"
#include "review/blind_coding.hpp"
#include "review/encounter_form.hpp"
#include "review/feedback.hpp"
#include "review/ids.hpp"
#include "review/screening.hpp"
#include "review/time_text.hpp"
#include "review/workspace.hpp"
#include "store/database.hpp"

namespace exchange {
namespace {

using nlohmann::json;

// One CSV field: quoted when needed; text a spreadsheet would run as a formula gets a
// leading apostrophe (same rule as `tag list --format csv`).
void csvField(std::string& line, const std::string& text, bool isText = true)
{
    bool formula = isText && !text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@');
    if (!formula && text.find_first_of(",\"\r\n") == std::string::npos) {
        line += text;
        return;
    }
    bool quote = text.find_first_of(",\"\r\n") != std::string::npos;
    if (quote)
        line += '"';
    if (formula)
        line += '\'';
    for (char c : text) {
        if (c == '"')
            line += '"';
        line += c;
    }
    if (quote)
        line += '"';
}

// TSV cells cannot hold tabs or line breaks: they become spaces.
std::string tsvCell(const std::string& text)
{
    std::string out = text;
    for (char& c : out)
        if (c == '\t' || c == '\n' || c == '\r')
            c = ' ';
    return out;
}

bool isFreeTextFeedback(const std::string& question)
{
    for (const review::FeedbackQuestion& q : review::feedbackQuestions())
        if (q.id == question)
            return q.choices.empty();
    return false;
}

std::string maybeRedact(const std::string& text, bool redact)
{
    if (!redact || text.empty())
        return text;
    auto found = findPii(text);
    return found.empty() ? text : redactPii(text, found);
}

template <typename T>
json optJson(const std::optional<T>& v)
{
    return v ? json(*v) : json(nullptr);
}

} // namespace

const std::vector<std::string>& annotationCsvColumns()
{
    static const std::vector<std::string> kColumns = {
        "encounter", "footage", "coder", "code", "group", "label", "kind", "start_s", "end_s", "subject",
        "intensity", "value", "comment", "codebook_version", "created", "changed"};
    return kColumns;
}

std::filesystem::path encountersPathFor(const std::filesystem::path& file)
{
    std::filesystem::path out = file;
    out.replace_filename(file.stem().string() + "_encounters" + file.extension().string());
    return out;
}

std::string ExportSource::scopeCondition(const std::string& column) const
{
    if (!m_screeningId)
        return {};
    return " AND " + column + " IN (SELECT encounter_id FROM screening_encounter WHERE screening_id = " +
           std::to_string(*m_screeningId) + ")";
}

common::Result<ExportSource> ExportSource::open(review::Workspace& ws, const ResearchExportOptions& options)
{
    auto pseudonymiser = Pseudonymiser::open(ws.db());
    if (!pseudonymiser)
        return pseudonymiser.error();
    ExportSource source(ws, std::move(*pseudonymiser), options);
    if (options.screening) {
        auto screening = review::findScreening(ws, *options.screening);
        if (!screening)
            return screening.error();
        source.m_screeningId = screening->id;
    }
    // Blind coding: an exporter sees only what they may see (review/blind_coding.hpp).
    auto visible = review::visibleTagsCondition(ws, "a");
    if (!visible)
        return visible.error();
    source.m_visible = " AND " + *visible;
    store::Database& db = ws.db();
    auto list = db.prepare("SELECT e.id, e.reference, coalesce(n.tags, 0) FROM encounter e LEFT JOIN (SELECT a.encounter_id,"
                           " count(*) AS tags FROM annotation a WHERE a.deleted_us IS NULL" + source.m_visible +
                           " GROUP BY a.encounter_id) n ON n.encounter_id = e.id WHERE 1 = 1" +
                           source.scopeCondition("e.id") + " ORDER BY e.reference");
    if (!list)
        return list.error();
    std::map<int64_t, std::size_t> byId;
    if (auto done = list->eachRow([&] {
            EncounterRow e;
            e.id = list->getInt(0);
            e.reference = list->getText(1);
            e.pseudonym = source.m_pseudonymiser.encounter(e.reference);
            e.tags = list->getInt(2);
            byId[e.id] = source.m_encounters.size();
            source.m_encounters.push_back(std::move(e));
        });
        !done)
        return done.error();
    auto fields = db.prepare("SELECT encounter_id, field, value FROM encounter_field ORDER BY encounter_id, field");
    if (!fields)
        return fields.error();
    std::map<int64_t, std::map<std::string, std::string>> values;
    std::set<std::string> codeFields;
    if (auto done = fields->eachRow([&] {
            std::string field = fields->getText(1);
            if (!review::findFormField(field))
                codeFields.insert(field);
            values[fields->getInt(0)][field] = fields->getText(2);
        });
        !done)
        return done.error();
    for (const review::FormField& f : review::encounterFormFields())
        source.m_encounterColumns.emplace_back(f.name);
    source.m_encounterColumns.insert(source.m_encounterColumns.end(), codeFields.begin(), codeFields.end());
    for (EncounterRow& e : source.m_encounters) {
        const auto& mine = values[e.id];
        for (const std::string& column : source.m_encounterColumns) {
            auto found = mine.find(column);
            std::string value = found == mine.end() ? std::string() : found->second;
            const review::FormField* f = review::findFormField(column);
            if (f && f->mayHoldNames)
                value = maybeRedact(value, options.redact);
            e.fields.emplace_back(column, std::move(value));
        }
    }
    return source;
}

common::Result<std::vector<PiiNotice>> ExportSource::scanFreeText()
{
    std::vector<PiiNotice> notices;
    store::Database& db = m_ws->db();
    auto comments = db.prepare("SELECT a.uuid, a.comment FROM annotation a WHERE a.deleted_us IS NULL AND a.comment <> ''" +
                               m_visible + scopeCondition("a.encounter_id"));
    if (!comments)
        return comments.error();
    if (auto done = comments->eachRow([&] {
            for (const PiiFinding& f : findPii(comments->getText(1)))
                notices.push_back({"annotations", "tag " + comments->getText(0), "comment", f.kind});
        });
        !done)
        return done.error();
    // Encounter text: check the stored values, not the (maybe redacted) copies.
    auto fields = db.prepare("SELECT e.reference, f.field, f.value FROM encounter_field f JOIN encounter e ON e.id ="
                             " f.encounter_id WHERE 1 = 1" + scopeCondition("e.id") + " ORDER BY e.reference, f.field");
    if (!fields)
        return fields.error();
    for (;;) {
        auto row = fields->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        const review::FormField* f = review::findFormField(fields->getText(1));
        if (!f || !f->mayHoldNames)
            continue;
        for (const PiiFinding& finding : findPii(fields->getText(2)))
            notices.push_back({"encounters", "encounter " + fields->getText(0), fields->getText(1), finding.kind});
    }
    auto feedback = db.prepare("SELECT e.reference, s.name, fa.question, fa.value FROM feedback_answer fa"
                               " JOIN encounter e ON e.id = fa.encounter_id JOIN screening s ON s.id = fa.screening_id"
                               " WHERE 1 = 1" + scopeCondition("fa.encounter_id") + " ORDER BY fa.id");
    if (!feedback)
        return feedback.error();
    for (;;) {
        auto row = feedback->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        if (!isFreeTextFeedback(feedback->getText(2)))
            continue;
        for (const PiiFinding& finding : findPii(feedback->getText(3)))
            notices.push_back({"feedback", "encounter " + feedback->getText(0) + " in screening " + feedback->getText(1),
                               feedback->getText(2), finding.kind});
    }
    return notices;
}

common::Result<std::vector<ExportSource::FeedbackRow>> ExportSource::feedback()
{
    std::map<int64_t, std::string> pseudonymOf;
    for (const EncounterRow& e : m_encounters)
        pseudonymOf[e.id] = e.pseudonym;
    std::vector<FeedbackRow> out;
    auto rows = m_ws->db().prepare("SELECT s.name, fa.encounter_id, fa.coder_id, fa.question, fa.value FROM feedback_answer fa"
                                   " JOIN screening s ON s.id = fa.screening_id WHERE 1 = 1" +
                                   scopeCondition("fa.encounter_id") +
                                   " ORDER BY fa.screening_id, fa.encounter_id, fa.coder_id, fa.question");
    if (!rows)
        return rows.error();
    if (auto done = rows->eachRow([&] {
            std::string question = rows->getText(3);
            std::string value = rows->getText(4);
            if (isFreeTextFeedback(question))
                value = maybeRedact(value, m_options.redact);
            auto enc = pseudonymOf.find(rows->getInt(1));
            out.push_back({rows->getText(0), enc == pseudonymOf.end() ? std::string() : enc->second,
                           m_pseudonymiser.coder(rows->getInt(2)), question, value});
        });
        !done)
        return done.error();
    return out;
}

common::Status ExportSource::forEachAnnotation(const std::function<void(const AnnotationRow&)>& emit)
{
    store::Database& db = m_ws->db();
    struct FootageFacts {
        std::string pseudonym;
        std::optional<double> seconds, fps;
    };
    std::unordered_map<int64_t, FootageFacts> footage;
    auto list = db.prepare("SELECT id, sha256, duration_us, fps FROM footage");
    if (!list)
        return list.error();
    if (auto done = list->eachRow([&] {
            FootageFacts f{m_pseudonymiser.footage(list->getText(1)), std::nullopt, list->getOptDouble(3)};
            if (auto us = list->getOptInt(2))
                f.seconds = static_cast<double>(*us) / 1e6;
            footage[list->getInt(0)] = std::move(f);
        });
        !done)
        return done.error();
    std::unordered_map<int64_t, std::string> encounters;
    for (const EncounterRow& e : m_encounters)
        encounters[e.id] = e.pseudonym;

    auto rows = db.prepare(
        "SELECT a.uuid, a.encounter_id, a.footage_id, a.coder_id, a.code, c.group_id, c.label, c.kind, a.start_us,"
        " a.end_us, a.subject, a.intensity, a.value, a.comment, cb.version, a.created_us, a.changed_us"
        " FROM annotation a JOIN code c ON c.codebook_id = a.codebook_id AND c.code = a.code"
        " JOIN codebook cb ON cb.id = a.codebook_id WHERE a.deleted_us IS NULL" + m_visible +
        scopeCondition("a.encounter_id") + " ORDER BY a.encounter_id, a.coder_id, a.start_us, a.id");
    if (!rows)
        return rows.error();
    int64_t total = 0, done = 0;
    for (const EncounterRow& e : m_encounters)
        total += e.tags;
    AnnotationRow r;
    for (;;) {
        auto more = rows->step();
        if (!more)
            return more.error();
        if (!*more)
            break;
        if (m_progress && ++done % 1000 == 0
            && !m_progress(total > 0 ? std::min(1.0, static_cast<double>(done) / static_cast<double>(total)) : 0.0))
            return common::makeError(common::ErrorCode::Cancelled, "the export was cancelled");
        {
            r.uuid = rows->getText(0);
            auto enc = encounters.find(rows->getInt(1));
            r.encounter = enc == encounters.end() ? std::string() : enc->second;
            r.footage.clear();
            r.footageSeconds.reset();
            r.footageFps.reset();
            if (auto id = rows->getOptInt(2)) {
                auto f = footage.find(*id);
                if (f != footage.end()) {
                    r.footage = f->second.pseudonym;
                    r.footageSeconds = f->second.seconds;
                    r.footageFps = f->second.fps;
                }
            }
            r.coder = m_pseudonymiser.coder(rows->getInt(3));
            r.code = rows->getText(4);
            r.group = rows->getText(5);
            r.label = rows->getText(6);
            r.kind = rows->getText(7);
            r.startUs = rows->getInt(8);
            r.endUs = rows->getOptInt(9);
            r.subject = rows->getOptText(10).value_or("");
            auto intensity = rows->getOptInt(11);
            r.intensity = intensity ? std::to_string(*intensity) : std::string();
            r.value = rows->getOptText(12).value_or("");
            r.comment = maybeRedact(rows->getText(13), m_options.redact);
            r.codebookVersion = static_cast<int>(rows->getInt(14));
            r.createdUs = rows->getInt(15);
            r.changedUs = rows->getInt(16);
            emit(r);
        }
    }
    if (m_progress)
        m_progress(1.0);
    return {};
}

common::Result<ExportCounts> writeResearchCsv(ExportSource& source, const std::filesystem::path& file,
                                              const std::filesystem::path& encountersFile)
{
    auto out = AtomicFile::create(file);
    if (!out)
        return out.error();
    auto outEncounters = AtomicFile::create(encountersFile);
    if (!outEncounters)
        return outEncounters.error();
    ExportCounts counts;
    std::string line;
    for (std::size_t i = 0; i < annotationCsvColumns().size(); ++i)
        line += (i ? "," : "") + annotationCsvColumns()[i];
    line += '\n';
    out->write(line);
    auto done = source.forEachAnnotation([&](const ExportSource::AnnotationRow& r) {
        line.clear();
        line += r.encounter;
        line += ',';
        line += r.footage;
        line += ',';
        csvField(line, r.coder);
        line += ',';
        csvField(line, r.code);
        line += ',';
        csvField(line, r.group);
        line += ',';
        csvField(line, r.label);
        line += ',';
        line += r.kind;
        line += ',';
        line += review::formatSeconds(r.startUs);
        line += ',';
        if (r.endUs)
            line += review::formatSeconds(*r.endUs);
        line += ',';
        line += r.subject;
        line += ',';
        line += r.intensity;
        line += ',';
        csvField(line, r.value);
        line += ',';
        csvField(line, r.comment);
        line += ',';
        line += std::to_string(r.codebookVersion);
        line += ',';
        line += review::isoTime(r.createdUs);
        line += ',';
        line += review::isoTime(r.changedUs);
        line += '\n';
        out->write(line);
        ++counts.annotations;
    });
    if (!done)
        return done.error();
    line = "encounter";
    for (const std::string& column : source.encounterColumns())
        line += "," + column;
    line += ",tags\n";
    outEncounters->write(line);
    for (const ExportSource::EncounterRow& e : source.encounters()) {
        line = e.pseudonym;
        for (const auto& [name, value] : e.fields) {
            line += ',';
            csvField(line, value);
        }
        line += "," + std::to_string(e.tags) + "\n";
        outEncounters->write(line);
        ++counts.encounters;
    }
    if (auto ok = outEncounters->commit(); !ok)
        return ok.error();
    if (auto ok = out->commit(); !ok)
        return ok.error();
    counts.rows = counts.annotations;
    return counts;
}

common::Result<ExportCounts> writeResearchJson(ExportSource& source, const std::filesystem::path& file)
{
    auto out = AtomicFile::create(file);
    if (!out)
        return out.error();
    store::Database& db = source.workspace().db();
    const Pseudonymiser& names = source.pseudonymiser();
    ExportCounts counts;
    const bool redact = source.options().redact;

    json head;
    head["format"] = "bwv-review export";
    head["version"] = 1;
    head["exported"] = review::isoTime(review::nowUs());
    head["pseudonymised"] = "encounters and footage by keyed hash (HMAC-SHA-256), coders by pseudonym";
    head["redacted"] = redact;

    json codebooks = json::array();
    auto books = db.prepare("SELECT id, name, version, title FROM codebook ORDER BY name, version");
    if (!books)
        return books.error();
    for (;;) {
        auto row = books->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        json book = {{"name", books->getText(1)}, {"version", books->getInt(2)}, {"title", books->getText(3)},
                     {"codes", json::array()}};
        auto codes = db.prepare("SELECT code, group_id, label, kind, on_form FROM code WHERE codebook_id = ? ORDER BY position");
        if (!codes)
            return codes.error();
        codes->bind(1, books->getInt(0));
        for (;;) {
            auto c = codes->step();
            if (!c)
                return c.error();
            if (!*c)
                break;
            book["codes"].push_back({{"code", codes->getText(0)}, {"group", codes->getText(1)},
                                     {"label", codes->getText(2)}, {"kind", codes->getText(3)},
                                     {"on_form", codes->getInt(4) != 0}});
        }
        codebooks.push_back(std::move(book));
    }
    head["codebooks"] = std::move(codebooks);

    json coders = json::array();
    auto coderRows = db.prepare("SELECT id FROM coder ORDER BY id");
    if (!coderRows)
        return coderRows.error();
    if (auto done = coderRows->eachRow([&] {
            coders.push_back(names.coder(coderRows->getInt(0)));
        });
        !done)
        return done.error();
    head["coders"] = std::move(coders);

    json encounters = json::array();
    std::map<int64_t, std::string> pseudonymOf;
    for (const ExportSource::EncounterRow& e : source.encounters()) {
        pseudonymOf[e.id] = e.pseudonym;
        json fields = json::object();
        for (const auto& [name, value] : e.fields)
            if (!value.empty())
                fields[name] = value;
        json cameras = json::array();
        auto links = db.prepare("SELECT f.sha256, l.label, l.offset_us, f.duration_us, f.fps FROM encounter_footage l"
                                " JOIN footage f ON f.id = l.footage_id WHERE l.encounter_id = ? ORDER BY l.offset_us, l.id");
        if (!links)
            return links.error();
        links->bind(1, e.id);
        if (auto done = links->eachRow([&] {
                auto duration = links->getOptInt(3);
                cameras.push_back({{"footage", names.footage(links->getText(0))}, {"label", links->getText(1)},
                                   {"offset_s", review::formatSeconds(links->getInt(2))},
                                   {"duration_s", duration ? json(review::formatSeconds(*duration)) : json(nullptr)},
                                   {"fps", optJson(links->getOptDouble(4))}});
            });
            !done)
            return done.error();
        encounters.push_back({{"encounter", e.pseudonym}, {"fields", std::move(fields)}, {"footage", std::move(cameras)},
                              {"tags", e.tags}});
        ++counts.encounters;
    }
    head["encounters"] = std::move(encounters);

    json screenings = json::array();
    auto sRows = db.prepare("SELECT id, name, held_on, panel, force, venue, selection, attendees FROM screening ORDER BY id");
    if (!sRows)
        return sRows.error();
    for (;;) {
        auto row = sRows->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        json attendees = json::parse(sRows->getText(7), nullptr, false);
        json order = json::array();
        auto members = db.prepare("SELECT encounter_id FROM screening_encounter WHERE screening_id = ? ORDER BY position");
        if (!members)
            return members.error();
        members->bind(1, sRows->getInt(0));
        bool inScope = false;
        for (;;) {
            auto m = members->step();
            if (!m)
                return m.error();
            if (!*m)
                break;
            auto found = pseudonymOf.find(members->getInt(0));
            if (found != pseudonymOf.end()) {
                order.push_back(found->second);
                inScope = true;
            }
        }
        if (source.options().screening && !inScope)
            continue;
        screenings.push_back({{"name", sRows->getText(1)}, {"date", optJson(sRows->getOptText(2))},
                              {"panel", sRows->getText(3)}, {"force", sRows->getText(4)},
                              {"venue", optJson(sRows->getOptText(5))}, {"selection", optJson(sRows->getOptText(6))},
                              {"attendees", attendees.is_discarded() ? json::object() : attendees},
                              {"encounters", std::move(order)}});
    }
    head["screenings"] = std::move(screenings);

    json feedback = json::array();
    auto fRows = db.prepare("SELECT s.name, fa.encounter_id, fa.coder_id, fa.question, fa.value FROM feedback_answer fa"
                            " JOIN screening s ON s.id = fa.screening_id WHERE 1 = 1" +
                            source.scopeCondition("fa.encounter_id") + " ORDER BY fa.screening_id, fa.encounter_id, fa.coder_id, fa.question");
    if (!fRows)
        return fRows.error();
    if (auto done = fRows->eachRow([&] {
            std::string question = fRows->getText(3);
            std::string value = fRows->getText(4);
            if (isFreeTextFeedback(question))
                value = maybeRedact(value, redact);
            auto enc = pseudonymOf.find(fRows->getInt(1));
            feedback.push_back({{"screening", fRows->getText(0)},
                                {"encounter", enc == pseudonymOf.end() ? std::string() : enc->second},
                                {"coder", names.coder(fRows->getInt(2))}, {"question", question}, {"value", value}});
        });
        !done)
        return done.error();
    head["feedback"] = std::move(feedback);

    // Everything but the annotations, then the annotations streamed one per line.
    std::string text = head.dump(1);
    text.pop_back(); // the closing brace
    while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
        text.pop_back();
    out->write(text);
    out->write(",\n \"annotations\": [");
    bool first = true;
    auto done = source.forEachAnnotation([&](const ExportSource::AnnotationRow& r) {
        json a = {{"encounter", r.encounter},
                  {"footage", r.footage.empty() ? json(nullptr) : json(r.footage)},
                  {"coder", r.coder},
                  {"code", r.code},
                  {"group", r.group},
                  {"label", r.label},
                  {"kind", r.kind},
                  {"start_s", review::formatSeconds(r.startUs)},
                  {"end_s", r.endUs ? json(review::formatSeconds(*r.endUs)) : json(nullptr)},
                  {"start_us", r.startUs},
                  {"end_us", optJson(r.endUs)},
                  {"subject", r.subject.empty() ? json(nullptr) : json(r.subject)},
                  {"intensity", r.intensity.empty() ? json(nullptr) : json(std::stoi(r.intensity))},
                  {"value", r.value.empty() ? json(nullptr) : json(r.value)},
                  {"comment", r.comment},
                  {"codebook_version", r.codebookVersion},
                  {"created", review::isoTime(r.createdUs)},
                  {"changed", review::isoTime(r.changedUs)}};
        out->write(first ? "\n  " : ",\n  ");
        out->write(a.dump());
        first = false;
        ++counts.annotations;
    });
    if (!done)
        return done.error();
    out->write("\n ]\n}\n");
    if (auto ok = out->commit(); !ok)
        return ok.error();
    counts.rows = counts.annotations;
    return counts;
}

common::Result<ExportCounts> writeBorisTsv(ExportSource& source, const std::filesystem::path& file)
{
    auto out = AtomicFile::create(file);
    if (!out)
        return out.error();
    ExportCounts counts;
    out->write("Observation id\tObservation date\tDescription\tMedia file\tTotal length\tFPS\tSubject\tBehavior\t"
               "Behavioral category\tModifiers\tBehavior type\tTime\tComment\tCoder\n");
    std::map<std::string, std::string> dates;
    for (const ExportSource::EncounterRow& e : source.encounters())
        for (const auto& [name, value] : e.fields)
            if (name == "date")
                dates[e.pseudonym] = value;
    // Events of an observation in time order: START/STOP rows of intervals interleave with
    // points, so rows are gathered per encounter and sorted before writing.
    struct Event {
        int64_t timeUs;
        int order; // STOP before START before POINT at the same time
        std::string line;
    };
    std::vector<Event> events;
    std::string current;
    auto flush = [&] {
        std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
            return a.timeUs != b.timeUs ? a.timeUs < b.timeUs : a.order < b.order;
        });
        for (const Event& e : events)
            out->write(e.line);
        counts.rows += static_cast<int64_t>(events.size());
        events.clear();
    };
    auto done = source.forEachAnnotation([&](const ExportSource::AnnotationRow& r) {
        if (r.encounter != current) {
            flush();
            current = r.encounter;
        }
        std::string modifiers;
        if (!r.intensity.empty())
            modifiers += "intensity " + r.intensity;
        if (!r.value.empty())
            modifiers += (modifiers.empty() ? "" : "|") + r.value;
        char length[32] = "NA", fps[32] = "NA";
        if (r.footageSeconds)
            std::snprintf(length, sizeof length, "%.3f", *r.footageSeconds);
        if (r.footageFps)
            std::snprintf(fps, sizeof fps, "%.3f", *r.footageFps);
        auto row = [&](const char* type, int64_t us) {
            return r.encounter + "\t" + dates[r.encounter] + "\t\t" + (r.footage.empty() ? "NA" : r.footage) + "\t" +
                   length + "\t" + fps + "\t" + (r.subject.empty() ? "No focal subject" : r.subject) + "\t" + r.code +
                   "\t" + r.group + "\t" + modifiers + "\t" + type + "\t" + review::formatSeconds(us) + "\t" +
                   tsvCell(r.comment) + "\t" + r.coder + "\n";
        };
        if (r.kind == "interval") {
            events.push_back({r.startUs, 1, row("START", r.startUs)});
            events.push_back({r.endUs.value_or(r.startUs), 0, row("STOP", r.endUs.value_or(r.startUs))});
        } else {
            events.push_back({r.startUs, 2, row("POINT", r.startUs)});
        }
        ++counts.annotations;
    });
    if (!done)
        return done.error();
    flush();
    if (auto ok = out->commit(); !ok)
        return ok.error();
    counts.encounters = static_cast<int64_t>(source.encounters().size());
    return counts;
}

} // namespace exchange
