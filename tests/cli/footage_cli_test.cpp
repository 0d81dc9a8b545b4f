// A recording cut off before its end (issue 10), from the command line: footage add, list
// and verify, the JSON export and the screening's PDF report all say so in the sentence
// `probe` prints, and the length it names as promised is ffprobe's.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace fs = std::filesystem;

namespace {

// "warning:   recording incomplete: ..." from `probe`: the sentence after the label.
std::string probeWarning(const fs::path& file)
{
    auto r = test_support::runCommand({test_support::executable().string(), "probe", file.string()});
    test_support::requireOk(r);
    const std::string label = "warning:   ";
    auto at = r.out.find(label);
    if (at == std::string::npos)
        return "";
    auto end = r.out.find('\n', at);
    return r.out.substr(at + label.size(), end - at - label.size());
}

} // namespace

TEST_CASE("a cut-off recording is named as incomplete by footage add, list, verify, the JSON export and the report")
{
    test_support::ScratchFolder scratch;
    const fs::path whole = scratch.dir / "whole.mp4";
    // Index at the front (+faststart): the container promises 6 s whatever is cut off.
    test_support::requireOk(test_support::runCommand({"ffmpeg", "-v", "error", "-i", (test_support::testDataDir() / "media" / "h264_gop2s.mp4").string(),
                                 "-c", "copy", "-movflags", "+faststart", "-y", whole.string()}));
    auto ffprobe = test_support::runCommand({"ffprobe", "-v", "error", "-show_entries", "format=duration", "-of",
                                             "default=nw=1:nk=1", whole.string()});
    test_support::requireOk(ffprobe);
    const double promised = std::stod(ffprobe.out);
    char promisedText[32];
    std::snprintf(promisedText, sizeof promisedText, "of %02d:%05.2f", static_cast<int>(promised) / 60,
                  promised - 60 * (static_cast<int>(promised) / 60));

    const fs::path db = scratch.dir / "p.sqlite";
    test_support::makeTestDatabase(db, {"chair"});
    std::string bytes;
    {
        std::ifstream in(whole, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    std::vector<std::string> sentences;
    for (int percent : {10, 50, 90}) {
        const fs::path cut = scratch.dir / ("cut" + std::to_string(percent) + ".mp4");
        std::ofstream(cut, std::ios::binary) << bytes.substr(0, bytes.size() * static_cast<std::size_t>(percent) / 100);
        const std::string sentence = probeWarning(cut);
        CAPTURE(percent);
        REQUIRE(sentence.rfind("recording incomplete: ends at ", 0) == 0);
        CHECK(sentence.find(promisedText) != std::string::npos);
        auto added = test_support::runAs(db, "chair", {"footage", "add", cut.string(), "--encounter", "E1"});
        test_support::requireOk(added);
        CHECK(added.err == "bwv-review: warning: " + cut.string() + ": " + sentence + "\n");
        sentences.push_back(sentence);
    }
    CHECK(probeWarning(whole).empty());

    auto list = test_support::runAs(db, "chair", {"footage", "list"});
    test_support::requireOk(list);
    auto verify = test_support::runAs(db, "chair", {"footage", "verify", "--all"});
    test_support::requireOk(verify);
    for (const std::string& sentence : sentences) {
        CHECK(list.out.find(sentence) != std::string::npos);
        CHECK(verify.out.find("(" + sentence + ")") != std::string::npos);
    }

    const fs::path json = scratch.dir / "export.json";
    test_support::requireOk(test_support::runAs(db, "chair", {"export", "json", "--out", json.string()}));
    auto exported = nlohmann::json::parse(std::ifstream(json));
    int incomplete = 0;
    for (const auto& encounter : exported["encounters"])
        for (const auto& camera : encounter["footage"])
            if (!camera["complete"].get<bool>()) {
                ++incomplete;
                CHECK(std::find(sentences.begin(), sentences.end(), camera["incomplete"].get<std::string>()) != sentences.end());
            }
    CHECK(incomplete == 3);

    test_support::requireOk(test_support::runAs(db, "chair", {"screening", "add", "S1", "--date", "2024-05-02", "--encounter", "E1"}));
    const fs::path pdf = scratch.dir / "report.pdf";
    test_support::requireOk(test_support::runAs(db, "chair", {"export", "report", "--screening", "S1", "--format", "pdf", "--out", pdf.string()}));
    auto text = test_support::runCommand({"pdftotext", "-layout", pdf.string(), "-"});
    test_support::requireOk(text);
    for (const std::string& sentence : sentences)
        CHECK_MESSAGE(text.out.find(sentence) != std::string::npos, sentence);
}

TEST_CASE("framehash and frame given --db warn when the file is not a recording registered there")
{
    test_support::ScratchFolder scratch;
    const fs::path db = scratch.dir / "p.sqlite";
    test_support::makeTestDatabase(db, {"chair"});
    const fs::path camera = scratch.dir / "camera.mp4";
    fs::copy_file(test_support::testDataDir() / "media" / "h264_gop2s.mp4", camera);
    test_support::requireOk(test_support::runAs(db, "chair", {"footage", "add", camera.string(), "--encounter", "E1"}));
    const std::string exe = test_support::executable().string();

    auto registered = test_support::runCommand({exe, "--db", db.string(), "framehash", camera.string(), "0"});
    test_support::requireOk(registered);
    CHECK(registered.err.empty());
    auto withoutDb = test_support::runCommand({exe, "framehash", camera.string(), "0"});
    test_support::requireOk(withoutDb);
    CHECK(withoutDb.err.empty());

    std::string bytes = test_support::fileBytes(camera);
    bytes[bytes.size() - 20] ^= 0x33;
    const fs::path changed = scratch.dir / "changed.mp4";
    std::ofstream(changed, std::ios::binary) << bytes;
    auto hash = test_support::runCommand({exe, "--db", db.string(), "framehash", changed.string(), "0"});
    CHECK(hash.exitCode == 0);
    CHECK(hash.out == registered.out); // the first frame is still the first frame
    CHECK(hash.err == "bwv-review: warning: " + changed.string() + ": this file is not the registered recording of "
                          + db.string() + " (or it has changed since it was registered)\n");
    auto still = test_support::runCommand({exe, "--db", db.string(), "frame", changed.string(), "0", "--png",
                                           (scratch.dir / "still.png").string()});
    CHECK(still.exitCode == 0);
    CHECK(still.err.find("this file is not the registered recording") != std::string::npos);
}
