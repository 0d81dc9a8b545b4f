#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "review/sha256.hpp"
#include "store/database.hpp"

namespace review {

class Workspace;

// A footage file, referred to by path and SHA-256; opened read-only, never copied.
// Probe facts are optional: a file the media layer cannot read is still registered (its
// hash is what proves which recording a tag refers to), with probeError saying why.
struct Footage {
    int64_t id = 0;
    std::string uuid;
    std::string path;
    std::string sha256;
    int64_t sizeBytes = 0;
    std::optional<int64_t> durationUs;
    std::optional<int64_t> frames;
    std::optional<int> width, height;
    std::optional<double> fps;
    std::optional<std::string> videoCodec, audioCodec;
    std::optional<std::string> probeError;
    int64_t addedUs = 0;
    std::optional<int64_t> verifiedUs;
    std::optional<std::string> fingerprint; // quickFingerprint at registration; none before schema 5
    // What the probe found at registration: a recording cut off before its end.
    bool complete = true;
    double endsAtS = 0, promisedS = 0;
};

// media::incompleteRecordingText for registered footage: "recording incomplete: ends at
// 00:03.04 of 00:06.00", empty when complete. Shown by footage add, list and verify, and in
// reports beside the encounter.
std::string incompleteRecordingText(const Footage& footage);

struct FootageLink {
    std::optional<std::string> encounterRef; // link to this encounter (created if new)
    std::string label;                       // "Officer A"
    int64_t offsetUs = 0;                    // where media time 0 sits on the encounter timeline
};

struct AddedFootage {
    Footage footage;
    bool alreadyKnown = false;      // same SHA-256 registered before (path updated if moved)
};

// Hashes (streamed, with progress), probes, then in one transaction registers the file
// (or finds it by hash) and links it to the encounter. Audit: footage.registered.
// Long: call from a BackgroundJob in the window.
common::Result<AddedFootage> addFootage(Workspace& ws, const std::filesystem::path& path, const FootageLink& link = {},
                                        const ByteProgress& progress = {}, std::stop_token stop = {});

// Links registered footage (UUID, path or SHA-256) to an encounter, or changes the link.
common::Status linkFootage(Workspace& ws, const std::string& footageRef, const std::string& encounterRef,
                           const std::string& label, int64_t offsetUs);

common::Result<std::vector<Footage>> listFootage(Workspace& ws);

// Opening registered footage (the window; framehash and frame on registered files): is the
// file at `file` still the recording registered as `footageId`? Size and quick fingerprint
// (review/sha256.hpp), in milliseconds. When they differ the result says why, in words,
// and the audit log gets footage.mismatch. `fingerprinted` is false for footage registered
// before fingerprints (only the size was compared): the full hash decides, see
// checkFootageHash.
struct FootageIdentity {
    bool differs = false;
    bool fingerprinted = false;
    std::string why; // "its size is 1 204 bytes, registered 1 203", when differs
};
inline constexpr const char* kNotRegisteredRecording = "this file is not the registered recording";
common::Result<FootageIdentity> checkFootageIdentity(Workspace& ws, int64_t footageId, const std::filesystem::path& file);
// The full SHA-256 computed in the background against the registered one; footage.mismatch
// in the audit log when it differs. True when it matches.
common::Result<bool> checkFootageHash(Workspace& ws, int64_t footageId, const std::string& sha256);

// For framehash and frame given `--db`: whether `file` (size and quick fingerprint) is a
// recording registered in `database`. Reads only the unsealed size and fingerprint, so no
// sign-in is needed and nothing is logged. False also for footage registered before
// fingerprints existed.
common::Result<bool> isRegisteredRecording(const std::filesystem::path& database, const std::filesystem::path& file);
// The same, in steps: `database` opened read-only without its checks (no sign-in, no
// backup), then the id of the footage row that `file` is, or none.
common::Result<store::Database> openForRecordingLookUp(const std::filesystem::path& database);
common::Result<std::optional<int64_t>> recordingIdIn(store::Database& db, const std::filesystem::path& file);

// Every registered file becomes common::protectFile: no export, report or picture of this
// process may be written over it. Called at sign-in; without the key it does nothing.
void protectRegisteredFootage(Workspace& ws);
// By UUID, SHA-256 or path.
common::Result<Footage> findFootage(Workspace& ws, const std::string& ref);
// The same without checking Action::ViewFootage, for review functions that checked their
// own permission (an administrator imports a transcript without viewing footage).
common::Result<Footage> lookUpFootage(Workspace& ws, const std::string& ref);

struct FootageCheck {
    enum class Verdict { Ok, Changed, Missing, Unreadable };
    Footage footage;
    Verdict verdict = Verdict::Ok;
    std::string detail; // plain words when not Ok
};

// Re-hashes footage (all when `refs` is empty) and compares with the registered SHA-256.
// Audit: footage.verified per file, with the verdict.
common::Result<std::vector<FootageCheck>> verifyFootage(Workspace& ws, const std::vector<std::string>& refs,
                                                        const ByteProgress& progress = {}, std::stop_token stop = {});

// The window calls this when it opens footage for viewing. Audit: footage.opened.
common::Status recordFootageOpened(Workspace& ws, int64_t footageId);

// Exporters call this when they have written an export's files. Audit: one export entry
// naming them (sealed). On a database opened read-only nothing can be written: false.
common::Result<bool> recordExport(Workspace& ws, const std::string& what, const std::vector<std::filesystem::path>& targets);

} // namespace review
