#include "review/transcripts.hpp"

#include <algorithm>
#include <filesystem>

#include "review/encounter.hpp"
#include "review/footage.hpp"
#include "review/ids.hpp"
#include "review/workspace.hpp"
#include "store/database.hpp"

namespace review {
namespace {

constexpr std::string_view kFileNamePlace = "transcript.file_name";
constexpr std::string_view kSpeakerPlace = "transcript_cue.speaker";
constexpr std::string_view kTextPlace = "transcript_cue.text";

common::Result<std::optional<StoredTranscript>> shownTranscript(Workspace& ws, const Footage& footage)
{
    auto stmt = ws.db().prepare("SELECT uuid, source_sha256, file_name, format, cue_count, imported_us FROM transcript"
                                " WHERE footage_id = ? AND replaced_us IS NULL");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, footage.id);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<StoredTranscript>();
    return std::optional<StoredTranscript>(StoredTranscript{stmt->getText(0), footage.uuid, stmt->getText(1),
                                                            ws.readText(stmt->getBytes(2), kFileNamePlace),
                                                            stmt->getText(3), stmt->getInt(4), stmt->getInt(5)});
}

common::Status checkCues(const NewTranscript& transcript)
{
    if (transcript.cues.empty())
        return common::makeError(common::ErrorCode::InvalidInput, "the transcript has no cues: there is nothing to import",
                                 transcript.fileName);
    if (transcript.format != "SRT" && transcript.format != "WebVTT")
        return common::makeError(common::ErrorCode::InvalidInput, "a transcript is SRT or WebVTT", transcript.fileName);
    for (const CueText& cue : transcript.cues)
        if (cue.startUs < 0 || cue.endUs < cue.startUs)
            return common::makeError(common::ErrorCode::InvalidInput, "a cue ends before it starts", transcript.fileName);
    return {};
}

} // namespace

