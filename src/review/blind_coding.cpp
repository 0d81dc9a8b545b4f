#include "review/blind_coding.hpp"

#include "review/annotation.hpp"
#include "review/audit_log.hpp"
#include "review/ids.hpp"
#include "review/time_text.hpp"
#include "review/workspace.hpp"
#include "store/database.hpp"

namespace review {
namespace {

struct EncounterKey {
    int64_t id = 0;
    std::string uuid;
    std::string reference;
};

common::Result<EncounterKey> findKey(Workspace& ws, const std::string& ref)
{
    auto stmt = ws.db().cached("SELECT id, uuid, reference FROM encounter WHERE reference = ?1 OR uuid = lower(?1)");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, ref);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return common::makeError(common::ErrorCode::NotFound, "there is no such encounter", "encounter " + ref);
    return EncounterKey{stmt->getInt(0), stmt->getText(1), stmt->getText(2)};
}

// The acting coder's row id without creating it: -1 when they have never acted (they own
// no tag and no pass, which every query below treats correctly).
common::Result<int64_t> actingCoderIdIfAny(Workspace& ws)
{
    auto stmt = ws.db().cached("SELECT id FROM coder WHERE name = ?");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, ws.coder());
    auto row = stmt->step();
    if (!row)
        return row.error();
    return *row ? stmt->getInt(0) : int64_t{-1};
}

std::string passCommand(const std::string& verb, const EncounterKey& e)
{
    return "bwv-review blind " + verb + " --encounter " + e.reference;
}

// Reads the state of one encounter as the acting coder sees it.
common::Result<BlindCodingStatus> readStatus(Workspace& ws, const EncounterKey& e)
{
    BlindCodingStatus s;
    s.encounterRef = e.reference;
    s.encounterUuid = e.uuid;
    auto blind = ws.db().cached("SELECT c.name, b.started_us FROM blind_coding b JOIN coder c ON c.id = b.started_by"
                                " WHERE b.encounter_id = ?");
    if (!blind)
        return blind.error();
    blind->bind(1, e.id);
    auto row = blind->step();
    if (!row)
        return row.error();
    if (*row) {
        s.blind = true;
        s.startedBy = blind->getText(0);
        s.startedUs = blind->getInt(1);
    }
    blind->reset();

    // Coders: a live tag or a pass row on the encounter; the consensus coder is not one.
    auto coders = ws.db().cached(
        "SELECT c.name, p.done_us, (SELECT count(*) FROM annotation a WHERE a.encounter_id = ?1 AND a.coder_id = c.id"
        " AND a.deleted_us IS NULL) FROM coder c LEFT JOIN coding_pass p ON p.encounter_id = ?1 AND p.coder_id = c.id"
        " WHERE c.name <> ?2 AND (p.coder_id IS NOT NULL OR EXISTS (SELECT 1 FROM annotation a WHERE a.encounter_id = ?1"
        " AND a.coder_id = c.id AND a.deleted_us IS NULL)) ORDER BY c.name");
    if (!coders)
        return coders.error();
    coders->bindAll(e.id, kConsensusCoder);
    std::optional<int64_t> mine;
    if (auto done = coders->eachRow([&] {
            CodingPass p{coders->getText(0), coders->getOptInt(1), coders->getInt(2)};
            if (p.coder == ws.coder())
                mine = p.doneUs;
            s.passes.push_back(std::move(p));
        });
        !done)
        return done.error();
    s.actingCoderMaySeeOthers = !s.blind || mine.has_value();
    s.allPassesDone = s.blind && !s.passes.empty();
    for (const CodingPass& p : s.passes)
        s.allPassesDone = s.allPassesDone && p.doneUs.has_value();
    if (!s.actingCoderMaySeeOthers) // counts would tell what the others have tagged
        for (CodingPass& p : s.passes)
            if (p.coder != ws.coder())
                p.tags.reset();
    return s;
}

