#include "review/footage_alignment.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>

#include "media/frame_index.hpp"
#include "media/media_facts.hpp"
#include "media/probe.hpp"
#include "media/sound_alignment.hpp"
#include "review/encounter.hpp"
#include "review/footage.hpp"
#include "review/permissions.hpp"
#include "review/workspace.hpp"

namespace review {
namespace {

// What one camera's file offers for aligning: its facts, or why it offers nothing.
struct CameraFile {
    EncounterFootage link;
    std::optional<media::MediaFacts> facts;
    std::optional<int64_t> clockUs;               // recording start, from creation_time
    std::shared_ptr<const media::FrameIndex> index; // none for a file without video
    std::string problem;                          // "its file is missing", ...
};

CameraFile inspect(const EncounterFootage& link)
{
    CameraFile file;
    file.link = link;
    std::error_code ec;
    if (!std::filesystem::exists(link.path, ec)) {
        file.problem = "its file is missing (" + link.path + ")";
        return file;
    }
    auto facts = media::probe(link.path);
    if (!facts) {
        file.problem = "its file cannot be read: " + facts.error().message;
        return file;
    }
    if (!facts->audio)
        file.problem = "its recording has no sound";
    if (facts->creationTime)
        file.clockUs = media::creationTimeUs(*facts->creationTime);
    if (facts->video)
        if (auto index = media::FrameIndex::build(link.path); index)
            file.index = std::make_shared<const media::FrameIndex>(std::move(*index));
    file.facts = std::move(*facts);
    return file;
}

// The frame time of `index` nearest to `timeUs`; `timeUs` itself past the last frame or
// without an index.
int64_t nearestFrameTime(const media::FrameIndex* index, int64_t timeUs)
{
    if (!index || index->frameCount() == 0 || timeUs > index->durationUs())
        return timeUs;
    const int64_t at = index->frameAtTime(timeUs);
    int64_t best = index->timeUs(at);
    if (at + 1 < index->frameCount() && index->timeUs(at + 1) - timeUs < timeUs - best)
        best = index->timeUs(at + 1);
    return best;
}

// The lag snapped so that the camera that started later begins on a frame boundary of the
// one that started earlier: that is where its first frame meets the other's frames.
int64_t snapLag(int64_t lagUs, const CameraFile& reference, const CameraFile& camera)
{
    if (lagUs >= 0)
        return nearestFrameTime(reference.index.get(), lagUs);
    return -nearestFrameTime(camera.index.get(), -lagUs);
}

std::string silentSentence(const std::string& who)
{
    return "could not align: " + who + " recorded only silence where the two should overlap";
}

CameraAlignment alignOne(const CameraFile& reference, const CameraFile& camera, const AlignOptions& options)
{
    CameraAlignment out;
    const std::string refName = reference.link.label.empty() ? "the reference camera" : reference.link.label;
    if (!camera.problem.empty()) {
        out.note = "could not align: " + camera.problem;
        return out;
    }
    if (!reference.problem.empty()) {
        out.note = "could not align: the reference camera (" + refName + ") cannot be used: " + reference.problem;
        return out;
    }
    media::LagSearch search;
    search.spanUs = options.searchUs;
    if (reference.clockUs && camera.clockUs) {
        const int64_t clockLag = *camera.clockUs - *reference.clockUs;
        out.clockOffsetUs = reference.link.offsetUs + snapLag(clockLag, reference, camera);
        search.centreUs = clockLag;
        search.spanUs = options.clockSearchUs;
    }
    auto match = media::matchSound(reference.link.path, camera.link.path, search);
    if (!match) {
        out.note = "could not align: its sound cannot be read: " + match.error().message;
        return out;
    }
    out.confidence = match->peakRatio;
    out.peakSigma = match->peakSigma;
    if (match->measured && match->peakRatio >= kMinPeakRatio && match->peakSigma >= kMinPeakSigma) {
        out.aligned = true;
        out.method = "sound";
        out.offsetUs = reference.link.offsetUs + snapLag(match->lagUs, reference, camera);
        return out;
    }
    if (match->silentA)
        out.note = silentSentence("the reference camera (" + refName + ")");
    else if (match->silentB)
        out.note = silentSentence("this camera");
    else if (match->measured)
        out.note = "could not align: its sound shares nothing recognisable with " + refName + "'s";
    else
        out.note = "could not align: its sound does not overlap " + refName + "'s within the searched range";
    if (out.clockOffsetUs) {
        // The clocks still say something; shown, never saved as if the sound agreed.
        out.offsetUs = out.clockOffsetUs;
        out.method = "clock";
        out.note += "; the offset shown is from the recording clocks only";
    }
    return out;
}

} // namespace

common::Result<std::vector<CameraAlignment>> alignEncounterCameras(Workspace& ws, const std::string& encounterRef,
                                                                   const AlignOptions& options)
{
    if (options.apply)
        if (auto allowed = ws.require(Action::RegisterFootage, encounterRef); !allowed)
            return allowed.error();
    auto encounter = findEncounter(ws, encounterRef);
    if (!encounter)
        return encounter.error();
    if (encounter->footage.size() < 2)
        return common::makeError(common::ErrorCode::InvalidInput,
                                 "the encounter needs at least two cameras to align, it has "
                                     + std::to_string(encounter->footage.size()),
                                 encounter->reference);

    // Labels are sealed, so the encounter's own order is not theirs: the reference is the
    // first by label here, the same on every run.
    std::stable_sort(encounter->footage.begin(), encounter->footage.end(),
                     [](const EncounterFootage& x, const EncounterFootage& y) { return x.label < y.label; });
    std::vector<CameraFile> files;
    for (const EncounterFootage& link : encounter->footage) {
        files.push_back(inspect(link));
        if (files.back().facts) // its sound is about to be read: a consultation of the footage
            if (auto logged = recordFootageOpened(ws, link.footageId); !logged)
                return logged.error();
    }

    std::vector<CameraAlignment> result;
    const CameraFile& reference = files.front();
    for (const CameraFile& camera : files) {
        CameraAlignment one;
        if (&camera == &reference) {
            one.aligned = true;
            one.method = "reference";
            one.offsetUs = camera.link.offsetUs;
            one.confidence = 1;
        } else {
            one = alignOne(reference, camera, options);
        }
        one.label = camera.link.label;
        one.sha256 = camera.link.sha256;
        one.footageUuid = camera.link.footageUuid;
        one.currentOffsetUs = camera.link.offsetUs;
        result.push_back(std::move(one));
    }

    if (options.apply)
        for (CameraAlignment& camera : result) {
            if (!camera.aligned || camera.method != "sound")
                continue;
            if (auto saved = linkFootage(ws, camera.footageUuid, encounter->uuid, camera.label, *camera.offsetUs); !saved)
                return saved.error();
            camera.saved = true;
        }
    return result;
}

} // namespace review
