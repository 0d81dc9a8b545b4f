#include "review/chair.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <map>
#include <tuple>

#include "review/feedback.hpp"
#include "review/ids.hpp"
#include "review/screening.hpp"
#include "review/time_text.hpp"
#include "review/workspace.hpp"
#include "store/database.hpp"

namespace review {
namespace {

struct ShownEncounter {
    Screening screening;
    int64_t encounterId = 0;
    std::string reference;
};

// The screening and one of its encounters; NotFound when the encounter is unknown or was
// not shown at that screening.
common::Result<ShownEncounter> shownEncounter(Workspace& ws, const std::string& screeningRef,
                                              const std::string& encounterRef)
{
    auto screening = findScreening(ws, screeningRef);
    if (!screening)
        return screening.error();
    auto stmt = ws.db().prepare("SELECT e.id, e.reference, se.position IS NOT NULL FROM encounter e LEFT JOIN"
                                " screening_encounter se ON se.encounter_id = e.id AND se.screening_id = ?1"
                                " WHERE e.reference = ?2 OR e.uuid = lower(?2)");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(screening->id, encounterRef);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return common::makeError(common::ErrorCode::NotFound, "there is no such encounter", "encounter " + encounterRef);
    if (stmt->getInt(2) == 0)
        return common::makeError(common::ErrorCode::NotFound,
                                 "encounter " + encounterRef + " was not shown at this screening",
                                 "screening " + screening->name);
    return ShownEncounter{std::move(*screening), stmt->getInt(0), stmt->getText(1)};
}

std::string canonicalWord(std::string_view text)
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
        } else {
            gap = true;
        }
    }
    return out;
}

// "good practice", "Good-Practice", "green" -> good_practice; empty when not a rating.
std::string matchRating(std::string_view text)
{
    std::string word = canonicalWord(text);
    if (word == "green")
        return "good_practice";
    if (word == "amber")
        return "adequate";
    if (word == "red")
        return "concern";
    for (std::string_view r : kRatings)
        if (word == r)
            return std::string(r);
    return {};
}

int ratingIndex(std::string_view rating)
{
    for (std::size_t i = 0; i < kRatings.size(); ++i)
        if (kRatings[i] == rating)
            return static_cast<int>(i);
    return -1;
}

std::vector<std::string> splitList(const std::string& text)
{
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (;;) {
        std::size_t comma = text.find(',', start);
        std::string part = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        std::size_t b = part.find_first_not_of(" \t\r\n");
        if (b != std::string::npos)
            parts.push_back(part.substr(b, part.find_last_not_of(" \t\r\n") - b + 1));
        if (comma == std::string::npos)
            return parts;
        start = comma + 1;
    }
}

std::string todayUtc()
{
    std::time_t now = static_cast<std::time_t>(nowUs() / 1000000);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char text[16];
    std::strftime(text, sizeof text, "%Y-%m-%d", &tm);
    return text;
}

common::Error notADate(const std::string& text)
{
    return common::makeError(common::ErrorCode::Usage,
                             "\"" + text + "\" is not a date: write it as YYYY-MM-DD, for example 2024-05-02");
}

constexpr std::string_view kPointsPlace = "consolidation.points";
constexpr std::string_view kQuestionsPlace = "consolidation.questions";
constexpr std::string_view kRequestPlace = "police_action.request";
constexpr std::string_view kResponsePlace = "police_action.response";

common::Result<std::optional<Consolidation>> loadConsolidation(Workspace& ws, int64_t screeningId, int64_t encounterId)
{
    auto stmt = ws.db().prepare("SELECT k.uuid, k.rating, k.points, k.questions, c.name, k.changed_us FROM consolidation k"
                                " JOIN person c ON c.id = k.chair_id WHERE k.screening_id = ? AND k.encounter_id = ?");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(screeningId, encounterId);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<Consolidation>();
    return std::optional<Consolidation>(Consolidation{stmt->getText(0), stmt->getOptText(1),
                                                      ws.readText(stmt->getBytes(2), kPointsPlace),
                                                      ws.readText(stmt->getBytes(3), kQuestionsPlace),
                                                      stmt->getText(4), stmt->getInt(5)});
}

