#include "ui/settings.hpp"

#include <algorithm>
#include <fstream>
#include <system_error>

#include <nlohmann/json.hpp>

#include "common/json_text.hpp"
#include "common/paths.hpp"

namespace ui {
namespace {

nlohmann::json readJson(const std::filesystem::path& path)
{
    std::ifstream in(path);
    if (!in)
        return nlohmann::json::object();
    nlohmann::json value = nlohmann::json::parse(in, nullptr, false);
    return value.is_object() ? value : nlohmann::json::object();
}

void writeJson(const std::filesystem::path& path, const nlohmann::json& value)
{
    std::filesystem::path temp = path;
    temp += ".tmp";
    {
        std::ofstream out(temp, std::ios::trunc);
        if (!out)
            return;
        out << common::jsonText(value, 2) << '\n';
        if (!out)
            return;
    }
    std::error_code ec;
    std::filesystem::rename(temp, path, ec);
}

std::filesystem::path configFile(const char* name)
{
    try {
        return common::configDir() / name;
    } catch (const std::exception&) {
        return {};
    }
}

} // namespace

WindowLayout loadWindowLayout()
{
    WindowLayout layout;
    nlohmann::json j = readJson(configFile("window.json"));
    layout.width = std::max(320, j.value("width", layout.width));
    layout.height = std::max(240, j.value("height", layout.height));
    layout.x = j.value("x", layout.x);
    layout.y = j.value("y", layout.y);
    layout.timelineHeight = j.value("timeline_height", layout.timelineHeight);
    layout.sidePanelWidth = j.value("side_panel_width", layout.sidePanelWidth);
    return layout;
}

void saveWindowLayout(const WindowLayout& layout)
{
    auto path = configFile("window.json");
    if (path.empty())
        return;
    nlohmann::json j = {{"width", layout.width}, {"height", layout.height}, {"x", layout.x}, {"y", layout.y},
                        {"timeline_height", layout.timelineHeight}, {"side_panel_width", layout.sidePanelWidth}};
    writeJson(path, j);
}

std::optional<int64_t> loadLastPosition(const std::filesystem::path& file)
{
    nlohmann::json j = readJson(configFile("positions.json"));
    std::error_code ec;
    std::string key = std::filesystem::weakly_canonical(file, ec).string();
    auto it = j.find(key);
    if (it == j.end() || !it->is_number_integer())
        return std::nullopt;
    return it->get<int64_t>();
}

void saveLastPosition(const std::filesystem::path& file, int64_t mediaUs)
{
    auto path = configFile("positions.json");
    if (path.empty())
        return;
    nlohmann::json j = readJson(path);
    std::error_code ec;
    j[std::filesystem::weakly_canonical(file, ec).string()] = mediaUs;
    writeJson(path, j);
}

} // namespace ui
