// The confusion heat table in the Adjudicate tab (issue 12), checked on the screenshot:
// agreement cells are filled green and confusion cells red, below the disagreements.
#include <doctest/doctest.h>

#include <stb/stb_image.h>

#include "test_support.hpp"
#include "window_support.hpp"

namespace fs = std::filesystem;

TEST_CASE("the Adjudicate tab shows the confusion table as a heat table")
{
    std::string pattern = (fs::temp_directory_path() / "bwv-confusion-window-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    const fs::path dir = pattern;
    const fs::path db = dir / "confusion.sqlite";
    auto tag = [&](const std::string& coder, const std::string& code, const std::string& at) {
        auto r = test_support::runAs(db, coder, {"tag", "add", "--encounter", "E1", "--code", code, "--at", at});
        REQUIRE_MESSAGE(r.exitCode == 0, r.err);
    };
    REQUIRE(test_support::runAs(db, "lead", {"encounter", "add", "E1"}).exitCode == 0);
    tag("alice", "ESC.03", "1"); // with bob's ESC.04: a red cell
    tag("bob", "ESC.04", "1.2");
    tag("alice", "DEE.05", "2"); // with bob's DEE.05: a green cell
    tag("bob", "DEE.05", "2.3");

    // The Adjudicate tab is at 1025,18 (see tagging_window_test).
    auto run = window_support::runScript("confusion", "0.3 click 1025 18\n1.0 quit\n", {},
                                         {"--db", db.string(), "--as", "lead", "--encounter", "E1"});
    INFO(run.err);
    REQUIRE(run.exitCode == 0);
    int width = 0, height = 0, channels = 0;
    unsigned char* rgb = stbi_load(run.screenshot.c_str(), &width, &height, &channels, 3);
    REQUIRE(rgb != nullptr);
    // Filled cells in the side panel (right of x 830) below the disagreement list (y 300 on);
    // code names drawn in their colours are thin text, far fewer pixels than a cell.
    int green = 0, red = 0;
    for (int y = 300; y < std::min(height, 460); ++y)
        for (int x = 830; x < width; ++x) {
            const unsigned char* p = rgb + (static_cast<std::size_t>(y) * width + x) * 3;
            green += p[1] > p[0] + 50 && p[1] > p[2] + 30 ? 1 : 0;
            red += p[0] > p[1] + 60 && p[0] > p[2] + 60 ? 1 : 0;
        }
    stbi_image_free(rgb);
    INFO("green pixels " << green << ", red pixels " << red << " in " << run.screenshot.string());
    CHECK(green > 300);
    CHECK(red > 300);
    std::error_code ec;
    fs::remove_all(dir, ec);
}