// A police action with what orders and filters it: the screening that raised it.
struct ActionRow {
    PoliceAction action;
    int64_t id = 0;
    int64_t screeningId = 0;
    int64_t screeningCreatedUs = 0;
};

// Every police action, in the order of a panel's life: screenings by held_on (undated
// last), then creation; then actions by creation. Panels and names are sealed, so the
// filters below run here rather than in SQL.
common::Result<std::vector<ActionRow>> allActions(Workspace& ws)
{
    auto screenings = listScreenings(ws);
    if (!screenings)
        return screenings.error();
    std::map<int64_t, const Screening*> byId;
    for (const Screening& s : *screenings)
        byId[s.id] = &s;
    auto stmt = ws.db().prepare(
        "SELECT pa.id, pa.uuid, pa.screening_id, e.reference, pa.request, pa.response, pa.responded_on, pa.status,"
        " pa.closed_on, c.name, pa.created_us, pa.changed_us FROM police_action pa LEFT JOIN encounter e ON e.id ="
        " pa.encounter_id JOIN person c ON c.id = pa.created_by ORDER BY pa.created_us, pa.id");
    if (!stmt)
        return stmt.error();
    std::vector<ActionRow> out;
    if (auto done = stmt->eachRow([&] {
            ActionRow row;
            row.id = stmt->getInt(0);
            row.screeningId = stmt->getInt(2);
            PoliceAction& a = row.action;
            a.uuid = stmt->getText(1);
            if (auto s = byId.find(row.screeningId); s != byId.end()) {
                a.screeningUuid = s->second->uuid;
                a.screeningName = s->second->name;
                a.screeningDate = s->second->date;
                a.panel = s->second->panel;
                row.screeningCreatedUs = s->second->createdUs;
            }
            a.encounterRef = stmt->getOptText(3);
            a.request = ws.readText(stmt->getBytes(4), kRequestPlace);
            a.response = ws.readText(stmt->getBytes(5), kResponsePlace);
            a.respondedOn = stmt->getOptText(6);
            a.status = stmt->getText(7);
            a.closedOn = stmt->getOptText(8);
            a.raisedBy = stmt->getText(9);
            a.createdUs = stmt->getInt(10);
            a.changedUs = stmt->getInt(11);
            out.push_back(std::move(row));
        });
        !done)
        return done.error();
    auto order = [](const ActionRow& r) {
        return std::make_tuple(r.action.screeningDate.value_or("9999-12-31"), r.screeningCreatedUs, r.screeningId,
                               r.action.createdUs, r.id);
    };
    std::stable_sort(out.begin(), out.end(), [&](const ActionRow& a, const ActionRow& b) { return order(a) < order(b); });
    return out;
}

template <typename Keep>
common::Result<std::vector<PoliceAction>> actionsWhere(Workspace& ws, Keep keep)
{
    if (auto allowed = ws.require(Action::ReadPoliceActions); !allowed)
        return allowed.error();
    auto all = allActions(ws);
    if (!all)
        return all.error();
    std::vector<PoliceAction> out;
    for (ActionRow& row : *all)
        if (keep(row))
            out.push_back(std::move(row.action));
    return out;
}

} // namespace

std::string ratingLabel(std::string_view rating)
{
    std::string out(rating);
    std::replace(out.begin(), out.end(), '_', ' ');
    return out;
}

std::string RatingSpread::text() const
{
    if (rated == 0)
        return "no ratings";
    std::string out;
    for (std::size_t i = 0; i < kRatings.size(); ++i)
        if (counts[i] > 0)
            out += (out.empty() ? "" : ", ") + std::to_string(counts[i]) + " " + ratingLabel(kRatings[i]);
    return out;
}

