// Outputs never clobber (issue 10): every command that writes a file a person names refuses
// the open database, its companions and backups, registered footage and its own inputs,
// compared by device and inode; refuses an existing file unless --force; and leaves every
// refused target byte for byte as it was.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "test_support.hpp"

namespace fs = std::filesystem;

namespace {

fs::path fixture(const char* name)
{
    return test_support::testDataDir() / "media" / name;
}

// A database with footage registered on encounter E1, a tag, and screening S1 in 2024-Q2.
struct Panel {
    test_support::ScratchFolder scratch;
    fs::path db = scratch.dir / "p.sqlite";
    fs::path footage = scratch.dir / "camera-a.mp4";
    Panel()
    {
        fs::copy_file(fixture("h264_gop2s.mp4"), footage);
        test_support::makeTestDatabase(db, {"chair"});
        test_support::requireOk(test_support::runAs(db, "chair", {"footage", "add", footage.string(), "--encounter", "E1"}));
        test_support::requireOk(test_support::runAs(db, "chair", {"screening", "add", "S1", "--date", "2024-05-02", "--encounter", "E1"}));
        test_support::requireOk(test_support::runAs(db, "chair", {"tag", "add", "--encounter", "E1", "--code", "ESC.02", "--at", "1"}));
        test_support::requireOk(test_support::runAs(db, "chair", {"export", "json", "--out", (scratch.dir / "first.json").string()}));
        REQUIRE(fs::is_directory(scratch.dir / "backups"));
    }
    test_support::CommandResult as(const std::vector<std::string>& args) const { return test_support::runAs(db, "chair", args); }
};

// Every writer with its output at `target`.
std::vector<std::vector<std::string>> writers(const fs::path& target, const fs::path& video)
{
    const std::string t = target.string();
    return {
        {"export", "json", "--out", t},
        {"export", "csv", "--out", t},
        {"export", "boris", "--out", t},
        {"export", "eaf", "--encounter", "E1", "--out", t},
        {"export", "report", "--screening", "S1", "--format", "pdf", "--out", t},
        {"export", "report", "--screening", "S1", "--format", "xlsx", "--out", t},
        {"export", "rollup", "--quarter", "2024-Q2", "--out", t},
        {"codebook", "export", t},
        {"frame", video.string(), "0", "--png", t},
    };
}

} // namespace

TEST_CASE("no writer lands on the database, its companions, its backups, registered footage or its own input")
{
    Panel panel;
    const fs::path dir = panel.scratch.dir;
    const fs::path backup = *fs::directory_iterator(dir / "backups");
    fs::create_symlink(panel.db, dir / "link-to-db.json");
    REQUIRE(::link(panel.footage.c_str(), (dir / "hard-link.png").c_str()) == 0);
    const std::string dbBytes = test_support::fileBytes(panel.db), footageBytes = test_support::fileBytes(panel.footage), backupBytes = test_support::fileBytes(backup);

    struct Target {
        fs::path file;
        const char* why; // in the sentence
    };
    const std::vector<Target> targets = {
        {panel.db, "it is the open database"},
        {dir / "p.sqlite-wal", "it is part of the open database"},
        {dir / "p.sqlite-journal", "it is part of the open database"},
        {dir / "backups" / "../p.sqlite", "it is the open database"},
        {dir / "link-to-db.json", "it is the open database"},
        {backup, "it is in the database's backups folder"},
        {dir / "backups" / "new.json", "it is in the database's backups folder"},
        {panel.footage, "it is registered footage"},
        {dir / "hard-link.png", "it is registered footage"},
    };
    for (const Target& target : targets)
        for (auto args : writers(target.file, panel.footage)) {
            const bool frame = args[0] == "frame";
            if (frame && target.file.extension() != ".png")
                continue; // refused for its name first: below
            args.push_back("--force"); // not even when asked to replace
            auto r = frame ? test_support::runCommand([&] {
                std::vector<std::string> argv = {test_support::executable().string()};
                argv.insert(argv.end(), args.begin(), args.end());
                return argv;
            }())
                           : panel.as(args);
            CAPTURE(target.file);
            CAPTURE(args[0] + " " + args[1]);
            CHECK(r.exitCode == 3);
            // frame opens no database: the hard link to footage is caught as its own input.
            const std::string why = frame ? "it is the video this command reads" : target.why;
            CHECK(r.err.find("nothing was written: " + why) != std::string::npos);
            CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
        }
    CHECK(test_support::fileBytes(panel.db) == dbBytes);
    CHECK(test_support::fileBytes(panel.footage) == footageBytes);
    CHECK(test_support::fileBytes(backup) == backupBytes);
    CHECK_FALSE(fs::exists(dir / "backups" / "new.json"));

    // The reproducers of the issue, word for word.
    auto overDb = panel.as({"export", "json", "--out", panel.db.string()});
    CHECK(overDb.exitCode == 3);
    CHECK(overDb.err == "bwv-review: error: " + panel.db.string()
                            + ": nothing was written: it is the open database; choose another name\n");
    auto overClip = test_support::runCommand({test_support::executable().string(), "frame", panel.footage.string(), "0",
                                              "--png", panel.footage.string()});
    CHECK(overClip.exitCode == 3);
    CHECK(overClip.err == "bwv-review: error: " + panel.footage.string()
                              + ": nothing was written: a still's file name must end in .png\n");
    CHECK(test_support::fileBytes(panel.db) == dbBytes);
    CHECK(test_support::fileBytes(panel.footage) == footageBytes);
}

