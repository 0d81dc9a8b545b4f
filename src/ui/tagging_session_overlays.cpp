// TaggingSession: the transcripts and privacy masks of the encounter's cameras (issue 14).
// Read once when the encounter opens and again when the database changes elsewhere; the
// window asks per shown frame (subtitleAt, masksAt), which only looks through these copies.
#include "ui/tagging_session.hpp"

#include <algorithm>

#include "exchange/transcript_import.hpp"
#include "exchange/transcript_index.hpp"
#include "ui/time_format.hpp"

namespace ui {

// Unique across sessions: after a hand-over the new session's masks never pass for the
// previous person's (lifted) ones.
void TaggingSession::bumpMasksVersion()
{
    static int64_t last = 0;
    m_masksVersion = ++last;
}

void TaggingSession::refreshOverlays()
{
    bumpMasksVersion();
    m_cues.clear();
    m_masks.clear();
    if (!review::allows(m_workspace.roles(), review::Action::ViewFootage))
        return;
    if (auto cues = review::encounterCues(m_workspace, m_encounter.uuid))
        m_cues = std::move(*cues);
    for (const review::EncounterFootage& f : m_encounter.footage)
        if (auto masks = review::masksOfFootage(m_workspace, f.footageId))
            m_masks.insert(m_masks.end(), masks->begin(), masks->end());
    ++m_changes; // the panels hold positions in cues(): they look again
}

std::vector<const review::EncounterCue*> TaggingSession::searchCues(const std::string& query) const
{
    if (exchange::searchWords(query).empty()) {
        std::vector<const review::EncounterCue*> all;
        all.reserve(m_cues.size());
        for (const review::EncounterCue& cue : m_cues)
            all.push_back(&cue);
        return all;
    }
    return exchange::findCues(m_cues, query);
}

std::string TaggingSession::subtitleAt(int64_t footageId, int64_t mediaUs) const
{
    // Cues hold encounter time; this camera's offset turns its media time into it.
    int64_t offsetUs = 0;
    for (const review::EncounterFootage& f : m_encounter.footage)
        if (f.footageId == footageId)
            offsetUs = f.offsetUs;
    std::string text;
    for (const review::EncounterCue* cue :
         review::cuesCovering(m_cues, footageId, mediaUs + offsetUs, mediaUs + offsetUs)) {
        if (cue->text.empty())
            continue;
        if (!text.empty())
            text += "\n";
        text += cue->speaker.empty() ? cue->text : cue->speaker + ": " + cue->text;
    }
    return text;
}

common::Result<std::string> TaggingSession::tagCue(const std::string& code, int64_t cueId)
{
    const review::EncounterCue* cue = nullptr;
    for (const review::EncounterCue& c : m_cues)
        if (c.cueId == cueId)
            cue = &c;
    if (!cue)
        return common::makeError(common::ErrorCode::NotFound, "that transcript line is no longer shown");
    const review::Code* info = m_codebook.find(code);
    if (!info || !info->isTaggable())
        return common::makeError(common::ErrorCode::Usage, code + " is not a code you can tag on the timeline");
    review::NewAnnotation input;
    input.encounterRef = m_encounter.uuid;
    input.code = code;
    input.startUs = cue->startUs;
    // A point code marks where the line begins; an interval code spans the line.
    if (info->isInterval())
        input.endUs = std::max(cue->endUs, cue->startUs);
    input.subject = m_subject;
    input.intensity = m_intensity;
    input.footageId = cue->footageId;
    auto added = review::addAnnotation(m_workspace, input);
    if (!added)
        return added.error();
    (void)refresh();
    return describe(*added, "tagged") + " from the transcript";
}

std::vector<review::Mask> TaggingSession::masksAt(int64_t footageId, int64_t mediaUs) const
{
    std::vector<review::Mask> out;
    if (m_masksLifted)
        return out;
    for (const review::Mask& mask : m_masks)
        if (mask.footageId == footageId && review::maskBoxAt(mask, mediaUs))
            out.push_back(mask);
    return out;
}

common::Result<std::string> TaggingSession::liftMasks(bool lift)
{
    bumpMasksVersion();
    if (!lift) {
        m_masksLifted = false;
        return std::string("Masked areas are blurred again");
    }
    if (m_masks.empty())
        return std::string("No masks on these cameras");
    std::vector<int64_t> logged;
    for (const review::Mask& mask : m_masks) {
        if (std::find(logged.begin(), logged.end(), mask.footageId) != logged.end())
            continue;
        if (auto shown = review::recordMasksShown(m_workspace, mask.footageId, "the review window"); !shown)
            return shown.error();
        logged.push_back(mask.footageId);
    }
    m_masksLifted = true;
    bumpMasksVersion();
    return std::string("Masked areas shown to you until you hand over (written to the audit log)");
}

common::Result<std::string> TaggingSession::addMask(int64_t footageId, const review::NewMask& mask)
{
    std::string footageUuid;
    for (const review::EncounterFootage& f : m_encounter.footage)
        if (f.footageId == footageId)
            footageUuid = f.footageUuid;
    if (footageUuid.empty())
        return common::makeError(common::ErrorCode::NotFound, "this camera's file is not registered footage of the encounter");
    auto added = review::addMask(m_workspace, footageUuid, mask);
    if (!added)
        return added.error();
    refreshOverlays();
    return "Mask added from " + formatMediaTime(mask.fromUs) + " to " + formatMediaTime(mask.toUs) + " of this camera";
}

common::Result<std::string> TaggingSession::removeMask(const std::string& uuid)
{
    auto removed = review::removeMask(m_workspace, uuid);
    if (!removed)
        return removed.error();
    refreshOverlays();
    return std::string("Mask removed");
}

common::Result<std::string> TaggingSession::moveMask(const std::string& uuid, int64_t atUs, const review::MaskBox& box)
{
    auto moved = review::moveMask(m_workspace, uuid, atUs, box);
    if (!moved)
        return moved.error();
    refreshOverlays();
    return "Mask moved: at " + formatMediaTime(atUs) + " it is where you drew it; it moves in a straight line from "
           "its other positions";
}

} // namespace ui
