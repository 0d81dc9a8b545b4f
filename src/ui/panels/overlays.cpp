#include "ui/panels/panels.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <system_error>
#include <vector>

#include "ui/shortcuts.hpp"
#include "ui/time_format.hpp"

namespace ui {

void drawHelpOverlay(bool& open, const Fonts& fonts)
{
    if (!open)
        return;
    ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(viewport->Pos.x + viewport->Size.x * 0.5f, viewport->Pos.y + viewport->Size.y * 0.5f),
                            ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowBgAlpha(0.94f);
    if (ImGui::Begin("Keys (F1 or ? to close)", &open,
                     ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings)) {
        // Two pairs of columns so the whole list fits a 720-line window.
        std::vector<std::array<const char*, 2>> rows;
        for (const Shortcut& s : shortcuts())
            rows.push_back({s.keys, s.action});
        const std::array<std::array<const char*, 2>, 6> mouse = {{
            {"Wheel on picture", "Zoom about the mouse"},
            {"Drag picture", "Pan; double-click: fit"},
            {"Click/drag timeline", "Seek: thumbnail while dragging, exact frame at rest"},
            {"Wheel on timeline", "Zoom the timeline; Shift+wheel scrolls"},
            {"Drop files", "Open them as the cameras of one encounter"},
            {"Codebook keys", "Tag the frame shown: each code's key is in the Codes tab"},
        }};
        rows.insert(rows.end(), mouse.begin(), mouse.end());
        size_t half = (rows.size() + 1) / 2;
        if (ImGui::BeginTable("##keys", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
            for (size_t r = 0; r < half; ++r) {
                ImGui::TableNextRow();
                for (size_t column = 0; column < 2; ++column) {
                    size_t i = r + column * half;
                    ImGui::TableNextColumn();
                    if (i < rows.size()) {
                        ImGui::PushFont(fonts.mono);
                        ImGui::TextUnformatted(rows[i][0]);
                        ImGui::PopFont();
                    }
                    ImGui::TableNextColumn();
                    if (i < rows.size())
                        ImGui::TextUnformatted(rows[i][1]);
                }
            }
            ImGui::EndTable();
        }
    }
    ImGui::End();
}

namespace {

bool isVideoFile(const std::filesystem::path& path)
{
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    static const char* kVideo[] = {".mp4", ".mov", ".m4v", ".mkv", ".avi", ".mts", ".m2ts", ".ts", ".webm", ".3gp", ".wmv", ".mpg", ".mpeg"};
    return std::any_of(std::begin(kVideo), std::end(kVideo), [&](const char* e) { return ext == e; });
}

void listDirectory(FileBrowserState& state)
{
    state.entries.clear();
    state.error.clear();
    state.selected = -1;
    state.listed = state.dir;
    std::error_code ec;
    for (auto it = std::filesystem::directory_iterator(state.dir, std::filesystem::directory_options::skip_permission_denied, ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
        const auto& entry = *it;
        std::string name = entry.path().filename().string();
        if (name.empty() || name[0] == '.')
            continue;
        std::error_code typeError;
        if (entry.is_directory(typeError) || state.showAll || isVideoFile(entry.path()))
            state.entries.push_back(entry);
    }
    if (ec)
        state.error = state.dir.string() + ": " + ec.message();
    std::sort(state.entries.begin(), state.entries.end(), [](const auto& a, const auto& b) {
        std::error_code e1, e2;
        bool da = a.is_directory(e1), db = b.is_directory(e2);
        if (da != db)
            return da;
        return a.path().filename() < b.path().filename();
    });
}

} // namespace

void drawFileBrowser(FileBrowserState& state, CommandSink& out)
{
    if (!state.open)
        return;
    if (state.dir.empty()) {
        std::error_code ec;
        state.dir = std::filesystem::current_path(ec);
    }
    if (state.listed != state.dir)
        listDirectory(state);
    ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(viewport->Pos.x + viewport->Size.x * 0.5f, viewport->Pos.y + viewport->Size.y * 0.45f),
                            ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(viewport->Size.x * 0.6f, viewport->Size.y * 0.6f), ImGuiCond_Appearing);
    if (!ImGui::Begin("Open footage", &state.open, ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings)) {
        ImGui::End();
        return;
    }
    if (ImGui::Button("Up") && state.dir.has_parent_path())
        state.dir = state.dir.parent_path();
    ImGui::SameLine();
    ImGui::TextUnformatted(state.dir.c_str());
    if (ImGui::Checkbox("Show all files", &state.showAll))
        state.listed.clear();
    if (!state.error.empty())
        ImGui::TextColored(ImVec4(1, 0.5f, 0.4f, 1), "%s", state.error.c_str());
    float footer = ImGui::GetFrameHeightWithSpacing() * 1.3f;
    std::filesystem::path enter;
    if (ImGui::BeginChild("##entries", ImVec2(0, -footer), true)) {
        for (size_t i = 0; i < state.entries.size(); ++i) {
            const auto& entry = state.entries[i];
            std::error_code ec;
            bool directory = entry.is_directory(ec);
            std::string label = (directory ? "[dir]  " : "       ") + entry.path().filename().string();
            if (ImGui::Selectable(label.c_str(), state.selected == static_cast<int>(i), ImGuiSelectableFlags_AllowDoubleClick)) {
                state.selected = static_cast<int>(i);
                if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
                    if (directory)
                        enter = entry.path();
                    else
                        out.push_back(cmd::OpenFiles{{entry.path()}, false});
                }
            }
        }
    }
    ImGui::EndChild();
    if (!enter.empty())
        state.dir = enter;
    bool fileSelected = state.selected >= 0 && static_cast<size_t>(state.selected) < state.entries.size()
                     && !state.entries[static_cast<size_t>(state.selected)].is_directory();
    ImGui::BeginDisabled(!fileSelected);
    if (ImGui::Button("Open")) {
        out.push_back(cmd::OpenFiles{{state.entries[static_cast<size_t>(state.selected)].path()}, false});
        state.open = false;
    }
    ImGui::SameLine();
    if (ImGui::Button("Add as another camera")) {
        out.push_back(cmd::OpenFiles{{state.entries[static_cast<size_t>(state.selected)].path()}, true});
        state.open = false;
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Cancel"))
        state.open = false;
    ImGui::End();
}

void drawGoToDialog(GoToState& state, CommandSink& out)
{
    if (!state.open)
        return;
    ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(viewport->Pos.x + viewport->Size.x * 0.5f, viewport->Pos.y + viewport->Size.y * 0.3f),
                            ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    if (ImGui::Begin("Go to", &state.open, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings)) {
        ImGui::TextUnformatted("Frame number (1234), time (1:23.5) or timecode (00:01:23:12)");
        if (state.focus) {
            ImGui::SetKeyboardFocusHere();
            state.focus = false;
        }
        bool enter = ImGui::InputText("##goto", state.text, sizeof state.text, ImGuiInputTextFlags_EnterReturnsTrue);
        ImGui::SameLine();
        if (ImGui::Button("Go") || enter) {
            if (parseGoTo(state.text)) {
                out.push_back(cmd::GoTo{state.text});
                state.open = false;
                state.error.clear();
            } else {
                state.error = "Not a frame number, time or timecode.";
            }
        }
        if (!state.error.empty())
            ImGui::TextColored(ImVec4(1, 0.5f, 0.4f, 1), "%s", state.error.c_str());
    }
    ImGui::End();
}

} // namespace ui
