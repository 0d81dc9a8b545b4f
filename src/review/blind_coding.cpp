#include "review/blind_coding.hpp"

#include "review/annotation.hpp"
#include "review/encounter.hpp"
#include "review/ids.hpp"
#include "review/people.hpp"
#include "review/time_text.hpp"
#include "review/workspace.hpp"
#include "store/database.hpp"

namespace review {
namespace {

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
    auto blind = ws.db().cached("SELECT c.name, b.started_us FROM blind_coding b JOIN person c ON c.id = b.started_by"
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

    // Coders: a live tag or a pass row on the encounter; adjudication's coders are not.
    auto coders = ws.db().cached(
        "SELECT c.name, p.done_us, (SELECT count(*) FROM annotation a WHERE a.encounter_id = ?1 AND a.coder_id = c.id"
        " AND a.deleted_us IS NULL), c.id FROM person c LEFT JOIN coding_pass p ON p.encounter_id = ?1 AND p.coder_id = c.id"
        " WHERE c.name NOT IN (?2, ?3) AND (p.coder_id IS NOT NULL OR EXISTS (SELECT 1 FROM annotation a WHERE a.encounter_id = ?1"
        " AND a.coder_id = c.id AND a.deleted_us IS NULL)) ORDER BY c.name");
    if (!coders)
        return coders.error();
    coders->bindAll(e.id, kConsensusName, kFinalName);
    std::optional<int64_t> mine;
    if (auto done = coders->eachRow([&] {
            CodingPass p{coders->getText(0), coders->getOptInt(1), coders->getInt(2)};
            if (coders->getInt(3) == ws.personId())
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
            if (p.coder != ws.personName())
                p.tags.reset();
    return s;
}

common::Result<BlindCodingStatus> changePass(Workspace& ws, const std::string& encounterRef, bool done)
{
    return ws.change(Action::CodingPass, encounterRef, [&](Change& change) -> common::Result<BlindCodingStatus> {
        auto e = encounterKey(ws, encounterRef);
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
        std::optional<int64_t> doneUs;
        for (const CodingPass& p : before->passes)
            if (p.coder == ws.personName())
                doneUs = p.doneUs;
        if (done && doneUs)
            return common::makeError(common::ErrorCode::Usage,
                                     "your pass is already marked done (" + isoTime(*doneUs) + ")", what);
        if (!done && !doneUs)
            return common::makeError(common::ErrorCode::Usage,
                                     "your pass is not marked done, so there is nothing to reopen", what);
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
        auto write = change.db().cached(done ? "INSERT INTO coding_pass (encounter_id, coder_id, done_us) VALUES (?, ?, ?)"
                                             : "DELETE FROM coding_pass WHERE encounter_id = ? AND coder_id = ?");
        if (!write)
            return write.error();
        if (done)
            write->bindAll(e->id, ws.personId(), nowUs());
        else
            write->bindAll(e->id, ws.personId());
        if (auto ran = write->run(); !ran)
            return ran.error();
        change.seal(RowKind::CodingPass, {e->id, ws.personId()});
        change.setAction(done ? "blind.pass_done" : "blind.pass_reopened");
        change.setItem(e->uuid);
        change.detail() = {{"encounter", e->reference}};
        if (!done)
            change.detail()["was_done"] = isoTime(*doneUs);
        return readStatus(ws, *e);
    });
}

} // namespace

common::Result<BlindCodingStatus> startBlindCoding(Workspace& ws, const std::string& encounterRef)
{
    return ws.change(Action::StartBlindCoding, encounterRef, [&](Change& change) -> common::Result<BlindCodingStatus> {
        auto e = encounterKey(ws, encounterRef);
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
        auto insert = change.db().cached("INSERT INTO blind_coding (encounter_id, started_by, started_us) VALUES (?, ?, ?)");
        if (!insert)
            return insert.error();
        insert->bindAll(e->id, ws.personId(), nowUs());
        if (auto ran = insert->run(); !ran)
            return ran.error();
        change.seal(RowKind::BlindCoding, {e->id});
        // Who had tagged it already: a reader of the log can tell whose coding began unblinded.
        nlohmann::json coders = nlohmann::json::array();
        for (const CodingPass& p : before->passes)
            coders.push_back(p.coder);
        change.setAction("blind.started");
        change.setItem(e->uuid);
        change.detail() = {{"encounter", e->reference}, {"coders_with_tags", coders}};
        return readStatus(ws, *e);
    });
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
    auto e = encounterKey(ws, encounterRef);
    if (!e)
        return e.error();
    return readStatus(ws, *e);
}

common::Result<bool> maySeeOthersTags(Workspace& ws, const std::string& encounterRef)
{
    auto e = encounterKey(ws, encounterRef);
    if (!e)
        return e.error();
    const int64_t me = ws.personId();
    auto stmt = ws.db().cached("SELECT NOT EXISTS (SELECT 1 FROM blind_coding WHERE encounter_id = ?1) OR EXISTS (SELECT 1"
                               " FROM coding_pass WHERE encounter_id = ?1 AND coder_id = ?2)");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(e->id, me);
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
    auto e = encounterKey(ws, encounterRef);
    if (!e)
        return e.error();
    return common::makeError(common::ErrorCode::NotAllowed,
                             "this encounter is blind coded and " + std::string(purpose) +
                                 " would show you the other coders' tags, so mark your pass done first (" +
                                 passCommand("done", *e) + ")",
                             "encounter " + e->reference);
}

common::Status requireAllPassesDone(Workspace& ws, const std::string& encounterRef)
{
    auto e = encounterKey(ws, encounterRef);
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
    return common::makeError(common::ErrorCode::NotAllowed,
                             "adjudication waits until every coder's pass is marked done, and " +
                                 (open.empty() ? std::string("nobody has coded this encounter yet")
                                               : "these are not: " + open),
                             "encounter " + e->reference);
}

common::Result<std::vector<std::string>> encountersBlindToActingCoder(Workspace& ws)
{
    auto stmt = ws.db().cached("SELECT e.reference FROM blind_coding b JOIN encounter e ON e.id = b.encounter_id WHERE NOT"
                               " EXISTS (SELECT 1 FROM coding_pass p WHERE p.encounter_id = b.encounter_id AND p.coder_id"
                               " = ?) ORDER BY e.reference");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, ws.personId());
    std::vector<std::string> out;
    if (auto done = stmt->eachRow([&] { out.push_back(stmt->getText(0)); }); !done)
        return done.error();
    return out;
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
    EncounterKey e{encounterId, {}, stmt->getText(0), false};
    stmt->reset();
    return common::makeError(common::ErrorCode::NotAllowed,
                             "your pass on this blind coded encounter is marked done, so your tags on it stay as they"
                             " are; reopen the pass first (" + passCommand("reopen", e) + ")",
                             "encounter " + e.reference);
}

} // namespace review
