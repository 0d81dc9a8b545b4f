#include "exchange/research_export.hpp"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <map>
#include <set>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "common/version.hpp"
#include "review/audit_log.hpp"
#include "review/codebook.hpp"
#include "review/ids.hpp"
#include "review/people.hpp"
#include "review/time_text.hpp"
#include "review/workspace.hpp"

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

template <typename T>
json optJson(const std::optional<T>& v)
{
    return v ? json(*v) : json(nullptr);
}

std::string joined(const std::vector<std::string>& items, const char* between)
{
    std::string out;
    for (const std::string& item : items)
        out += (out.empty() ? "" : between) + item;
    return out;
}

// The decisions CSV, not yet committed: writeResearchCsv puts every file in place together.
common::Result<common::OutputFile> writeDecisionsCsv(ExportSource& source, const std::filesystem::path& file)
{
    auto out = common::OutputFile::create(file, source.options().output);
    if (!out)
        return out.error();
    auto decisions = source.decisions();
    if (!decisions)
        return decisions.error();
    out->write("decision,encounter,code,group,label,kind,start_s,end_s,outcome,consensus_tag,sources,reason,decided_by,decided\n");
    for (const ExportSource::DecisionRow& d : *decisions) {
        std::string line = d.decision + "," + d.encounter + ",";
        for (const std::string* text : {&d.code, &d.group, &d.label, &d.kind}) {
            csvField(line, *text);
            line += ',';
        }
        line += review::formatSeconds(d.startUs) + "," + (d.endUs ? review::formatSeconds(*d.endUs) : std::string()) + ","
              + d.outcome + "," + d.consensusTag + "," + joined(d.sources, " ") + ",";
        csvField(line, d.reason);
        line += "," + d.decidedBy + "," + review::isoTime(d.decidedUs) + "\n";
        out->write(line);
    }
    return out;
}

// Every version of the codebook, so codes of older tags keep their labels.
common::Result<common::OutputFile> writeCodebookCsv(ExportSource& source, const std::filesystem::path& file)
{
    auto out = common::OutputFile::create(file, source.options().output);
    if (!out)
        return out.error();
    auto books = review::listCodebooks(source.workspace());
    if (!books)
        return books.error();
    out->write("codebook,version,code,group,label,kind,on_form\n");
    for (const review::Codebook& book : *books)
        for (const review::Code& code : book.codes) {
            std::string line;
            csvField(line, book.name);
            line += "," + std::to_string(book.version) + ",";
            for (const std::string* text : {&code.id, &code.group, &code.label, &code.kind}) {
                csvField(line, *text);
                line += ',';
            }
            line += code.onForm ? "yes\n" : "no\n";
            out->write(line);
        }
    return out;
}

} // namespace

const std::vector<std::string>& annotationCsvColumns()
{
    static const std::vector<std::string> kColumns = {
        "tag", "encounter", "footage", "camera", "coder", "code", "group", "label", "kind", "start_s", "end_s",
        "start_frame", "end_frame", "subject", "intensity", "value", "comment", "codebook_version", "created", "changed"};
    return kColumns;
}

std::filesystem::path dataDictionaryPathFor(const std::filesystem::path& file)
{
    std::filesystem::path out = file;
    const std::string extension = file.extension().string();
    out.replace_filename(file.stem().string() + (extension.size() > 1 ? "_" + extension.substr(1) : std::string())
                         + "_README.txt");
    return out;
}

