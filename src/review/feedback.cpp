#include "review/feedback.hpp"

#include <algorithm>
#include <cctype>

#include "review/codebook.hpp"
#include "review/encounter.hpp"
#include "review/ids.hpp"
#include "review/screening.hpp"
#include "review/time_text.hpp"
#include "review/visibility.hpp"
#include "review/workspace.hpp"
#include "store/database.hpp"

namespace review {
namespace {

const std::vector<FeedbackQuestion>& questions()
{
    static const std::vector<std::string_view> kYesNoUnclear = {"yes", "no", "unclear"};
    static const std::vector<std::string_view> kScale = {"1", "2", "3", "4", "5"};
    static const std::vector<FeedbackQuestion> kQuestions = {
        {"rating", "Overall rating", {"good_practice", "adequate", "concern"}, false},
        {"gowisely.G", "Grounds given", kYesNoUnclear, false},
        {"gowisely.O", "Object of search given", kYesNoUnclear, false},
        {"gowisely.W", "Warrant card shown", kYesNoUnclear, false},
        {"gowisely.I", "Officer identity given", kYesNoUnclear, false},
        {"gowisely.S", "Station given", kYesNoUnclear, false},
        {"gowisely.E", "Entitlement to a record explained", kYesNoUnclear, false},
        {"gowisely.L", "Legal power stated", kYesNoUnclear, false},
        {"gowisely.Y", "\"You are detained\" stated", kYesNoUnclear, false},
        {"grounds_reasonable", "Were the grounds reasonable?", {"yes", "no", "cant_tell"}, false},
        {"camera_coverage", "Camera coverage", {"full", "started_late", "gaps", "ended_early", "no_audio"}, true},
        {"pj.voice", "Procedural justice: voice (1-5)", kScale, false},
        {"pj.explanation", "Procedural justice: explanation (1-5)", kScale, false},
        {"pj.respect", "Procedural justice: respect (1-5)", kScale, false},
        {"pj.trustworthy_motives", "Procedural justice: trustworthy motives (1-5)", kScale, false},
        {"safeguarding", "Safeguarding concerns (SAF codes)", {}, true},
        {"force_proportionate", "Was any force proportionate?", kYesNoUnclear, false},
        {"force_reason", "Why (force)", {}, false},
        {"good_practice", "Good practice to commend", {}, false},
        {"learning_points", "Learning points", {}, false},
        {"questions", "Questions for the police", {}, false},
        {"themes", "Themes", {}, true},
    };
    return kQuestions;
}

std::string canonical(std::string_view text)
{
    std::string out;
    bool gap = false;
    for (char c : text) {
        unsigned char u = static_cast<unsigned char>(c);
        if (std::isalnum(u)) {
            if (gap && !out.empty())
                out += '_';
            gap = false;
            out += static_cast<char>(std::tolower(u));
        } else if (c != '\'') {
            gap = true;
        }
    }
    return out;
}

std::string trim(const std::string& text)
{
    size_t begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string::npos)
        return {};
    return text.substr(begin, text.find_last_not_of(" \t\r\n") - begin + 1);
}

common::Result<std::string> checkAnswer(Workspace& ws, const FeedbackQuestion& q, const std::string& raw)
{
    std::string value = q.choices.empty() && !q.several ? raw : trim(raw);
    if (value.empty() || (q.choices.empty() && q.id != "safeguarding"))
        return value; // free text (themes are free tags) is kept as typed
    std::vector<std::string> parts;
    if (q.several) {
        size_t start = 0;
        for (;;) {
            size_t comma = value.find(',', start);
            std::string part = trim(value.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
            if (!part.empty())
                parts.push_back(part);
            if (comma == std::string::npos)
                break;
            start = comma + 1;
        }
    } else {
        parts.push_back(value);
    }
    std::string out;
    for (const std::string& part : parts) {
        std::string chosen;
        if (q.id == "safeguarding") {
            auto book = activeCodebook(ws);
            if (!book)
                return book.error();
            std::string upper = part;
            std::transform(upper.begin(), upper.end(), upper.begin(), [](char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); });
            if (upper.rfind("SAF.", 0) != 0 || !book->find(upper))
                return common::makeError(common::ErrorCode::Usage,
                                         "\"" + part + "\" is not a safeguarding code (SAF.01 ... SAF.11)");
            chosen = upper;
        } else {
            for (std::string_view choice : q.choices)
                if (canonical(choice) == canonical(part))
                    chosen = choice;
            if (chosen.empty()) {
                std::string allowed;
                for (std::string_view choice : q.choices)
                    allowed += (allowed.empty() ? "" : ", ") + std::string(choice);
                return common::makeError(common::ErrorCode::Usage, "\"" + part + "\" is not an answer to " + std::string(q.id)
                                                                       + " (use one of: " + allowed + ")");
            }
        }
        if (("," + out + ",").find("," + chosen + ",") == std::string::npos)
            out += (out.empty() ? "" : ",") + chosen;
    }
    return out;
}

constexpr std::string_view kValuePlace = "feedback_answer.value";

// The screening and the encounter a piece of feedback belongs to.
struct FeedbackPlace {
    Screening screening;
    EncounterKey encounter;
};

common::Result<FeedbackPlace> feedbackPlace(Workspace& ws, const std::string& screeningRef, const std::string& encounterRef)
{
    auto screening = findScreening(ws, screeningRef);
    if (!screening)
        return screening.error();
    auto encounter = encounterKey(ws, encounterRef);
    if (!encounter)
        return encounter.error();
    return FeedbackPlace{std::move(*screening), std::move(*encounter)};
}

common::Result<std::optional<int64_t>> submittedAt(Workspace& ws, int64_t screeningId, int64_t encounterId,
                                                   int64_t personId)
{
    auto stmt = ws.db().cached("SELECT submitted_us FROM feedback_submission WHERE screening_id = ? AND encounter_id = ?"
                               " AND coder_id = ?");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(screeningId, encounterId, personId);
    auto row = stmt->step();
    if (!row)
        return row.error();
    std::optional<int64_t> at;
    if (*row)
        at = stmt->getInt(0);
    stmt->reset();
    return at;
}

// One person's answers (question -> value) on an encounter of a screening.
common::Result<std::map<std::string, std::string>> answersOf(Workspace& ws, int64_t screeningId, int64_t encounterId,
                                                             int64_t personId)
{
    auto stmt = ws.db().cached("SELECT question, value FROM feedback_answer WHERE screening_id = ? AND encounter_id = ?"
                               " AND coder_id = ?");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(screeningId, encounterId, personId);
    std::map<std::string, std::string> out;
    if (auto done = stmt->eachRow([&] { out[stmt->getText(0)] = ws.readText(stmt->getBytes(1), kValuePlace); }); !done)
        return done.error();
    return out;
}

// Everybody's answers on an encounter of a screening, by the name the acting person sees
// (visibility.hpp); with onlyMine, just their own.
common::Result<std::map<std::string, std::map<std::string, std::string>>> answersByName(Workspace& ws,
                                                                                        int64_t screeningId,
                                                                                        int64_t encounterId,
                                                                                        bool onlyMine)
{
    auto stmt = ws.db().cached("SELECT c.id, c.name, f.question, f.value FROM feedback_answer f JOIN person c ON c.id ="
                               " f.coder_id WHERE f.screening_id = ? AND f.encounter_id = ? ORDER BY c.name, f.question");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(screeningId, encounterId);
    PersonNames names(ws);
    std::map<std::string, std::map<std::string, std::string>> out;
    if (auto done = stmt->eachRow([&] {
            const int64_t person = stmt->getInt(0);
            if (onlyMine && person != ws.personId())
                return;
            out[names.shown(encounterId, person, stmt->getText(1))][stmt->getText(2)] =
                ws.readText(stmt->getBytes(3), kValuePlace);
        });
        !done)
        return done.error();
    return out;
}

} // namespace

