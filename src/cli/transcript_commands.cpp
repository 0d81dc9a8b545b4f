// transcript import | list | search, mask add | list | remove (issue 14). The work is in
// exchange/transcript_import and review/masks; this file parses options and prints.
#include <cinttypes>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/review_commands.hpp"
#include "common/json_text.hpp"
#include "common/utf8.hpp"
#include "exchange/transcript_import.hpp"
#include "exchange/transcript_index.hpp"
#include "review/encounter.hpp"
#include "review/masks.hpp"
#include "review/time_text.hpp"
#include "review/transcripts.hpp"

namespace cli {
namespace {

double seconds(int64_t us) { return static_cast<double>(us) / 1e6; }

// "01:02:03.250": hours always, so lines of a long recording line up.
std::string clock(int64_t us)
{
    const int64_t ms = us / 1000;
    char text[32];
    std::snprintf(text, sizeof text, "%02" PRId64 ":%02" PRId64 ":%02" PRId64 ".%03" PRId64, ms / 3600000,
                  ms / 60000 % 60, ms / 1000 % 60, ms % 1000);
    return text;
}

nlohmann::json cueJson(const review::EncounterCue& cue)
{
    return {{"camera", cue.camera},           {"start_s", seconds(cue.startUs)},
            {"end_s", seconds(cue.endUs)},     {"media_start_s", seconds(cue.mediaStartUs)},
            {"media_end_s", seconds(cue.mediaEndUs)}, {"speaker", cue.speaker},
            {"text", cue.text}};
}

void printCue(const review::EncounterCue& cue)
{
    std::string text = cue.text;
    for (char& c : text)
        if (c == '\n')
            c = ' ';
    std::printf("%s  %s  %s%s%s\n", clock(cue.startUs).c_str(), cue.camera.c_str(),
                cue.speaker.empty() ? "" : cue.speaker.c_str(), cue.speaker.empty() ? "" : ": ", text.c_str());
}

nlohmann::json maskJson(const review::Mask& m)
{
    nlohmann::json keyframes = nlohmann::json::array();
    for (const review::MaskKeyframe& k : m.keyframes)
        keyframes.push_back({{"at_s", seconds(k.atUs)}, {"box", {k.box.x, k.box.y, k.box.w, k.box.h}}});
    return {{"mask", m.uuid},           {"footage", m.footageUuid}, {"shape", review::maskShapeName(m.shape)},
            {"from_s", seconds(m.fromUs)}, {"to_s", seconds(m.toUs)},  {"keyframes", keyframes}};
}

std::string boxText(const review::MaskBox& b)
{
    char text[96];
    std::snprintf(text, sizeof text, "%.4g,%.4g,%.4g,%.4g", b.x, b.y, b.w, b.h);
    return text;
}

void addTranscriptCommands(CLI::App& app, Context& context)
{
    CLI::App* transcript = app.add_subcommand("transcript", "Import, list and search transcripts (SRT, WebVTT)");
    transcript->require_subcommand(1);

    struct ImportOptions {
        std::string file, footage;
        bool replace = false, json = false;
    };
    auto import = std::make_shared<ImportOptions>();
    CLI::App* importCmd = transcript->add_subcommand("import", "Import an SRT or WebVTT transcript of one camera's footage");
    importCmd->add_option("FILE", import->file, "The .srt or .vtt file")->required();
    importCmd->add_option("--footage", import->footage, "The registered footage it transcribes (SHA-256, UUID or path)")
        ->required();
    importCmd->add_flag("--replace", import->replace, "Show this transcript instead of the footage's earlier one");
    importCmd->add_flag("--json", import->json, "Print JSON");
    importCmd->callback([import, &context] {
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        auto done = exchange::importTranscriptFile(*ws, import->file, import->footage, import->replace);
        if (!done)
            return fail(context, done.error());
        for (const std::string& warning : done->warnings)
            warn(common::toValidUtf8(import->file) + ": " + warning);
        const review::StoredTranscript& t = done->stored.transcript;
        if (import->json) {
            printJson({{"transcript", t.uuid},
                       {"footage", t.footageUuid},
                       {"source_sha256", t.sourceSha256},
                       {"format", done->format},
                       {"encoding", done->encoding},
                       {"cues", t.cueCount},
                       {"first_s", seconds(done->firstUs)},
                       {"last_s", seconds(done->lastUs)},
                       {"already_imported", done->stored.alreadyImported},
                       {"replaced", done->stored.replaced ? nlohmann::json(*done->stored.replaced) : nlohmann::json()},
                       {"warnings", done->warnings}});
            return;
        }
        std::printf("%s %" PRId64 " cues (%s, %s) from %s to %s%s\n", t.uuid.c_str(), t.cueCount, done->format.c_str(),
                    done->encoding.c_str(), clock(done->firstUs).c_str(), clock(done->lastUs).c_str(),
                    done->stored.alreadyImported ? " (already imported)" : done->stored.replaced ? " (replaces the earlier one)" : "");
    });

    struct ListOptions {
        std::string encounter, text;
        bool json = false;
    };
    auto list = std::make_shared<ListOptions>();
    CLI::App* listCmd = transcript->add_subcommand("list", "Every transcript line of an encounter's cameras, in encounter time");
    listCmd->add_option("--encounter", list->encounter, "The encounter (reference or UUID)")->required();
    listCmd->add_flag("--json", list->json, "Print JSON");
    listCmd->callback([list, &context] {
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        auto cues = review::readEncounterCues(*ws, list->encounter);
        if (!cues)
            return fail(context, cues.error());
        if (list->json) {
            nlohmann::json all = nlohmann::json::array();
            for (const review::EncounterCue& cue : *cues)
                all.push_back(cueJson(cue));
            printJson({{"encounter", list->encounter}, {"cues", all}});
            return;
        }
        if (cues->empty())
            std::printf("no camera of this encounter has a transcript (import one with: bwv-review transcript import)\n");
        for (const review::EncounterCue& cue : *cues)
            printCue(cue);
    });

    auto search = std::make_shared<ListOptions>();
    CLI::App* searchCmd = transcript->add_subcommand(
        "search", "Find the transcript lines of an encounter that say TEXT (whole words, any case or accents)");
    searchCmd->add_option("TEXT", search->text, "Words or a phrase, e.g. \"you're detained\"")->required();
    searchCmd->add_option("--encounter", search->encounter, "The encounter (reference or UUID)")->required();
    searchCmd->add_flag("--json", search->json, "Print JSON");
    searchCmd->callback([search, &context] {
        if (exchange::searchWords(search->text).empty())
            return fail(context, common::makeError(common::ErrorCode::InvalidInput,
                                                   "give at least one word to search for", "transcript search"));
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        auto cues = review::readEncounterCues(*ws, search->encounter);
        if (!cues)
            return fail(context, cues.error());
        const auto matches = exchange::findCues(*cues, search->text);
        std::optional<exchange::CameraFrames> frames;
        if (!matches.empty()) {
            auto encounter = review::findEncounter(*ws, search->encounter);
            if (!encounter)
                return fail(context, encounter.error());
            frames.emplace(*encounter);
        }
        nlohmann::json all = nlohmann::json::array();
        for (const review::EncounterCue* cue : matches) {
            nlohmann::json j = cueJson(*cue);
            nlohmann::json perCamera = nlohmann::json::array();
            std::string framesText;
            for (const exchange::CameraFrame& f : frames->at(cue->startUs)) {
                perCamera.push_back({{"camera", f.camera}, {"frame", f.frame ? nlohmann::json(*f.frame) : nlohmann::json()}});
                if (f.frame)
                    framesText += (framesText.empty() ? "" : ", ") + f.camera + " frame " + std::to_string(*f.frame);
            }
            j["frames"] = perCamera;
            all.push_back(std::move(j));
            if (!search->json) {
                printCue(*cue);
                if (!framesText.empty())
                    std::printf("            %s\n", framesText.c_str());
            }
        }
        if (search->json)
            printJson({{"query", search->text}, {"matches", all}});
        else if (matches.empty())
            std::printf("no transcript line says \"%s\"\n", search->text.c_str());
    });
}

void addMaskCommands(CLI::App& app, Context& context)
{
    CLI::App* mask = app.add_subcommand("mask", "Privacy masks: blur part of the picture on screen (never in the file)");
    mask->require_subcommand(1);

    struct AddOptions {
        std::string footage, from, to, shape = "rect", box;
        std::optional<std::string> toBox;
        bool json = false;
    };
    auto add = std::make_shared<AddOptions>();
    CLI::App* addCmd = mask->add_subcommand("add", "Blur a rectangle or ellipse of the picture over a span of time");
    addCmd->add_option("--footage", add->footage, "The registered footage (SHA-256, UUID or path)")->required();
    addCmd->add_option("--from", add->from, "Start, in seconds of the footage")->required();
    addCmd->add_option("--to", add->to, "End, in seconds of the footage")->required();
    addCmd->add_option("--shape", add->shape, "rect or ellipse (default rect)");
    addCmd->add_option("--box", add->box, "X,Y,WIDTH,HEIGHT at the start, in fractions of the picture from its top left")
        ->required();
    addCmd->add_option("--to-box", add->toBox, "X,Y,WIDTH,HEIGHT at the end: the mask moves between the two");
    addCmd->add_flag("--json", add->json, "Print JSON");
    addCmd->callback([add, &context] {
        auto from = review::parseSeconds(add->from);
        if (!from)
            return fail(context, common::makeError(from.error().code, from.error().message, "--from"));
        auto to = review::parseSeconds(add->to);
        if (!to)
            return fail(context, common::makeError(to.error().code, to.error().message, "--to"));
        auto shape = review::parseMaskShape(add->shape);
        if (!shape)
            return fail(context, shape.error());
        auto box = review::parseMaskBox(add->box, "--box");
        if (!box)
            return fail(context, box.error());
        review::NewMask newMask{*shape, *from, *to, *box, std::nullopt};
        if (add->toBox) {
            auto toBox = review::parseMaskBox(*add->toBox, "--to-box");
            if (!toBox)
                return fail(context, toBox.error());
            newMask.toBox = *toBox;
        }
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        auto added = review::addMask(*ws, add->footage, newMask);
        if (!added)
            return fail(context, added.error());
        if (add->json)
            printJson(maskJson(*added));
        else
            std::printf("%s\n", added->uuid.c_str());
    });

    struct ListOptions {
        std::string footage;
        bool json = false;
    };
    auto list = std::make_shared<ListOptions>();
    CLI::App* listCmd = mask->add_subcommand("list", "Masks in force, of one footage file or of all");
    listCmd->add_option("--footage", list->footage, "Only this footage (SHA-256, UUID or path)");
    listCmd->add_flag("--json", list->json, "Print JSON");
    listCmd->callback([list, &context] {
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        auto masks = review::listMasks(*ws, list->footage);
        if (!masks)
            return fail(context, masks.error());
        if (list->json) {
            nlohmann::json all = nlohmann::json::array();
            for (const review::Mask& m : *masks)
                all.push_back(maskJson(m));
            printJson(all);
            return;
        }
        if (masks->empty())
            std::printf("no masks\n");
        for (const review::Mask& m : *masks)
            std::printf("%s  footage %s  %s  %s to %s  %s%s%s\n", m.uuid.c_str(), m.footageUuid.substr(0, 8).c_str(),
                        review::maskShapeName(m.shape), clock(m.fromUs).c_str(), clock(m.toUs).c_str(),
                        boxText(m.keyframes.front().box).c_str(), m.keyframes.size() > 1 ? " -> " : "",
                        m.keyframes.size() > 1 ? boxText(m.keyframes.back().box).c_str() : "");
    });

    struct MoveOptions {
        std::string mask, at, box;
        bool json = false;
    };
    auto move = std::make_shared<MoveOptions>();
    CLI::App* moveCmd = mask->add_subcommand("move", "Where a mask is at a moment: it moves in a straight line between "
                                                     "such moments");
    moveCmd->add_option("MASK", move->mask, "The mask's id, as mask list prints it (8 characters are enough)")->required();
    moveCmd->add_option("--at", move->at, "The moment, in seconds of the footage, inside the mask's span")->required();
    moveCmd->add_option("--box", move->box, "X,Y,WIDTH,HEIGHT there, in fractions of the picture from its top left")
        ->required();
    moveCmd->add_flag("--json", move->json, "Print JSON");
    moveCmd->callback([move, &context] {
        auto at = review::parseSeconds(move->at);
        if (!at)
            return fail(context, common::makeError(at.error().code, at.error().message, "--at"));
        auto box = review::parseMaskBox(move->box, "--box");
        if (!box)
            return fail(context, box.error());
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        auto moved = review::moveMask(*ws, move->mask, *at, *box);
        if (!moved)
            return fail(context, moved.error());
        if (move->json)
            printJson(maskJson(*moved));
        else
            std::printf("%s moves through %zu keyframes\n", moved->uuid.c_str(), moved->keyframes.size());
    });

    auto removeRef = std::make_shared<std::string>();
    CLI::App* removeCmd = mask->add_subcommand("remove", "Remove a mask (it stays in the audit log)");
    removeCmd->add_option("MASK", *removeRef, "The mask's id, as mask list prints it (8 characters are enough)")->required();
    removeCmd->callback([removeRef, &context] {
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        auto removed = review::removeMask(*ws, *removeRef);
        if (!removed)
            return fail(context, removed.error());
        std::printf("removed %s\n", removed->uuid.c_str());
    });
}

} // namespace

void addTranscriptAndMaskCommands(CLI::App& app, Context& context)
{
    addTranscriptCommands(app, context);
    addMaskCommands(app, context);
}

} // namespace cli
