#include "review/retention.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <sodium.h>

#include "review/encounter_form.hpp"
#include "review/feedback.hpp"
#include "review/ids.hpp"
#include "review/screening.hpp"
#include "review/time_text.hpp"
#include "review/workspace.hpp"
#include "store/database.hpp"

namespace review {
namespace {

constexpr std::string_view kPanelPlace = "retention.panel";
constexpr int kMaxDays = 36500;
constexpr int64_t kDayUs = 86'400'000'000LL;

// A keyed hash of the panel name (the database key keys it), so the policy of a panel is
// found without storing the name in clear.
std::string panelHash(const Workspace& ws, const std::string& panel)
{
    unsigned char out[32];
    crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(panel.data()), panel.size(),
                       ws.dataKey().bytes(), DataKey::kBytes);
    static const char* kDigits = "0123456789abcdef";
    std::string hex;
    for (unsigned char c : out) {
        hex += kDigits[c >> 4];
        hex += kDigits[c & 15];
    }
    return hex;
}

common::Result<std::vector<std::pair<int64_t, RetentionPolicy>>> loadPolicies(Workspace& ws)
{
    auto stmt = ws.db().prepare("SELECT r.id, r.uuid, r.panel, r.free_text_days, r.paths_days, p.name, r.changed_us"
                                " FROM retention r JOIN person p ON p.id = r.changed_by ORDER BY r.id");
    if (!stmt)
        return stmt.error();
    std::vector<std::pair<int64_t, RetentionPolicy>> out;
    if (auto done = stmt->eachRow([&] {
            RetentionPolicy p;
            p.uuid = stmt->getText(1);
            p.panel = ws.readText(stmt->getBytes(2), kPanelPlace);
            if (auto d = stmt->getOptInt(3))
                p.freeTextDays = static_cast<int>(*d);
            if (auto d = stmt->getOptInt(4))
                p.pathsDays = static_cast<int>(*d);
            p.changedBy = stmt->getText(5);
            p.changedUs = stmt->getInt(6);
            out.emplace_back(stmt->getInt(0), std::move(p));
        });
        !done)
        return done.error();
    return out;
}

struct Due {
    bool freeText = false;
    bool paths = false;
    std::set<int64_t> screenings; // of the panels whose free text is due
};

// Runs `sql` (one parameter, the encounter id, then any `extra`) and returns the ids found.
common::Result<std::vector<int64_t>> ids(store::Database& db, const std::string& sql, int64_t encounterId)
{
    auto stmt = db.prepare(sql);
    if (!stmt)
        return stmt.error();
    stmt->bind(1, encounterId);
    std::vector<int64_t> out;
    if (auto done = stmt->eachRow([&] { out.push_back(stmt->getInt(0)); }); !done)
        return done.error();
    return out;
}

std::string idList(const std::set<int64_t>& values)
{
    std::string out;
    for (int64_t v : values)
        out += (out.empty() ? "" : ",") + std::to_string(v);
    return out.empty() ? "NULL" : out;
}

// Erases the encounter's free text (and/or its footage paths) inside `change`.
common::Status erase(Change& change, int64_t encounterId, const Due& due, RetentionOutcome& outcome)
{
    store::Database& db = change.db();
    auto blank = [&](const std::string& table, const std::string& columns, RowKind kind,
                     const std::vector<int64_t>& rows) -> common::Status {
        for (int64_t id : rows) {
            std::string set;
            for (std::size_t start = 0; start < columns.size();) {
                std::size_t end = columns.find(',', start);
                if (end == std::string::npos)
                    end = columns.size();
                set += std::string(set.empty() ? "" : ", ") + columns.substr(start, end - start) + " = ''";
                start = end + 1;
            }
            if (auto done = db.exec("UPDATE " + table + " SET " + set + " WHERE id = " + std::to_string(id)); !done)
                return done;
            change.seal(kind, {id});
        }
        return {};
    };
    if (due.freeText) {
        auto comments = ids(db, "SELECT id FROM annotation WHERE encounter_id = ?1 AND length(comment) > 0", encounterId);
        if (!comments)
            return comments.error();
        if (auto done = blank("annotation", "comment", RowKind::Annotation, *comments); !done)
            return done;
        // Undo steps hold copies of comments.
        if (auto done = db.exec("DELETE FROM undo_step WHERE annotation_id IN (SELECT id FROM annotation WHERE"
                                " encounter_id = " + std::to_string(encounterId) + ")");
            !done)
            return done;
        auto labels = ids(db, "SELECT id FROM encounter_footage WHERE encounter_id = ?1 AND length(label) > 0", encounterId);
        if (!labels)
            return labels.error();
        if (auto done = blank("encounter_footage", "label", RowKind::EncounterFootage, *labels); !done)
            return done;
        const std::string screenings = idList(due.screenings);
        auto points = ids(db, "SELECT id FROM consolidation WHERE encounter_id = ?1 AND (length(points) > 0 OR length(questions) > 0)"
                              " AND screening_id IN (" + screenings + ")", encounterId);
        if (!points)
            return points.error();
        if (auto done = blank("consolidation", "points,questions", RowKind::Consolidation, *points); !done)
            return done;
        auto actions = ids(db, "SELECT id FROM police_action WHERE encounter_id = ?1 AND status = 'closed' AND"
                               " (length(request) > 0 OR length(response) > 0)", encounterId);
        if (!actions)
            return actions.error();
        if (auto done = blank("police_action", "request,response", RowKind::PoliceAction, *actions); !done)
            return done;
        // Transcripts of the encounter's cameras: their lines, speakers and file names.
        auto cues = ids(db, "SELECT c.id FROM transcript_cue c JOIN transcript t ON t.id = c.transcript_id"
                            " JOIN encounter_footage l ON l.footage_id = t.footage_id WHERE l.encounter_id = ?1"
                            " AND (length(c.text) > 0 OR length(c.speaker) > 0)", encounterId);
        if (!cues)
            return cues.error();
        if (auto done = blank("transcript_cue", "speaker,text", RowKind::TranscriptCue, *cues); !done)
            return done;
        auto transcripts = ids(db, "SELECT t.id FROM transcript t JOIN encounter_footage l ON l.footage_id = t.footage_id"
                                   " WHERE l.encounter_id = ?1 AND length(t.file_name) > 0", encounterId);
        if (!transcripts)
            return transcripts.error();
        if (auto done = blank("transcript", "file_name", RowKind::Transcript, *transcripts); !done)
            return done;
        outcome.values += static_cast<int>(comments->size() + labels->size() + points->size() + actions->size()
                                           + cues->size() + transcripts->size());
        // Form text and feedback text: removed, as an empty answer is.
        for (const FormField& f : encounterFormFields()) {
            if (!f.mayHoldNames)
                continue;
            auto present = ids(db, "SELECT count(*) FROM encounter_field WHERE encounter_id = ?1 AND field = '"
                                       + std::string(f.name) + "'", encounterId);
            if (!present)
                return present.error();
            if (present->front() == 0)
                continue;
            if (auto done = db.exec("DELETE FROM encounter_field WHERE encounter_id = " + std::to_string(encounterId)
                                    + " AND field = '" + std::string(f.name) + "'");
                !done)
                return done;
            change.seal(RowKind::EncounterField, {encounterId, std::string(f.name)});
            ++outcome.values;
        }
        std::string questions;
        for (const FeedbackQuestion& q : feedbackQuestions())
            if (q.choices.empty() && q.id != "themes" && q.id != "safeguarding")
                questions += std::string(questions.empty() ? "'" : ", '") + std::string(q.id) + "'";
        auto answers = db.prepare("SELECT uuid FROM feedback_answer WHERE encounter_id = ?1 AND screening_id IN ("
                                  + screenings + ") AND question IN (" + questions + ")");
        if (!answers)
            return answers.error();
        answers->bind(1, encounterId);
        std::vector<std::string> uuids;
        if (auto done = answers->eachRow([&] { uuids.push_back(answers->getText(0)); }); !done)
            return done.error();
        for (const std::string& uuid : uuids) {
            auto remove = db.cached("DELETE FROM feedback_answer WHERE uuid = ?");
            if (!remove)
                return remove.error();
            remove->bind(1, uuid);
            if (auto done = remove->run(); !done)
                return done;
            change.sealRemoved("feedback_answer/" + uuid);
        }
        outcome.values += static_cast<int>(uuids.size());
    }
    if (due.paths) {
        auto files = ids(db, "SELECT f.id FROM footage f JOIN encounter_footage l ON l.footage_id = f.id WHERE"
                             " l.encounter_id = ?1 AND length(f.path) > 0", encounterId);
        if (!files)
            return files.error();
        if (auto done = blank("footage", "path", RowKind::Footage, *files); !done)
            return done;
        outcome.paths += static_cast<int>(files->size());
    }
    return {};
}

} // namespace

