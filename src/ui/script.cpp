#include "ui/script.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include <GLFW/glfw3.h>

#include "ui/shortcuts.hpp"

namespace ui {

common::Result<std::vector<ScriptEvent>> loadScript(const std::filesystem::path& path)
{
    std::ifstream in(path);
    if (!in)
        return common::makeError(common::ErrorCode::NotFound, "cannot read the script", path.string());
    std::vector<ScriptEvent> events;
    std::string line;
    int lineNumber = 0;
    while (std::getline(in, line)) {
        ++lineNumber;
        auto hash = line.find('#');
        std::string body = line.substr(0, hash);
        std::istringstream words(body);
        ScriptEvent event;
        if (!(words >> event.atSeconds)) {
            bool blank = std::all_of(body.begin(), body.end(), [](unsigned char c) { return std::isspace(c); });
            if (blank)
                continue;
            return common::makeError(common::ErrorCode::InvalidInput,
                                     "line " + std::to_string(lineNumber) + ": expected SECONDS ACTION", path.string());
        }
        if (!(words >> event.action))
            return common::makeError(common::ErrorCode::InvalidInput,
                                     "line " + std::to_string(lineNumber) + ": no action", path.string());
        std::getline(words, event.rest);
        if (!event.rest.empty() && event.rest.front() == ' ')
            event.rest.erase(0, 1);
        std::istringstream args(event.rest);
        std::string arg;
        while (args >> arg)
            event.args.push_back(arg);
        // `text` keeps '#' characters: use the raw line after the action.
        if (event.action == "text") {
            auto pos = line.find("text");
            event.rest = pos == std::string::npos ? std::string() : line.substr(pos + 5);
        }
        events.push_back(std::move(event));
    }
    std::stable_sort(events.begin(), events.end(),
                     [](const ScriptEvent& a, const ScriptEvent& b) { return a.atSeconds < b.atSeconds; });
    return events;
}

int keyFromName(const std::string& raw, int& mods)
{
    mods = kNoMod;
    std::string name = raw;
    for (;;) {
        auto plus = name.find('+');
        if (plus == std::string::npos || plus == 0 || plus + 1 >= name.size())
            break;
        std::string mod = name.substr(0, plus);
        std::transform(mod.begin(), mod.end(), mod.begin(), [](unsigned char c) { return std::tolower(c); });
        if (mod == "shift")
            mods |= kShift;
        else if (mod == "ctrl" || mod == "control")
            mods |= kCtrl;
        else if (mod == "alt")
            mods |= kAlt;
        else
            break;
        name = name.substr(plus + 1);
    }
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    struct Named { const char* name; int key; };
    static const Named named[] = {
        {"space", GLFW_KEY_SPACE}, {"right", GLFW_KEY_RIGHT}, {"left", GLFW_KEY_LEFT}, {"up", GLFW_KEY_UP},
        {"down", GLFW_KEY_DOWN}, {"home", GLFW_KEY_HOME}, {"end", GLFW_KEY_END}, {"escape", GLFW_KEY_ESCAPE},
        {"esc", GLFW_KEY_ESCAPE}, {"enter", GLFW_KEY_ENTER}, {"return", GLFW_KEY_ENTER}, {"tab", GLFW_KEY_TAB},
        {"backspace", GLFW_KEY_BACKSPACE}, {"[", GLFW_KEY_LEFT_BRACKET}, {"]", GLFW_KEY_RIGHT_BRACKET},
        {",", GLFW_KEY_COMMA}, {".", GLFW_KEY_PERIOD}, {"-", GLFW_KEY_MINUS}, {"=", GLFW_KEY_EQUAL},
        {"pageup", GLFW_KEY_PAGE_UP}, {"pagedown", GLFW_KEY_PAGE_DOWN}, {"minus", GLFW_KEY_MINUS},
        {"equal", GLFW_KEY_EQUAL}, {"delete", GLFW_KEY_DELETE},
    };
    for (const Named& n : named)
        if (lower == n.name)
            return n.key;
    if (lower.size() >= 2 && lower[0] == 'f' && std::isdigit(static_cast<unsigned char>(lower[1]))) {
        int number = std::atoi(lower.c_str() + 1);
        if (number >= 1 && number <= 25)
            return GLFW_KEY_F1 + number - 1;
    }
    if (lower.size() == 1) {
        char c = lower[0];
        if (c >= 'a' && c <= 'z')
            return GLFW_KEY_A + (c - 'a');
        if (c >= '0' && c <= '9')
            return GLFW_KEY_0 + (c - '0');
    }
    return -1;
}

} // namespace ui
