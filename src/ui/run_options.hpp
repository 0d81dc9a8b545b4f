#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "ui/snapshot.hpp"

namespace ui {

// How the window runs: what to open and, for the headless harness, the script and where
// the screenshot and statistics go.
struct RunOptions {
    std::vector<std::filesystem::path> files;
    std::vector<int64_t> offsetsUs;   // per file: where its media time 0 lies on the timeline
    std::optional<std::filesystem::path> script;
    std::optional<std::filesystem::path> screenshot;
    std::optional<std::filesystem::path> stats;
    std::optional<double> quitAfter;
    int width = 0, height = 0;        // 0: remembered size (1280x720 in harness runs)
    bool audio = true;
    std::vector<AnnotationLane> lanes;
    // Tagging: the database (empty: the default one), who signs in (with the passphrase from
    // a file or BWV_REVIEW_PASSPHRASE; otherwise the sign-in screen), and the encounter (its
    // footage is opened) or the screening it is reviewed in.
    std::filesystem::path database;
    std::string person;
    std::string passphraseFile;
    std::string encounterRef;
    std::string screeningRef;
    bool chair = false;               // --chair: kept for old scripts; the Chair tab shows for chairs
    std::string title = "bwv-review";
};

// Opens the window and runs until it closes (or the harness ends the run). Returns the
// exit code; 1 when no window can be opened.
int runWindow(const RunOptions& options);
// steadyNowUs() when ui::run started: first_frame_ms counts from here.
int64_t launchTimeUs();

// `bwv-review demo [--headless]` (demo.cpp).
int runDemo(RunOptions options, bool headless, int argc, char** argv);

} // namespace ui