common::Status writeDataDictionary(ExportSource& source, const std::string& format, const std::filesystem::path& file)
{
    auto out = common::OutputFile::create(file, source.options().output);
    if (!out)
        return out.error();
    auto head = review::auditHead(source.workspace().db());
    if (!head)
        return head.error();
    auto books = review::listCodebooks(source.workspace());
    if (!books)
        return books.error();
    std::string text = "bwv-review " + std::string(format == "csv" ? "research CSV" : "BORIS events (TSV)")
                       + " export\n\nmade by:         bwv-review " + std::string(common::toolVersion())
                       + "\nexported:        " + review::isoTime(review::nowUs())
                       + "\naudit log head:  " + head->text()
                       + "\n                 (check later with: bwv-review audit verify --head " + head->text() + ")"
                       + "\nredacted:        " + (source.options().redact ? "yes" : "no") + "\ncodebooks:       ";
    for (std::size_t i = 0; i < books->size(); ++i)
        text += (i ? ", " : "") + (*books)[i].name + " version " + std::to_string((*books)[i].version);
    text += "\n\nPseudonymised: encounters and footage appear by a keyed hash (enc-..., ftg-...), coders by\n"
            "pseudonym (coder-...). Free text was checked for names, vehicle registrations, phone numbers,\n"
            "postcodes and email addresses.\n";
    if (format == "csv") {
        text += "\nColumns of the tags file, one row per tag:\n";
        std::vector<std::pair<std::string, std::string>> meaning = {
            {"tag", "the tag's pseudonym (tag-...); the decisions file names its sources by it"},
            {"encounter", "the encounter's pseudonym"},
            {"footage", "the camera's footage pseudonym, empty when tagged without a camera"},
            {"camera", "the camera's label on the encounter (Officer A ...)"},
            {"coder", "who tagged, by pseudonym"},
            {"code", "the code id (ESC.01 ...)"},
            {"group", "the code's group (ESC, DEE, SAF, PAC, UOF, OUT)"},
            {"label", "the code's label"},
            {"kind", "point or interval"},
            {"start_s", "start on the encounter's timeline, seconds (6 decimals, exact microseconds)"},
            {"end_s", "end, for intervals"},
            {"start_frame", "the frame the tag's camera shows at start_s, counted from 0 in presentation order "
                            "(ffmpeg's numbering); empty without a camera or when its file was not found unchanged"},
            {"end_frame", "the frame it shows at end_s, for intervals"},
            {"subject", "officer, person, other_officer or bystander"},
            {"intensity", "1 to 3"},
            {"value", "the value of codes that carry one (UOF.09)"},
            {"comment", "the coder's comment"},
            {"codebook_version", "the version of the codebook the tag was made with"},
            {"created", "when the tag was made (UTC)"},
            {"changed", "when it was last changed (UTC)"}};
        if (source.options().withTranscript)
            meaning.push_back({"transcript", "the transcript lines the tag covers on its camera (every camera for a tag "
                                             "without one), \" / \" between lines; free text like comments"});
        for (const auto& [column, what] : meaning)
            text += "  " + column + std::string(18 - std::min<std::size_t>(column.size(), 17), ' ') + what + "\n";
        text += "\nThe encounters file has one row per encounter: its pseudonym, the encounter form's fields\n"
                "and the codes asked once per encounter, and how many tags it has.\n"
                "\nThe decisions file has one row per adjudication decision: decision (its pseudonym), encounter,\n"
                "code, group, label, kind, start_s, end_s, outcome (\"tag\": the panel agreed the code applies and\n"
                "made the consensus tag named in consensus_tag; \"nothing happened\": it does not apply), sources\n"
                "(the tags it was decided from, separated by spaces), reason, decided_by (pseudonym), decided (UTC).\n"
                "\nThe codebook file has one row per code of every codebook version: codebook, version, code,\n"
                "group, label, kind (point, interval, or encounter for codes asked only once per encounter), on_form\n"
                "(yes when also asked once per encounter).\n";
    } else {
        text += "\nOne observation per coder per encounter (\"ENCOUNTER CODER\"); START and STOP rows for intervals,\n"
                "POINT rows for moments. Behavior is the code's label as in the BORIS project, Code its id;\n"
                "Modifiers the intensity and, for codes that carry one, the value (None when not given).\n"
                "Time is seconds on the encounter's timeline.\n";
    }
    out->write(text);
    return out->commit();
}

static std::filesystem::path companionPathFor(const std::filesystem::path& file, const std::string& part)
{
    std::filesystem::path out = file;
    out.replace_filename(file.stem().string() + "_" + part + file.extension().string());
    return out;
}

std::filesystem::path encountersPathFor(const std::filesystem::path& file) { return companionPathFor(file, "encounters"); }
std::filesystem::path decisionsPathFor(const std::filesystem::path& file) { return companionPathFor(file, "decisions"); }
std::filesystem::path codebookPathFor(const std::filesystem::path& file) { return companionPathFor(file, "codebook"); }