common::Result<std::vector<RetentionPolicy>> retentionPolicies(Workspace& ws)
{
    if (!ws.signedIn())
        return common::makeError(common::ErrorCode::NotAllowed, "nobody is signed in");
    auto all = loadPolicies(ws);
    if (!all)
        return all.error();
    std::vector<RetentionPolicy> out;
    for (auto& [id, p] : *all)
        out.push_back(std::move(p));
    return out;
}

common::Result<RetentionPolicy> setRetention(Workspace& ws, const std::string& panel, std::optional<int> freeTextDays,
                                             std::optional<int> pathsDays)
{
    for (std::optional<int> days : {freeTextDays, pathsDays})
        if (days && (*days < 0 || *days > kMaxDays))
            return common::makeError(common::ErrorCode::InvalidInput,
                                     "days must be from 0 to " + std::to_string(kMaxDays) + ", not " + std::to_string(*days));
    if (panel.empty())
        return common::makeError(common::ErrorCode::Usage, "name the panel, as written on its screenings (--panel NAME)");
    auto done = ws.change(Action::SetRetention, "", [&](Change& change) -> common::Status {
        const std::string hash = panelHash(ws, panel);
        auto upsert = change.db().prepare(
            "INSERT INTO retention (uuid, panel, panel_hash, free_text_days, paths_days, changed_by, changed_us)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (panel_hash) DO UPDATE SET free_text_days ="
            " excluded.free_text_days, paths_days = excluded.paths_days, changed_by = excluded.changed_by,"
            " changed_us = excluded.changed_us RETURNING id, uuid");
        if (!upsert)
            return upsert.error();
        upsert->bindAll(newUuid(), store::Blob{change.sealText(panel, kPanelPlace)}, hash, freeTextDays, pathsDays,
                        change.personId(), nowUs());
        auto row = upsert->step();
        if (!row)
            return row.error();
        change.seal(RowKind::Retention, {upsert->getInt(0)});
        change.setItem(upsert->getText(1));
        upsert->reset();
        change.setAction("retention.set");
        change.detail() = {{"panel", change.sealForDetail(panel, "panel")},
                           {"free_text_days", freeTextDays ? nlohmann::json(*freeTextDays) : nlohmann::json(nullptr)},
                           {"paths_days", pathsDays ? nlohmann::json(*pathsDays) : nlohmann::json(nullptr)}};
        return {};
    });
    if (!done)
        return done.error();
    auto all = retentionPolicies(ws);
    if (!all)
        return all.error();
    for (RetentionPolicy& p : *all)
        if (p.panel == panel)
            return std::move(p);
    return common::makeError(common::ErrorCode::Internal, "the retention policy just saved cannot be read back");
}

