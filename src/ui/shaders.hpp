#pragma once

namespace ui::shaders {

// GLSL sources from shaders/, embedded at build time (src/ui/CMakeLists.txt).
extern const char* const kVideoVertex;
extern const char* const kVideoFragment;

} // namespace ui::shaders
