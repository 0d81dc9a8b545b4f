#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "ui/script.hpp"

struct ImGuiIO;

namespace ui {

class ReviewWindow;

// The headless harness (`--script`, `--screenshot`, `--quit-after`, `--stats`): feeds
// scripted input to ImGui 1.86 through io.KeysDown / io.MousePos / io.MouseDown /
// io.AddInputCharacter, records marks, and decides when the run ends.
class Harness {
public:
    Harness(std::vector<ScriptEvent> events, std::optional<double> quitAfterSeconds);

    bool active() const { return m_active; }
    // Call after the backends' NewFrame and before ImGui::NewFrame. `sinceStart`: seconds
    // since the script clock started (first frame on screen).
    void beforeNewFrame(ImGuiIO& io, double sinceStart, ReviewWindow& window);
    // After rendering, before the swap: screenshots asked for by the script.
    void afterRender(int framebufferWidth, int framebufferHeight);
    bool finished() const { return m_finished; }
    // Whether the script needs a window frame now (an event is due, a key or button is
    // held, a mark waits): between events the window draws only when it has to.
    bool wantsFrame(double sinceStart) const;
    const nlohmann::json& marks() const { return m_marks; }
    // Files the script dropped on the window (`drop FILE...`), for the frame loop to open
    // as it opens files dropped by the window system.
    std::vector<std::filesystem::path> takeDropped() { return std::exchange(m_dropped, {}); }
    std::vector<std::string> errors() const { return m_errors; }

private:
    struct HeldKey {
        int key;
        int mods;
        bool releaseNextFrame;
    };
    std::vector<ScriptEvent> m_events;
    size_t m_next = 0;
    std::optional<double> m_quitAfter;
    bool m_active = false;
    bool m_finished = false;
    std::vector<HeldKey> m_held;
    float m_mouseX = -1, m_mouseY = -1;
    bool m_mouseDown = false;
    bool m_releaseMouseNextFrame = false;
    std::vector<std::string> m_pendingScreenshots;
    std::vector<std::filesystem::path> m_dropped;
    nlohmann::json m_marks = nlohmann::json::array();
    std::vector<std::string> m_errors;
    double m_markWaitSince = -1;
};

} // namespace ui
