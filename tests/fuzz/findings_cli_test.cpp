// What fuzzing found (#10), through the bwv-review executable: each saved input of
// tests/fuzz/<harness>/regressions/ as a user would meet it, with the exit code and the
// sentence, and the database and input files byte for byte as they were.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

#include "test_support.hpp"

namespace {

std::filesystem::path regression(const std::string& harness, const std::string& name)
{
    const char* source = std::getenv("BWV_SOURCE_DIR");
    REQUIRE(source != nullptr);
    return std::filesystem::path(source) / "tests" / "fuzz" / harness / "regressions" / name;
}

std::string bytesOf(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

struct Scratch {
    std::filesystem::path dir;
    Scratch()
    {
        std::string pattern = (std::filesystem::temp_directory_path() / "bwv-fuzz-findings-XXXXXX").string();
        REQUIRE(mkdtemp(pattern.data()) != nullptr);
        dir = pattern;
    }
    ~Scratch()
    {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
    test_support::CommandResult cli(std::vector<std::string> args) const
    {
        return test_support::runAs(dir / "p.sqlite", "alice", args);
    }
    // The database and its side files, to show a refused command changed nothing.
    std::string databaseBytes() const
    {
        std::string all;
        for (const char* suffix : {"", "-wal", "-shm"})
            all += bytesOf(dir / ("p.sqlite" + std::string(suffix))) + '\0';
        return all;
    }
};

} // namespace

TEST_CASE("#10 fuzzing: a codebook with a number beyond a double is refused in one sentence (was an abort)")
{
    Scratch scratch;
    REQUIRE(scratch.cli({"codebook", "show"}).exitCode == 0);
    std::filesystem::path file = regression("codebook", "number_overflow_format_version.json");
    const std::string fileBefore = bytesOf(file), databaseBefore = scratch.databaseBytes();
    auto r = scratch.cli({"codebook", "import", file.string()});
    CHECK(r.exitCode == 3);
    CHECK(r.err == "bwv-review: error: " + file.string()
                       + ": line 3: this is not valid JSON (number overflow parsing '1e999')\n");
    CHECK(bytesOf(file) == fileBefore);
    CHECK(scratch.databaseBytes() == databaseBefore);
}
