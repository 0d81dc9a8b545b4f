// tag add | list | delete | undo | redo
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "common/json_text.hpp"
#include "cli/review_commands.hpp"
#include "review/annotation.hpp"
#include "review/footage.hpp"
#include "review/blind_coding.hpp"
#include "review/encounter.hpp"
#include "review/ids.hpp"
#include "review/time_text.hpp"

namespace cli {
namespace {

nlohmann::json tagJson(const review::Annotation& a)
{
    auto opt = [](const auto& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
    return {{"uuid", a.uuid},
            {"encounter", a.encounterRef},
            {"code", a.code},
            {"codebook_version", a.codebookVersion},
            {"start_us", a.startUs},
            {"end_us", opt(a.endUs)},
            {"subject", opt(a.subject)},
            {"intensity", opt(a.intensity)},
            {"value", opt(a.value)},
            {"comment", a.comment},
            {"coder", a.coder},
            {"created", review::isoTime(a.createdUs)},
            {"changed", review::isoTime(a.changedUs)},
            {"deleted", a.deletedUs ? nlohmann::json(review::isoTime(*a.deletedUs)) : nlohmann::json(nullptr)}};
}

void printTags(const std::vector<review::Annotation>& tags, const std::string& format)
{
    if (format == "json") {
        nlohmann::json all = nlohmann::json::array();
        for (const review::Annotation& a : tags)
            all.push_back(tagJson(a));
        std::printf("%s\n", common::jsonText(all, 2).c_str());
        return;
    }
    if (format == "csv") {
        std::printf("uuid,encounter,code,start_s,end_s,subject,intensity,value,comment,coder,codebook_version,created,changed,deleted\n");
        for (const review::Annotation& a : tags)
            std::printf("%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%d,%s,%s,%s\n", a.uuid.c_str(), csvField(a.encounterRef).c_str(),
                        csvField(a.code).c_str(), review::formatSeconds(a.startUs).c_str(),
                        a.endUs ? review::formatSeconds(*a.endUs).c_str() : "", a.subject ? a.subject->c_str() : "",
                        a.intensity ? std::to_string(*a.intensity).c_str() : "",
                        a.value ? csvField(*a.value).c_str() : "", csvField(a.comment).c_str(),
                        csvField(a.coder).c_str(), a.codebookVersion, review::isoTime(a.createdUs).c_str(),
                        review::isoTime(a.changedUs).c_str(), a.deletedUs ? review::isoTime(*a.deletedUs).c_str() : "");
        return;
    }
    for (const review::Annotation& a : tags) {
        std::string when = review::formatSeconds(a.startUs);
        if (a.endUs)
            when += "-" + review::formatSeconds(*a.endUs);
        std::printf("%s  %-12s %-7s %-28s %-10s %s%s%s\n", a.uuid.c_str(), a.encounterRef.c_str(), a.code.c_str(),
                    when.c_str(), a.coder.c_str(), a.subject ? a.subject->c_str() : "",
                    a.comment.empty() ? "" : "  ", a.comment.c_str());
    }
}

} // namespace

void addTagCommands(CLI::App& app, Context& context)
{
    CLI::App* tag = app.add_subcommand("tag", "Tags (annotations) on encounters");
    tag->require_subcommand(1);

    struct AddOptions {
        std::string encounter, code, at;
        std::optional<std::string> to, subject, value, footage;
        std::optional<int> intensity;
        std::string comment;
    };
    auto add = std::make_shared<AddOptions>();
    CLI::App* addCmd = tag->add_subcommand("add", "Tag a moment or an interval; prints the tag's UUID once saved");
    addCmd->add_option("--encounter", add->encounter, "Encounter reference or UUID")->required();
    addCmd->add_option("--code", add->code, "Code id from the codebook, e.g. ESC.02")->required();
    addCmd->add_option("--at", add->at, "Time on the encounter timeline, in seconds")->required();
    addCmd->add_option("--to", add->to, "End time, for interval codes");
    addCmd->add_option("--subject", add->subject, "officer, person, other_officer or bystander");
    addCmd->add_option("--intensity", add->intensity, "1, 2 or 3");
    addCmd->add_option("--value", add->value, "For codes that carry a value (UOF.09: drawn, aimed, red-dot, fired)");
    addCmd->add_option("--comment", add->comment, "Free text");
    addCmd->add_option("--footage", add->footage, "The camera it was seen on: registered footage of the encounter "
                                                  "(SHA-256, UUID or path)");
    addCmd->callback([add, &context] {
        review::NewAnnotation input;
        input.encounterRef = add->encounter;
        input.code = add->code;
        auto at = review::parseSeconds(add->at);
        if (!at)
            return fail(context, at.error());
        input.startUs = *at;
        if (add->to) {
            auto to = review::parseSeconds(*add->to);
            if (!to)
                return fail(context, to.error());
            input.endUs = *to;
        }
        input.subject = add->subject;
        input.intensity = add->intensity;
        input.value = add->value;
        input.comment = add->comment;
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        if (add->footage) {
            auto footage = review::findFootage(*ws, *add->footage);
            if (!footage)
                return fail(context, footage.error());
            input.footageId = footage->id;
        }
        auto added = review::addAnnotation(*ws, input);
        if (!added)
            return fail(context, added.error());
        // Printed only now: the transaction has committed (synchronous=FULL).
        std::printf("%s\n", added->uuid.c_str());
        std::fflush(stdout);
    });

    struct ListOptions {
        std::optional<std::string> encounter, coder, code;
        std::string format = "text";
        bool deleted = false;
    };
    auto list = std::make_shared<ListOptions>();
    CLI::App* listCmd = tag->add_subcommand("list", "List tags");
    listCmd->add_option("--encounter", list->encounter, "Only this encounter");
    listCmd->add_option("--coder", list->coder, "Only this coder's tags");
    listCmd->add_option("--code", list->code, "Only this code");
    listCmd->add_option("--format", list->format, "text, csv or json")->check(CLI::IsMember({"text", "csv", "json"}));
    listCmd->add_flag("--deleted", list->deleted, "Include deleted tags");
    listCmd->callback([list, &context] {
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        review::AnnotationFilter filter;
        filter.encounterRef = list->encounter;
        filter.coder = list->coder;
        filter.code = list->code;
        filter.includeDeleted = list->deleted;
        auto tags = review::readTags(*ws, filter);
        if (!tags)
            return fail(context, tags.error());
        // Blind coding: say where only the acting coder's own tags are listed.
        std::vector<std::string> scope;
        if (list->encounter) {
            auto encounter = review::findEncounter(*ws, *list->encounter);
            if (!encounter)
                return fail(context, encounter.error());
            scope.push_back(encounter->reference);
        } else if (auto blind = review::encountersBlindToActingCoder(*ws); blind) {
            scope = std::move(*blind);
        } else {
            return fail(context, blind.error());
        }
        if (auto warned = warnBlindEncounters(*ws, scope); !warned)
            return fail(context, warned.error());
        printTags(*tags, list->format);
    });

    auto uuid = std::make_shared<std::string>();
    CLI::App* deleteCmd = tag->add_subcommand("delete", "Delete a tag (kept in the database, marked deleted)");
    deleteCmd->add_option("UUID", *uuid, "The tag's UUID")->required();
    deleteCmd->callback([uuid, &context] {
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        auto deleted = review::deleteAnnotation(*ws, *uuid);
        if (!deleted)
            return fail(context, deleted.error());
    });

    for (bool isUndo : {true, false}) {
        CLI::App* cmd = tag->add_subcommand(isUndo ? "undo" : "redo",
                                            isUndo ? "Undo your last tag change" : "Redo your last undone tag change");
        cmd->callback([isUndo, &context] {
            auto ws = openWorkspace(context);
            if (!ws)
                return fail(context, ws.error());
            auto result = isUndo ? review::undo(*ws) : review::redo(*ws);
            if (!result)
                return fail(context, result.error());
            if (!*result) {
                std::printf("nothing to %s\n", isUndo ? "undo" : "redo");
                return;
            }
            const review::Annotation& a = **result;
            std::printf("%s %s %s\n", a.uuid.c_str(), a.code.c_str(), a.deletedUs ? "deleted" : "restored");
        });
    }

}

} // namespace cli
