#include "ui/harness.hpp"

#include <algorithm>

#include <imgui.h>

#include "ui/review_window.hpp"
#include "ui/tagging_session.hpp"
#include "ui/screenshot.hpp"
#include "ui/shortcuts.hpp"

namespace ui {
namespace {

constexpr double kMarkTimeoutSeconds = 10.0;

} // namespace

Harness::Harness(std::vector<ScriptEvent> events, std::optional<double> quitAfterSeconds)
    : m_events(std::move(events)), m_quitAfter(quitAfterSeconds)
{
    m_active = !m_events.empty() || m_quitAfter.has_value();
}

void Harness::beforeNewFrame(ImGuiIO& io, double sinceStart, ReviewWindow& window)
{
    if (!m_active)
        return;
    // Releases from the previous frame. A key released now cannot go down again in the
    // same frame (ImGui would see it as held all along).
    std::vector<int> releasedNow;
    for (auto it = m_held.begin(); it != m_held.end();) {
        if (it->releaseNextFrame) {
            io.KeysDown[it->key] = false;
            releasedNow.push_back(it->key);
            it = m_held.erase(it);
        } else {
            ++it;
        }
    }
    // Likewise a click's release: the next press waits a frame, or ImGui would never see
    // the button up (on a slow frame the two fall due together).
    const bool mouseReleasedNow = m_releaseMouseNextFrame;
    if (m_releaseMouseNextFrame) {
        m_mouseDown = false;
        m_releaseMouseNextFrame = false;
    }

    bool clickThisFrame = false;
    while (m_next < m_events.size() && m_events[m_next].atSeconds <= sinceStart && !clickThisFrame) {
        const ScriptEvent& e = m_events[m_next];
        auto number = [&](size_t i) { return i < e.args.size() ? std::stof(e.args[i]) : 0.0f; };
        try {
            if (e.action == "key" || e.action == "keydown") {
                int mods = 0;
                int key = keyFromName(e.args.empty() ? std::string() : e.args[0], mods);
                if (key < 0) {
                    m_errors.push_back("unknown key: " + (e.args.empty() ? std::string() : e.args[0]));
                } else {
                    // A key already held this frame: let it go up first.
                    if (std::any_of(m_held.begin(), m_held.end(), [&](const HeldKey& h) { return h.key == key; })
                        || std::find(releasedNow.begin(), releasedNow.end(), key) != releasedNow.end())
                        break;
                    io.KeysDown[key] = true;
                    m_held.push_back({key, mods, e.action == "key"});
                    clickThisFrame = e.action == "key";
                }
            } else if (e.action == "keyup") {
                int mods = 0;
                int key = keyFromName(e.args.empty() ? std::string() : e.args[0], mods);
                for (auto& held : m_held)
                    if (held.key == key)
                        held.releaseNextFrame = true;
            } else if (e.action == "text") {
                for (char c : e.rest)
                    io.AddInputCharacter(static_cast<unsigned>(static_cast<unsigned char>(c)));
                clickThisFrame = true;
            } else if (e.action == "move") {
                m_mouseX = number(0);
                m_mouseY = number(1);
                clickThisFrame = true; // one mouse event per frame, as a real mouse gives
            } else if (e.action == "down") {
                if (mouseReleasedNow)
                    break;
                m_mouseX = number(0);
                m_mouseY = number(1);
                m_mouseDown = true;
                clickThisFrame = true;
            } else if (e.action == "up") {
                m_mouseX = number(0);
                m_mouseY = number(1);
                m_mouseDown = false;
                clickThisFrame = true;
            } else if (e.action == "click") {
                // Hover first, press on the next frame: ImGui presses what the mouse was
                // over, as with a real mouse, which always arrives before its click.
                if (m_mouseX != number(0) || m_mouseY != number(1)) {
                    m_mouseX = number(0);
                    m_mouseY = number(1);
                    break;
                }
                if (mouseReleasedNow)
                    break;
                m_mouseDown = true;
                m_releaseMouseNextFrame = true;
                clickThisFrame = true;
            } else if (e.action == "wheel") {
                io.MouseWheel += number(0);
            } else if (e.action == "mark") {
                // Wait for the player to land (exact frames take a decode) before recording.
                if (m_markWaitSince < 0)
                    m_markWaitSince = sinceStart;
                if (!window.settled() && sinceStart - m_markWaitSince < kMarkTimeoutSeconds)
                    break;
                m_markWaitSince = -1;
                const auto& snapshot = window.snapshot();
                nlohmann::json mark = {
                    {"name", e.args.empty() ? std::string() : e.args[0]},
                    {"at_seconds", sinceStart},
                    {"frame", window.shownFrame(0)},
                    {"requested_frame", window.player().currentFrame()},
                    {"position_us", snapshot.positionUs},
                    {"playing", snapshot.playing},
                    {"speed", snapshot.speed},
                    {"direction", snapshot.direction},
                    {"planes_md5", window.shownPlanesMd5(0)},
                    {"settled", window.settled()},
                    {"tags", window.taggingSession() ? static_cast<int64_t>(window.taggingSession()->tags().size()) : -1},
                };
                nlohmann::json frames = nlohmann::json::array(); // every camera's, for sync tests
                for (int camera = 0; camera < window.player().cameraCount(); ++camera)
                    frames.push_back(window.shownFrame(camera));
                mark["frames"] = std::move(frames);
                m_marks.push_back(mark);
            } else if (e.action == "drop") {
                for (const std::string& file : e.args)
                    m_dropped.emplace_back(file);
                clickThisFrame = true;
            } else if (e.action == "screenshot") {
                if (!e.args.empty())
                    m_pendingScreenshots.push_back(e.args[0]);
            } else if (e.action == "quit") {
                m_finished = true;
            } else {
                m_errors.push_back("unknown script action: " + e.action);
            }
        } catch (const std::exception&) {
            m_errors.push_back("bad arguments for " + e.action);
        }
        ++m_next;
    }

    int mods = 0;
    for (const auto& held : m_held)
        mods |= held.mods;
    io.KeyShift = (mods & kShift) != 0;
    io.KeyCtrl = (mods & kCtrl) != 0;
    io.KeyAlt = (mods & kAlt) != 0;
    if (m_mouseX >= 0)
        io.MousePos = ImVec2(m_mouseX, m_mouseY);
    io.MouseDown[0] = m_mouseDown;

    if (m_next >= m_events.size() && !m_events.empty() && m_held.empty() && !m_quitAfter)
        m_finished = true;
    if (m_quitAfter && sinceStart >= *m_quitAfter)
        m_finished = true;
}

bool Harness::wantsFrame(double sinceStart) const
{
    if (!m_active)
        return false;
    if (m_finished || !m_held.empty() || m_mouseDown || m_releaseMouseNextFrame || !m_pendingScreenshots.empty()
        || m_markWaitSince >= 0)
        return true;
    if (m_quitAfter && sinceStart >= *m_quitAfter)
        return true;
    if (m_next < m_events.size() && m_events[m_next].atSeconds <= sinceStart)
        return true;
    return m_next >= m_events.size() && !m_events.empty() && !m_quitAfter;
}

void Harness::afterRender(int framebufferWidth, int framebufferHeight)
{
    for (const std::string& path : m_pendingScreenshots)
        if (auto status = saveScreenshot(path, framebufferWidth, framebufferHeight); !status)
            m_errors.push_back(status.error().describe());
    m_pendingScreenshots.clear();
}

} // namespace ui
