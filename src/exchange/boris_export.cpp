#include "exchange/boris_export.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "common/json_text.hpp"
#include "common/output_file.hpp"
#include "common/version.hpp"
#include "exchange/boris_project.hpp"
#include "review/audit_log.hpp"
#include "review/codebook.hpp"
#include "review/ids.hpp"
#include "review/time_text.hpp"
#include "review/workspace.hpp"


namespace exchange {
namespace {

using nlohmann::json;
using ordered = nlohmann::ordered_json;

// BORIS plays at most eight media files side by side.
constexpr std::size_t kMaxPlayers = 8;

// The ethogram BORIS gets: the active codebook's taggable codes, then codes of older
// versions that tags still carry, added when first met.
class Ethogram {
public:
    struct Behaviour {
        std::string id, name, description, category, key;
        bool state = false;
        std::vector<std::string> values;
    };

    static common::Result<Ethogram> open(review::Workspace& ws)
    {
        auto active = review::activeCodebook(ws);
        if (!active)
            return active.error();
        auto books = review::listCodebooks(ws);
        if (!books)
            return books.error();
        Ethogram e;
        e.m_codebook = active->name + " version " + std::to_string(active->version);
        e.m_subjects = active->subjects;
        // Older versions first, so the latest definition of a retired code wins.
        for (const review::Codebook& book : *books)
            if (book.dbId != active->dbId)
                for (const review::Code& c : book.codes)
                    e.m_known[c.id] = {c, groupLabel(book, c.group), false};
        for (const review::Code& c : active->codes)
            e.m_known[c.id] = {c, groupLabel(*active, c.group), true};
        for (const review::Code& c : active->codes)
            if (c.isTaggable())
                e.add(c.id);
        return e;
    }

    // The behaviour of a code id, added to the ethogram when first met.
    const Behaviour& behaviour(const std::string& id, const std::string& label, const std::string& kind)
    {
        if (auto found = m_index.find(id); found != m_index.end())
            return m_behaviours[found->second];
        if (!m_known.count(id)) { // a code no stored codebook defines: what the tag says
            review::Code c;
            c.id = id;
            c.label = label;
            c.kind = kind;
            m_known[id] = {c, "", false};
        }
        return m_behaviours[add(id)];
    }

    // "2|None": the intensity, then the value for codes that carry one.
    static std::string modifier(const Behaviour& b, const std::string& intensity, const std::string& value)
    {
        std::string out = intensity.empty() ? "None" : intensity;
        if (!b.values.empty())
            out += "|" + (value.empty() ? std::string("None") : value);
        return out;
    }

    const std::vector<Behaviour>& behaviours() const { return m_behaviours; }
    const std::vector<std::string>& subjects() const { return m_subjects; }
    const std::string& codebook() const { return m_codebook; }

private:
    struct Known {
        review::Code code;
        std::string group;
        bool active = false;
    };

    static std::string groupLabel(const review::Codebook& book, const std::string& group)
    {
        for (const review::CodeGroup& g : book.groups)
            if (g.id == group)
                return g.label;
        return group;
    }

    std::size_t add(const std::string& id)
    {
        const Known& k = m_known.at(id);
        Behaviour b;
        b.id = id;
        // What BORIS users read is the label; a label two codes share gets the id beside it.
        b.name = k.code.label.empty() ? id : k.code.label;
        if (m_names.count(b.name))
            b.name += " (" + id + ")";
        b.description = id + (k.code.definition.empty() ? "" : ": " + k.code.definition);
        b.category = k.group;
        // BORIS keys are single keys; the codebook's plain one-character hotkeys are unique.
        if (k.active && k.code.hotkey && k.code.hotkey->size() == 1)
            b.key = *k.code.hotkey;
        b.state = k.code.isInterval();
        b.values = k.code.values;
        m_names.insert(b.name);
        m_index[id] = m_behaviours.size();
        m_behaviours.push_back(std::move(b));
        return m_behaviours.size() - 1;
    }

