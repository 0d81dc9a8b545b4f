#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace review {

class Workspace;

// Transcripts of footage (issue 14), stored per footage file in its media time, so a cue
// follows the camera's offset onto any encounter's timeline. Cue text, speaker and the
// source file's name are free text: sealed at rest like tag comments.
//
// Data flow: exchange::importTranscriptFile (reads and parses SRT/WebVTT) -> storeTranscript
// (tables transcript, transcript_cue) -> encounterCues (the cues of an encounter's cameras
// in encounter time) -> the window's subtitles and Transcript tab, `transcript list|search`
// (exchange::TranscriptIndex), and exports that include the lines a tag covers.

// One cue as stored: times in the footage's media time.
struct CueText {
    int64_t startUs = 0, endUs = 0;
    std::string speaker; // WebVTT voice; empty when the file names none
    std::string text;
};

struct NewTranscript {
    std::string sourceSha256; // of the file's bytes as read
    std::string fileName;     // its name without folders
    std::string format;       // "SRT" or "WebVTT"
    std::vector<CueText> cues; // in file order, at least one
};

struct StoredTranscript {
    std::string uuid;
    std::string footageUuid;
    std::string sourceSha256;
    std::string fileName;
    std::string format;
    int64_t cueCount = 0;
    int64_t importedUs = 0;
};

struct ImportedTranscript {
    StoredTranscript transcript;
    bool alreadyImported = false;        // the same file was the footage's transcript already
    std::optional<std::string> replaced; // the UUID of the transcript this one replaced
    std::optional<int64_t> footageDurationUs; // the recording's length, when it is known
};

// Stores `transcript` as the one shown for footage `footageRef` (UUID, SHA-256 or path).
// A footage file shows one transcript: when it has another, `replace` must be given (the
// earlier one is kept, marked replaced), else Failed with a sentence naming it. Audit:
// transcript.import with the footage, the source's SHA-256 and the count of cues.
common::Result<ImportedTranscript> storeTranscript(Workspace& ws, const std::string& footageRef,
                                                   const NewTranscript& transcript, bool replace);

// A cue on an encounter's timeline: encounter time = the camera's offset + media time.
struct EncounterCue {
    int64_t cueId = 0;
    int64_t footageId = 0;
    std::string camera; // the camera's label ("Officer A"), or its footage file's name
    int64_t mediaStartUs = 0, mediaEndUs = 0;
    int64_t startUs = 0, endUs = 0;
    std::string speaker;
    std::string text;
};

// The shown transcripts of every camera of the encounter (reference or UUID), sorted by
// encounter time, then camera, then file order. Needs Action::ViewFootage.
common::Result<std::vector<EncounterCue>> encounterCues(Workspace& ws, const std::string& encounterRef);
// The same for a person outside the window (`transcript list`, `transcript search`):
// written to the audit log as transcript.read.
common::Result<std::vector<EncounterCue>> readEncounterCues(Workspace& ws, const std::string& encounterRef);

// The cues that a span of encounter time touches (a point tag, start == end: the cues
// showing at that moment), of camera `footageId` or of every camera when none, in the order
// of `cues`. Cues are half-open [start, end). Used by subtitles and by exports (the lines a
// tag covers).
std::vector<const EncounterCue*> cuesCovering(const std::vector<EncounterCue>& cues, std::optional<int64_t> footageId,
                                              int64_t startUs, int64_t endUs);

} // namespace review