common::Result<FeedbackMerge> mergeFeedback(Workspace& ws, const std::string& screeningRef, const std::string& encounterRef)
{
    if (auto allowed = ws.require(Action::Consolidate, encounterRef); !allowed)
        return allowed.error();
    auto shown = shownEncounter(ws, screeningRef, encounterRef);
    if (!shown)
        return shown.error();
    auto all = allFeedbackAnswers(ws, shown->screening.uuid, shown->reference);
    if (!all)
        return all.error();
    FeedbackMerge m;
    m.screeningUuid = shown->screening.uuid;
    m.screeningName = shown->screening.name;
    m.encounterRef = shown->reference;
    for (std::string_view element : {"G", "O", "W", "I", "S", "E", "L", "Y"}) {
        GowiselyAnswers g;
        g.element = std::string(element);
        for (const FeedbackQuestion& q : feedbackQuestions())
            if (q.id == "gowisely." + g.element)
                g.label = std::string(q.label);
        m.gowisely.push_back(std::move(g));
    }
    for (const auto& [member, answers] : *all) {
        if (answers.empty())
            continue;
        m.members.push_back(member);
        auto answer = [&](const std::string& question) -> std::string {
            auto found = answers.find(question);
            return found == answers.end() ? std::string() : found->second;
        };
        if (int i = ratingIndex(answer("rating")); i >= 0) {
            ++m.ratings.counts[static_cast<std::size_t>(i)];
            ++m.ratings.rated;
            m.memberRatings.push_back({member, answer("rating")});
        }
        for (GowiselyAnswers& g : m.gowisely) {
            std::string value = answer("gowisely." + g.element);
            if (value.empty())
                continue;
            g.answers.push_back({member, value});
            g.yes += value == "yes";
            g.no += value == "no";
            g.unclear += value == "unclear";
        }
        for (auto [question, list] : {std::pair{"good_practice", &m.goodPractice},
                                      std::pair{"learning_points", &m.learningPoints},
                                      std::pair{"questions", &m.questions}}) {
            std::string text = answer(question);
            if (text.find_first_not_of(" \t\r\n") != std::string::npos)
                list->push_back({member, text});
        }
        for (const std::string& theme : splitList(answer("themes")))
            ++m.themes[theme];
        for (const std::string& code : splitList(answer("safeguarding")))
            ++m.safeguarding[code];
    }
    int top = 0;
    for (std::size_t i = 0; i < kRatings.size(); ++i) {
        int n = m.ratings.counts[i];
        if (n == 0)
            continue;
        if (!m.ratings.best)
            m.ratings.best = std::string(kRatings[i]);
        m.ratings.worst = std::string(kRatings[i]);
        if (n > top) {
            top = n;
            m.ratings.most = std::string(kRatings[i]);
        } else if (n == top) {
            m.ratings.most.reset(); // a tie: the chair decides
        }
    }
    auto saved = loadConsolidation(ws, shown->screening.id, shown->encounterId);
    if (!saved)
        return saved.error();
    m.consolidation = std::move(*saved);
    return m;
}

common::Result<FeedbackMerge> readMergedFeedback(Workspace& ws, const std::string& screeningRef,
                                                 const std::string& encounterRef)
{
    auto merge = mergeFeedback(ws, screeningRef, encounterRef);
    if (!merge)
        return merge.error();
    if (auto logged = ws.recordEvent("feedback.read", encounterRef, {{"screening", merge->screeningUuid},
                                                                      {"members", merge->members.size()}});
        !logged)
        return logged.error();
    return merge;
}

