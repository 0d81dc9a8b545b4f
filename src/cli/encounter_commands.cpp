// encounter add | list | show;  screening add | list
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/review_commands.hpp"
#include "review/annotation.hpp"
#include "review/encounter.hpp"
#include "review/encounter_form.hpp"
#include "review/ids.hpp"
#include "review/screening.hpp"
#include "review/time_text.hpp"

namespace cli {
namespace {

common::Result<review::FieldValues> parseSets(const std::vector<std::string>& sets)
{
    review::FieldValues values;
    for (const std::string& set : sets) {
        size_t eq = set.find('=');
        if (eq == std::string::npos || eq == 0)
            return common::makeError(common::ErrorCode::Usage, "write --set as field=value, not \"" + set + "\"");
        values.emplace_back(set.substr(0, eq), set.substr(eq + 1));
    }
    return values;
}

nlohmann::json encounterJson(const review::Encounter& e)
{
    nlohmann::json footage = nlohmann::json::array();
    for (const review::EncounterFootage& f : e.footage)
        footage.push_back({{"footage_uuid", f.footageUuid}, {"path", f.path}, {"sha256", f.sha256},
                           {"offset_us", f.offsetUs}, {"label", f.label}});
    return {{"uuid", e.uuid},
            {"reference", e.reference},
            {"form", e.fields},
            {"footage", footage},
            {"created", review::isoTime(e.createdUs)},
            {"changed", review::isoTime(e.changedUs)}};
}

void printEncounter(const review::Encounter& e, std::optional<int64_t> tags)
{
    std::printf("encounter %s (%s)\n", e.reference.c_str(), e.uuid.c_str());
    for (const review::FormField& field : review::encounterFormFields()) {
        auto value = e.fields.find(std::string(field.name));
        std::printf("  %-34s %s\n", std::string(field.label).c_str(), value == e.fields.end() ? "-" : value->second.c_str());
    }
    for (const auto& [name, value] : e.fields)
        if (!review::findFormField(name))
            std::printf("  %-34s %s\n", name.c_str(), value.c_str());
    for (const review::EncounterFootage& f : e.footage)
        std::printf("  footage %s at %s s: %s\n", f.label.empty() ? "(no label)" : f.label.c_str(),
                    review::formatSeconds(f.offsetUs).c_str(), f.path.c_str());
    if (tags)
        std::printf("  %-34s %lld\n", "Tags", static_cast<long long>(*tags));
}

} // namespace

void addEncounterCommands(CLI::App& app, Context& context)
{
    CLI::App* encounter = app.add_subcommand("encounter", "Encounters and their form");
    encounter->require_subcommand(1);

    struct AddOptions {
        std::string reference;
        std::vector<std::string> sets;
    };
    auto add = std::make_shared<AddOptions>();
    CLI::App* addCmd = encounter->add_subcommand("add", "Add an encounter, or change its form");
    addCmd->add_option("REF", add->reference, "The force's reference")->required();
    addCmd->add_option("--set", add->sets, "A form field: field=value (repeatable; empty value clears)");
    addCmd->callback([add, &context] {
        auto values = parseSets(add->sets);
        if (!values)
            return fail(context, values.error());
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        auto added = review::addEncounter(*ws, add->reference, *values);
        if (!added)
            return fail(context, added.error());
        std::printf("%s\n", added->uuid.c_str());
    });

    CLI::App* listCmd = encounter->add_subcommand("list", "List encounters");
    listCmd->callback([&context] {
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        auto all = review::listEncounters(*ws);
        if (!all)
            return fail(context, all.error());
        for (const review::Encounter& e : *all) {
            auto date = e.fields.find("date");
            std::printf("%s  %-20s %-10s %zu footage\n", e.uuid.c_str(), e.reference.c_str(),
                        date == e.fields.end() ? "-" : date->second.c_str(), e.footage.size());
        }
    });

    struct ShowOptions {
        std::string reference;
        bool json = false;
    };
    auto show = std::make_shared<ShowOptions>();
    CLI::App* showCmd = encounter->add_subcommand("show", "Show an encounter's form, footage and tag count");
    showCmd->add_option("REF", show->reference, "Reference or UUID")->required();
    showCmd->add_flag("--json", show->json, "As JSON");
    showCmd->callback([show, &context] {
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        auto e = review::readEncounter(*ws, show->reference);
        if (!e)
            return fail(context, e.error());
        auto tags = review::visibleTagCountOn(*ws, e->id);
        if (!tags)
            return fail(context, tags.error());
        if (show->json) {
            nlohmann::json j = encounterJson(*e);
            j["tags"] = *tags ? nlohmann::json(**tags) : nlohmann::json(nullptr);
            return printJson(j);
        }
        printEncounter(*e, *tags);
    });

    CLI::App* screening = app.add_subcommand("screening", "Screenings: a panel's sessions");
    screening->require_subcommand(1);
    struct ScreeningOptions {
        review::NewScreening input;
        std::optional<std::string> date, venue, selection;
    };
    auto scr = std::make_shared<ScreeningOptions>();
    CLI::App* scrAdd = screening->add_subcommand("add", "Add a screening; prints its id");
    scrAdd->add_option("NAME", scr->input.name, "A name for the session")->required();
    scrAdd->add_option("--date", scr->date, "When it is held, YYYY-MM-DD");
    scrAdd->add_option("--encounter", scr->input.encounterRefs, "An encounter to view (repeatable; in viewing order)");
    scrAdd->add_option("--panel", scr->input.panel, "The panel's name");
    scrAdd->add_option("--force", scr->input.force, "The police force");
    scrAdd->add_option("--venue", scr->venue, "police_premises or streamed");
    scrAdd->add_option("--selection", scr->selection, "How encounters were chosen: random, chair_selected, sub_group, requested");
    scrAdd->callback([scr, &context] {
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        review::NewScreening input = scr->input;
        input.date = scr->date;
        input.venue = scr->venue;
        input.selection = scr->selection;
        auto added = review::addScreening(*ws, input);
        if (!added)
            return fail(context, added.error());
        std::printf("%s\n", added->uuid.c_str());
    });
    CLI::App* scrList = screening->add_subcommand("list", "List screenings");
    scrList->callback([&context] {
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        auto all = review::listScreenings(*ws);
        if (!all)
            return fail(context, all.error());
        for (const review::Screening& s : *all) {
            std::string order;
            for (const std::string& ref : s.encounterRefs)
                order += (order.empty() ? "" : ", ") + ref;
            std::printf("%s  %-10s %s: %s\n", s.uuid.c_str(), s.date ? s.date->c_str() : "-", s.name.c_str(),
                        order.empty() ? "(no encounters)" : order.c_str());
        }
    });
}

} // namespace cli