common::Result<ExportCounts> writeResearchCsv(ExportSource& source, const std::filesystem::path& file,
                                              const std::filesystem::path& encountersFile)
{
    auto out = common::OutputFile::create(file, source.options().output);
    if (!out)
        return out.error();
    auto outEncounters = common::OutputFile::create(encountersFile, source.options().output);
    if (!outEncounters)
        return outEncounters.error();
    ExportCounts counts;
    std::string line;
    for (std::size_t i = 0; i < annotationCsvColumns().size(); ++i)
        line += (i ? "," : "") + annotationCsvColumns()[i];
    const bool withTranscript = source.options().withTranscript;
    if (withTranscript)
        line += ",transcript";
    line += '\n';
    out->write(line);
    auto optionalNumber = [&](const std::optional<int64_t>& n) {
        if (n)
            line += std::to_string(*n);
    };
    auto done = source.forEachAnnotation([&](const ExportSource::AnnotationRow& r) {
        line.clear();
        line += r.tag;
        line += ',';
        line += r.encounter;
        line += ',';
        line += r.footage;
        line += ',';
        csvField(line, r.camera);
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
        optionalNumber(r.startFrame);
        line += ',';
        optionalNumber(r.endFrame);
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
        if (withTranscript) {
            line += ',';
            csvField(line, r.transcript);
        }
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
    auto outDecisions = writeDecisionsCsv(source, decisionsPathFor(file));
    if (!outDecisions)
        return outDecisions.error();
    auto outCodebook = writeCodebookCsv(source, codebookPathFor(file));
    if (!outCodebook)
        return outCodebook.error();
    for (common::OutputFile* f : {&*outEncounters, &*outDecisions, &*outCodebook, &*out})
        if (auto ok = f->commit(); !ok)
            return ok.error();
    counts.rows = counts.annotations;
    return counts;
}

common::Result<ExportCounts> writePseudonymKey(ExportSource& source, const std::filesystem::path& file)
{
    auto out = common::OutputFile::create(file, source.options().output);
    if (!out)
        return out.error();
    auto key = source.pseudonymKey();
    if (!key)
        return key.error();
    ExportCounts counts;
    out->write("pseudonym,name\n");
    for (const auto& [pseudonym, name] : *key) {
        std::string line;
        csvField(line, pseudonym);
        line += ',';
        csvField(line, name);
        out->write(line + "\n");
        ++counts.rows;
    }
    if (auto ok = out->commit(); !ok)
        return ok.error();
    return counts;
}

common::Result<ExportCounts> writeResearchJson(ExportSource& source, const std::filesystem::path& file)
{
    auto out = common::OutputFile::create(file, source.options().output);
    if (!out)
        return out.error();
    ExportCounts counts;
    const bool redact = source.options().redact;

    json head;
    head["format"] = "bwv-review export";
    head["version"] = 1;
    head["tool"] = "bwv-review " + std::string(common::toolVersion());
    head["exported"] = review::isoTime(review::nowUs());
    head["pseudonymised"] = "encounters and footage by keyed hash (HMAC-SHA-256), coders by pseudonym";
    head["redacted"] = redact;
    auto auditHead = review::auditHead(source.workspace().db());
    if (!auditHead)
        return auditHead.error();
    head["audit_head"] = auditHead->text();

    json codebooks = json::array();
    auto books = review::listCodebooks(source.workspace());
    if (!books)
        return books.error();
    for (const review::Codebook& book : *books) {
        json entry = {{"name", book.name}, {"version", book.version}, {"title", book.title}, {"codes", json::array()}};
        for (const review::Code& code : book.codes)
            entry["codes"].push_back({{"code", code.id}, {"group", code.group}, {"label", code.label},
                                      {"kind", code.kind}, {"on_form", code.onForm}});
        codebooks.push_back(std::move(entry));
    }
    head["codebooks"] = std::move(codebooks);

    auto coders = source.coders();
    if (!coders)
        return coders.error();
    head["coders"] = *coders;

    json encounters = json::array();
    for (const ExportSource::EncounterRow& e : source.encounters()) {
        json fields = json::object();
        for (const auto& [name, value] : e.fields)
            if (!value.empty())
                fields[name] = value;
        json cameras = json::array();
        for (const ExportSource::CameraRow& c : e.cameras)
            cameras.push_back({{"footage", c.footage}, {"label", c.label}, {"offset_s", review::formatSeconds(c.offsetUs)},
                               {"duration_s", c.seconds ? json(review::formatSeconds(static_cast<int64_t>(*c.seconds * 1e6 + 0.5))) : json(nullptr)},
                               {"fps", optJson(c.fps)}, {"complete", c.incomplete.empty()},
                               {"incomplete", c.incomplete.empty() ? json(nullptr) : json(c.incomplete)}});
        encounters.push_back({{"encounter", e.pseudonym}, {"fields", std::move(fields)}, {"footage", std::move(cameras)},
                              {"tags", e.tags}});
        ++counts.encounters;
    }
    head["encounters"] = std::move(encounters);

    json screenings = json::array();
    auto screeningRows = source.screenings();
    if (!screeningRows)
        return screeningRows.error();
    for (const ExportSource::ScreeningRow& s : *screeningRows)
        screenings.push_back({{"name", s.name}, {"date", optJson(s.date)}, {"panel", s.panel}, {"force", s.force},
                              {"venue", optJson(s.venue)}, {"selection", optJson(s.selection)},
                              {"attendees", json(s.attendees)}, {"encounters", s.encounters}});
    head["screenings"] = std::move(screenings);

    json feedback = json::array();
    auto feedbackRows = source.feedback();
    if (!feedbackRows)
        return feedbackRows.error();
    for (const ExportSource::FeedbackRow& f : *feedbackRows)
        feedback.push_back({{"screening", f.screening}, {"encounter", f.encounter}, {"coder", f.coder},
                            {"question", f.question}, {"value", f.value}});
    head["feedback"] = std::move(feedback);

    json decisions = json::array();
    auto decisionRows = source.decisions();
    if (!decisionRows)
        return decisionRows.error();
    for (const ExportSource::DecisionRow& d : *decisionRows)
        decisions.push_back({{"decision", d.decision}, {"encounter", d.encounter}, {"code", d.code}, {"group", d.group},
                             {"label", d.label}, {"kind", d.kind}, {"start_s", review::formatSeconds(d.startUs)},
                             {"end_s", d.endUs ? json(review::formatSeconds(*d.endUs)) : json(nullptr)},
                             {"outcome", d.outcome},
                             {"consensus_tag", d.consensusTag.empty() ? json(nullptr) : json(d.consensusTag)},
                             {"sources", d.sources}, {"reason", d.reason}, {"decided_by", d.decidedBy},
                             {"decided", review::isoTime(d.decidedUs)}});
    head["decisions"] = std::move(decisions);

    // Everything but the annotations, then the annotations streamed one per line.
    std::string text = head.dump(1, ' ', false, json::error_handler_t::replace);
    text.pop_back(); // the closing brace
    while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
        text.pop_back();
    out->write(text);
    out->write(",\n \"annotations\": [");
    bool first = true;
    auto done = source.forEachAnnotation([&](const ExportSource::AnnotationRow& r) {
        json a = {{"tag", r.tag},
                  {"encounter", r.encounter},
                  {"footage", r.footage.empty() ? json(nullptr) : json(r.footage)},
                  {"camera", r.camera.empty() ? json(nullptr) : json(r.camera)},
                  {"coder", r.coder},
                  {"code", r.code},
                  {"group", r.group},
                  {"label", r.label},
                  {"kind", r.kind},
                  {"start_s", review::formatSeconds(r.startUs)},
                  {"end_s", r.endUs ? json(review::formatSeconds(*r.endUs)) : json(nullptr)},
                  {"start_us", r.startUs},
                  {"end_us", optJson(r.endUs)},
                  {"start_frame", optJson(r.startFrame)},
                  {"end_frame", optJson(r.endFrame)},
                  {"subject", r.subject.empty() ? json(nullptr) : json(r.subject)},
                  {"intensity", r.intensity.empty() ? json(nullptr) : json(std::stoi(r.intensity))},
                  {"value", r.value.empty() ? json(nullptr) : json(r.value)},
                  {"comment", r.comment},
                  {"codebook_version", r.codebookVersion},
                  {"created", review::isoTime(r.createdUs)},
                  {"changed", review::isoTime(r.changedUs)}};
        if (source.options().withTranscript)
            a["transcript"] = r.transcript;
        out->write(first ? "\n  " : ",\n  ");
        out->write(a.dump(-1, ' ', false, json::error_handler_t::replace));
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

} // namespace exchange