std::span<const FeedbackQuestion> feedbackQuestions() { return questions(); }

common::Status saveFeedbackAnswer(Workspace& ws, const std::string& screeningRef, const std::string& encounterRef,
                                  const std::string& question, const std::string& rawValue)
{
    const FeedbackQuestion* q = nullptr;
    for (const FeedbackQuestion& candidate : questions())
        if (candidate.id == question)
            q = &candidate;
    if (!q)
        return common::makeError(common::ErrorCode::Usage, "\"" + question + "\" is not a question of the feedback form");
    auto value = checkAnswer(ws, *q, rawValue);
    if (!value)
        return value.error();

    return ws.change(Action::GiveFeedback, encounterRef, [&](Change& change) -> common::Status {
        auto place = feedbackPlace(ws, screeningRef, encounterRef);
        if (!place)
            return place.error();
        const Screening* screening = &place->screening;
        const EncounterKey* encounter = &place->encounter;
        const int64_t me = ws.personId();
        auto submitted = submittedAt(ws, screening->id, encounter->id, me);
        if (!submitted)
            return submitted.error();
        if (*submitted)
            return common::makeError(common::ErrorCode::InvalidInput,
                                     "your feedback on this encounter was submitted on " + isoTime(**submitted)
                                         + " and is final",
                                     "encounter " + encounter->reference);
        auto current = change.db().cached("SELECT value, uuid FROM feedback_answer WHERE screening_id = ? AND"
                                          " encounter_id = ? AND coder_id = ? AND question = ?");
        if (!current)
            return current.error();
        current->bindAll(screening->id, encounter->id, me, question);
        auto row = current->step();
        if (!row)
            return row.error();
        std::optional<std::string> before;
        std::string uuid = newUuid();
        if (*row) {
            before = ws.readText(current->getBytes(0), kValuePlace);
            uuid = current->getText(1);
        }
        current->reset();
        if ((before && *before == *value) || (!before && value->empty())) {
            change.markUnchanged(); // nothing changed: nothing is written
            return {};
        }
        auto write = value->empty()
                         ? change.db().cached("DELETE FROM feedback_answer WHERE uuid = ?")
                         : change.db().cached("INSERT INTO feedback_answer (uuid, screening_id, encounter_id, coder_id,"
                                              " question, value, changed_us) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT"
                                              " (screening_id, encounter_id, coder_id, question) DO UPDATE SET"
                                              " value = excluded.value, changed_us = excluded.changed_us RETURNING id");
        if (!write)
            return write.error();
        if (value->empty()) {
            write->bind(1, uuid);
            if (auto done = write->run(); !done)
                return done.error();
            change.sealRemoved("feedback_answer/" + uuid);
        } else {
            write->bindAll(uuid, screening->id, encounter->id, me, question,
                           store::Blob{change.sealText(*value, kValuePlace)}, nowUs());
            auto written = write->step();
            if (!written)
                return written.error();
            change.seal(RowKind::FeedbackAnswer, {write->getInt(0)});
            write->reset();
        }
        change.setAction("feedback.changed");
        change.setItem(screening->uuid);
        change.detail() = {{"encounter", encounter->reference}, {"question", question}, {"length", value->size()}};
        return {};
    });
}

