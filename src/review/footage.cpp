#include "review/footage.hpp"

#include <system_error>

#include <nlohmann/json.hpp>

#include "media/probe.hpp"
#include "review/audit_log.hpp"
#include "review/encounter.hpp"
#include "review/ids.hpp"
#include "review/workspace.hpp"
#include "store/database.hpp"

namespace review {
namespace {

const char* kFootageColumns =
    "id, uuid, path, sha256, size_bytes, duration_us, frames, width, height, fps, video_codec, audio_codec,"
    " probe_error, added_us, verified_us";

Footage readFootage(const store::Statement& s)
{
    Footage f;
    f.id = s.getInt(0);
    f.uuid = s.getText(1);
    f.path = s.getText(2);
    f.sha256 = s.getText(3);
    f.sizeBytes = s.getInt(4);
    f.durationUs = s.getOptInt(5);
    f.frames = s.getOptInt(6);
    if (auto w = s.getOptInt(7))
        f.width = static_cast<int>(*w);
    if (auto h = s.getOptInt(8))
        f.height = static_cast<int>(*h);
    f.fps = s.getOptDouble(9);
    f.videoCodec = s.getOptText(10);
    f.audioCodec = s.getOptText(11);
    f.probeError = s.getOptText(12);
    f.addedUs = s.getInt(13);
    f.verifiedUs = s.getOptInt(14);
    return f;
}

nlohmann::json factsToJson(const media::MediaFacts& facts)
{
    nlohmann::json j = {{"format", facts.format}, {"duration_s", facts.durationS}, {"bit_rate", facts.bitRate},
                        {"origin_us", facts.originUs}, {"file_size", facts.fileSize}};
    if (facts.creationTime)
        j["creation_time"] = *facts.creationTime;
    if (const auto& v = facts.video) {
        j["video"] = {{"codec", v->codec}, {"profile", v->profile}, {"width", v->width}, {"height", v->height},
                      {"rotation", v->rotation}, {"pix_fmt", v->pixFmt}, {"fps", v->fps}, {"vfr", v->vfr},
                      {"frames", v->frames}, {"color_space", v->colorSpace}, {"color_range", v->colorRange}};
    }
    if (const auto& a = facts.audio)
        j["audio"] = {{"codec", a->codec}, {"sample_rate", a->sampleRate}, {"channels", a->channels}};
    return j;
}

std::filesystem::path fullPath(const std::filesystem::path& path)
{
    std::error_code ec;
    std::filesystem::path full = std::filesystem::weakly_canonical(path, ec);
    return ec ? std::filesystem::absolute(path, ec) : full;
}

} // namespace

common::Result<Footage> findFootage(Workspace& ws, const std::string& ref)
{
    auto stmt = ws.db().prepare(std::string("SELECT ") + kFootageColumns
                                + " FROM footage WHERE uuid = lower(?1) OR sha256 = lower(?1) OR path = ?1 OR path = ?2"
                                  " ORDER BY id LIMIT 1");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(ref, fullPath(ref).string());
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return common::makeError(common::ErrorCode::NotFound,
                                 "no such footage is registered (add it with: bwv-review footage add FILE)", ref);
    return readFootage(*stmt);
}

common::Result<std::vector<Footage>> listFootage(Workspace& ws)
{
    auto stmt = ws.db().prepare(std::string("SELECT ") + kFootageColumns + " FROM footage ORDER BY path");
    if (!stmt)
        return stmt.error();
    std::vector<Footage> all;
    if (auto done = stmt->eachRow([&] {
            all.push_back(readFootage(*stmt));
        });
        !done)
        return done.error();
    return all;
}

namespace {

common::Status writeLink(Workspace& ws, int64_t footageId, const std::string& footageUuid, int64_t encounter,
                         const std::string& label, int64_t offsetUs)
{
    auto link = ws.db().cached(
        "INSERT INTO encounter_footage (uuid, encounter_id, footage_id, offset_us, label) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (encounter_id, footage_id) DO UPDATE SET offset_us = excluded.offset_us, label = excluded.label");
    if (!link)
        return link.error();
    link->bindAll(newUuid(), encounter, footageId, offsetUs, label);
    if (auto done = link->run(); !done)
        return done.error();
    return appendAudit(ws.db(), ws.coder(), "footage.linked", footageUuid,
                       {{"encounter_id", encounter}, {"label", label}, {"offset_us", offsetUs}});
}

} // namespace

common::Result<AddedFootage> addFootage(Workspace& ws, const std::filesystem::path& path, const FootageLink& link,
                                        const ByteProgress& progress, std::stop_token stop)
{
    const std::filesystem::path full = fullPath(path);
    std::error_code ec;
    if (!std::filesystem::exists(full, ec))
        return common::makeError(common::ErrorCode::NotFound, "the file does not exist", path.string());
    if (link.encounterRef && link.encounterRef->empty())
        return common::makeError(common::ErrorCode::Usage, "the encounter reference is empty");

    // The long parts (hash, probe) run before the write transaction, so other processes
    // are not held up while a two-hour file is read.
    auto hash = sha256File(full, progress, stop);
    if (!hash)
        return hash.error();
    const int64_t size = static_cast<int64_t>(std::filesystem::file_size(full, ec));
    auto facts = media::probe(full);

    auto tx = ws.db().beginWrite();
    if (!tx)
        return tx.error();
    auto coder = ws.coderId();
    if (!coder)
        return coder.error();
    AddedFootage added;
    auto existing = ws.db().prepare(std::string("SELECT ") + kFootageColumns + " FROM footage WHERE sha256 = ?");
    if (!existing)
        return existing.error();
    existing->bind(1, *hash);
    auto row = existing->step();
    if (!row)
        return row.error();
    if (*row) {
        added.footage = readFootage(*existing);
        added.alreadyKnown = true;
        existing->reset();
        if (added.footage.path != full.string()) {
            auto move = ws.db().prepare("UPDATE footage SET path = ? WHERE id = ?");
            if (!move)
                return move.error();
            move->bindAll(full.string(), added.footage.id);
            if (auto done = move->run(); !done)
                return done.error();
            if (auto done = appendAudit(ws.db(), ws.coder(), "footage.moved", added.footage.uuid,
                                        {{"from", added.footage.path}, {"to", full.string()}});
                !done)
                return done.error();
            added.footage.path = full.string();
        }
    } else {
        existing->reset();
        Footage& f = added.footage;
        f.uuid = newUuid();
        f.path = full.string();
        f.sha256 = *hash;
        f.sizeBytes = size;
        f.addedUs = nowUs();
        std::optional<std::string> probeJson;
        if (facts) {
            f.durationUs = static_cast<int64_t>(facts->durationS * 1e6 + 0.5);
            if (facts->video) {
                f.frames = facts->video->frames;
                f.width = facts->video->width;
                f.height = facts->video->height;
                f.fps = facts->video->fps;
                f.videoCodec = facts->video->codec;
            }
            if (facts->audio)
                f.audioCodec = facts->audio->codec;
            probeJson = factsToJson(*facts).dump();
        } else {
            f.probeError = facts.error().message;
        }
        auto insert = ws.db().prepare(
            "INSERT INTO footage (uuid, path, sha256, size_bytes, duration_us, frames, width, height, fps, video_codec,"
            " audio_codec, probe_json, probe_error, added_by, added_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        if (!insert)
            return insert.error();
        insert->bindAll(f.uuid, f.path, f.sha256, f.sizeBytes, f.durationUs, f.frames, f.width, f.height, f.fps,
                        f.videoCodec, f.audioCodec, probeJson, f.probeError, *coder, f.addedUs);
        if (auto done = insert->run(); !done)
            return done.error();
        f.id = ws.db().lastInsertRowid();
        nlohmann::json detail = {{"path", f.path}, {"sha256", f.sha256}, {"size_bytes", f.sizeBytes}};
        if (f.probeError)
            detail["probe_error"] = *f.probeError;
        if (auto done = appendAudit(ws.db(), ws.coder(), "footage.registered", f.uuid, detail); !done)
            return done.error();
    }

    if (link.encounterRef) {
        auto encounter = encounterId(ws, *link.encounterRef);
        if (!encounter && encounter.error().code == common::ErrorCode::NotFound) {
            // A new reference: create the encounter in this same transaction.
            const std::string uuid = newUuid();
            auto insert = ws.db().cached("INSERT INTO encounter (uuid, reference, created_us, changed_us) VALUES (?, ?, ?, ?)");
            if (!insert)
                return insert.error();
            const int64_t now = nowUs();
            insert->bindAll(uuid, *link.encounterRef, now, now);
            if (auto done = insert->run(); !done)
                return done.error();
            encounter = ws.db().lastInsertRowid();
            if (auto done = appendAudit(ws.db(), ws.coder(), "encounter.created", uuid, {{"reference", *link.encounterRef}}); !done)
                return done.error();
        }
        if (!encounter)
            return encounter.error();
        if (auto done = writeLink(ws, added.footage.id, added.footage.uuid, *encounter, link.label, link.offsetUs); !done)
            return done.error();
    }
    if (auto done = tx->commit(); !done)
        return done.error();
    return added;
}

common::Status linkFootage(Workspace& ws, const std::string& footageRef, const std::string& encounterRef,
                           const std::string& label, int64_t offsetUs)
{
    auto tx = ws.db().beginWrite();
    if (!tx)
        return tx.error();
    auto footage = findFootage(ws, footageRef);
    if (!footage)
        return footage.error();
    auto encounter = encounterId(ws, encounterRef);
    if (!encounter)
        return encounter.error();
    if (auto done = writeLink(ws, footage->id, footage->uuid, *encounter, label, offsetUs); !done)
        return done.error();
    return tx->commit();
}

common::Result<std::vector<FootageCheck>> verifyFootage(Workspace& ws, const std::vector<std::string>& refs,
                                                        const ByteProgress& progress, std::stop_token stop)
{
    std::vector<Footage> targets;
    if (refs.empty()) {
        auto all = listFootage(ws);
        if (!all)
            return all.error();
        targets = std::move(*all);
    } else {
        for (const std::string& ref : refs) {
            auto one = findFootage(ws, ref);
            if (!one)
                return one.error();
            targets.push_back(std::move(*one));
        }
    }
    std::vector<FootageCheck> checks;
    for (Footage& footage : targets) {
        FootageCheck check;
        auto hash = sha256File(footage.path, progress, stop);
        if (!hash) {
            if (hash.error().code == common::ErrorCode::Cancelled)
                return hash.error();
            check.verdict = hash.error().code == common::ErrorCode::NotFound ? FootageCheck::Verdict::Missing
                                                                              : FootageCheck::Verdict::Unreadable;
            check.detail = hash.error().message;
        } else if (*hash != footage.sha256) {
            check.verdict = FootageCheck::Verdict::Changed;
            check.detail = "the file's content differs from when it was registered (SHA-256 " + hash->substr(0, 12)
                           + "... instead of " + footage.sha256.substr(0, 12) + "...)";
        }
        check.footage = std::move(footage);
        checks.push_back(std::move(check));
    }
    auto tx = ws.db().beginWrite();
    if (!tx)
        return tx.error();
    const int64_t now = nowUs();
    for (FootageCheck& check : checks) {
        const bool ok = check.verdict == FootageCheck::Verdict::Ok;
        if (ok) {
            auto stamp = ws.db().cached("UPDATE footage SET verified_us = ? WHERE id = ?");
            if (!stamp)
                return stamp.error();
            stamp->bindAll(now, check.footage.id);
            if (auto done = stamp->run(); !done)
                return done.error();
            check.footage.verifiedUs = now;
        }
        static const char* kVerdicts[] = {"ok", "changed", "missing", "unreadable"};
        nlohmann::json detail = {{"path", check.footage.path}, {"verdict", kVerdicts[static_cast<int>(check.verdict)]}};
        if (!ok)
            detail["detail"] = check.detail;
        if (auto done = appendAudit(ws.db(), ws.coder(), "footage.verified", check.footage.uuid, detail); !done)
            return done.error();
    }
    if (auto done = tx->commit(); !done)
        return done.error();
    return checks;
}

common::Status recordFootageOpened(Workspace& ws, int64_t footageId)
{
    auto tx = ws.db().beginWrite();
    if (!tx)
        return tx.error();
    auto stmt = ws.db().cached("SELECT uuid, path FROM footage WHERE id = ?");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, footageId);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return common::makeError(common::ErrorCode::NotFound, "no such footage is registered",
                                 "footage " + std::to_string(footageId));
    std::string uuid = stmt->getText(0);
    std::string path = stmt->getText(1);
    stmt->reset();
    if (auto done = appendAudit(ws.db(), ws.coder(), "footage.opened", uuid, {{"path", path}}); !done)
        return done.error();
    return tx->commit();
}

common::Status recordExport(Workspace& ws, const std::string& what, const std::filesystem::path& target)
{
    auto tx = ws.db().beginWrite();
    if (!tx)
        return tx.error();
    if (auto done = appendAudit(ws.db(), ws.coder(), "export", what, {{"target", fullPath(target).string()}}); !done)
        return done.error();
    return tx->commit();
}

} // namespace review