common::Result<BlindCodingStatus> changePass(Workspace& ws, const std::string& encounterRef, bool done)
{
    auto tx = ws.db().beginWrite();
    if (!tx)
        return tx.error();
    auto e = findKey(ws, encounterRef);
    if (!e)
        return e.error();
    auto before = readStatus(ws, *e);
    if (!before)
        return before.error();
    const std::string what = "encounter " + e->reference;
    if (!before->blind)
        return common::makeError(common::ErrorCode::Usage,
                                 "this encounter is not blind coded, so there is no pass to mark; start blind coding"
                                 " first (" + passCommand("start", *e) + ")",
                                 what);
    auto coder = ws.coderId();
    if (!coder)
        return coder.error();
    std::optional<int64_t> doneUs;
    for (const CodingPass& p : before->passes)
        if (p.coder == ws.coder())
            doneUs = p.doneUs;
    if (done && doneUs)
        return common::makeError(common::ErrorCode::Usage, "your pass is already marked done (" + isoTime(*doneUs) + ")",
                                 what);
    if (!done && !doneUs)
        return common::makeError(common::ErrorCode::Usage, "your pass is not marked done, so there is nothing to reopen",
                                 what);
    if (done) { // a done pass is frozen: an interval left open could never be closed
        auto open = openIntervals(ws, e->uuid);
        if (!open)
            return open.error();
        if (!open->empty())
            return common::makeError(common::ErrorCode::Usage,
                                     "your interval " + open->front().code + " from " +
                                         formatSeconds(open->front().startUs) +
                                         " s is still open: stop it before marking your pass done",
                                     what);
    }
    auto write = ws.db().cached(done ? "INSERT INTO coding_pass (encounter_id, coder_id, done_us) VALUES (?, ?, ?)"
                                     : "DELETE FROM coding_pass WHERE encounter_id = ? AND coder_id = ?");
    if (!write)
        return write.error();
    const int64_t now = nowUs();
    if (done)
        write->bindAll(e->id, *coder, now);
    else
        write->bindAll(e->id, *coder);
    if (auto ran = write->run(); !ran)
        return ran.error();
    nlohmann::json detail = {{"encounter", e->reference}};
    if (!done)
        detail["was_done"] = isoTime(*doneUs);
    if (auto logged = appendAudit(ws.db(), ws.coder(), done ? "blind.pass_done" : "blind.pass_reopened", e->uuid, detail);
        !logged)
        return logged.error();
    auto after = readStatus(ws, *e);
    if (!after)
        return after.error();
    if (auto committed = tx->commit(); !committed)
        return committed.error();
    return after;
}

} // namespace

common::Result<BlindCodingStatus> startBlindCoding(Workspace& ws, const std::string& encounterRef)
{
    auto tx = ws.db().beginWrite();
    if (!tx)
        return tx.error();
    auto e = findKey(ws, encounterRef);
    if (!e)
        return e.error();
    auto before = readStatus(ws, *e);
    if (!before)
        return before.error();
    if (before->blind)
        return common::makeError(common::ErrorCode::Usage,
                                 "blind coding was already started by " + before->startedBy + " (" +
                                     isoTime(before->startedUs) + ")",
                                 "encounter " + e->reference);
    auto coder = ws.coderId();
    if (!coder)
        return coder.error();
    auto insert = ws.db().cached("INSERT INTO blind_coding (encounter_id, started_by, started_us) VALUES (?, ?, ?)");
    if (!insert)
        return insert.error();
    insert->bindAll(e->id, *coder, nowUs());
    if (auto ran = insert->run(); !ran)
        return ran.error();
    // Who had tagged it already: a reader of the log can tell whose coding began unblinded.
    nlohmann::json coders = nlohmann::json::array();
    for (const CodingPass& p : before->passes)
        coders.push_back(p.coder);
    if (auto logged = appendAudit(ws.db(), ws.coder(), "blind.started", e->uuid,
                                  {{"encounter", e->reference}, {"coders_with_tags", coders}});
        !logged)
        return logged.error();
    auto after = readStatus(ws, *e);
    if (!after)
        return after.error();
    if (auto committed = tx->commit(); !committed)
        return committed.error();
    return after;
}

common::Result<BlindCodingStatus> markPassDone(Workspace& ws, const std::string& encounterRef)
{
    return changePass(ws, encounterRef, true);
}

common::Result<BlindCodingStatus> reopenPass(Workspace& ws, const std::string& encounterRef)
{
    return changePass(ws, encounterRef, false);
}

common::Result<BlindCodingStatus> blindCodingStatus(Workspace& ws, const std::string& encounterRef)
{
    auto e = findKey(ws, encounterRef);
    if (!e)
        return e.error();
    return readStatus(ws, *e);
}