common::Result<Consolidation> saveConsolidation(Workspace& ws, const std::string& screeningRef,
                                                const std::string& encounterRef, const ConsolidationEdit& edit)
{
    std::optional<std::string> rating;
    if (edit.rating && !edit.rating->empty()) {
        rating = matchRating(*edit.rating);
        if (rating->empty())
            return common::makeError(common::ErrorCode::Usage, "the rating must be good practice, adequate or concern, not \""
                                                                   + *edit.rating + "\"");
    }
    return ws.change(Action::Consolidate, encounterRef, [&](Change& change) -> common::Result<Consolidation> {
        auto shown = shownEncounter(ws, screeningRef, encounterRef);
        if (!shown)
            return shown.error();
        auto before = loadConsolidation(ws, shown->screening.id, shown->encounterId);
        if (!before)
            return before.error();
        Consolidation next = before->value_or(Consolidation{});
        nlohmann::json changed = nlohmann::json::array();
        if (edit.rating && next.rating.value_or("") != rating.value_or("")) {
            next.rating = rating;
            changed.push_back("rating");
        }
        if (edit.points && next.points != *edit.points) {
            next.points = *edit.points;
            changed.push_back("points");
        }
        if (edit.questions && next.questions != *edit.questions) {
            next.questions = *edit.questions;
            changed.push_back("questions");
        }
        if (changed.empty() && *before) {
            change.markUnchanged(); // nothing changed: nothing is written
            return **before;
        }
        if (next.uuid.empty())
            next.uuid = newUuid();
        next.chair = ws.personName();
        next.changedUs = nowUs();
        auto write = change.db().prepare(
            "INSERT INTO consolidation (uuid, screening_id, encounter_id, rating, points, questions, chair_id, changed_us)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (screening_id, encounter_id) DO UPDATE SET rating ="
            " excluded.rating, points = excluded.points, questions = excluded.questions, chair_id = excluded.chair_id,"
            " changed_us = excluded.changed_us RETURNING id");
        if (!write)
            return write.error();
        write->bindAll(next.uuid, shown->screening.id, shown->encounterId, next.rating,
                       store::Blob{change.sealText(next.points, kPointsPlace)},
                       store::Blob{change.sealText(next.questions, kQuestionsPlace)}, change.personId(), next.changedUs);
        auto row = write->step();
        if (!row)
            return row.error();
        change.seal(RowKind::Consolidation, {write->getInt(0)});
        write->reset();
        change.setAction("consolidation.changed");
        change.setItem(next.uuid);
        change.detail() = {{"screening", shown->screening.uuid}, {"encounter", shown->reference}, {"changed", changed}};
        if (next.rating)
            change.detail()["rating"] = *next.rating;
        return next;
    });
}

common::Result<PoliceAction> raisePoliceAction(Workspace& ws, const NewPoliceAction& input)
{
    if (input.request.find_first_not_of(" \t\r\n") == std::string::npos)
        return common::makeError(common::ErrorCode::Usage,
                                 "a police action needs its request: what the panel asks the police to answer or do");
    auto uuid = ws.change(Action::PoliceAction, "", [&](Change& change) -> common::Result<std::string> {
        std::optional<int64_t> encounter;
        auto screening = findScreening(ws, input.screeningRef);
        if (!screening)
            return screening.error();
        std::optional<std::string> encounterRef;
        if (input.encounterRef) {
            auto shown = shownEncounter(ws, screening->uuid, *input.encounterRef);
            if (!shown)
                return shown.error();
            encounter = shown->encounterId;
            encounterRef = shown->reference;
        }
        const std::string uuid = newUuid();
        const int64_t now = nowUs();
        auto insert = change.db().prepare("INSERT INTO police_action (uuid, screening_id, encounter_id, request,"
                                          " created_by, created_us, changed_us) VALUES (?, ?, ?, ?, ?, ?, ?)");
        if (!insert)
            return insert.error();
        insert->bindAll(uuid, screening->id, encounter, store::Blob{change.sealText(input.request, kRequestPlace)},
                        change.personId(), now, now);
        if (auto done = insert->run(); !done)
            return done.error();
        change.seal(RowKind::PoliceAction, {change.db().lastInsertRowid()});
        change.setAction("police_action.raised");
        change.setItem(uuid);
        change.detail() = {{"screening", screening->uuid}, {"length", input.request.size()}};
        if (encounterRef)
            change.detail()["encounter"] = *encounterRef;
        return uuid;
    });
    if (!uuid)
        return uuid.error();
    return findPoliceAction(ws, *uuid);
}

common::Result<PoliceAction> findPoliceAction(Workspace& ws, const std::string& uuid)
{
    std::string lower = uuid;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    auto found = actionsWhere(ws, [&](const ActionRow& row) { return row.action.uuid == lower; });
    if (!found)
        return found.error();
    if (found->empty())
        return common::makeError(common::ErrorCode::NotFound, "there is no police action with this id",
                                 "police action " + uuid);
    return found->front();
}