common::Result<RetentionOutcome> applyRetention(Workspace& ws, bool byAdministrator, std::optional<int64_t> todayUs)
{
    if (byAdministrator)
        if (auto allowed = ws.require(Action::SetRetention); !allowed)
            return allowed.error();
    RetentionOutcome outcome;
    if (ws.readOnly())
        return outcome;
    auto policies = loadPolicies(ws);
    if (!policies)
        return policies.error();
    if (policies->empty())
        return outcome;
    auto screenings = listScreenings(ws);
    if (!screenings)
        return screenings.error();
    auto encounters = ws.db().prepare("SELECT id, reference FROM encounter");
    if (!encounters)
        return encounters.error();
    std::map<std::string, int64_t> idOf;
    if (auto done = encounters->eachRow([&] { idOf[encounters->getText(1)] = encounters->getInt(0); }); !done)
        return done.error();
    const int64_t today = todayUs.value_or(nowUs());
    std::map<int64_t, Due> due;
    for (const auto& [rowId, policy] : *policies) {
        std::map<int64_t, std::pair<int64_t, std::set<int64_t>>> last; // encounter -> (last held, screenings)
        for (const Screening& s : *screenings) {
            if (s.panel != policy.panel || !s.date)
                continue;
            auto held = parseIsoDate(*s.date);
            if (!held)
                continue;
            for (const std::string& ref : s.encounterRefs) {
                auto& entry = last[idOf[ref]];
                entry.first = std::max(entry.first, *held);
                entry.second.insert(s.id);
            }
        }
        for (const auto& [encounterId, held] : last) {
            Due& d = due[encounterId];
            if (policy.freeTextDays && today >= held.first + *policy.freeTextDays * kDayUs) {
                d.freeText = true;
                d.screenings.insert(held.second.begin(), held.second.end());
            }
            if (policy.pathsDays && today >= held.first + *policy.pathsDays * kDayUs)
                d.paths = true;
        }
    }
    for (const auto& [encounterId, d] : due) {
        if (!d.freeText && !d.paths)
            continue;
        RetentionOutcome one;
        auto done = ws.changeAsSystem("retention.erased", std::to_string(encounterId), [&](Change& change) -> common::Status {
            if (auto erased = erase(change, encounterId, d, one); !erased)
                return erased;
            if (one.values == 0 && one.paths == 0) {
                change.markUnchanged();
                return {};
            }
            auto key = ws.db().prepare("SELECT uuid, reference FROM encounter WHERE id = " + std::to_string(encounterId));
            if (key && *key->step()) {
                change.setItem(key->getText(0));
                change.detail() = {{"encounter", key->getText(1)}, {"values", one.values}, {"paths", one.paths},
                                   {"by", byAdministrator ? "administrator" : "sign-in"}};
            }
            return {};
        });
        if (!done)
            return done.error();
        if (one.values || one.paths) {
            ++outcome.encounters;
            outcome.values += one.values;
            outcome.paths += one.paths;
        }
    }
    return outcome;
}

} // namespace review
