// Only `store` and `review` hold SQL (issue 9, "review owns the schema"): every other layer
// reads and writes through review's functions, so the rules on who may see and change what
// hold by construction. This test reads the sources and fails on SQL text or sqlite3.h
// anywhere else.
#include <doctest/doctest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include <unistd.h>

#include "test_support.hpp"

namespace {

std::filesystem::path sourceDir()
{
    const char* dir = std::getenv("BWV_SOURCE_DIR");
    REQUIRE(dir != nullptr);
    return std::filesystem::path(dir) / "src";
}

// String literals that read as SQL statements.
const std::regex& sqlInString()
{
    static const std::regex kSql(
        R"re("[^"\n]*\b(SELECT\s+[\w*(]|INSERT\s+(OR\s+\w+\s+)?INTO\b|UPDATE\s+\w+\s+SET\b|DELETE\s+FROM\b|CREATE\s+(TABLE|INDEX|TRIGGER|VIEW)\b|DROP\s+(TABLE|INDEX|TRIGGER)\b|PRAGMA\s+\w|BEGIN\s+(IMMEDIATE|EXCLUSIVE|TRANSACTION)\b|ALTER\s+TABLE\b))re");
    return kSql;
}

std::vector<std::string> violations(const std::filesystem::path& src)
{
    std::vector<std::string> found;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(src)) {
        if (!entry.is_regular_file())
            continue;
        const auto ext = entry.path().extension();
        if (ext != ".cpp" && ext != ".hpp" && ext != ".h" && ext != ".in")
            continue;
        const auto relative = std::filesystem::relative(entry.path(), src);
        const std::string layer = relative.begin()->string();
        if (layer == "store" || layer == "review")
            continue;
        std::ifstream in(entry.path());
        std::string line;
        int number = 0;
        while (std::getline(in, line)) {
            ++number;
            const std::string where = relative.string() + ":" + std::to_string(number);
            if (line.find("sqlite3.h") != std::string::npos || line.find("sqlite3_") != std::string::npos)
                found.push_back(where + ": uses SQLite directly");
            if (std::regex_search(line, sqlInString()))
                found.push_back(where + ": SQL text");
        }
    }
    return found;
}

} // namespace

TEST_CASE("no SQL and no sqlite3.h outside src/store and src/review")
{
    const auto found = violations(sourceDir());
    std::string list;
    for (const std::string& v : found)
        list += v + "\n";
    CHECK_MESSAGE(found.empty(), list);
}

TEST_CASE("the check itself finds SQL text and sqlite3.h in a layer that must not hold them")
{
    const auto dir = std::filesystem::temp_directory_path() / ("bwv-layering-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir / "exchange");
    std::filesystem::create_directories(dir / "review");
    std::ofstream(dir / "exchange" / "bad.cpp") << "#include <sqlite3.h>\n"
                                                   "auto q = db.prepare(\"SELECT id FROM annotation\");\n"
                                                   "auto u = \"UPDATE person SET roles = ?\";\n"
                                                   "auto fine = \"Select a camera\";\n";
    std::ofstream(dir / "review" / "ok.cpp") << "auto q = \"SELECT id FROM annotation\";\n";
    const auto found = violations(dir);
    std::filesystem::remove_all(dir);
    REQUIRE(found.size() == 3);
    CHECK(found[0] == "exchange/bad.cpp:1: uses SQLite directly");
    CHECK(found[1] == "exchange/bad.cpp:2: SQL text");
    CHECK(found[2] == "exchange/bad.cpp:3: SQL text");
}
