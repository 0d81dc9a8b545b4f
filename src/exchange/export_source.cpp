#include "exchange/research_export.hpp"

#include <algorithm>
#include <set>
#include <system_error>

#include "media/frame_index.hpp"
#include "review/adjudication.hpp"
#include "review/annotation.hpp"
#include "review/codebook.hpp"
#include "review/encounter.hpp"
#include "review/encounter_form.hpp"
#include "review/feedback.hpp"
#include "review/footage.hpp"
#include "review/people.hpp"
#include "review/screening.hpp"
#include "review/workspace.hpp"

namespace exchange {
namespace {

// Tags and decisions leave by keyed hash like encounters: their UUIDs link a decision to its
// sources without naming rows of the panel's database.
std::string tagPseudonym(const Pseudonymiser& p, const std::string& uuid) { return "tag-" + p.hmacHex("tag:" + uuid).substr(0, 16); }
std::string decisionPseudonym(const Pseudonymiser& p, const std::string& uuid) { return "dec-" + p.hmacHex("decision:" + uuid).substr(0, 16); }

bool isFreeTextFeedback(const std::string& question)
{
    for (const review::FeedbackQuestion& q : review::feedbackQuestions())
        if (q.id == question)
            return q.choices.empty();
    return false;
}

} // namespace

std::string ExportSource::outgoing(const std::string& text) const
{
    if (!m_options.redact || text.empty())
        return text;
    auto found = findPii(text);
    return found.empty() ? text : redactPii(text, found);
}

common::Result<ExportSource> ExportSource::open(review::Workspace& ws, const ResearchExportOptions& options)
{
    auto pseudonymiser = Pseudonymiser::open(ws);
    if (!pseudonymiser)
        return pseudonymiser.error();
    ExportSource source(ws, std::move(*pseudonymiser), options);
    std::optional<std::set<std::string>> inScope;
    if (options.screening) {
        auto screening = review::findScreening(ws, *options.screening);
        if (!screening)
            return screening.error();
        source.m_screeningId = screening->id;
        inScope = std::set<std::string>(screening->encounterRefs.begin(), screening->encounterRefs.end());
    }
    auto footage = review::listFootage(ws);
    if (!footage)
        return footage.error();
    for (const review::Footage& f : *footage) {
        FootageFacts facts{source.m_pseudonymiser.footage(f.sha256), std::nullopt, f.fps, review::incompleteRecordingText(f),
                           f.path, f.sizeBytes, f.frames};
        if (f.durationUs)
            facts.seconds = static_cast<double>(*f.durationUs) / 1e6;
        source.m_footage[f.id] = std::move(facts);
    }
    review::AnnotationFilter scope;
    scope.screeningId = source.m_screeningId;
    auto counts = review::visibleTagCounts(ws, scope);
    if (!counts)
        return counts.error();
    auto encounters = review::listEncounters(ws);
    if (!encounters)
        return encounters.error();
    std::set<std::string> codeFields;
    for (const review::Encounter& e : *encounters)
        for (const auto& [field, value] : e.fields)
            if (!review::findFormField(field))
                codeFields.insert(field);
    for (const review::FormField& f : review::encounterFormFields())
        source.m_encounterColumns.emplace_back(f.name);
    source.m_encounterColumns.insert(source.m_encounterColumns.end(), codeFields.begin(), codeFields.end());
    for (const review::Encounter& e : *encounters) { // listEncounters orders by reference
        if (inScope && !inScope->count(e.reference))
            continue;
        EncounterRow row;
        row.id = e.id;
        row.reference = e.reference;
        row.pseudonym = source.m_pseudonymiser.encounter(e.reference);
        auto count = counts->find(e.id);
        row.tags = count == counts->end() ? 0 : count->second;
        for (const std::string& column : source.m_encounterColumns) {
            auto found = e.fields.find(column);
            std::string value = found == e.fields.end() ? std::string() : found->second;
            const review::FormField* f = review::findFormField(column);
            if (f && f->mayHoldNames)
                value = source.outgoing(value);
            row.fields.emplace_back(column, std::move(value));
        }
        for (const review::EncounterFootage& link : e.footage) {
            CameraRow camera{link.footageId, source.m_pseudonymiser.footage(link.sha256), source.outgoing(link.label),
                             link.offsetUs, std::nullopt, std::nullopt, {}};
            if (auto facts = source.m_footage.find(link.footageId); facts != source.m_footage.end()) {
                camera.seconds = facts->second.seconds;
                camera.fps = facts->second.fps;
                camera.incomplete = facts->second.incomplete;
            }
            row.cameras.push_back(std::move(camera));
        }
        std::sort(row.cameras.begin(), row.cameras.end(),
                  [](const CameraRow& a, const CameraRow& b) { return a.offsetUs < b.offsetUs; });
        source.m_encounters.push_back(std::move(row));
    }
    return source;
}

common::Result<std::vector<PiiNotice>> ExportSource::scanFreeText()
{
    std::vector<PiiNotice> notices;
    auto check = [&](const std::string& table, const std::string& row, const std::string& field, const std::string& text) {
        if (text.empty())
            return;
        for (const PiiFinding& f : findPii(text))
            notices.push_back({table, row, field, f.kind});
    };
    review::AnnotationFilter scope;
    scope.screeningId = m_screeningId;
    if (auto done = review::forEachVisibleTag(*m_ws, scope, [&](const review::Annotation& a) {
            check("annotations", "tag " + a.uuid, "comment", a.comment);
            if (m_options.withTranscript)
                check("annotations", "tag " + a.uuid, "transcript", transcriptOf(a));
        });
        !done)
        return done.error();
    // Encounter text: check the stored values, not the (maybe redacted) copies.
    auto encounters = review::listEncounters(*m_ws);
    if (!encounters)
        return encounters.error();
    std::set<int64_t> inScope;
    for (const EncounterRow& e : m_encounters)
        inScope.insert(e.id);
    for (const review::Encounter& e : *encounters) {
        if (!inScope.count(e.id))
            continue;
        for (const auto& [field, value] : e.fields) {
            const review::FormField* f = review::findFormField(field);
            if (f && f->mayHoldNames)
                check("encounters", "encounter " + e.reference, field, value);
        }
        for (const review::EncounterFootage& link : e.footage)
            check("encounters", "encounter " + e.reference, "camera label", link.label);
        if (auto decided = review::listDecisions(*m_ws, e.reference))
            for (const review::Decision& d : *decided)
                check("decisions", "decision " + d.uuid, "reason", d.reason);
    }
    auto screenings = review::listScreenings(*m_ws);
    if (!screenings)
        return screenings.error();
    for (const review::Screening& s : *screenings) {
        if (m_screeningId && s.id != *m_screeningId)
            continue;
        check("screenings", "screening " + s.uuid, "name", s.name);
        check("screenings", "screening " + s.uuid, "panel", s.panel);
    }
    auto feedback = review::feedbackForExport(*m_ws, m_screeningId);
    if (!feedback)
        return feedback.error();
    std::map<int64_t, std::string> references;
    for (const EncounterRow& e : m_encounters)
        references[e.id] = e.reference;
    for (const review::FeedbackAnswerRow& f : *feedback)
        if (isFreeTextFeedback(f.question) || f.question == "themes")
            check("feedback", "encounter " + references[f.encounterId] + " in screening " + f.screeningName, f.question,
                  f.value);
    return notices;
}

common::Result<std::vector<ExportSource::FeedbackRow>> ExportSource::feedback()
{
    std::map<int64_t, std::string> pseudonymOf;
    for (const EncounterRow& e : m_encounters)
        pseudonymOf[e.id] = e.pseudonym;
    auto rows = review::feedbackForExport(*m_ws, m_screeningId);
    if (!rows)
        return rows.error();
    std::vector<FeedbackRow> out;
    for (const review::FeedbackAnswerRow& f : *rows) {
        auto enc = pseudonymOf.find(f.encounterId);
        if (enc == pseudonymOf.end())
            continue;
        const bool text = isFreeTextFeedback(f.question) || f.question == "themes";
        out.push_back({outgoing(f.screeningName), enc->second, m_pseudonymiser.coder(f.personId), f.question,
                       text ? outgoing(f.value) : f.value});
    }
    return out;
}

common::Result<std::set<int64_t>> ExportSource::peopleInScope()
{
    review::AnnotationFilter scope;
    scope.screeningId = m_screeningId;
    auto people = review::visibleTaggers(*m_ws, scope);
    if (!people)
        return people.error();
    auto feedback = review::feedbackForExport(*m_ws, m_screeningId);
    if (!feedback)
        return feedback.error();
    for (const review::FeedbackAnswerRow& f : *feedback)
        people->insert(f.personId);
    return people;
}

common::Result<std::vector<std::string>> ExportSource::coders()
{
    auto people = peopleInScope();
    if (!people)
        return people.error();
    std::vector<std::string> out;
    for (int64_t id : *people)
        out.push_back(m_pseudonymiser.coder(id));
    return out;
}

common::Result<std::vector<std::pair<std::string, std::string>>> ExportSource::pseudonymKey()
{
    auto people = peopleInScope();
    if (!people)
        return people.error();
    auto decided = decisions();
    if (!decided)
        return decided.error();
    for (const DecisionRow& d : *decided)
        people->insert(d.decidedById);
    std::map<std::string, std::string> key; // pseudonym -> name, in pseudonym order
    for (int64_t id : *people)
        key[m_pseudonymiser.coder(id)] = review::personNameById(*m_ws, id);
    return std::vector<std::pair<std::string, std::string>>(key.begin(), key.end());
}

common::Result<std::vector<ExportSource::ScreeningRow>> ExportSource::screenings()
{
    std::map<std::string, std::string> pseudonymOf;
    for (const EncounterRow& e : m_encounters)
        pseudonymOf[e.reference] = e.pseudonym;
    auto all = review::listScreenings(*m_ws);
    if (!all)
        return all.error();
    std::vector<ScreeningRow> out;
    for (const review::Screening& s : *all) {
        if (m_screeningId && s.id != *m_screeningId)
            continue;
        ScreeningRow row{outgoing(s.name), outgoing(s.panel), outgoing(s.force), s.date, s.venue, s.selection,
                         s.attendees, {}};
        for (const std::string& ref : s.encounterRefs)
            if (auto found = pseudonymOf.find(ref); found != pseudonymOf.end())
                row.encounters.push_back(found->second);
        if (m_screeningId || !row.encounters.empty() || s.encounterRefs.empty())
            out.push_back(std::move(row));
    }
    return out;
}

common::Status ExportSource::forEachAnnotation(const std::function<void(const AnnotationRow&)>& emit)
{
    std::map<int64_t, const EncounterRow*> encounters;
    int64_t total = 0, done = 0;
    for (const EncounterRow& e : m_encounters) {
        encounters[e.id] = &e;
        total += e.tags;
    }
    review::AnnotationFilter scope;
    scope.screeningId = m_screeningId;
    scope.order = review::AnnotationOrder::ByEncounterCoderStart;
    bool cancelled = false;
    AnnotationRow r;
    auto walked = review::forEachVisibleTag(*m_ws, scope, [&](const review::Annotation& a) {
        if (cancelled)
            return;
        if (m_progress && ++done % 1000 == 0
            && !m_progress(total > 0 ? std::min(1.0, static_cast<double>(done) / static_cast<double>(total)) : 0.0)) {
            cancelled = true;
            return;
        }
        auto enc = encounters.find(a.encounterId);
        if (enc == encounters.end())
            return;
        r.uuid = a.uuid;
        r.tag = tagPseudonym(m_pseudonymiser, a.uuid);
        r.encounter = enc->second->pseudonym;
        r.footage.clear();
        r.camera.clear();
        r.footageSeconds.reset();
        r.footageFps.reset();
        r.startFrame.reset();
        r.endFrame.reset();
        if (a.footageId)
            if (auto f = m_footage.find(*a.footageId); f != m_footage.end()) {
                r.footage = f->second.pseudonym;
                r.footageSeconds = f->second.seconds;
                r.footageFps = f->second.fps;
                for (const CameraRow& c : enc->second->cameras)
                    if (c.footageId == *a.footageId) {
                        r.camera = c.label;
                        r.startFrame = frameAt(a.encounterId, c.footageId, a.startUs - c.offsetUs);
                        if (a.endUs)
                            r.endFrame = frameAt(a.encounterId, c.footageId, *a.endUs - c.offsetUs);
                    }
            }
        r.coder = m_pseudonymiser.coder(a.coderId);
        r.code = a.code;
        r.group = a.codeGroup;
        r.label = a.codeLabel;
        r.kind = a.codeKind;
        r.startUs = a.startUs;
        r.endUs = a.endUs;
        r.subject = a.subject.value_or("");
        r.intensity = a.intensity ? std::to_string(*a.intensity) : std::string();
        r.value = a.value.value_or("");
        r.comment = outgoing(a.comment);
        r.transcript = m_options.withTranscript ? outgoing(transcriptOf(a)) : std::string();
        r.codebookVersion = a.codebookVersion;
        r.createdUs = a.createdUs;
        r.changedUs = a.changedUs;
        emit(r);
    });
    if (!walked)
        return walked;
    if (cancelled)
        return common::makeError(common::ErrorCode::Cancelled, "the export was cancelled");
    if (m_progress)
        m_progress(1.0);
    return {};
}

const std::vector<review::EncounterCue>& ExportSource::cuesOf(int64_t encounterId)
{
    if (encounterId != m_cuesOf) {
        m_cuesOf = encounterId;
        m_cues.clear();
        for (const EncounterRow& e : m_encounters)
            if (e.id == encounterId)
                if (auto cues = review::encounterCues(*m_ws, e.reference))
                    m_cues = std::move(*cues);
    }
    return m_cues;
}

std::string ExportSource::transcriptOf(const review::Annotation& a)
{
    const auto& cues = cuesOf(a.encounterId);
    std::string text;
    for (const review::EncounterCue* cue : review::cuesCovering(cues, a.footageId, a.startUs, a.endUs.value_or(a.startUs))) {
        if (cue->text.empty())
            continue;
        std::string line = cue->speaker.empty() ? cue->text : cue->speaker + ": " + cue->text;
        for (char& c : line)
            if (c == '\n')
                c = ' ';
        text += (text.empty() ? "" : " / ") + line;
    }
    return text;
}

std::optional<int64_t> ExportSource::frameAt(int64_t encounterId, int64_t footageId, int64_t mediaUs)
{
    if (encounterId != m_indexesOf) { // tags come by encounter: one encounter's indexes at a time
        m_indexesOf = encounterId;
        m_indexes.clear();
    }
    auto [slot, isNew] = m_indexes.try_emplace(footageId);
    if (isNew) {
        auto facts = m_footage.find(footageId);
        std::error_code error;
        // The registered file only: same size, and the same number of frames once indexed.
        if (facts != m_footage.end() && !facts->second.path.empty()
            && std::filesystem::file_size(facts->second.path, error) == static_cast<uintmax_t>(facts->second.sizeBytes) && !error)
            if (auto index = media::FrameIndex::build(facts->second.path);
                index && index->frameCount() > 0 && (!facts->second.frames || *facts->second.frames == index->frameCount()))
                slot->second = std::make_shared<const media::FrameIndex>(std::move(*index));
    }
    const media::FrameIndex* index = slot->second.get();
    if (!index || mediaUs < 0 || mediaUs >= index->durationUs())
        return std::nullopt;
    return index->frameAtTime(mediaUs);
}

common::Result<std::vector<ExportSource::DecisionRow>> ExportSource::decisions()
{
    auto books = review::listCodebooks(*m_ws);
    if (!books)
        return books.error();
    auto codeOf = [&](const std::string& id) -> const review::Code* {
        for (auto book = books->rbegin(); book != books->rend(); ++book) // the latest version naming it
            for (const review::Code& c : book->codes)
                if (c.id == id)
                    return &c;
        return nullptr;
    };
    std::vector<DecisionRow> out;
    for (const EncounterRow& e : m_encounters) {
        auto list = review::listDecisions(*m_ws, e.reference);
        if (!list) {
            if (list.error().code == common::ErrorCode::NotAllowed)
                continue; // a blind encounter before this person's pass: its decisions stay unseen
            return list.error();
        }
        for (const review::Decision& d : *list) {
            DecisionRow row;
            row.decision = decisionPseudonym(m_pseudonymiser, d.uuid);
            row.encounter = e.pseudonym;
            row.code = d.code;
            if (const review::Code* code = codeOf(d.code)) {
                row.group = code->group;
                row.label = code->label;
                row.kind = code->kind;
            }
            row.startUs = d.startUs;
            row.endUs = d.endUs;
            row.outcome = d.annotationUuid ? "tag" : "nothing happened";
            if (d.annotationUuid)
                row.consensusTag = tagPseudonym(m_pseudonymiser, *d.annotationUuid);
            for (const std::string& source : d.sources)
                row.sources.push_back(tagPseudonym(m_pseudonymiser, source));
            row.reason = outgoing(d.reason);
            row.decidedById = m_pseudonymiser.coderByNameOrPseudonym(d.decidedBy);
            row.decidedBy = m_pseudonymiser.coder(row.decidedById);
            row.decidedUs = d.decidedUs;
            out.push_back(std::move(row));
        }
    }
    return out;
}

} // namespace exchange
