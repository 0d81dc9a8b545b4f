// footage add | list | verify | align
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <unistd.h>

#include "cli/review_commands.hpp"
#include "review/footage.hpp"
#include "review/footage_alignment.hpp"
#include "review/time_text.hpp"

namespace cli {
namespace {

review::ByteProgress progressFor(const std::string& path)
{
    if (!isatty(STDERR_FILENO))
        return {};
    auto last = std::make_shared<int>(-1);
    return [path, last](int64_t done, int64_t total) {
        int percent = total > 0 ? static_cast<int>(done * 100 / total) : 100;
        if (percent == *last)
            return;
        *last = percent;
        std::fprintf(stderr, "\rhashing %s: %d%%%s", path.c_str(), percent, percent == 100 ? "\n" : "");
    };
}

nlohmann::json alignmentJson(const std::string& encounter, const std::vector<review::CameraAlignment>& cameras, bool applied)
{
    nlohmann::json list = nlohmann::json::array();
    for (const review::CameraAlignment& c : cameras) {
        nlohmann::json j = {{"label", c.label},
                            {"footage_uuid", c.footageUuid},
                            {"sha256", c.sha256},
                            {"offset_us", c.offsetUs ? nlohmann::json(*c.offsetUs) : nlohmann::json(nullptr)},
                            {"current_offset_us", c.currentOffsetUs},
                            {"clock_offset_us", c.clockOffsetUs ? nlohmann::json(*c.clockOffsetUs) : nlohmann::json(nullptr)},
                            {"method", c.method.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.method)},
                            {"confidence", std::round(c.confidence * 100) / 100},
                            {"peak_sigma", std::round(c.peakSigma * 10) / 10},
                            {"aligned", c.aligned},
                            {"saved", c.saved}};
        if (!c.note.empty())
            j["note"] = c.note;
        list.push_back(std::move(j));
    }
    return {{"encounter", encounter}, {"applied", applied}, {"cameras", list}};
}

void printAlignment(const std::vector<review::CameraAlignment>& cameras)
{
    for (const review::CameraAlignment& c : cameras) {
        const std::string label = c.label.empty() ? "(no label)" : c.label;
        std::string line = label + ": ";
        if (c.offsetUs)
            line += "offset " + review::formatSeconds(*c.offsetUs) + " s";
        if (c.method == "reference")
            line += " (reference)";
        else if (c.method == "sound")
            line += " (by sound, confidence " + std::to_string(c.confidence).substr(0, 4) + ")";
        if (!c.note.empty())
            line += (c.offsetUs ? ", " : "") + c.note;
        if (c.saved)
            line += ", saved";
        std::printf("%s\n", line.c_str());
    }
}

std::string describeFacts(const review::Footage& f)
{
    std::string out;
    if (f.durationUs)
        out += review::formatSeconds(*f.durationUs).substr(0, review::formatSeconds(*f.durationUs).size() - 3) + " s";
    if (f.width && f.height)
        out += (out.empty() ? "" : ", ") + std::to_string(*f.width) + "x" + std::to_string(*f.height);
    if (f.videoCodec)
        out += (out.empty() ? "" : ", ") + *f.videoCodec;
    if (f.audioCodec)
        out += (out.empty() ? "" : ", ") + *f.audioCodec;
    if (f.probeError)
        out += (out.empty() ? "" : ", ") + std::string("media facts unknown");
    return out;
}

} // namespace

