#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <GLFW/glfw3.h>

#include "ui/script.hpp"
#include "ui/shortcuts.hpp"

using namespace ui;

TEST_CASE("key names with modifiers")
{
    int mods = 0;
    CHECK(keyFromName("Space", mods) == GLFW_KEY_SPACE);
    CHECK(mods == kNoMod);
    CHECK(keyFromName("shift+Right", mods) == GLFW_KEY_RIGHT);
    CHECK(mods == kShift);
    CHECK(keyFromName("ctrl+o", mods) == GLFW_KEY_O);
    CHECK(mods == kCtrl);
    CHECK(keyFromName("]", mods) == GLFW_KEY_RIGHT_BRACKET);
    CHECK(keyFromName("F1", mods) == GLFW_KEY_F1);
    CHECK(keyFromName("j", mods) == GLFW_KEY_J);
    CHECK(keyFromName("nonsense", mods) == -1);
}

TEST_CASE("scripts: timed events, comments, sorted by time")
{
    auto path = std::filesystem::temp_directory_path() / "bwv-script-test.txt";
    {
        std::ofstream out(path);
        out << "# a comment\n"
               "1.5 key Space\n"
               "\n"
               "0.5 click 100 200   # trailing comment\n"
               "2 text 12:34\n"
               "3 quit\n";
    }
    auto script = loadScript(path);
    REQUIRE(script.ok());
    REQUIRE(script->size() == 4);
    CHECK((*script)[0].action == "click");
    CHECK((*script)[0].args.size() == 2);
    CHECK((*script)[1].action == "key");
    CHECK((*script)[2].action == "text");
    CHECK((*script)[2].rest == "12:34");
    CHECK((*script)[3].action == "quit");
    std::filesystem::remove(path);
}

TEST_CASE("a script line without a time is refused with its line number")
{
    auto path = std::filesystem::temp_directory_path() / "bwv-script-bad.txt";
    {
        std::ofstream out(path);
        out << "key Space\n";
    }
    auto script = loadScript(path);
    REQUIRE_FALSE(script.ok());
    CHECK(script.error().message.find("line 1") != std::string::npos);
    std::filesystem::remove(path);
}

TEST_CASE("every shortcut has a description for the help overlay")
{
    for (const Shortcut& s : shortcuts()) {
        CHECK(std::string(s.keys).size() > 0);
        CHECK(std::string(s.action).size() > 0);
    }
}