    std::string m_codebook;
    std::vector<std::string> m_subjects;
    std::map<std::string, Known> m_known;
    std::vector<Behaviour> m_behaviours;
    std::map<std::string, std::size_t> m_index;
    std::set<std::string> m_names;
};

std::string jsonString(const std::string& text) { return common::jsonText(json(text)); }

// As common::jsonText, keeping the keys in the order written (BORIS's own order) rather
// than converting to a sorted object.
std::string orderedText(const ordered& value, int indent = -1)
{
    return value.dump(indent, ' ', false, ordered::error_handler_t::replace);
}

// "2024-04-12T00:00:00" as BORIS writes dates, from an encounter's date field.
std::string borisDate(const std::string& isoDate)
{
    return review::isIsoDate(isoDate) ? isoDate + "T00:00:00" : std::string();
}

std::string description(ExportSource& source, const std::string& codebook, const std::string& head)
{
    return "Exported by bwv-review " + std::string(common::toolVersion()) + " on " + review::isoTime(review::nowUs())
           + ".\nCodebook: " + codebook + ".\nAudit log head: " + head + " (check with: bwv-review audit verify --head "
           + head + ").\nRedacted: " + (source.options().redact ? "yes" : "no")
           + ".\nPseudonymised: encounters and footage by keyed hash (enc-..., ftg-...), coders by pseudonym "
             "(coder-...). One observation per coder per encounter; times are seconds on the encounter's timeline. "
             "Behaviours are the codebook's codes: the code id begins each description.";
}

struct EncounterFacts {
    std::string date;
    std::vector<ExportSource::CameraRow> cameras; // by offset, as ExportSource sorts them
};

// One observation's JSON text: `rows` are one coder's tags on one encounter.
std::string observationText(Ethogram& ethogram, const EncounterFacts& facts, const std::string& encounter,
                            const std::string& coder, std::vector<ExportSource::AnnotationRow>& rows,
                            BorisExportCounts& counts)
{
    struct Event {
        int64_t us;
        int order; // STOP before START before POINT at one time, so touching intervals pair
        std::string text;
    };
    // Intervals of one behaviour, subject and modifiers that overlap cannot be told apart
    // by BORIS's toggling: merge them.
    struct Open {
        int64_t start, end;
        std::string comment;
        const Ethogram::Behaviour* b;
        std::string subject, modifier;
    };
    std::map<std::tuple<std::string, std::string, std::string>, std::vector<Open>> intervals;
    std::vector<Event> events;
    auto eventText = [](int64_t us, const std::string& subject, const std::string& name, const std::string& modifier,
                        const std::string& comment) {
        return "[" + borisSecondsText(us) + ", " + jsonString(subject) + ", " + jsonString(name) + ", "
               + jsonString(modifier) + ", " + jsonString(comment) + "]";
    };
    for (const ExportSource::AnnotationRow& r : rows) {
        const Ethogram::Behaviour& b = ethogram.behaviour(r.code, r.label, r.kind);
        const std::string modifier = Ethogram::modifier(b, r.intensity, r.value);
        if (!b.state) {
            events.push_back({r.startUs, 2, eventText(r.startUs, r.subject, b.name, modifier, r.comment)});
            continue;
        }
        const int64_t end = std::max(r.startUs, r.endUs.value_or(r.startUs));
        intervals[{b.id, r.subject, modifier}].push_back({r.startUs, end, r.comment, &b, r.subject, modifier});
    }
    for (auto& [key, list] : intervals) {
        std::stable_sort(list.begin(), list.end(), [](const Open& a, const Open& b) { return a.start < b.start; });
        std::vector<Open> merged;
        for (Open& o : list) {
            if (!merged.empty() && o.start < merged.back().end) {
                Open& last = merged.back();
                last.end = std::max(last.end, o.end);
                if (!o.comment.empty())
                    last.comment += (last.comment.empty() ? "" : " / ") + o.comment;
                ++counts.mergedTags;
                continue;
            }
            merged.push_back(std::move(o));
        }
        for (const Open& o : merged) {
            events.push_back({o.start, 1, eventText(o.start, o.subject, o.b->name, o.modifier, o.comment)});
            events.push_back({o.end, 0, eventText(o.end, o.subject, o.b->name, o.modifier, "")});
        }
    }
    std::stable_sort(events.begin(), events.end(),
                     [](const Event& a, const Event& b) { return a.us != b.us ? a.us < b.us : a.order < b.order; });
    counts.counts.rows += static_cast<int64_t>(events.size());

    const int64_t origin = facts.cameras.empty() ? 0 : facts.cameras.front().offsetUs;
    ordered o;
    o["date"] = borisDate(facts.date);
    o["description"] = "encounter " + encounter + ", coder " + coder;
    o["time offset"] = static_cast<double>(origin) / 1e6;
    ordered files = ordered::object(), length = ordered::object(), fps = ordered::object(),
            hasVideo = ordered::object(), hasAudio = ordered::object(), offsets = ordered::object();
    for (std::size_t i = 0; i < facts.cameras.size() && i < kMaxPlayers; ++i) {
        const ExportSource::CameraRow& c = facts.cameras[i];
        const std::string player = std::to_string(i + 1);
        files[player] = ordered::array({c.footage});
        offsets[player] = static_cast<double>(c.offsetUs - origin) / 1e6;
        if (c.seconds)
            length[c.footage] = *c.seconds;
        if (c.fps)
            fps[c.footage] = *c.fps;
        hasVideo[c.footage] = true;
        hasAudio[c.footage] = true; // body-worn footage records sound
    }
    if (facts.cameras.empty()) {
        o["type"] = "LIVE"; // tags without footage: BORIS has no media to play
        o["file"] = ordered::object();
        o["scan_sampling_time"] = 0;
    } else {
        o["type"] = "MEDIA";
        o["file"] = files;
        o["media_info"] = {{"length", length}, {"fps", fps}, {"hasVideo", hasVideo}, {"hasAudio", hasAudio},
                           {"offset", offsets}};
    }
    o["independent_variables"] = {{"encounter", encounter}, {"coder", coder}};
    o["close_behaviors_between_videos"] = false;
    o["visualize_spectrogram"] = false;
    o["visualize_waveform"] = false;
    o["events"] = ordered::array();
    std::string text = orderedText(o);
    text.resize(text.size() - 3); // "[]}" : the events are written by hand, with exact times
    text += "[";
    for (std::size_t i = 0; i < events.size(); ++i)
        text += (i ? ",\n   " : "\n   ") + events[i].text;
    text += "]}";
    return jsonString(encounter + " " + coder) + ": " + text;
}

} // namespace

common::Result<BorisExportCounts> writeBorisProject(ExportSource& source, const std::filesystem::path& file)
{
    auto out = common::OutputFile::create(file, source.options().output);
    if (!out)
        return out.error();
    auto ethogram = Ethogram::open(source.workspace());
    if (!ethogram)
        return ethogram.error();
    auto head = review::auditHead(source.workspace().db());
    if (!head)
        return head.error();
    std::map<std::string, EncounterFacts> encounters;
    for (const ExportSource::EncounterRow& e : source.encounters()) {
        EncounterFacts& facts = encounters[e.pseudonym];
        facts.cameras = e.cameras;
        for (const auto& [name, value] : e.fields)
            if (name == "date")
                facts.date = value;
    }
    const std::string now = review::isoTime(review::nowUs());
    ordered project;
    project["project_format_version"] = "7.0";
    project["project_name"] = "bwv-review export";
    project["project_date"] = now.substr(0, 19);
    project["project_description"] = description(source, ethogram->codebook(), head->text());
    project["time_format"] = "hh:mm:ss";
    ordered subjects = ordered::object();
    for (std::size_t i = 0; i < ethogram->subjects().size(); ++i)
        subjects[std::to_string(i)] = {{"key", ""}, {"name", ethogram->subjects()[i]}, {"description", ""}};
    project["subjects_conf"] = subjects;
    project["independent_variables"] = {
        {"0", {{"label", "encounter"}, {"description", "the encounter's keyed hash"}, {"type", "text"},
               {"default value", ""}, {"possible values", ""}}},
        {"1", {{"label", "coder"}, {"description", "the coder's pseudonym"}, {"type", "text"},
               {"default value", ""}, {"possible values", ""}}}};
    project["coding_map"] = ordered::object();
    project["behaviors_coding_map"] = ordered::array();
    project["converters"] = ordered::object();
    std::string text = orderedText(project, 1);
    text.pop_back(); // the closing brace: observations and the ethogram follow
    while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
        text.pop_back();
    out->write(text);
    out->write(",\n \"observations\": {");

    BorisExportCounts counts;
    std::vector<ExportSource::AnnotationRow> rows;
    bool first = true;
    auto flush = [&] {
        if (rows.empty())
            return;
        const std::string encounter = rows.front().encounter, coder = rows.front().coder;
        out->write(first ? "\n  " : ",\n  ");
        out->write(observationText(*ethogram, encounters[encounter], encounter, coder, rows, counts));
        first = false;
        rows.clear();
    };
    auto done = source.forEachAnnotation([&](const ExportSource::AnnotationRow& r) {
        if (!rows.empty() && (rows.front().encounter != r.encounter || rows.front().coder != r.coder))
            flush();
        rows.push_back(r);
        ++counts.counts.annotations;
    });
    if (!done)
        return done.error();
    flush();
    out->write("\n },\n");

    std::vector<std::string> categories;
    ordered behaviours = ordered::object();
    for (std::size_t i = 0; i < ethogram->behaviours().size(); ++i) {
        const Ethogram::Behaviour& b = ethogram->behaviours()[i];
        if (!b.category.empty() && std::find(categories.begin(), categories.end(), b.category) == categories.end())
            categories.push_back(b.category);
        ordered modifiers = {{"0", {{"name", "intensity"}, {"type", 0}, {"values", {"1", "2", "3"}}}}};
        if (!b.values.empty())
            modifiers["1"] = {{"name", "value"}, {"type", 0}, {"values", b.values}};
        behaviours[std::to_string(i)] = {{"type", b.state ? "State event" : "Point event"}, {"key", b.key},
                                         {"code", b.name}, {"description", b.description}, {"category", b.category},
                                         {"modifiers", modifiers}, {"excluded", ""}, {"coding map", ""}};
    }
    out->write(" \"behavioral_categories\": " + common::jsonText(categories) + ",\n");
    out->write(" \"behaviors_conf\": " + orderedText(behaviours, 1) + "\n}\n");
    if (auto ok = out->commit(); !ok)
        return ok.error();
    counts.counts.encounters = static_cast<int64_t>(source.encounters().size());
    return counts;
}

namespace {

// TSV cells cannot hold tabs or line breaks: they become spaces.
std::string tsvCell(const std::string& text)
{
    std::string out = text;
    for (char& c : out)
        if (c == '\t' || c == '\n' || c == '\r')
            c = ' ';
    return out;
}

} // namespace

common::Result<ExportCounts> writeBorisTsv(ExportSource& source, const std::filesystem::path& file)
{
    auto out = common::OutputFile::create(file, source.options().output);
    if (!out)
        return out.error();
    auto ethogram = Ethogram::open(source.workspace());
    if (!ethogram)
        return ethogram.error();
    ExportCounts counts;
    out->write("Observation id\tObservation date\tDescription\tMedia file\tTotal length\tFPS\tSubject\tBehavior\t"
               "Behavioral category\tModifiers\tBehavior type\tTime\tComment\tCoder\tCode\n");
    std::map<std::string, std::string> dates;
    for (const ExportSource::EncounterRow& e : source.encounters())
        for (const auto& [name, value] : e.fields)
            if (name == "date")
                dates[e.pseudonym] = value;
    // Events of an observation (one coder on one encounter) in time order: START/STOP rows
    // of intervals interleave with points, so rows are gathered per observation and sorted.
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
        const std::string observation = r.encounter + " " + r.coder;
        if (observation != current) {
            flush();
            current = observation;
        }
        const Ethogram::Behaviour& b = ethogram->behaviour(r.code, r.label, r.kind);
        const std::string modifiers = Ethogram::modifier(b, r.intensity, r.value);
        char length[32] = "NA", fps[32] = "NA";
        if (r.footageSeconds)
            std::snprintf(length, sizeof length, "%.3f", *r.footageSeconds);
        if (r.footageFps)
            std::snprintf(fps, sizeof fps, "%.3f", *r.footageFps);
        auto row = [&](const char* type, int64_t us, const std::string& comment) {
            return observation + "\t" + dates[r.encounter] + "\t\t" + (r.footage.empty() ? "NA" : r.footage) + "\t"
                   + length + "\t" + fps + "\t" + (r.subject.empty() ? "No focal subject" : r.subject) + "\t"
                   + tsvCell(b.name) + "\t" + tsvCell(b.category) + "\t" + tsvCell(modifiers) + "\t" + type + "\t"
                   + review::formatSeconds(us) + "\t" + tsvCell(comment) + "\t" + r.coder + "\t" + tsvCell(r.code)
                   + "\n";
        };
        if (r.kind == "interval") {
            events.push_back({r.startUs, 1, row("START", r.startUs, r.comment)});
            events.push_back({r.endUs.value_or(r.startUs), 0, row("STOP", r.endUs.value_or(r.startUs), "")});
        } else {
            events.push_back({r.startUs, 2, row("POINT", r.startUs, r.comment)});
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
