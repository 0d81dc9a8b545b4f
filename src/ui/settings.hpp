#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>

namespace ui {

// What the window remembers between sessions, under common::configDir():
// window.json (size, position, panel sizes) and positions.json (per file, the last
// media time). Reading never fails (a missing or damaged file gives defaults); writes go
// to a temporary file renamed into place.
struct WindowLayout {
    int width = 1280, height = 720;
    int x = -1, y = -1;              // -1: let the window manager choose
    float timelineHeight = 0;        // 0: default
    float sidePanelWidth = 0;
};

WindowLayout loadWindowLayout();
void saveWindowLayout(const WindowLayout& layout);

std::optional<int64_t> loadLastPosition(const std::filesystem::path& file);
void saveLastPosition(const std::filesystem::path& file, int64_t mediaUs);

} // namespace ui