void addFootageCommands(CLI::App& app, Context& context)
{
    CLI::App* footage = app.add_subcommand("footage", "Register, list and verify footage (by path and SHA-256)");
    footage->require_subcommand(1);

    struct AddOptions {
        std::string file;
        std::optional<std::string> encounter;
        std::string label;
        std::string offset = "0";
    };
    auto add = std::make_shared<AddOptions>();
    CLI::App* addCmd = footage->add_subcommand("add", "Register a footage file (hashed, never copied)");
    addCmd->add_option("FILE", add->file, "The footage file")->required();
    addCmd->add_option("--encounter", add->encounter, "Link it to this encounter (created if new)");
    addCmd->add_option("--label", add->label, "Whose camera, e.g. \"Officer A\"");
    addCmd->add_option("--offset", add->offset, "Where its start sits on the encounter timeline, in seconds");
    addCmd->callback([add, &context] {
        auto offset = review::parseSeconds(add->offset);
        if (!offset)
            return fail(context, offset.error());
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        review::FootageLink link{add->encounter, add->label, *offset};
        auto added = review::addFootage(*ws, add->file, link, progressFor(add->file));
        if (!added)
            return fail(context, added.error());
        const review::Footage& f = added->footage;
        if (f.probeError)
            warn(f.path + ": registered by its hash, but its media facts could not be read: " + *f.probeError);
        if (auto incomplete = review::incompleteRecordingText(f); !incomplete.empty())
            warn(f.path + ": " + incomplete);
        std::printf("%s %s %s%s\n", f.uuid.c_str(), f.sha256.c_str(), f.path.c_str(),
                    added->alreadyKnown ? " (already registered)" : "");
    });

    CLI::App* listCmd = footage->add_subcommand("list", "List registered footage");
    listCmd->callback([&context] {
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        auto all = review::listFootage(*ws);
        if (!all)
            return fail(context, all.error());
        for (const review::Footage& f : *all) {
            const std::string incomplete = review::incompleteRecordingText(f);
            std::printf("%s  %s  %12" PRId64 " bytes  %s  %s%s%s\n", f.uuid.c_str(), f.sha256.substr(0, 12).c_str(),
                        f.sizeBytes, f.path.c_str(), describeFacts(f).c_str(), incomplete.empty() ? "" : "  ",
                        incomplete.c_str());
        }
    });

    struct VerifyOptions {
        std::vector<std::string> refs;
        bool all = false;
    };
    auto verify = std::make_shared<VerifyOptions>();
    CLI::App* verifyCmd = footage->add_subcommand("verify", "Re-hash footage and compare with the registered SHA-256");
    verifyCmd->add_option("FOOTAGE", verify->refs, "UUIDs, hashes or paths of registered footage");
    verifyCmd->add_flag("--all", verify->all, "Verify every registered file");
    verifyCmd->callback([verify, &context] {
        if (verify->all == !verify->refs.empty())
            return fail(context, common::makeError(common::ErrorCode::Usage,
                                                   "name the footage to verify, or give --all (not both)",
                                                   "footage verify"));
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        auto checks = review::verifyFootage(*ws, verify->all ? std::vector<std::string>{} : verify->refs);
        if (!checks)
            return fail(context, checks.error());
        int bad = 0;
        for (const review::FootageCheck& check : *checks) {
            if (check.verdict == review::FootageCheck::Verdict::Ok) {
                // The file is what was registered; a recording cut off then is still cut off.
                const std::string incomplete = review::incompleteRecordingText(check.footage);
                std::printf("ok %s%s%s\n", check.footage.path.c_str(), incomplete.empty() ? "" : " (", 
                            incomplete.empty() ? "" : (incomplete + ")").c_str());
                continue;
            }
            ++bad;
            std::fprintf(stderr, "bwv-review: error: %s: %s\n", check.footage.path.c_str(), check.detail.c_str());
        }
        if (bad > 0)
            context.exitCode = kExitFailed;
        else if (checks->empty())
            std::printf("no footage is registered\n");
    });

    struct AlignOptions {
        std::string encounter;
        std::string search = "120";
        bool apply = false;
        bool json = false;
    };
    auto align = std::make_shared<AlignOptions>();
    CLI::App* alignCmd = footage->add_subcommand(
        "align", "Suggest each camera's offset from the recording clocks and the sound, relative to the first camera");
    alignCmd->add_option("--encounter", align->encounter, "The encounter whose cameras to align")->required();
    alignCmd->add_option("--search", align->search, "How far either way to look without recording clocks, in seconds (default 120)");
    alignCmd->add_flag("--apply", align->apply, "Save the offsets of the cameras aligned by their sound");
    alignCmd->add_flag("--json", align->json, "Print JSON");
    alignCmd->callback([align, &context] {
        auto search = review::parseSeconds(align->search);
        if (!search)
            return fail(context, search.error());
        if (*search <= 0)
            return fail(context, common::makeError(common::ErrorCode::Usage, "--search must be more than 0 seconds",
                                                   "footage align"));
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        review::AlignOptions options;
        options.searchUs = *search;
        options.apply = align->apply;
        auto cameras = review::alignEncounterCameras(*ws, align->encounter, options);
        if (!cameras)
            return fail(context, cameras.error());
        if (align->json)
            printJson(alignmentJson(align->encounter, *cameras, align->apply));
        else
            printAlignment(*cameras);
    });
}

} // namespace cli
