#include "review/feedback.hpp"

#include <algorithm>
#include <cctype>

#include "review/audit_log.hpp"
#include "review/codebook.hpp"
#include "review/encounter.hpp"
#include "review/ids.hpp"
#include "review/screening.hpp"
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

    auto tx = ws.db().beginWrite();
    if (!tx)
        return tx.error();
    auto screening = findScreening(ws, screeningRef);
    if (!screening)
        return screening.error();
    auto encounter = encounterId(ws, encounterRef);
    if (!encounter)
        return encounter.error();
    auto coder = ws.coderId();
    if (!coder)
        return coder.error();
    auto current = ws.db().cached("SELECT value FROM feedback_answer WHERE screening_id = ? AND encounter_id = ?"
                                  " AND coder_id = ? AND question = ?");
    if (!current)
        return current.error();
    current->bindAll(screening->id, *encounter, *coder, question);
    auto row = current->step();
    if (!row)
        return row.error();
    std::optional<std::string> before;
    if (*row)
        before = current->getText(0);
    current->reset();
    if ((before && *before == *value) || (!before && value->empty()))
        return {}; // nothing changed: the transaction rolls back, nothing is written

    auto write = value->empty()
                     ? ws.db().cached("DELETE FROM feedback_answer WHERE screening_id = ? AND encounter_id = ?"
                                      " AND coder_id = ? AND question = ?")
                     : ws.db().cached("INSERT INTO feedback_answer (uuid, screening_id, encounter_id, coder_id, question,"
                                      " value, changed_us) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (screening_id,"
                                      " encounter_id, coder_id, question) DO UPDATE SET value = excluded.value,"
                                      " changed_us = excluded.changed_us");
    if (!write)
        return write.error();
    if (value->empty())
        write->bindAll(screening->id, *encounter, *coder, question);
    else
        write->bindAll(newUuid(), screening->id, *encounter, *coder, question, *value, nowUs());
    if (auto done = write->run(); !done)
        return done.error();
    if (auto done = appendAudit(ws.db(), ws.coder(), "feedback.changed", screening->uuid,
                                {{"encounter", encounterRef}, {"question", question}, {"length", value->size()}});
        !done)
        return done.error();
    return tx->commit();
}

common::Result<std::map<std::string, std::map<std::string, std::string>>> allFeedbackAnswers(
    Workspace& ws, const std::string& screeningRef, const std::string& encounterRef)
{
    auto screening = findScreening(ws, screeningRef);
    if (!screening)
        return screening.error();
    auto encounter = encounterId(ws, encounterRef);
    if (!encounter)
        return encounter.error();
    auto stmt = ws.db().cached("SELECT c.name, f.question, f.value FROM feedback_answer f JOIN coder c ON c.id = f.coder_id"
                               " WHERE f.screening_id = ? AND f.encounter_id = ? ORDER BY c.name, f.question");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(screening->id, *encounter);
    std::map<std::string, std::map<std::string, std::string>> out;
    if (auto done = stmt->eachRow([&] {
            out[stmt->getText(0)][stmt->getText(1)] = stmt->getText(2);
        });
        !done)
        return done.error();
    return out;
}

common::Result<std::map<std::string, std::string>> feedbackAnswers(Workspace& ws, const std::string& screeningRef,
                                                                   const std::string& encounterRef)
{
    auto all = allFeedbackAnswers(ws, screeningRef, encounterRef);
    if (!all)
        return all.error();
    auto mine = all->find(ws.coder());
    return mine == all->end() ? std::map<std::string, std::string>() : mine->second;
}

} // namespace review
