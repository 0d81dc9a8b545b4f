#include "review/footage.hpp"

#include <algorithm>
#include <system_error>

#include <nlohmann/json.hpp>

#include "common/json_text.hpp"
#include "common/output_file.hpp"
#include "media/media_facts.hpp"
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
    " probe_error, added_us, verified_us, fingerprint, json_extract(probe_json, '$.complete'),"
    " json_extract(probe_json, '$.ends_at_s'), json_extract(probe_json, '$.promised_s')";

constexpr std::string_view kPathPlace = "footage.path";
constexpr std::string_view kLabelPlace = "encounter_footage.label";

Footage readFootage(const Workspace& ws, const store::Statement& s)
{
    Footage f;
    f.id = s.getInt(0);
    f.uuid = s.getText(1);
    f.path = ws.readText(s.getBytes(2), kPathPlace);
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
    f.fingerprint = s.getOptText(15);
    // Footage registered before completeness was recorded counts as complete.
    f.complete = s.getOptInt(16).value_or(1) != 0;
    f.endsAtS = s.getOptDouble(17).value_or(0);
    f.promisedS = s.getOptDouble(18).value_or(0);
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
    j["complete"] = facts.complete;
    if (!facts.complete) {
        j["ends_at_s"] = facts.endsAtS;
        j["promised_s"] = facts.promisedS;
    }
    return j;
}

std::filesystem::path fullPath(const std::filesystem::path& path)
{
    std::error_code ec;
    std::filesystem::path full = std::filesystem::weakly_canonical(path, ec);
    return ec ? std::filesystem::absolute(path, ec) : full;
}

} // namespace

namespace {

// Every registered file, paths opened: paths are sealed, so finding one by path happens here.
common::Result<std::vector<Footage>> allFootage(Workspace& ws)
{
    auto stmt = ws.db().prepare(std::string("SELECT ") + kFootageColumns + " FROM footage");
    if (!stmt)
        return stmt.error();
    std::vector<Footage> all;
    if (auto done = stmt->eachRow([&] { all.push_back(readFootage(ws, *stmt)); }); !done)
        return done.error();
    std::sort(all.begin(), all.end(), [](const Footage& a, const Footage& b) { return a.path < b.path; });
    return all;
}

} // namespace

std::string incompleteRecordingText(const Footage& footage)
{
    media::MediaFacts facts;
    facts.complete = footage.complete;
    facts.endsAtS = footage.endsAtS;
    facts.promisedS = footage.promisedS;
    return media::incompleteRecordingText(facts);
}

namespace {

common::Result<Footage> footageById(Workspace& ws, int64_t footageId)
{
    auto stmt = ws.db().cached(std::string("SELECT ") + kFootageColumns + " FROM footage WHERE id = ?");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, footageId);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return common::makeError(common::ErrorCode::NotFound, "no such footage is registered",
                                 "footage " + std::to_string(footageId));
    Footage f = readFootage(ws, *stmt);
    stmt->reset();
    return f;
}

common::Status recordMismatch(Workspace& ws, const Footage& f, const std::string& why)
{
    auto logged = ws.recordEvent("footage.mismatch", f.uuid, {{"why", why}});
    if (!logged)
        return logged.error();
    return {};
}

} // namespace

common::Result<FootageIdentity> checkFootageIdentity(Workspace& ws, int64_t footageId, const std::filesystem::path& file)
{
    if (auto allowed = ws.require(Action::ViewFootage); !allowed)
        return allowed.error();
    auto footage = footageById(ws, footageId);
    if (!footage)
        return footage.error();
    FootageIdentity identity;
    auto source = media::openSource(file);
    if (!source) {
        identity.differs = true;
        identity.why = source.error().message;
    } else if ((*source)->size() != footage->sizeBytes) {
        identity.differs = true;
        identity.why = "it holds " + std::to_string((*source)->size()) + " bytes, the registered recording "
                     + std::to_string(footage->sizeBytes);
    } else if (footage->fingerprint) {
        auto fingerprint = quickFingerprint(**source);
        if (!fingerprint)
            return fingerprint.error();
        identity.fingerprinted = true;
        if (*fingerprint != *footage->fingerprint) {
            identity.differs = true;
            identity.why = "its first or last megabyte differs from the registered recording";
        }
    }
    if (identity.differs)
        if (auto logged = recordMismatch(ws, *footage, identity.why); !logged)
            return logged.error();
    return identity;
}

