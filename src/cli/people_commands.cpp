// init; person add | list | roles | reset-passphrase | remove; audit verify | head | list;
// retention show | set | apply
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/review_commands.hpp"
#include "review/audit_log.hpp"
#include "review/ids.hpp"
#include "review/keys.hpp"
#include "review/people.hpp"
#include "review/retention.hpp"
#include "review/time_text.hpp"

namespace cli {
namespace {

void addInit(CLI::App& app, Context& context)
{
    CLI::App* init = app.add_subcommand("init", "Set up a database, with --as NAME as its administrator");
    init->callback([&context] {
        const std::filesystem::path path = databasePathOf(context);
        std::error_code ec;
        if (path.has_parent_path())
            std::filesystem::create_directories(path.parent_path(), ec);
        auto ws = review::Workspace::open(path);
        if (!ws)
            return fail(context, ws.error());
        auto admin = review::hasAdministrator(*ws);
        if (!admin)
            return fail(context, admin.error());
        if (*admin)
            return fail(context, common::makeError(common::ErrorCode::NotAllowed,
                                                   "this database already has an administrator; ask them to add you "
                                                   "(bwv-review person add)",
                                                   path.string()));
        const std::string name = personOf(context);
        if (auto ok = review::checkPersonName(name); !ok)
            return fail(context, ok.error());
        auto passphrase = passphraseFor(context, name, true);
        if (!passphrase)
            return fail(context, passphrase.error());
        auto person = review::initDatabase(*ws, name, *passphrase);
        review::wipe(*passphrase);
        if (!person)
            return fail(context, person.error());
        std::printf("%s: set up with %s as its administrator\n", path.string().c_str(), person->name.c_str());
    });
}

nlohmann::json personJson(const review::Person& p)
{
    return {{"name", p.name},
            {"uuid", p.uuid},
            {"roles", review::rolesText(p.roles)},
            {"can_sign_in", p.hasPassphrase && !p.removedUs},
            {"removed", p.removedUs ? nlohmann::json(review::isoTime(*p.removedUs)) : nlohmann::json(nullptr)},
            {"added", review::isoTime(p.createdUs)}};
}

void addPerson(CLI::App& app, Context& context)
{
    CLI::App* person = app.add_subcommand("person", "People who sign in, and their roles (administrator)");
    person->require_subcommand(1);

    struct AddOptions {
        std::string name, roles, passphraseFile;
    };
    auto add = std::make_shared<AddOptions>();
    CLI::App* addCmd = person->add_subcommand("add", "Add a person with roles");
    addCmd->add_option("NAME", add->name, "Their name as they sign in")->required();
    addCmd->add_option("--role", add->roles, "member, chair, coder, lead, administrator (several: comma-separated)")
        ->required();
    addCmd->add_option("--new-passphrase-file", add->passphraseFile, "File holding their first passphrase");
    addCmd->callback([add, &context] {
        auto roles = review::parseRoles(add->roles);
        if (!roles)
            return fail(context, roles.error());
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        if (auto allowed = ws->require(review::Action::ManagePeople, add->name); !allowed)
            return fail(context, allowed.error());
        auto passphrase = newPassphraseFor(add->passphraseFile, add->name);
        if (!passphrase)
            return fail(context, passphrase.error());
        auto added = review::addPerson(*ws, add->name, *roles, *passphrase);
        if (*passphrase)
            review::wipe(**passphrase);
        if (!added)
            return fail(context, added.error());
        std::printf("%s added as %s\n", added->name.c_str(), review::rolesText(added->roles).c_str());
        if (!added->hasPassphrase)
            std::printf("%s cannot sign in until a passphrase is set: bwv-review person reset-passphrase %s\n",
                        added->name.c_str(), added->name.c_str());
    });

    auto listJson = std::make_shared<bool>(false);
    CLI::App* listCmd = person->add_subcommand("list", "Everyone in the database, with their roles");
    listCmd->add_flag("--json", *listJson, "As JSON");
    listCmd->callback([listJson, &context] {
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        auto people = review::listPeople(*ws);
        if (!people)
            return fail(context, people.error());
        if (*listJson) {
            nlohmann::json all = nlohmann::json::array();
            for (const review::Person& p : *people)
                all.push_back(personJson(p));
            return printJson(all);
        }
        for (const review::Person& p : *people)
            std::printf("%-24s %-36s %s\n", p.name.c_str(), review::rolesText(p.roles).c_str(),
                        p.removedUs ? "removed" : p.hasPassphrase ? "" : "(no passphrase yet)");
    });

    struct RolesOptions {
        std::string name, roles;
    };
    auto roles = std::make_shared<RolesOptions>();
    CLI::App* rolesCmd = person->add_subcommand("roles", "Change someone's roles");
    rolesCmd->add_option("NAME", roles->name, "Who")->required();
    rolesCmd->add_option("--set", roles->roles, "Their roles from now on, comma-separated")->required();
    rolesCmd->callback([roles, &context] {
        auto parsed = review::parseRoles(roles->roles);
        if (!parsed)
            return fail(context, parsed.error());
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        auto changed = review::setRoles(*ws, roles->name, *parsed);
        if (!changed)
            return fail(context, changed.error());
        std::printf("%s is now %s\n", changed->name.c_str(), review::rolesText(changed->roles).c_str());
    });

    struct ResetOptions {
        std::string name, passphraseFile;
    };
    auto reset = std::make_shared<ResetOptions>();
    CLI::App* resetCmd = person->add_subcommand("reset-passphrase", "Set a new passphrase (anyone's: administrator; your own: anyone)");
    resetCmd->add_option("NAME", reset->name, "Whose")->required();
    resetCmd->add_option("--new-passphrase-file", reset->passphraseFile, "File holding the new passphrase");
    resetCmd->callback([reset, &context] {
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        const bool own = reset->name == ws->personName();
        if (auto allowed = ws->require(own ? review::Action::ChangeOwnPassphrase : review::Action::ManagePeople, reset->name);
            !allowed)
            return fail(context, allowed.error());
        auto passphrase = newPassphraseFor(reset->passphraseFile, reset->name);
        if (!passphrase)
            return fail(context, passphrase.error());
        if (!*passphrase)
            return fail(context, common::makeError(common::ErrorCode::Usage,
                                                   "give the new passphrase with --new-passphrase-file FILE, or type it at a terminal"));
        auto done = review::resetPassphrase(*ws, reset->name, **passphrase);
        review::wipe(**passphrase);
        if (!done)
            return fail(context, done.error());
        std::printf("new passphrase set for %s\n", reset->name.c_str());
    });

    auto removeName = std::make_shared<std::string>();
    CLI::App* removeCmd = person->add_subcommand("remove", "Stop someone signing in (their tags and feedback stay)");
    removeCmd->add_option("NAME", *removeName, "Who")->required();
    removeCmd->callback([removeName, &context] {
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        if (auto done = review::removePerson(*ws, *removeName); !done)
            return fail(context, done.error());
        std::printf("%s removed: they can no longer sign in\n", removeName->c_str());
    });
}

void addAudit(CLI::App& app, Context& context)
{
    CLI::App* audit = app.add_subcommand("audit", "The audit log of views, changes and exports");
    audit->require_subcommand(1);

    auto head = std::make_shared<std::optional<std::string>>();
    CLI::App* verify = audit->add_subcommand("verify", "Check that nothing in the log or the data it covers was altered");
    verify->add_option("--head", *head, "A head printed earlier (N:HASH): check that the log still extends it");
    verify->callback([head, &context] {
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        auto verdict = review::verifyAudit(*ws, *head);
        if (!verdict)
            return fail(context, verdict.error());
        if (!verdict->ok()) {
            for (std::size_t i = 1; i < verdict->problems.size(); ++i)
                std::fprintf(stderr, "bwv-review: also: %s\n", verdict->problems[i].c_str());
            return fail(context, common::makeError(common::ErrorCode::Corrupt,
                                                   "the audit log is broken: " + verdict->problems.front(),
                                                   ws->db().path().string()));
        }
        std::printf("audit log intact: %lld entries, %lld rows checked\n", static_cast<long long>(verdict->entries),
                    static_cast<long long>(verdict->rows));
    });

    CLI::App* headCmd = audit->add_subcommand("head", "The log's head (entries:hash), to keep outside the database");
    headCmd->callback([&context] {
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        if (auto allowed = ws->require(review::Action::VerifyAudit); !allowed)
            return fail(context, allowed.error());
        auto h = review::auditHead(ws->db());
        if (!h)
            return fail(context, h.error());
        std::printf("%s\n", h->text().c_str());
    });

    struct ListOptions {
        std::optional<std::string> since, person, action;
        int64_t limit = 1000;
        bool json = false;
    };
    auto list = std::make_shared<ListOptions>();
    CLI::App* listCmd = audit->add_subcommand("list", "Entries of the log, newest first (chair, administrator)");
    listCmd->add_option("--since", list->since, "Only from this day on (YYYY-MM-DD)");
    listCmd->add_option("--person", list->person, "Only what this person did");
    listCmd->add_option("--action", list->action, "Only this action (tag.read), or actions starting so (annotation.)");
    listCmd->add_option("--limit", list->limit, "At most this many (default 1000)")->check(CLI::Range(int64_t{1}, int64_t{10000000}));
    listCmd->add_flag("--json", list->json, "As JSON");
    listCmd->callback([list, &context] {
        review::AuditFilter filter;
        if (list->since) {
            auto day = review::parseIsoDate(*list->since);
            if (!day)
                return fail(context, day.error());
            filter.sinceUs = *day;
        }
        filter.person = list->person;
        filter.action = list->action;
        filter.limit = list->limit;
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        auto entries = review::listAudit(*ws, filter);
        if (!entries)
            return fail(context, entries.error());
        if (list->json) {
            nlohmann::json all = nlohmann::json::array();
            for (const review::AuditEntry& e : *entries)
                all.push_back({{"id", e.id},
                               {"at", review::isoTime(e.atUs)},
                               {"person", e.person},
                               {"action", e.action},
                               {"item", e.item},
                               {"detail", nlohmann::json::parse(e.detail, nullptr, false)},
                               {"hash", e.hash}});
            return printJson(all);
        }
        for (const review::AuditEntry& e : *entries)
            std::printf("%6lld  %s  %-16s %-24s %s %s\n", static_cast<long long>(e.id), review::isoTime(e.atUs).c_str(),
                        e.person.c_str(), e.action.c_str(), e.item.c_str(), e.detail == "{}" ? "" : e.detail.c_str());
    });
}

std::optional<int> daysOption(const std::string& text)
{
    if (text.empty() || text == "keep")
        return std::nullopt;
    return std::stoi(text);
}

void addRetention(CLI::App& app, Context& context)
{
    CLI::App* retention = app.add_subcommand("retention", "How long each panel keeps free text and footage paths");
    retention->require_subcommand(1);

    auto showJson = std::make_shared<bool>(false);
    CLI::App* show = retention->add_subcommand("show", "Each panel's policy");
    show->add_flag("--json", *showJson, "As JSON");
    show->callback([showJson, &context] {
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        auto policies = review::retentionPolicies(*ws);
        if (!policies)
            return fail(context, policies.error());
        auto days = [](const std::optional<int>& d) { return d ? nlohmann::json(*d) : nlohmann::json(nullptr); };
        if (*showJson) {
            nlohmann::json all = nlohmann::json::array();
            for (const review::RetentionPolicy& p : *policies)
                all.push_back({{"panel", p.panel}, {"free_text_days", days(p.freeTextDays)},
                               {"paths_days", days(p.pathsDays)}, {"changed_by", p.changedBy},
                               {"changed", review::isoTime(p.changedUs)}});
            return printJson(all);
        }
        if (policies->empty())
            std::printf("no retention policy: everything is kept\n");
        for (const review::RetentionPolicy& p : *policies)
            std::printf("%s: free text %s, footage paths %s\n", p.panel.c_str(),
                        p.freeTextDays ? ("erased " + std::to_string(*p.freeTextDays) + " days after the screening").c_str() : "kept",
                        p.pathsDays ? ("erased " + std::to_string(*p.pathsDays) + " days after the screening").c_str() : "kept");
    });

    struct SetOptions {
        std::string panel, freeText, paths;
    };
    auto set = std::make_shared<SetOptions>();
    CLI::App* setCmd = retention->add_subcommand("set", "Set a panel's policy (administrator)");
    setCmd->add_option("--panel", set->panel, "The panel, as written on its screenings")->required();
    setCmd->add_option("--free-text-days", set->freeText, "Erase free text this many days after the screening (keep: never)")
        ->check(CLI::Range(0, 36500) | CLI::IsMember({"keep"}));
    setCmd->add_option("--paths-days", set->paths, "Erase footage paths this many days after the screening (keep: never)")
        ->check(CLI::Range(0, 36500) | CLI::IsMember({"keep"}));
    setCmd->callback([set, &context] {
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        auto policy = review::setRetention(*ws, set->panel, daysOption(set->freeText), daysOption(set->paths));
        if (!policy)
            return fail(context, policy.error());
        std::printf("retention for %s set\n", policy->panel.c_str());
    });

    auto today = std::make_shared<std::optional<std::string>>();
    CLI::App* apply = retention->add_subcommand("apply", "Erase what the policies say is due (administrator)");
    apply->add_option("--today", *today, "As if today were this day (YYYY-MM-DD)");
    apply->callback([today, &context] {
        std::optional<int64_t> day;
        if (*today) {
            auto parsed = review::parseIsoDate(**today);
            if (!parsed)
                return fail(context, parsed.error());
            day = *parsed;
        }
        auto ws = openWorkspace(context);
        if (!ws)
            return fail(context, ws.error());
        auto outcome = review::applyRetention(*ws, true, day);
        if (!outcome)
            return fail(context, outcome.error());
        if (outcome->encounters == 0)
            std::printf("retention applied: nothing was due\n");
        else
            std::printf("retention applied: %d %s, %d free-text values and %d footage paths erased\n",
                        outcome->encounters, outcome->encounters == 1 ? "encounter" : "encounters", outcome->values,
                        outcome->paths);
    });
}

} // namespace

void addPeopleCommands(CLI::App& app, Context& context)
{
    addInit(app, context);
    addPerson(app, context);
    addAudit(app, context);
    addRetention(app, context);
}

} // namespace cli