common::Result<PoliceAction> respondToPoliceAction(Workspace& ws, const std::string& uuid, const PoliceResponse& input)
{
    if (!input.response && !input.date && !input.status)
        return common::makeError(common::ErrorCode::Usage,
                                 "say what changed: the police response (--response), its date (--date) or the status (--status)");
    if (input.date && !isIsoDate(*input.date))
        return notADate(*input.date);
    std::optional<std::string> status;
    if (input.status) {
        std::string word = canonicalWord(*input.status);
        if (std::find(kPoliceActionStatuses.begin(), kPoliceActionStatuses.end(), word) == kPoliceActionStatuses.end())
            return common::makeError(common::ErrorCode::Usage,
                                     "the status must be open, answered or closed, not \"" + *input.status + "\"");
        status = word;
    }
    return ws.change(Action::PoliceAction, uuid, [&](Change& change) -> common::Result<PoliceAction> {
        auto before = findPoliceAction(ws, uuid);
        if (!before)
            return before.error();
        PoliceAction next = *before;
        nlohmann::json changed = nlohmann::json::array();
        if (input.response && *input.response != next.response) {
            next.response = *input.response;
            changed.push_back("response");
        }
        if (input.date && next.respondedOn != input.date) {
            next.respondedOn = input.date;
            changed.push_back("date");
        }
        if (status && *status != next.status) {
            next.status = *status;
            changed.push_back("status");
            next.closedOn = next.status == "closed" ? std::optional<std::string>(input.date.value_or(todayUtc()))
                                                    : std::nullopt;
        }
        if (changed.empty()) {
            change.markUnchanged();
            return next;
        }
        next.changedUs = nowUs();
        auto update = change.db().prepare("UPDATE police_action SET response = ?, responded_on = ?, status = ?,"
                                          " closed_on = ?, changed_us = ? WHERE uuid = ? RETURNING id");
        if (!update)
            return update.error();
        update->bindAll(store::Blob{change.sealText(next.response, kResponsePlace)}, next.respondedOn, next.status,
                        next.closedOn, next.changedUs, next.uuid);
        auto row = update->step();
        if (!row)
            return row.error();
        change.seal(RowKind::PoliceAction, {update->getInt(0)});
        update->reset();
        change.setAction("police_action.changed");
        change.setItem(next.uuid);
        change.detail() = {{"changed", changed}, {"status", next.status}, {"length", next.response.size()}};
        return next;
    });
}

common::Result<std::vector<PoliceAction>> policeActionsCarriedForward(Workspace& ws, const std::string& screeningRef)
{
    auto target = findScreening(ws, screeningRef);
    if (!target)
        return target.error();
    const auto targetOrder = std::make_tuple(target->date.value_or("9999-12-31"), target->createdUs, target->id);
    return actionsWhere(ws, [&](const ActionRow& row) {
        if (row.screeningId == target->id)
            return true;
        const auto order = std::make_tuple(row.action.screeningDate.value_or("9999-12-31"), row.screeningCreatedUs,
                                           row.screeningId);
        return row.action.panel == target->panel && order < targetOrder
               && (!row.action.closedOn || (target->date && *row.action.closedOn >= *target->date));
    });
}

common::Result<std::vector<PoliceAction>> listPoliceActions(Workspace& ws, const std::optional<std::string>& screeningRef,
                                                            bool openOnly)
{
    auto all = screeningRef ? policeActionsCarriedForward(ws, *screeningRef)
                            : actionsWhere(ws, [](const ActionRow&) { return true; });
    if (!all || !openOnly)
        return all;
    std::erase_if(*all, [](const PoliceAction& a) { return a.status == "closed"; });
    return all;
}

common::Result<std::vector<PoliceAction>> policeActionsOpenOn(Workspace& ws, const std::string& lastDay)
{
    return actionsWhere(ws, [&](const ActionRow& row) {
        return row.action.screeningDate && *row.action.screeningDate <= lastDay
               && (!row.action.closedOn || *row.action.closedOn > lastDay);
    });
}

} // namespace review