common::Result<int64_t> submitFeedback(Workspace& ws, const std::string& screeningRef, const std::string& encounterRef)
{
    return ws.change(Action::GiveFeedback, encounterRef, [&](Change& change) -> common::Result<int64_t> {
        auto place = feedbackPlace(ws, screeningRef, encounterRef);
        if (!place)
            return place.error();
        const Screening* screening = &place->screening;
        const EncounterKey* encounter = &place->encounter;
        const int64_t me = ws.personId();
        auto submitted = submittedAt(ws, screening->id, encounter->id, me);
        if (!submitted)
            return submitted.error();
        if (*submitted)
            return common::makeError(common::ErrorCode::InvalidInput,
                                     "your feedback on this encounter was already submitted on " + isoTime(**submitted),
                                     "encounter " + encounter->reference);
        auto mine = answersOf(ws, screening->id, encounter->id, me);
        if (!mine)
            return mine.error();
        if (!mine->count("rating"))
            return common::makeError(common::ErrorCode::InvalidInput,
                                     "give your overall rating (good practice, adequate or concern) before submitting",
                                     "encounter " + encounter->reference);
        const int64_t now = nowUs();
        auto insert = change.db().cached("INSERT INTO feedback_submission (uuid, screening_id, encounter_id, coder_id,"
                                         " submitted_us) VALUES (?, ?, ?, ?, ?)");
        if (!insert)
            return insert.error();
        insert->bindAll(newUuid(), screening->id, encounter->id, me, now);
        if (auto done = insert->run(); !done)
            return done.error();
        change.seal(RowKind::FeedbackSubmission, {change.db().lastInsertRowid()});
        change.setAction("feedback.submitted");
        change.setItem(screening->uuid);
        change.detail() = {{"encounter", encounter->reference}, {"answers", mine->size()}};
        return now;
    });
}

