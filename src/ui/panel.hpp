#pragma once

#include <string>

#include <imgui.h>

namespace ui {

// The common frame of every panel (STYLE.md): Begin/End at a position and size the
// window's layout gives it, no moving or collapsing, and the early exit when there is
// nothing to draw. Subclasses write only drawContent().
class Panel {
public:
    explicit Panel(std::string id, ImGuiWindowFlags flags = 0) : m_id(std::move(id)), m_flags(flags) {}
    virtual ~Panel() = default;
    Panel(const Panel&) = delete;
    Panel& operator=(const Panel&) = delete;

    void draw(ImVec2 pos, ImVec2 size)
    {
        if (size.x < 2 || size.y < 2)
            return;
        ImGui::SetNextWindowPos(pos);
        ImGui::SetNextWindowSize(size);
        // No background: the frame loop clears the window in the panels' colour, so
        // llvmpipe does not fill (and blend) every panel's pixels once more.
        constexpr ImGuiWindowFlags kFixed = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse
                                          | ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoSavedSettings
                                          | ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoBackground;
        if (ImGui::Begin(m_id.c_str(), nullptr, kFixed | m_flags))
            drawContent();
        ImGui::End();
    }

protected:
    virtual void drawContent() = 0;

private:
    std::string m_id;
    ImGuiWindowFlags m_flags;
};

} // namespace ui
