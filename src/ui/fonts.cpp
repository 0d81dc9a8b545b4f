#include "ui/fonts.hpp"

#include <filesystem>

#include <imgui.h>
#include <imgui_freetype.h>


namespace ui {
namespace {

constexpr const char* kFontDir = "/usr/share/fonts/truetype/dejavu/";

ImFont* addFont(const char* file, float size)
{
    ImGuiIO& io = ImGui::GetIO();
    std::filesystem::path path = std::filesystem::path(kFontDir) / file;
    if (!std::filesystem::exists(path))
        return nullptr;
    ImFontConfig config;
    config.OversampleH = 1;
    config.OversampleV = 1;
    static const ImWchar ranges[] = {0x0020, 0x00FF, 0x2010, 0x205E, 0x2190, 0x21FF, 0x25A0, 0x25FF, 0};
    return io.Fonts->AddFontFromFileTTF(path.c_str(), size, &config, ranges);
}

} // namespace

Fonts loadFonts(float scale)
{
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    io.Fonts->FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
    io.Fonts->FontBuilderFlags = ImGuiFreeTypeBuilderFlags_LightHinting;
    Fonts fonts;
    fonts.scale = scale;
    float size = 15.0f * scale;
    fonts.regular = addFont("DejaVuSans.ttf", size);
    if (!fonts.regular)
        fonts.regular = io.Fonts->AddFontDefault();
    fonts.bold = addFont("DejaVuSans-Bold.ttf", size);
    fonts.mono = addFont("DejaVuSansMono.ttf", size);
    fonts.large = addFont("DejaVuSansMono-Bold.ttf", 20.0f * scale);
    if (!fonts.bold)
        fonts.bold = fonts.regular;
    if (!fonts.mono)
        fonts.mono = fonts.regular;
    if (!fonts.large)
        fonts.large = fonts.regular;
    io.FontDefault = fonts.regular;
    io.Fonts->Build();
    return fonts;
}

} // namespace ui
