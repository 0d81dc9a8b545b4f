#include "review/annotation.hpp"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "common/json_text.hpp"
#include "review/audit_log.hpp"
#include "review/blind_coding.hpp"
#include "review/codebook.hpp"
#include "review/encounter.hpp"
#include "review/ids.hpp"
#include "review/people.hpp"
#include "review/visibility.hpp"
#include "review/time_text.hpp"
#include "review/workspace.hpp"
#include "store/database.hpp"

namespace review {

using nlohmann::json;

namespace {

constexpr int kUndoDepth = 1000; // steps kept per coder

constexpr std::string_view kCommentPlace = "annotation.comment";
constexpr std::string_view kBeforePlace = "undo_step.before_state";
constexpr std::string_view kAfterPlace = "undo_step.after_state";

const std::string kSelect =
    "SELECT a.id, a.uuid, a.encounter_id, e.reference, a.footage_id, a.codebook_id, cb.version, a.code, a.start_us,"
    " a.end_us, a.subject, a.intensity, a.value, a.comment, c.name, a.created_us, a.changed_us, a.deleted_us, a.coder_id,"
    " k.group_id, k.label, k.kind"
    " FROM annotation a JOIN encounter e ON e.id = a.encounter_id JOIN codebook cb ON cb.id = a.codebook_id"
    " JOIN person c ON c.id = a.coder_id JOIN code k ON k.codebook_id = a.codebook_id AND k.code = a.code";

// A row of kSelect as stored: the coder by their real name, the comment opened.
Annotation readAnnotation(const Workspace& ws, const store::Statement& s)
{
    Annotation a;
    a.id = s.getInt(0);
    a.uuid = s.getText(1);
    a.encounterId = s.getInt(2);
    a.encounterRef = s.getText(3);
    a.footageId = s.getOptInt(4);
    a.codebookId = s.getInt(5);
    a.codebookVersion = static_cast<int>(s.getInt(6));
    a.code = s.getText(7);
    a.startUs = s.getInt(8);
    a.endUs = s.getOptInt(9);
    a.subject = s.getOptText(10);
    if (auto i = s.getOptInt(11))
        a.intensity = static_cast<int>(*i);
    a.value = s.getOptText(12);
    a.comment = ws.readText(s.getBytes(13), kCommentPlace);
    a.coder = s.getText(14);
    a.createdUs = s.getInt(15);
    a.changedUs = s.getInt(16);
    a.deletedUs = s.getOptInt(17);
    a.coderId = s.getInt(18);
    a.codeGroup = s.getText(19);
    a.codeLabel = s.getText(20);
    a.codeKind = s.getText(21);
    return a;
}

common::Result<Annotation> loadById(Workspace& ws, int64_t id)
{
    auto stmt = ws.db().cached(kSelect + " WHERE a.id = ?");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, id);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return common::makeError(common::ErrorCode::NotFound, "there is no such tag", "tag " + std::to_string(id));
    Annotation a = readAnnotation(ws, *stmt);
    stmt->reset();
    return a;
}

// The editable state of an annotation: what undo and redo put back.
struct Snapshot {
    int64_t codebookId = 0;
    std::string code;
    int64_t startUs = 0;
    std::optional<int64_t> endUs;
    std::optional<std::string> subject;
    std::optional<int> intensity;
    std::optional<std::string> value;
    std::string comment;
    std::optional<int64_t> deletedUs;
};

Snapshot snapshotOf(const Annotation& a)
{
    return {a.codebookId, a.code, a.startUs, a.endUs, a.subject, a.intensity, a.value, a.comment, a.deletedUs};
}

template <typename T>
json opt(const std::optional<T>& v)
{
    return v ? json(*v) : json(nullptr);
}

json toJson(const Snapshot& s)
{
    return {{"codebook_id", s.codebookId}, {"code", s.code},         {"start_us", s.startUs},
            {"end_us", opt(s.endUs)},      {"subject", opt(s.subject)}, {"intensity", opt(s.intensity)},
            {"value", opt(s.value)},       {"comment", s.comment},   {"deleted_us", opt(s.deletedUs)}};
}

// A snapshot for an audit detail: the comment sealed, never in clear.
json auditJson(const Change& change, const Snapshot& s)
{
    json j = toJson(s);
    j["comment"] = change.sealForDetail(s.comment, "comment");
    return j;
}

template <typename T>
std::optional<T> optFrom(const json& j, const char* key)
{
    if (!j.contains(key) || j[key].is_null())
        return std::nullopt;
    return j[key].get<T>();
}

common::Result<Snapshot> snapshotFromJson(const std::string& text)
{
    json j = json::parse(text, nullptr, false);
    if (!j.is_object())
        return common::makeError(common::ErrorCode::Corrupt, "an undo step is damaged");
    try {
        Snapshot s;
        s.codebookId = j.at("codebook_id").get<int64_t>();
        s.code = j.at("code").get<std::string>();
        s.startUs = j.at("start_us").get<int64_t>();
        s.endUs = optFrom<int64_t>(j, "end_us");
        s.subject = optFrom<std::string>(j, "subject");
        s.intensity = optFrom<int>(j, "intensity");
        s.value = optFrom<std::string>(j, "value");
        s.comment = j.value("comment", "");
        s.deletedUs = optFrom<int64_t>(j, "deleted_us");
        return s;
    } catch (const json::exception&) {
        return common::makeError(common::ErrorCode::Corrupt, "an undo step is damaged");
    }
}

std::optional<std::string> normaliseSubject(const std::optional<std::string>& subject)
{
    if (!subject)
        return std::nullopt;
    std::string out;
    for (char c : *subject)
        out += (c == ' ' || c == '-') ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Checks one annotation's state against the codebook version it will carry.
common::Status validate(const Codebook& book, const Snapshot& s, bool openInterval, const std::string& what)
{
    auto bad = [&](const std::string& why) { return common::makeError(common::ErrorCode::Usage, why, what); };
    const Code* code = book.find(s.code);
    if (!code)
        return bad("the code " + s.code + " is not in the codebook " + book.name + " (version "
                   + std::to_string(book.version) + "); see: bwv-review codebook show");
    if (!code->isTaggable())
        return bad(s.code + " (" + code->label + ") is asked once on the encounter form, not tagged on the timeline: "
                   "use encounter add REF --set " + s.code + "=yes");
    if (s.startUs < 0)
        return bad("the start time is before the start of the encounter");
    if (code->isInterval()) {
        if (!s.endUs && !openInterval)
            return bad(s.code + " (" + code->label + ") is an interval: give its end time too");
        if (s.endUs && *s.endUs < s.startUs)
            return bad("the end time (" + formatSeconds(*s.endUs) + " s) is before the start ("
                       + formatSeconds(s.startUs) + " s)");
    } else if (s.endUs) {
        return bad(s.code + " (" + code->label + ") marks one moment: it takes no end time");
    }
    if (s.subject) {
        static const std::vector<std::string> kSubjects = {"officer", "person", "other_officer", "bystander"};
        if (std::find(kSubjects.begin(), kSubjects.end(), *s.subject) == kSubjects.end())
            return bad("the subject must be officer, person, other_officer or bystander, not \"" + *s.subject + "\"");
    }
    if (s.intensity && (*s.intensity < 1 || *s.intensity > 3))
        return bad("the intensity must be 1, 2 or 3");
    if (s.value) {
        if (code->values.empty())
            return bad(s.code + " takes no value");
        if (std::find(code->values.begin(), code->values.end(), *s.value) == code->values.end()) {
            std::string allowed;
            for (const std::string& v : code->values)
                allowed += (allowed.empty() ? "" : ", ") + v;
            return bad("\"" + *s.value + "\" is not a value of " + s.code + " (use one of: " + allowed + ")");
        }
    }
    return {};
}

common::Status pushUndo(Change& change, int64_t coderId, int64_t annotationId, const char* action,
                        const Snapshot& before, const Snapshot& after)
{
    store::Database& db = change.db();
    auto dropRedo = db.cached("DELETE FROM undo_step WHERE coder_id = ? AND undone = 1");
    if (!dropRedo)
        return dropRedo.error();
    dropRedo->bind(1, coderId);
    if (auto done = dropRedo->run(); !done)
        return done.error();
    auto insert = db.cached("INSERT INTO undo_step (coder_id, annotation_id, action, before_state, after_state, at_us)"
                            " VALUES (?, ?, ?, ?, ?, ?)");
    if (!insert)
        return insert.error();
    // Snapshots hold the comment: sealed like it.
    insert->bindAll(coderId, annotationId, action, store::Blob{change.sealText(common::jsonText(toJson(before)), kBeforePlace)},
                    store::Blob{change.sealText(common::jsonText(toJson(after)), kAfterPlace)}, nowUs());
    if (auto done = insert->run(); !done)
        return done.error();
    const int64_t stepId = db.lastInsertRowid();
    if (stepId % 64 == 0) { // prune now and then, not on every tag
        auto prune = db.cached("DELETE FROM undo_step WHERE coder_id = ? AND id <= ? - ?");
        if (!prune)
            return prune.error();
        prune->bindAll(coderId, stepId, static_cast<int64_t>(kUndoDepth) * 4);
        if (auto done = prune->run(); !done)
            return done.error();
    }
    return {};
}

common::Status writeSnapshot(Change& change, int64_t id, const Snapshot& s, int64_t now)
{
    auto update = change.db().cached("UPDATE annotation SET codebook_id = ?, code = ?, start_us = ?, end_us = ?, subject = ?,"
                                 " intensity = ?, value = ?, comment = ?, deleted_us = ?, changed_us = ? WHERE id = ?");
    if (!update)
        return update.error();
    update->bindAll(s.codebookId, s.code, s.startUs, s.endUs, s.subject, s.intensity, s.value,
                    store::Blob{change.sealText(s.comment, kCommentPlace)}, s.deletedUs, now, id);
    if (auto done = update->run(); !done)
        return done;
    change.seal(RowKind::Annotation, {id});
    return {};
}

common::Result<Annotation> insertOne(Change& change, const Codebook& book, int64_t coderId, const NewAnnotation& input,
                                     std::map<std::string, int64_t>& encounters, bool withUndo = true)
{
    Workspace& ws = change.workspace();
    auto found = encounters.find(input.encounterRef);
    if (found == encounters.end()) {
        auto id = encounterId(ws, input.encounterRef);
        if (!id)
            return id.error();
        if (auto open = requirePassOpen(ws, *id, coderId); !open)
            return open.error();
        found = encounters.emplace(input.encounterRef, *id).first;
    }
    Snapshot s{book.dbId, input.code, input.startUs, input.endUs, normaliseSubject(input.subject), input.intensity,
               input.value, input.comment, std::nullopt};
    if (input.openInterval) {
        const Code* code = book.find(input.code);
        if (code && !code->isInterval())
            return common::makeError(common::ErrorCode::Usage,
                                     input.code + " (" + code->label + ") marks one moment, not an interval",
                                     "encounter " + input.encounterRef);
        s.endUs.reset();
    }
    if (auto ok = validate(book, s, input.openInterval, "encounter " + input.encounterRef); !ok)
        return ok.error();
    if (input.footageId) {
        // A tag's camera is one of its encounter's: its frames are what the tag points at.
        auto linked = change.db().cached("SELECT 1 FROM encounter_footage WHERE encounter_id = ? AND footage_id = ?");
        if (!linked)
            return linked.error();
        linked->bindAll(found->second, *input.footageId);
        auto row = linked->step();
        if (!row)
            return row.error();
        linked->reset();
        if (!*row)
            return common::makeError(common::ErrorCode::InvalidInput, "this footage is not a camera of the encounter",
                                     "encounter " + input.encounterRef);
    }

    const std::string uuid = newUuid();
    const int64_t now = nowUs();
    auto insert = change.db().cached(
        "INSERT INTO annotation (uuid, encounter_id, footage_id, codebook_id, code, start_us, end_us, subject, intensity,"
        " value, comment, coder_id, created_us, changed_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!insert)
        return insert.error();
    insert->bindAll(uuid, found->second, input.footageId, s.codebookId, s.code, s.startUs, s.endUs, s.subject, s.intensity,
                    s.value, store::Blob{change.sealText(s.comment, kCommentPlace)}, coderId, now, now);
    if (auto done = insert->run(); !done)
        return done.error();
    const int64_t id = change.db().lastInsertRowid();
    change.seal(RowKind::Annotation, {id});
    if (withUndo) {
        Snapshot before = s;
        before.deletedUs = now; // undoing a creation deletes the tag
        if (auto done = pushUndo(change, coderId, id, "created", before, s); !done)
            return done.error();
    }
    return loadById(ws, id);
}

// The audit detail of a new tag.
json createdDetail(const Change& change, const Annotation& a)
{
    Snapshot s = snapshotOf(a);
    json detail = auditJson(change, s);
    detail.erase("deleted_us");
    detail["encounter"] = a.encounterRef;
    return detail;
}

common::Result<Annotation> findForChange(Workspace& ws, const std::string& uuid)
{
    auto annotation = findAnnotation(ws, uuid);
    if (!annotation)
        return annotation.error();
    if (annotation->deletedUs)
        return common::makeError(common::ErrorCode::NotFound, "this tag was deleted on " + isoTime(*annotation->deletedUs),
                                 "tag " + uuid);
    return annotation;
}

// Only a tag's author changes or deletes it (a lead adjudicates: a new consensus tag).
common::Status requireAuthor(Workspace& ws, const Annotation& a)
{
    if (a.coderId == ws.personId())
        return {};
    return common::makeError(common::ErrorCode::NotAllowed,
                             ws.personName() + " may not change or delete this tag: only the person who made it can",
                             "tag " + a.uuid);
}

// Applies `after` to an existing annotation with its undo step; the audit entry is the
// change's.
common::Result<Annotation> applyChange(Change& change, const Annotation& current, const Snapshot& after,
                                       const char* action, const char* auditAction)
{
    Workspace& ws = change.workspace();
    if (auto open = requirePassOpen(ws, current.encounterId, ws.personId()); !open)
        return open.error();
    const Snapshot before = snapshotOf(current);
    if (auto done = writeSnapshot(change, current.id, after, nowUs()); !done)
        return done.error();
    if (auto done = pushUndo(change, ws.personId(), current.id, action, before, after); !done)
        return done.error();
    change.setAction(auditAction);
    change.setItem(current.uuid);
    change.detail() = {{"before", auditJson(change, before)}, {"after", auditJson(change, after)}};
    return loadById(ws, current.id);
}

} // namespace

common::Result<std::vector<Annotation>> addAnnotations(Workspace& ws, const std::vector<NewAnnotation>& inputs)
{
    auto book = activeCodebook(ws);
    if (!book)
        return book.error();
    return ws.change(Action::Tag, "", [&](Change& change) -> common::Result<std::vector<Annotation>> {
        change.setAction("annotation.created");
        std::map<std::string, int64_t> encounters;
        std::vector<Annotation> added;
        added.reserve(inputs.size());
        json details = json::array();
        for (const NewAnnotation& input : inputs) {
            auto one = insertOne(change, *book, ws.personId(), input, encounters);
            if (!one)
                return one.error();
            if (inputs.size() == 1) {
                change.setItem(one->uuid);
                change.detail() = createdDetail(change, *one);
            } else if (details.size() < 1000) {
                details.push_back(one->uuid);
            }
            added.push_back(std::move(*one));
        }
        if (inputs.size() != 1)
            change.detail() = {{"tags", added.size()}, {"uuids", details}};
        return added;
    });
}

common::Result<Annotation> addTagFor(Change& change, const NewAnnotation& input, int64_t coderId)
{
    auto book = activeCodebook(change.workspace());
    if (!book)
        return book.error();
    std::map<std::string, int64_t> encounters;
    return insertOne(change, *book, coderId, input, encounters, false);
}

common::Result<Annotation> addAnnotation(Workspace& ws, const NewAnnotation& input)
{
    auto added = addAnnotations(ws, {input});
    if (!added)
        return added.error();
    return std::move(added->front());
}

common::Result<Annotation> startIntervalTag(Workspace& ws, const NewAnnotation& input)
{
    NewAnnotation open = input;
    open.openInterval = true;
    open.endUs.reset();
    return addAnnotation(ws, open);
}

common::Result<Annotation> stopIntervalTag(Workspace& ws, const std::string& uuid, int64_t endUs)
{
    AnnotationChange change;
    change.endUs = endUs;
    return changeAnnotation(ws, uuid, change);
}

common::Result<std::vector<Annotation>> openIntervals(Workspace& ws, const std::string& encounterRef)
{
    AnnotationFilter filter;
    filter.encounterRef = encounterRef;
    filter.onlyMine = true;
    auto all = listAnnotations(ws, filter);
    if (!all)
        return all.error();
    auto book = activeCodebook(ws);
    if (!book)
        return book.error();
    std::vector<Annotation> open;
    for (Annotation& a : *all) {
        if (a.endUs)
            continue;
        auto version = a.codebookId == book->dbId ? book : codebookById(ws, a.codebookId);
        if (!version)
            return version.error();
        if (const Code* code = version->find(a.code); code && code->isInterval())
            open.push_back(std::move(a));
    }
    return open;
}

common::Result<Annotation> changeAnnotation(Workspace& ws, const std::string& uuid, const AnnotationChange& change)
{
    return ws.change(Action::Tag, uuid, [&](Change& ch) -> common::Result<Annotation> {
        auto current = findForChange(ws, uuid);
        if (!current)
            return current.error();
        if (auto author = requireAuthor(ws, *current); !author)
            return author.error();
        Snapshot after = snapshotOf(*current);
        bool openInterval = !current->endUs; // an interval still being recorded may stay open
        if (change.code && *change.code != current->code) {
            auto book = activeCodebook(ws); // a new code comes from the codebook in use now
            if (!book)
                return book.error();
            after.codebookId = book->dbId;
            after.code = *change.code;
        }
        if (change.startUs)
            after.startUs = *change.startUs;
        if (change.endUs) {
            after.endUs = *change.endUs;
            if (after.endUs)
                openInterval = false;
        }
        if (change.subject)
            after.subject = normaliseSubject(*change.subject);
        if (change.intensity)
            after.intensity = *change.intensity;
        if (change.value)
            after.value = *change.value;
        if (change.comment)
            after.comment = *change.comment;
        auto book = after.codebookId == current->codebookId ? codebookById(ws, after.codebookId) : activeCodebook(ws);
        if (!book)
            return book.error();
        if (auto ok = validate(*book, after, openInterval, "tag " + uuid); !ok)
            return ok.error();
        return applyChange(ch, *current, after, "changed", "annotation.changed");
    });
}

common::Result<Annotation> deleteAnnotation(Workspace& ws, const std::string& uuid)
{
    return ws.change(Action::Tag, uuid, [&](Change& ch) -> common::Result<Annotation> {
        auto current = findForChange(ws, uuid);
        if (!current)
            return current.error();
        if (auto author = requireAuthor(ws, *current); !author)
            return author.error();
        Snapshot after = snapshotOf(*current);
        after.deletedUs = nowUs();
        return applyChange(ch, *current, after, "deleted", "annotation.deleted");
    });
}

common::Result<Annotation> findAnnotation(Workspace& ws, const std::string& uuid)
{
    auto stmt = ws.db().cached(kSelect + " WHERE a.uuid = lower(?)");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, uuid);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return common::makeError(common::ErrorCode::NotFound, "there is no such tag", "tag " + uuid);
    Annotation a = readAnnotation(ws, *stmt);
    stmt->reset();
    return a;
}

common::Status forEachVisibleTag(Workspace& ws, const AnnotationFilter& filter,
                                 const std::function<void(const Annotation&)>& onTag)
{
    if (auto allowed = ws.require(Action::ReadTags); !allowed)
        return allowed;
    std::string sql = kSelect + " WHERE 1";
    std::vector<std::string> params;
    if (filter.encounterRef) {
        auto id = encounterId(ws, *filter.encounterRef);
        if (!id)
            return id.error();
        sql += " AND a.encounter_id = " + std::to_string(*id);
    }
    if (filter.screeningId)
        sql += " AND a.encounter_id IN (SELECT encounter_id FROM screening_encounter WHERE screening_id = "
               + std::to_string(*filter.screeningId) + ")";
    if (filter.onlyMine)
        sql += " AND a.coder_id = " + std::to_string(ws.personId());
    if (filter.code) {
        sql += " AND a.code = ?" + std::to_string(params.size() + 1);
        params.push_back(*filter.code);
    }
    if (!filter.includeDeleted)
        sql += " AND a.deleted_us IS NULL";
    if (!filter.allCoders) {
        auto visible = visibleTagsCondition(ws, "a");
        if (!visible)
            return visible.error();
        sql += " AND " + *visible;
    }
    sql += filter.order == AnnotationOrder::ByEncounterCoderStart
               ? " ORDER BY a.encounter_id, a.coder_id, a.start_us, a.id"
               : " ORDER BY e.reference, a.start_us, a.id";
    auto stmt = ws.db().prepare(sql);
    if (!stmt)
        return stmt.error();
    for (size_t i = 0; i < params.size(); ++i)
        stmt->bind(static_cast<int>(i + 1), params[i]);
    PersonNames names(ws);
    return stmt->eachRow([&] {
        Annotation a = readAnnotation(ws, *stmt);
        a.coder = names.shown(a.encounterId, a.coderId, a.coder);
        // The coder filter matches the name as the reader sees it ("Member 2" for a member).
        if (filter.coder && a.coder != *filter.coder)
            return;
        onTag(a);
    });
}

common::Result<std::vector<Annotation>> listAnnotations(Workspace& ws, const AnnotationFilter& filter)
{
    std::vector<Annotation> out;
    if (auto done = forEachVisibleTag(ws, filter, [&](const Annotation& a) { out.push_back(a); }); !done)
        return done.error();
    return out;
}

common::Result<std::set<int64_t>> visibleTaggers(Workspace& ws, const AnnotationFilter& filter)
{
    if (auto allowed = ws.require(Action::ReadTags); !allowed)
        return allowed.error();
    auto visible = visibleTagsCondition(ws, "a");
    if (!visible)
        return visible.error();
    std::string sql = "SELECT DISTINCT a.coder_id FROM annotation a WHERE " + *visible;
    if (!filter.includeDeleted)
        sql += " AND a.deleted_us IS NULL";
    if (filter.screeningId)
        sql += " AND a.encounter_id IN (SELECT encounter_id FROM screening_encounter WHERE screening_id = "
               + std::to_string(*filter.screeningId) + ")";
    auto stmt = ws.db().prepare(sql);
    if (!stmt)
        return stmt.error();
    std::set<int64_t> people;
    if (auto done = stmt->eachRow([&] { people.insert(stmt->getInt(0)); }); !done)
        return done.error();
    return people;
}

common::Result<std::map<int64_t, int64_t>> visibleTagCounts(Workspace& ws, const AnnotationFilter& filter)
{
    if (auto allowed = ws.require(Action::ReadTags); !allowed)
        return allowed.error();
    auto visible = visibleTagsCondition(ws, "a");
    if (!visible)
        return visible.error();
    std::string sql = "SELECT a.encounter_id, count(*) FROM annotation a WHERE " + *visible;
    if (!filter.includeDeleted)
        sql += " AND a.deleted_us IS NULL";
    if (filter.screeningId)
        sql += " AND a.encounter_id IN (SELECT encounter_id FROM screening_encounter WHERE screening_id = "
               + std::to_string(*filter.screeningId) + ")";
    auto stmt = ws.db().prepare(sql + " GROUP BY a.encounter_id");
    if (!stmt)
        return stmt.error();
    std::map<int64_t, int64_t> counts;
    if (auto done = stmt->eachRow([&] { counts[stmt->getInt(0)] = stmt->getInt(1); }); !done)
        return done.error();
    return counts;
}

common::Result<std::map<std::string, int64_t>> visibleTagCountsByCode(Workspace& ws)
{
    if (auto allowed = ws.require(Action::ReadTags); !allowed)
        return allowed.error();
    auto visible = visibleTagsCondition(ws, "a");
    if (!visible)
        return visible.error();
    auto stmt = ws.db().prepare("SELECT a.code, count(*) FROM annotation a WHERE a.deleted_us IS NULL AND " + *visible
                                + " GROUP BY a.code");
    if (!stmt)
        return stmt.error();
    std::map<std::string, int64_t> counts;
    if (auto done = stmt->eachRow([&] { counts[stmt->getText(0)] = stmt->getInt(1); }); !done)
        return done.error();
    return counts;
}

common::Result<std::optional<int64_t>> visibleTagCountOn(Workspace& ws, int64_t encounterId)
{
    if (!allows(ws.roles(), Action::ReadTags))
        return std::optional<int64_t>();
    auto counts = visibleTagCounts(ws, {});
    if (!counts)
        return counts.error();
    auto found = counts->find(encounterId);
    return std::optional<int64_t>(found == counts->end() ? 0 : found->second);
}

common::Result<std::vector<Annotation>> readTags(Workspace& ws, const AnnotationFilter& filter)
{
    auto tags = listAnnotations(ws, filter);
    if (!tags)
        return tags.error();
    json detail = {{"tags", tags->size()}};
    if (filter.encounterRef)
        detail["encounter"] = *filter.encounterRef;
    if (auto logged = ws.recordEvent("tag.read", filter.encounterRef.value_or(""), detail); !logged)
        return logged.error();
    return tags;
}

common::Result<std::vector<AnnotationLane>> annotationLanes(Workspace& ws, const std::string& encounterRef)
{
    AnnotationFilter filter;
    filter.encounterRef = encounterRef;
    auto all = listAnnotations(ws, filter);
    if (!all)
        return all.error();
    std::map<std::string, std::vector<Annotation>> byCoder;
    for (Annotation& a : *all)
        byCoder[a.coder].push_back(std::move(a));
    std::vector<AnnotationLane> lanes;
    for (auto& [coder, annotations] : byCoder)
        lanes.push_back({coder, std::move(annotations)});
    return lanes;
}

namespace {

common::Result<std::optional<Annotation>> undoOrRedo(Workspace& ws, bool isUndo)
{
    return ws.change(Action::Tag, "", [&](Change& change) -> common::Result<std::optional<Annotation>> {
        const int64_t coder = ws.personId();
        auto step = change.db().cached(isUndo ? "SELECT id, annotation_id, before_state, action FROM undo_step"
                                                " WHERE coder_id = ? AND undone = 0 ORDER BY id DESC LIMIT 1"
                                              : "SELECT id, annotation_id, after_state, action FROM undo_step"
                                                " WHERE coder_id = ? AND undone = 1 ORDER BY id LIMIT 1");
        if (!step)
            return step.error();
        step->bind(1, coder);
        auto row = step->step();
        if (!row)
            return row.error();
        if (!*row) {
            change.markUnchanged();
            return std::optional<Annotation>();
        }
        const int64_t stepId = step->getInt(0);
        const int64_t annotationId = step->getInt(1);
        auto target = snapshotFromJson(ws.readText(step->getBytes(2), isUndo ? kBeforePlace : kAfterPlace));
        const std::string action = step->getText(3);
        step->reset();
        if (!target)
            return target.error();
        auto current = loadById(ws, annotationId);
        if (!current)
            return current.error();
        if (auto open = requirePassOpen(ws, current->encounterId, coder); !open)
            return open.error();
        const Snapshot before = snapshotOf(*current);
        if (auto done = writeSnapshot(change, annotationId, *target, nowUs()); !done)
            return done.error();
        auto mark = change.db().cached("UPDATE undo_step SET undone = ? WHERE id = ?");
        if (!mark)
            return mark.error();
        mark->bindAll(isUndo ? 1 : 0, stepId);
        if (auto done = mark->run(); !done)
            return done.error();
        change.setAction(!before.deletedUs && target->deletedUs ? "annotation.deleted" : "annotation.changed");
        change.setItem(current->uuid);
        change.detail() = {{"via", isUndo ? "undo" : "redo"},
                           {"of", action},
                           {"before", auditJson(change, before)},
                           {"after", auditJson(change, *target)}};
        auto now = loadById(ws, annotationId);
        if (!now)
            return now.error();
        return std::optional<Annotation>(std::move(*now));
    });
}

} // namespace

common::Result<std::optional<Annotation>> undo(Workspace& ws) { return undoOrRedo(ws, true); }
common::Result<std::optional<Annotation>> redo(Workspace& ws) { return undoOrRedo(ws, false); }

} // namespace review