common::Result<ImportedTranscript> storeTranscript(Workspace& ws, const std::string& footageRef,
                                                   const NewTranscript& transcript, bool replace)
{
    if (auto allowed = ws.require(Action::ImportTranscript, footageRef); !allowed)
        return allowed.error();
    if (auto ok = checkCues(transcript); !ok)
        return ok.error();
    auto footage = lookUpFootage(ws, footageRef);
    if (!footage)
        return footage.error();
    auto shown = shownTranscript(ws, *footage);
    if (!shown)
        return shown.error();
    if (*shown && (*shown)->sourceSha256 == transcript.sourceSha256)
        return ImportedTranscript{**shown, true, std::nullopt, footage->durationUs};
    if (*shown && !replace)
        return common::makeError(
            common::ErrorCode::InvalidInput,
            "this footage already has a transcript (" + (*shown)->fileName + ", " + std::to_string((*shown)->cueCount) +
                " cues, imported " + isoTime((*shown)->importedUs).substr(0, 10) +
                "): give --replace to show this one instead (the earlier one is kept in the database)",
            std::filesystem::path(footage->path).filename().string());

    const std::string uuid = newUuid();
    return ws.change(Action::ImportTranscript, footage->uuid, [&](Change& change) -> common::Result<ImportedTranscript> {
        store::Database& db = change.db();
        const int64_t now = nowUs();
        ImportedTranscript result;
        result.footageDurationUs = footage->durationUs;
        if (*shown) {
            auto old = db.prepare("UPDATE transcript SET replaced_us = ? WHERE uuid = ? RETURNING id");
            if (!old)
                return old.error();
            old->bindAll(now, (*shown)->uuid);
            auto row = old->step();
            if (!row)
                return row.error();
            change.seal(RowKind::Transcript, {old->getInt(0)});
            result.replaced = (*shown)->uuid;
        }
        auto insert = db.prepare("INSERT INTO transcript (uuid, footage_id, source_sha256, file_name, format, cue_count,"
                                 " imported_by, imported_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        if (!insert)
            return insert.error();
        insert->bindAll(uuid, footage->id, transcript.sourceSha256,
                        store::Blob{change.sealText(transcript.fileName, kFileNamePlace)}, transcript.format,
                        static_cast<int64_t>(transcript.cues.size()), change.personId(), now);
        if (auto done = insert->run(); !done)
            return done.error();
        const int64_t transcriptId = db.lastInsertRowid();
        change.seal(RowKind::Transcript, {transcriptId});

        auto cue = db.prepare("INSERT INTO transcript_cue (transcript_id, position, start_us, end_us, speaker, text)"
                              " VALUES (?, ?, ?, ?, ?, ?)");
        if (!cue)
            return cue.error();
        for (std::size_t i = 0; i < transcript.cues.size(); ++i) {
            const CueText& c = transcript.cues[i];
            cue->bindAll(transcriptId, static_cast<int64_t>(i), c.startUs, c.endUs,
                         store::Blob{change.sealText(c.speaker, kSpeakerPlace)},
                         store::Blob{change.sealText(c.text, kTextPlace)});
            if (auto done = cue->run(); !done)
                return done.error();
            cue->reset();
            change.seal(RowKind::TranscriptCue, {db.lastInsertRowid()});
        }
        change.setItem(uuid);
        change.detail() = {{"footage", footage->uuid},
                           {"source_sha256", transcript.sourceSha256},
                           {"file", change.sealForDetail(transcript.fileName, "file")},
                           {"format", transcript.format},
                           {"cues", transcript.cues.size()}};
        if (result.replaced)
            change.detail()["replaced"] = *result.replaced;
        result.transcript = StoredTranscript{uuid,
                                             footage->uuid,
                                             transcript.sourceSha256,
                                             transcript.fileName,
                                             transcript.format,
                                             static_cast<int64_t>(transcript.cues.size()),
                                             now};
        return result;
    });
}

common::Result<std::vector<EncounterCue>> encounterCues(Workspace& ws, const std::string& encounterRef)
{
    if (auto allowed = ws.require(Action::ViewFootage, encounterRef); !allowed)
        return allowed.error();
    auto encounter = findEncounter(ws, encounterRef);
    if (!encounter)
        return encounter.error();
    auto stmt = ws.db().prepare("SELECT c.id, c.start_us, c.end_us, c.speaker, c.text FROM transcript_cue c"
                                " JOIN transcript t ON t.id = c.transcript_id"
                                " WHERE t.footage_id = ? AND t.replaced_us IS NULL ORDER BY c.position");
    if (!stmt)
        return stmt.error();
    std::vector<EncounterCue> out;
    for (const EncounterFootage& camera : encounter->footage) {
        const std::string name =
            camera.label.empty() ? std::filesystem::path(camera.path).filename().string() : camera.label;
        stmt->bind(1, camera.footageId);
        auto done = stmt->eachRow([&] {
            EncounterCue cue;
            cue.cueId = stmt->getInt(0);
            cue.footageId = camera.footageId;
            cue.camera = name;
            cue.mediaStartUs = stmt->getInt(1);
            cue.mediaEndUs = stmt->getInt(2);
            cue.startUs = camera.offsetUs + cue.mediaStartUs;
            cue.endUs = camera.offsetUs + cue.mediaEndUs;
            cue.speaker = ws.readText(stmt->getBytes(3), kSpeakerPlace);
            cue.text = ws.readText(stmt->getBytes(4), kTextPlace);
            out.push_back(std::move(cue));
        });
        stmt->reset();
        if (!done)
            return done.error();
    }
    // Stable: cues at the same moment keep camera order, then file order.
    std::stable_sort(out.begin(), out.end(),
                     [](const EncounterCue& a, const EncounterCue& b) { return a.startUs < b.startUs; });
    return out;
}

common::Result<std::vector<EncounterCue>> readEncounterCues(Workspace& ws, const std::string& encounterRef)
{
    auto cues = encounterCues(ws, encounterRef);
    if (!cues)
        return cues.error();
    auto encounter = encounterKey(ws, encounterRef);
    if (!encounter)
        return encounter.error();
    if (auto logged = ws.recordEvent("transcript.read", encounter->uuid, {{"reference", encounter->reference}}); !logged)
        return logged.error();
    return cues;
}

std::vector<const EncounterCue*> cuesCovering(const std::vector<EncounterCue>& cues, std::optional<int64_t> footageId,
                                              int64_t startUs, int64_t endUs)
{
    std::vector<const EncounterCue*> out;
    for (const EncounterCue& cue : cues) {
        if (footageId && cue.footageId != *footageId)
            continue;
        // Half-open cues [start, end): a point tag at a cue's end belongs to the next one;
        // an empty cue (start == end) is touched by no moment, only by a span around it.
        const bool touches = startUs == endUs ? (cue.startUs <= startUs && startUs < cue.endUs)
                                              : (cue.startUs < endUs && startUs < cue.endUs) ||
                                                    (cue.startUs == cue.endUs && startUs <= cue.startUs && cue.startUs < endUs);
        if (touches)
            out.push_back(&cue);
    }
    return out;
}

} // namespace review
