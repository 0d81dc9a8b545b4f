#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace review {

class Workspace;

// Aligning an encounter's cameras (issue 13): each camera's offset relative to the first
// camera (by label, as the encounter lists them), from the recording clocks in the files
// (creation_time, when both have one), refined by their sound (media::matchSound).

// A sound match counts only when its peak stands this far above the rest: unrelated sound
// gives peak ratios of about 1.0-1.3 and peaks of 4-6 times the correlation's noise floor.
inline constexpr double kMinPeakRatio = 2.0;
inline constexpr double kMinPeakSigma = 10.0;

struct CameraAlignment {
    std::string label;
    std::string sha256;
    std::string footageUuid;
    int64_t currentOffsetUs = 0;          // the link's offset now
    std::optional<int64_t> offsetUs;      // the suggestion (encounter time of media time 0)
    std::optional<int64_t> clockOffsetUs; // what the recording clocks alone say
    std::string method;                   // "reference", "sound", "clock", or "" (none)
    double confidence = 0;                // sound: peak-to-rival ratio (see CorrelationPeak)
    double peakSigma = 0;                 // sound: peak over the correlation's noise floor
    bool aligned = false;                 // the reference, or a sound match above the thresholds
    std::string note;                     // a plain sentence when not aligned
    bool saved = false;                   // --apply wrote this offset
};

struct AlignOptions {
    int64_t searchUs = 120'000'000;     // lags searched either side of 0 without clocks
    int64_t clockSearchUs = 10'000'000; // ... either side of the clocks' lag when both have one
    bool apply = false;                 // save the aligned offsets (linkFootage, audited)
};

// Suggests offsets for every camera of `encounterRef`; the reference keeps its own. Reading
// the sound is logged as footage.opened (Action::ViewFootage). With `apply`, needs
// Action::RegisterFootage (checked before any work) and saves each aligned camera's offset
// through linkFootage, one audited change per camera. Offsets are snapped so the camera that
// started later begins exactly on a frame of the one that started earlier (frame times from
// the frame index, never from a frame rate). Long (decodes sound): not on the UI thread.
common::Result<std::vector<CameraAlignment>> alignEncounterCameras(Workspace& ws, const std::string& encounterRef,
                                                                   const AlignOptions& options = {});

} // namespace review
