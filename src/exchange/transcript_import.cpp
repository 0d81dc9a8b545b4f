#include "exchange/transcript_import.hpp"

#include <algorithm>

#include "exchange/transcript_index.hpp"
#include "exchange/transcript_parser.hpp"
#include "media/byte_source.hpp"
#include "media/frame_index.hpp"
#include "review/encounter.hpp"
#include "review/sha256.hpp"
#include "review/workspace.hpp"

namespace exchange {
namespace {

common::Result<std::string> readTranscriptBytes(const std::filesystem::path& file)
{
    // openSource checks the opened descriptor again, but speaks of video files.
    std::error_code ec;
    const auto status = std::filesystem::status(file, ec);
    if (!ec && std::filesystem::is_directory(status))
        return common::makeError(common::ErrorCode::InvalidInput, "this is a folder, not a transcript", file.string());
    if (!ec && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status))
        return common::makeError(common::ErrorCode::InvalidInput, "this is not a plain file, so not a transcript",
                                 file.string());
    auto source = media::openSource(file);
    if (!source)
        return source.error();
    const int64_t size = (*source)->size();
    if (size > static_cast<int64_t>(kMaxTranscriptBytes))
        return common::makeError(common::ErrorCode::InvalidInput,
                                 "this file is " + std::to_string(size / (1024 * 1024)) +
                                     " MiB, too large for a transcript (at most " +
                                     std::to_string(kMaxTranscriptBytes / (1024 * 1024)) + " MiB)",
                                 file.string());
    std::string bytes(static_cast<std::size_t>(size), '\0');
    int64_t done = 0;
    while (done < size) {
        const int chunk = static_cast<int>(std::min<int64_t>(size - done, 1 << 20));
        const int got = (*source)->read(done, reinterpret_cast<uint8_t*>(bytes.data() + done), chunk);
        if (got < 0)
            return common::makeError(common::ErrorCode::Io, "the transcript could not be read from the disk",
                                     file.string());
        if (got == 0)
            break; // shrank while read: parse what is there, its hash says which bytes
        done += got;
    }
    bytes.resize(static_cast<std::size_t>(done));
    return bytes;
}

} // namespace

common::Result<TranscriptImport> importTranscriptFile(review::Workspace& ws, const std::filesystem::path& file,
                                                      const std::string& footageRef, bool replace)
{
    // Checked first: a member who may not import learns it before the file is read.
    if (auto allowed = ws.require(review::Action::ImportTranscript, footageRef); !allowed)
        return allowed.error();
    auto bytes = readTranscriptBytes(file);
    if (!bytes)
        return bytes.error();
    auto parsed = parseTranscript(*bytes, file.string());
    if (!parsed)
        return parsed.error();

    review::NewTranscript transcript;
    transcript.sourceSha256 = review::sha256Hex(*bytes);
    transcript.fileName = file.filename().string();
    transcript.format = transcriptFormatName(parsed->format);
    transcript.cues.reserve(parsed->cues.size());
    TranscriptImport result;
    result.format = transcript.format;
    result.encoding = transcriptEncodingName(parsed->encoding);
    result.warnings = parsed->warnings;
    result.firstUs = parsed->cues.front().startUs;
    for (const TranscriptCue& cue : parsed->cues) {
        transcript.cues.push_back({cue.startUs, cue.endUs, cue.speaker, cue.text});
        result.firstUs = std::min(result.firstUs, cue.startUs);
        result.lastUs = std::max(result.lastUs, cue.endUs);
    }
    auto stored = review::storeTranscript(ws, footageRef, transcript, replace);
    if (!stored)
        return stored.error();
    result.stored = std::move(*stored);
    if (const auto end = result.stored.footageDurationUs)
        for (const TranscriptCue& cue : parsed->cues)
            if (cue.startUs >= *end)
                ++result.cuesAfterEnd;
    if (result.cuesAfterEnd > 0)
        result.warnings.push_back(std::to_string(result.cuesAfterEnd) +
                                  (result.cuesAfterEnd == 1 ? " cue starts" : " cues start") +
                                  " after the recording ends: is this the transcript of another camera?");
    return result;
}

std::vector<const review::EncounterCue*> findCues(const std::vector<review::EncounterCue>& cues, std::string_view query)
{
    std::vector<IndexedCue> indexed;
    indexed.reserve(cues.size());
    for (std::size_t i = 0; i < cues.size(); ++i)
        indexed.push_back({static_cast<int64_t>(i), cues[i].startUs, cues[i].text});
    const TranscriptIndex index = TranscriptIndex::build(indexed);
    std::vector<const review::EncounterCue*> out;
    for (int64_t i : index.search(query))
        out.push_back(&cues[static_cast<std::size_t>(i)]);
    return out;
}

struct CameraFrames::Camera {
    std::string label;
    int64_t offsetUs = 0;
    std::optional<media::FrameIndex> index;
};

CameraFrames::CameraFrames(const review::Encounter& encounter)
{
    for (const review::EncounterFootage& f : encounter.footage) {
        Camera camera;
        camera.label = f.label.empty() ? std::filesystem::path(f.path).filename().string() : f.label;
        camera.offsetUs = f.offsetUs;
        if (auto index = media::FrameIndex::build(f.path); index && index->frameCount() > 0)
            camera.index = std::move(*index);
        m_cameras.push_back(std::move(camera));
    }
}

CameraFrames::~CameraFrames() = default;

std::vector<CameraFrame> CameraFrames::at(int64_t atUs)
{
    std::vector<CameraFrame> out;
    for (const Camera& camera : m_cameras) {
        CameraFrame frame{camera.label, std::nullopt};
        const int64_t mediaUs = atUs - camera.offsetUs;
        if (camera.index && mediaUs >= 0 && mediaUs < camera.index->durationUs())
            frame.frame = camera.index->frameAtTime(mediaUs);
        out.push_back(std::move(frame));
    }
    return out;
}

} // namespace exchange