common::Result<bool> checkFootageHash(Workspace& ws, int64_t footageId, const std::string& sha256)
{
    auto footage = footageById(ws, footageId);
    if (!footage)
        return footage.error();
    if (sha256 == footage->sha256)
        return true;
    if (auto logged = recordMismatch(ws, *footage, "its SHA-256 differs from the registered recording's"); !logged)
        return logged.error();
    return false;
}

common::Result<std::optional<int64_t>> recordingIdIn(store::Database& db, const std::filesystem::path& file)
{
    auto source = media::openSource(file);
    if (!source)
        return source.error();
    auto fingerprint = quickFingerprint(**source);
    if (!fingerprint)
        return fingerprint.error();
    auto stmt = db.prepare("SELECT id FROM footage WHERE size_bytes = ? AND fingerprint = ?");
    if (!stmt)
        return stmt.error();
    stmt->bindAll((*source)->size(), *fingerprint);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<int64_t>();
    return std::optional<int64_t>(stmt->getInt(0));
}

common::Result<store::Database> openForRecordingLookUp(const std::filesystem::path& database)
{
    store::OpenOptions options;
    options.readOnly = true;
    options.quickCheck = false;
    options.dailyBackup = false;
    return store::Database::open(database, options);
}

common::Result<bool> isRegisteredRecording(const std::filesystem::path& database, const std::filesystem::path& file)
{
    auto db = openForRecordingLookUp(database);
    if (!db)
        return db.error();
    auto id = recordingIdIn(*db, file);
    if (!id)
        return id.error();
    return id->has_value();
}

void protectRegisteredFootage(Workspace& ws)
{
    auto all = allFootage(ws);
    if (!all)
        return;
    for (const Footage& f : *all)
        if (f.path != Workspace::kUnreadableText)
            common::protectFile(f.path, "registered footage");
}

common::Result<Footage> lookUpFootage(Workspace& ws, const std::string& ref)
{
    auto all = allFootage(ws);
    if (!all)
        return all.error();
    std::string lower = ref;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    const std::string full = fullPath(ref).string();
    for (Footage& f : *all)
        if (f.uuid == lower || f.sha256 == lower || f.path == ref || f.path == full)
            return std::move(f);
    return common::makeError(common::ErrorCode::NotFound,
                             "no such footage is registered (add it with: bwv-review footage add FILE)", ref);
}


common::Result<Footage> findFootage(Workspace& ws, const std::string& ref)
{
    if (auto allowed = ws.require(Action::ViewFootage, ref); !allowed)
        return allowed.error();
    return lookUpFootage(ws, ref);
}

common::Result<std::vector<Footage>> listFootage(Workspace& ws)
{
    if (auto allowed = ws.require(Action::ViewFootage); !allowed)
        return allowed.error();
    return allFootage(ws);
}

