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

struct Scratch {
    fs::path dir;
    Scratch()
    {
        std::string pattern = (fs::temp_directory_path() / "bwv-footage-XXXXXX").string();
        REQUIRE(mkdtemp(pattern.data()) != nullptr);
        dir = pattern;
    }
    ~Scratch()
    {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
};

void ok(const test_support::CommandResult& r)
{
    REQUIRE_MESSAGE(r.exitCode == 0, r.err);
}

// "warning:   recording incomplete: ..." from `probe`: the sentence after the label.
std::string probeWarning(const fs::path& file)
{
    auto r = test_support::runCommand({test_support::executable().string(), "probe", file.string()});
    ok(r);
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
    Scratch scratch;
    const fs::path whole = scratch.dir / "whole.mp4";
    // Index at the front (+faststart): the container promises 6 s whatever is cut off.
    ok(test_support::runCommand({"ffmpeg", "-v", "error", "-i", (test_support::testDataDir() / "media" / "h264_gop2s.mp4").string(),
                                 "-c", "copy", "-movflags", "+faststart", "-y", whole.string()}));
    auto ffprobe = test_support::runCommand({"ffprobe", "-v", "error", "-show_entries", "format=duration", "-of",
                                             "default=nw=1:nk=1", whole.string()});
    ok(ffprobe);
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
        ok(added);
        CHECK(added.err == "bwv-review: warning: " + cut.string() + ": " + sentence + "\n");
        sentences.push_back(sentence);
    }
    CHECK(probeWarning(whole).empty());

    auto list = test_support::runAs(db, "chair", {"footage", "list"});
    ok(list);
    auto verify = test_support::runAs(db, "chair", {"footage", "verify", "--all"});
    ok(verify);
    for (const std::string& sentence : sentences) {
        CHECK(list.out.find(sentence) != std::string::npos);
        CHECK(verify.out.find("(" + sentence + ")") != std::string::npos);
    }

    const fs::path json = scratch.dir / "export.json";
    ok(test_support::runAs(db, "chair", {"export", "json", "--out", json.string()}));
    auto exported = nlohmann::json::parse(std::ifstream(json));
    int incomplete = 0;
    for (const auto& encounter : exported["encounters"])
        for (const auto& camera : encounter["footage"])
            if (!camera["complete"].get<bool>()) {
                ++incomplete;
                CHECK(std::find(sentences.begin(), sentences.end(), camera["incomplete"].get<std::string>()) != sentences.end());
            }
    CHECK(incomplete == 3);

    ok(test_support::runAs(db, "chair", {"screening", "add", "S1", "--date", "2024-05-02", "--encounter", "E1"}));
    const fs::path pdf = scratch.dir / "report.pdf";
    ok(test_support::runAs(db, "chair", {"export", "report", "--screening", "S1", "--format", "pdf", "--out", pdf.string()}));
    auto text = test_support::runCommand({"pdftotext", "-layout", pdf.string(), "-"});
    ok(text);
    for (const std::string& sentence : sentences)
        CHECK_MESSAGE(text.out.find(sentence) != std::string::npos, sentence);
}