common::Result<std::optional<int64_t>> feedbackSubmittedAt(Workspace& ws, const std::string& screeningRef,
                                                           const std::string& encounterRef)
{
    auto place = feedbackPlace(ws, screeningRef, encounterRef);
    if (!place)
        return place.error();
    const Screening* screening = &place->screening;
    const EncounterKey* encounter = &place->encounter;
    return submittedAt(ws, screening->id, encounter->id, ws.personId());
}

common::Result<std::map<std::string, std::map<std::string, std::string>>> allFeedbackAnswers(
    Workspace& ws, const std::string& screeningRef, const std::string& encounterRef)
{
    if (auto allowed = ws.require(Action::Consolidate, encounterRef); !allowed)
        return allowed.error();
    auto place = feedbackPlace(ws, screeningRef, encounterRef);
    if (!place)
        return place.error();
    const Screening* screening = &place->screening;
    const EncounterKey* encounter = &place->encounter;
    return answersByName(ws, screening->id, encounter->id, false);
}

common::Result<std::map<std::string, std::map<std::string, std::string>>> visibleFeedback(
    Workspace& ws, const std::string& screeningRef, const std::string& encounterRef)
{
    if (!ws.holds(Role::Chair))
        if (auto allowed = ws.require(Action::GiveFeedback, encounterRef); !allowed)
            return allowed.error();
    auto place = feedbackPlace(ws, screeningRef, encounterRef);
    if (!place)
        return place.error();
    const Screening* screening = &place->screening;
    const EncounterKey* encounter = &place->encounter;
    auto may = maySeeOthersFeedback(ws, encounter->id);
    if (!may)
        return may.error();
    return answersByName(ws, screening->id, encounter->id, !*may);
}

common::Result<std::map<std::string, std::map<std::string, std::string>>> readFeedback(
    Workspace& ws, const std::string& screeningRef, const std::string& encounterRef)
{
    auto visible = visibleFeedback(ws, screeningRef, encounterRef);
    if (!visible)
        return visible.error();
    if (auto logged = ws.recordEvent("feedback.read", encounterRef, {{"members", visible->size()}}); !logged)
        return logged.error();
    return visible;
}

common::Result<std::map<std::string, std::string>> feedbackAnswers(Workspace& ws, const std::string& screeningRef,
                                                                   const std::string& encounterRef)
{
    auto place = feedbackPlace(ws, screeningRef, encounterRef);
    if (!place)
        return place.error();
    const Screening* screening = &place->screening;
    const EncounterKey* encounter = &place->encounter;
    return answersOf(ws, screening->id, encounter->id, ws.personId());
}

common::Result<std::vector<FeedbackAnswerRow>> feedbackForExport(Workspace& ws, std::optional<int64_t> screeningId)
{
    if (!allows(ws.roles(), Action::ExportReport) && !allows(ws.roles(), Action::ExportResearch))
        if (auto allowed = ws.require(Action::ExportReport); !allowed)
            return allowed.error();
    auto screenings = listScreenings(ws);
    if (!screenings)
        return screenings.error();
    std::map<int64_t, std::string> names;
    for (const Screening& s : *screenings)
        names[s.id] = s.name;
    std::string sql = "SELECT screening_id, encounter_id, coder_id, question, value FROM feedback_answer";
    if (screeningId)
        sql += " WHERE encounter_id IN (SELECT encounter_id FROM screening_encounter WHERE screening_id = "
               + std::to_string(*screeningId) + ")";
    sql += " ORDER BY screening_id, encounter_id, coder_id, question";
    auto stmt = ws.db().prepare(sql);
    if (!stmt)
        return stmt.error();
    std::vector<FeedbackAnswerRow> out;
    if (auto done = stmt->eachRow([&] {
            FeedbackAnswerRow row{stmt->getInt(0), {}, stmt->getInt(1), stmt->getInt(2), stmt->getText(3),
                                  ws.readText(stmt->getBytes(4), kValuePlace)};
            row.screeningName = names[row.screeningId];
            out.push_back(std::move(row));
        });
        !done)
        return done.error();
    return out;
}

} // namespace review