common::Result<bool> maySeeOthersTags(Workspace& ws, const std::string& encounterRef)
{
    auto e = findKey(ws, encounterRef);
    if (!e)
        return e.error();
    auto me = actingCoderIdIfAny(ws);
    if (!me)
        return me.error();
    auto stmt = ws.db().cached("SELECT NOT EXISTS (SELECT 1 FROM blind_coding WHERE encounter_id = ?1) OR EXISTS (SELECT 1"
                               " FROM coding_pass WHERE encounter_id = ?1 AND coder_id = ?2)");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(e->id, *me);
    auto row = stmt->step();
    if (!row)
        return row.error();
    const bool may = *row && stmt->getInt(0) != 0;
    stmt->reset();
    return may;
}

common::Status requireSightOfOthers(Workspace& ws, const std::string& encounterRef, std::string_view purpose)
{
    auto may = maySeeOthersTags(ws, encounterRef);
    if (!may)
        return may.error();
    if (*may)
        return {};
    auto e = findKey(ws, encounterRef);
    if (!e)
        return e.error();
    return common::makeError(common::ErrorCode::PermissionDenied,
                             "this encounter is blind coded and " + std::string(purpose) +
                                 " would show you the other coders' tags, so mark your pass done first (" +
                                 passCommand("done", *e) + ")",
                             "encounter " + e->reference);
}

common::Status requireAllPassesDone(Workspace& ws, const std::string& encounterRef)
{
    auto e = findKey(ws, encounterRef);
    if (!e)
        return e.error();
    auto s = readStatus(ws, *e);
    if (!s)
        return s.error();
    if (!s->blind)
        return {};
    if (auto mine = requireSightOfOthers(ws, encounterRef, "adjudication"); !mine)
        return mine;
    if (s->allPassesDone)
        return {};
    std::string open;
    for (const CodingPass& p : s->passes)
        if (!p.doneUs)
            open += (open.empty() ? "" : ", ") + p.coder;
    return common::makeError(common::ErrorCode::PermissionDenied,
                             "adjudication waits until every coder's pass is marked done, and " +
                                 (open.empty() ? std::string("nobody has coded this encounter yet")
                                               : "these are not: " + open),
                             "encounter " + e->reference);
}

common::Result<std::vector<std::string>> encountersBlindToActingCoder(Workspace& ws)
{
    auto me = actingCoderIdIfAny(ws);
    if (!me)
        return me.error();
    auto stmt = ws.db().cached("SELECT e.reference FROM blind_coding b JOIN encounter e ON e.id = b.encounter_id WHERE NOT"
                               " EXISTS (SELECT 1 FROM coding_pass p WHERE p.encounter_id = b.encounter_id AND p.coder_id"
                               " = ?) ORDER BY e.reference");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, *me);
    std::vector<std::string> out;
    if (auto done = stmt->eachRow([&] { out.push_back(stmt->getText(0)); }); !done)
        return done.error();
    return out;
}

common::Result<std::string> visibleTagsCondition(Workspace& ws, std::string_view alias)
{
    auto me = actingCoderIdIfAny(ws);
    if (!me)
        return me.error();
    const std::string a(alias);
    const std::string id = std::to_string(*me);
    return "(" + a + ".coder_id = " + id + " OR " + a +
           ".encounter_id NOT IN (SELECT b.encounter_id FROM blind_coding b WHERE NOT EXISTS (SELECT 1 FROM coding_pass p"
           " WHERE p.encounter_id = b.encounter_id AND p.coder_id = " + id + ")))";
}

common::Status requirePassOpen(Workspace& ws, int64_t encounterId, int64_t coderId)
{
    auto stmt = ws.db().cached("SELECT e.reference FROM coding_pass p JOIN blind_coding b ON b.encounter_id = p.encounter_id"
                               " JOIN encounter e ON e.id = p.encounter_id WHERE p.encounter_id = ? AND p.coder_id = ?");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(encounterId, coderId);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return {};
    EncounterKey e{encounterId, {}, stmt->getText(0)};
    stmt->reset();
    return common::makeError(common::ErrorCode::PermissionDenied,
                             "your pass on this blind coded encounter is marked done, so your tags on it stay as they"
                             " are; reopen the pass first (" + passCommand("reopen", e) + ")",
                             "encounter " + e.reference);
}

} // namespace review
