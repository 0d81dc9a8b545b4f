#pragma once

struct ImFont;

namespace ui {

// The window's fonts (DejaVu from fonts-dejavu-core), baked for the DPI scale. Loaded
// into ImGui's atlas by loadFonts(); call again (between frames) when the scale changes.
struct Fonts {
    ImFont* regular = nullptr;
    ImFont* bold = nullptr;
    ImFont* mono = nullptr;
    ImFont* large = nullptr;   // the frame counter and messages on the picture
    float scale = 1.0f;
};

// Loads the fonts at 15 px * `scale`, with FreeType hinting; falls back to ImGui's
// built-in font when a file is missing. Returns the fonts (never null members).
Fonts loadFonts(float scale);

} // namespace ui