TEST_CASE("an existing file is replaced only with --force, and a refused export writes none of its files")
{
    Panel panel;
    const fs::path dir = panel.scratch.dir;
    const fs::path video = panel.footage;
    for (auto args : writers(dir / "existing.png", video)) {
        const fs::path target = dir / "existing.png";
        std::ofstream(target) << "keep me";
        const bool frame = args[0] == "frame";
        auto run = [&](std::vector<std::string> a) {
            if (!frame)
                return panel.as(a);
            a.insert(a.begin(), test_support::executable().string());
            return test_support::runCommand(a);
        };
        auto refused = run(args);
        CAPTURE(args[0] + " " + args[1]);
        CHECK(refused.exitCode == 3);
        CHECK(refused.err.find("nothing was written: the file already exists; choose another name, or add --force "
                               "to replace it") != std::string::npos);
        CHECK(test_support::fileBytes(target) == "keep me");
        args.push_back("--force");
        auto replaced = run(args);
        CHECK_MESSAGE(replaced.exitCode == 0, replaced.err);
        CHECK(test_support::fileBytes(target) != "keep me");
        CHECK(fs::file_size(target) > 7);
        fs::remove(target);
        for (const auto& entry : fs::directory_iterator(dir))
            CHECK_MESSAGE(entry.path().filename().string().find(".tmp-") == std::string::npos, entry.path());
        fs::remove(dir / "existing_encounters.png");
        fs::remove(dir / "existing_png_README.txt");
    }

    // CSV writes three files: when the last one exists, none is written.
    std::ofstream(dir / "tags_csv_README.txt") << "keep me";
    auto csv = panel.as({"export", "csv", "--out", (dir / "tags.csv").string()});
    CHECK(csv.exitCode == 3);
    CHECK(csv.err.find("tags_csv_README.txt: nothing was written: the file already exists") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "tags.csv"));
    CHECK_FALSE(fs::exists(dir / "tags_encounters.csv"));
    CHECK(test_support::fileBytes(dir / "tags_csv_README.txt") == "keep me");
    auto same = panel.as({"export", "csv", "--out", (dir / "a.csv").string(), "--encounters-out", (dir / "./a.csv").string()});
    CHECK(same.exitCode == 3);
    CHECK(same.err.find("the export needs this name for two of its files") != std::string::npos);
}

TEST_CASE("a pipe, a folder or a missing folder as the output is refused at once, without waiting")
{
    Panel panel;
    const fs::path dir = panel.scratch.dir;
    REQUIRE(::mkfifo((dir / "pipe.json").c_str(), 0600) == 0);
    auto pipe = panel.as({"export", "json", "--out", (dir / "pipe.json").string(), "--force"});
    CHECK(pipe.exitCode == 3);
    CHECK(pipe.err.find("it is not a plain file") != std::string::npos);
    fs::create_directory(dir / "folder.json");
    auto folder = panel.as({"export", "json", "--out", (dir / "folder.json").string(), "--force"});
    CHECK(folder.exitCode == 3);
    CHECK(folder.err.find("it is not a plain file") != std::string::npos);
    auto missing = panel.as({"export", "json", "--out", (dir / "no-such-folder" / "x.json").string()});
    CHECK(missing.exitCode == 3);
    CHECK(missing.err.find("no-such-folder does not exist") != std::string::npos);
}