namespace {

common::Status writeLink(Change& change, const Footage& footage, const EncounterKey& encounter, const std::string& label,
                         int64_t offsetUs)
{
    auto link = change.db().cached(
        "INSERT INTO encounter_footage (uuid, encounter_id, footage_id, offset_us, label) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (encounter_id, footage_id) DO UPDATE SET offset_us = excluded.offset_us, label = excluded.label"
        " RETURNING id");
    if (!link)
        return link.error();
    link->bindAll(newUuid(), encounter.id, footage.id, offsetUs, store::Blob{change.sealText(label, kLabelPlace)});
    auto row = link->step();
    if (!row)
        return row.error();
    const int64_t linkId = link->getInt(0);
    link->reset();
    change.seal(RowKind::EncounterFootage, {linkId});
    change.detail()["link"] = {{"encounter", encounter.reference},
                               {"label", change.sealForDetail(label, "label")},
                               {"offset_us", offsetUs}};
    return {};
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
    // are not held up while a two-hour file is read. One descriptor for all of them: a file
    // swapped or deleted meanwhile cannot mix two files' facts.
    auto source = media::openSource(full);
    if (!source)
        return source.error();
    auto hash = sha256Source(**source, progress, stop);
    if (!hash)
        return hash.error();
    const int64_t size = (*source)->size();
    auto fingerprint = quickFingerprint(**source);
    if (!fingerprint)
        return fingerprint.error();
    auto facts = media::probe(*source);

    return ws.change(Action::RegisterFootage, *hash, [&](Change& change) -> common::Result<AddedFootage> {
        AddedFootage added;
        auto known = lookUpFootage(ws, *hash);
        if (known) {
            added.footage = std::move(*known);
            added.alreadyKnown = true;
            change.setAction("footage.linked");
            change.setItem(added.footage.uuid);
            if (added.footage.path != full.string()) {
                auto move = change.db().cached("UPDATE footage SET path = ? WHERE id = ?");
                if (!move)
                    return move.error();
                move->bindAll(store::Blob{change.sealText(full.string(), kPathPlace)}, added.footage.id);
                if (auto done = move->run(); !done)
                    return done.error();
                change.seal(RowKind::Footage, {added.footage.id});
                change.setAction("footage.moved");
                change.detail() = {{"from", change.sealForDetail(added.footage.path, "from")},
                                   {"to", change.sealForDetail(full.string(), "to")}};
                added.footage.path = full.string();
            } else if (!link.encounterRef) {
                change.markUnchanged();
            }
        } else if (known.error().code != common::ErrorCode::NotFound) {
            return known.error();
        } else {
            Footage& f = added.footage;
            f.uuid = newUuid();
            f.path = full.string();
            f.sha256 = *hash;
            f.sizeBytes = size;
            f.addedUs = nowUs();
            f.fingerprint = *fingerprint;
            std::optional<std::string> probeJson;
            if (facts) {
                f.durationUs = static_cast<int64_t>(facts->durationS * 1e6 + 0.5);
                f.complete = facts->complete;
                f.endsAtS = facts->endsAtS;
                f.promisedS = facts->promisedS;
                if (facts->video) {
                    f.frames = facts->video->frames;
                    f.width = facts->video->width;
                    f.height = facts->video->height;
                    f.fps = facts->video->fps;
                    f.videoCodec = facts->video->codec;
                }
                if (facts->audio)
                    f.audioCodec = facts->audio->codec;
                probeJson = common::jsonText(factsToJson(*facts));
            } else {
                f.probeError = facts.error().message;
            }
            auto insert = change.db().prepare(
                "INSERT INTO footage (uuid, path, sha256, size_bytes, duration_us, frames, width, height, fps, video_codec,"
                " audio_codec, probe_json, probe_error, added_by, added_us, fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
                " ?, ?, ?, ?, ?, ?, ?)");
            if (!insert)
                return insert.error();
            insert->bindAll(f.uuid, store::Blob{change.sealText(f.path, kPathPlace)}, f.sha256, f.sizeBytes,
                            f.durationUs, f.frames, f.width, f.height, f.fps, f.videoCodec, f.audioCodec, probeJson,
                            f.probeError, change.personId(), f.addedUs, f.fingerprint);
            if (auto done = insert->run(); !done)
                return done.error();
            f.id = change.db().lastInsertRowid();
            change.seal(RowKind::Footage, {f.id});
            change.setAction("footage.registered");
            change.setItem(f.uuid);
            change.detail() = {{"path", change.sealForDetail(f.path, "path")}, {"sha256", f.sha256},
                               {"size_bytes", f.sizeBytes}};
            if (f.probeError)
                change.detail()["probe_error"] = *f.probeError;
        }
        if (link.encounterRef) {
            auto encounter = ensureEncounter(change, *link.encounterRef);
            if (!encounter)
                return encounter.error();
            if (encounter->created)
                change.detail()["encounter_created"] = encounter->reference;
            if (auto done = writeLink(change, added.footage, *encounter, link.label, link.offsetUs); !done)
                return done.error();
        }
        return added;
    });
}

common::Status linkFootage(Workspace& ws, const std::string& footageRef, const std::string& encounterRef,
                           const std::string& label, int64_t offsetUs)
{
    return ws.change(Action::RegisterFootage, footageRef, [&](Change& change) -> common::Status {
        auto footage = lookUpFootage(ws, footageRef);
        if (!footage)
            return footage.error();
        auto encounter = encounterKey(ws, encounterRef);
        if (!encounter)
            return encounter.error();
        change.setAction("footage.linked");
        change.setItem(footage->uuid);
        return writeLink(change, *footage, *encounter, label, offsetUs);
    });
}

common::Result<std::vector<FootageCheck>> verifyFootage(Workspace& ws, const std::vector<std::string>& refs,
                                                        const ByteProgress& progress, std::stop_token stop)
{
    if (auto allowed = ws.require(Action::VerifyFootage); !allowed)
        return allowed.error();
    std::vector<Footage> targets;
    if (refs.empty()) {
        auto all = allFootage(ws);
        if (!all)
            return all.error();
        targets = std::move(*all);
    } else {
        for (const std::string& ref : refs) {
            auto one = lookUpFootage(ws, ref);
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
    const int64_t now = nowUs();
    auto done = ws.change(Action::VerifyFootage, "", [&](Change& change) -> common::Status {
        change.setAction("footage.verified");
        nlohmann::json results = nlohmann::json::array();
        for (FootageCheck& check : checks) {
            const bool ok = check.verdict == FootageCheck::Verdict::Ok;
            if (ok) {
                auto stamp = change.db().cached("UPDATE footage SET verified_us = ? WHERE id = ?");
                if (!stamp)
                    return stamp.error();
                stamp->bindAll(now, check.footage.id);
                if (auto ran = stamp->run(); !ran)
                    return ran.error();
                check.footage.verifiedUs = now;
            }
            static const char* kVerdicts[] = {"ok", "changed", "missing", "unreadable"};
            nlohmann::json one = {{"footage", check.footage.uuid}, {"verdict", kVerdicts[static_cast<int>(check.verdict)]}};
            if (!ok)
                one["detail"] = change.sealForDetail(check.detail, "detail");
            results.push_back(one);
        }
        if (checks.size() == 1)
            change.setItem(checks.front().footage.uuid);
        change.detail() = {{"checks", results}};
        return {};
    });
    if (!done)
        return done.error();
    return checks;
}

common::Status recordFootageOpened(Workspace& ws, int64_t footageId)
{
    if (auto allowed = ws.require(Action::ViewFootage); !allowed)
        return allowed;
    auto footage = footageById(ws, footageId);
    if (!footage)
        return footage.error();
    auto logged = ws.recordEvent("footage.opened", footage->uuid);
    if (!logged)
        return logged.error();
    return {};
}

common::Result<bool> recordExport(Workspace& ws, const std::string& what, const std::vector<std::filesystem::path>& targets)
{
    nlohmann::json files = nlohmann::json::array();
    for (const auto& target : targets)
        files.push_back(sealForJson(ws.dataKey(), fullPath(target).string(), "audit.files"));
    return ws.recordEvent("export", what, {{"files", files}});
}

} // namespace review
