#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "review/transcripts.hpp"

namespace review {
class Workspace;
struct Encounter;
}

namespace exchange {

// Transcripts between files, the database and the people who search them (issue 14):
// importTranscriptFile reads and parses (transcript_parser) then stores through review;
// findCues searches an encounter's cues (transcript_index); cameraFramesAt says which frame
// each camera shows at a moment. The command line and the window both call these.

struct TranscriptImport {
    review::ImportedTranscript stored;
    std::string format;                 // "SRT", "WebVTT"
    std::string encoding;               // "UTF-8", "Windows-1252" ...
    int64_t firstUs = 0, lastUs = 0;    // first cue's start, last cue's end (media time)
    std::vector<std::string> warnings;  // from the parser, each naming a line; cues after the end
    // Cues that start after the recording ends: a sign the file belongs to another camera.
    std::size_t cuesAfterEnd = 0;
};

// Reads `file` (a regular file, at most kMaxTranscriptBytes), parses it and stores it as
// the transcript of footage `footageRef` (review::storeTranscript, which says when
// `replace` is needed). Errors name the file and, for its content, the line.
common::Result<TranscriptImport> importTranscriptFile(review::Workspace& ws, const std::filesystem::path& file,
                                                      const std::string& footageRef, bool replace);

// The cues holding the words of `query` in a row (TranscriptIndex's matching: whole words,
// case and accents ignored), in encounter time order.
std::vector<const review::EncounterCue*> findCues(const std::vector<review::EncounterCue>& cues, std::string_view query);

// The frame each camera of `encounter` shows at encounter time `atUs` (none for a camera
// not running then, or whose file cannot be read). Opens each camera's frame index once
// per call: the command line asks for a few matches at a time.
struct CameraFrame {
    std::string camera;
    std::optional<int64_t> frame;
};
class CameraFrames {
public:
    explicit CameraFrames(const review::Encounter& encounter);
    ~CameraFrames();
    CameraFrames(const CameraFrames&) = delete;
    CameraFrames& operator=(const CameraFrames&) = delete;
    std::vector<CameraFrame> at(int64_t atUs);

private:
    struct Camera;
    std::vector<Camera> m_cameras;
};

} // namespace exchange
