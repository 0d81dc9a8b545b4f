#include "exchange/boris_import.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "common/text.hpp"
#include "common/utf8.hpp"
#include "exchange/pseudonymiser.hpp"
#include "review/annotation.hpp"
#include "review/blind_coding.hpp"
#include "review/codebook.hpp"
#include "review/encounter.hpp"
#include "review/keys.hpp"
#include "review/people.hpp"
#include "review/tag_import.hpp"
#include "review/workspace.hpp"

namespace exchange {
namespace {

std::string listed(const std::vector<std::string>& names)
{
    std::string out;
    for (std::size_t i = 0; i < names.size() && i < 10; ++i)
        out += (i ? ", \"" : "\"") + common::toValidUtf8(names[i]) + "\"";
    if (names.size() > 10)
        out += " and " + std::to_string(names.size() - 10) + " more";
    return out;
}

// Behaviour code -> code id of the codebook, for the behaviours that map.
std::map<std::string, std::string> mapBehaviours(const BorisProject& project, const review::Codebook& book)
{
    std::map<std::string, std::string> byId, byText;
    for (const review::Code& c : book.codes)
        if (c.isTaggable()) {
            byId.emplace(common::asciiLower(c.id), c.id);
            byText.emplace(common::asciiLower(c.id), c.id);
            byText.emplace(common::asciiLower(c.label), c.id);
        }
    std::map<std::string, std::string> out;
    for (const BorisBehavior& b : project.behaviors) {
        // "ESC.01: definition": the id export boris puts first in the description.
        const std::string d = common::trimmed(b.description);
        const std::string lead = d.substr(0, d.find_first_of(": \t"));
        if (auto found = byId.find(common::asciiLower(lead)); !lead.empty() && found != byId.end())
            out[b.code] = found->second;
        else if (auto named = byText.find(common::asciiLower(common::trimmed(b.code))); named != byText.end())
            out[b.code] = named->second;
    }
    return out;
}

} // namespace

common::Result<BorisImport> importBorisProject(review::Workspace& ws, const BorisProject& project,
                                               const BorisImportOptions& options)
{
    if (auto allowed = ws.require(review::Action::ImportTags, options.encounterRef); !allowed)
        return allowed.error();
    auto encounter = review::findEncounter(ws, options.encounterRef);
    if (!encounter)
        return encounter.error();
    auto book = review::activeCodebook(ws);
    if (!book)
        return book.error();
    auto names = Pseudonymiser::open(ws);
    if (!names)
        return names.error();
    std::map<int64_t, std::string> coderNames;
    {
        auto people = review::everyone(ws);
        if (!people)
            return people.error();
        for (const review::PersonRef& person : *people)
            coderNames[person.id] = person.name;
    }
    const std::string file = common::toValidUtf8(options.source);
    auto refuse = [&](const std::string& sentence) {
        return common::makeError(common::ErrorCode::InvalidInput, sentence + "; nothing was imported", file);
    };
    const std::map<std::string, std::string> codeOf = mapBehaviours(project, *book);
    // The encounter's cameras by footage pseudonym: player 1's file finds its offset.
    std::map<std::string, int64_t> cameraOffset;
    for (const review::EncounterFootage& link : encounter->footage)
        cameraOffset.emplace(names->footage(link.sha256), link.offsetUs);

    BorisImport report;
    report.file = options.source;
    report.encounter = encounter->reference;
    std::set<std::string> unknown, unknownSubjects;
    struct Pending {
        std::string coder;
        review::NewAnnotation input;
    };
    std::vector<Pending> pending;
    std::set<std::tuple<std::string, std::string, int64_t, std::optional<int64_t>>> existing;
    {
        review::AnnotationFilter filter;
        filter.encounterRef = encounter->uuid;
        filter.allCoders = true; // only compared, never shown: a blind import must not duplicate others' tags
        auto live = review::listAnnotations(ws, filter);
        if (!live)
            return live.error();
        for (const review::Annotation& a : *live)
            existing.insert({a.coder, a.code, a.startUs, a.endUs});
    }
    std::set<std::string> subjects(book->subjects.begin(), book->subjects.end());

    for (const BorisObservation& obs : project.observations) {
        BorisObservationImport oi;
        oi.observation = obs.id;
        oi.events = obs.events.size();
        report.events += obs.events.size();
        BorisPairing pairing = pairBorisEvents(project, obs);
        for (const BorisEvent& e : obs.events)
            if (!project.behavior(e.behavior))
                ++oi.skipped;
        for (const BorisUnpaired& u : pairing.unpaired) {
            if (!codeOf.count(u.behavior)) { // refused or skipped as unknown below
                unknown.insert(u.behavior);
                continue;
            }
            return refuse("observation \"" + common::toValidUtf8(obs.id) + "\": the state \""
                          + common::toValidUtf8(u.behavior) + "\" of "
                          + (u.subject.empty() ? std::string("no focal subject")
                                               : "subject \"" + common::toValidUtf8(u.subject) + "\"")
                          + " started at " + borisSecondsText(u.timeUs) + " s is never stopped");
        }
        unknown.insert(pairing.undefined.begin(), pairing.undefined.end());
        // Coder: a known coder by the variable "coder" or the observation's name, else new.
        std::string coder;
        auto variable = obs.variables.find("coder");
        const std::string named = variable != obs.variables.end() ? common::trimmed(variable->second) : std::string();
        for (const std::string& candidate : {named, obs.id})
            if (!candidate.empty())
                if (int64_t id = names->coderByNameOrPseudonym(candidate); id && coder.empty())
                    coder = coderNames[id];
        if (coder.empty())
            coder = named.empty() ? common::trimmed(obs.id) : named;
        // Time: player 1's camera, when the encounter has it.
        std::optional<int64_t> origin;
        if (auto player = obs.files.find(1); player != obs.files.end() && !player->second.empty())
            if (auto camera = cameraOffset.find(player->second.front()); camera != cameraOffset.end())
                origin = camera->second - obs.timeOffsetUs;
        for (const BorisOccurrence& o : pairing.occurrences) {
            auto code = codeOf.find(o.behavior);
            if (code == codeOf.end()) {
                unknown.insert(o.behavior);
                ++oi.skipped;
                continue;
            }
            const review::Code* c = book->find(code->second);
            review::NewAnnotation input;
            input.encounterRef = encounter->uuid;
            input.code = c->id;
            input.startUs = o.startUs + origin.value_or(0);
            if (c->isInterval()) {
                input.endUs = o.endUs.value_or(o.startUs) + origin.value_or(0);
                if (!o.endUs)
                    ++oi.kindChanged;
            } else if (o.endUs) {
                ++oi.kindChanged;
            }
            if (!o.subject.empty()) {
                if (subjects.count(o.subject))
                    input.subject = o.subject;
                else
                    unknownSubjects.insert(o.subject);
            }
            input.comment = common::trimmed(o.comment);
            std::string others;
            std::size_t at = 0;
            while (at <= o.modifier.size()) {
                std::size_t bar = o.modifier.find('|', at);
                const std::string part = common::trimmed(o.modifier.substr(at, bar == std::string::npos ? std::string::npos : bar - at));
                if (!part.empty() && part != "None") {
                    if (!input.value && std::find(c->values.begin(), c->values.end(), part) != c->values.end())
                        input.value = part;
                    else if (!input.intensity && part.size() == 1 && part[0] >= '1' && part[0] <= '3')
                        input.intensity = part[0] - '0';
                    else
                        others += (others.empty() ? "" : ", ") + part;
                }
                if (bar == std::string::npos)
                    break;
                at = bar + 1;
            }
            if (!others.empty())
                input.comment += (input.comment.empty() ? "" : " ") + std::string("(modifier: ") + others + ")";
            if (existing.count({coder, input.code, input.startUs, input.endUs})) {
                ++oi.duplicates;
                continue;
            }
            existing.insert({coder, input.code, input.startUs, input.endUs});
            pending.push_back({coder, std::move(input)});
            ++oi.imported;
        }
        if (oi.imported || oi.duplicates)
            oi.coder = coder;
        report.imported += oi.imported;
        report.duplicates += oi.duplicates;
        report.skipped += oi.skipped;
        report.kindChanged += oi.kindChanged;
        report.observations.push_back(std::move(oi));
    }
    if (!unknown.empty()) {
        std::vector<std::string> list(unknown.begin(), unknown.end());
        if (!options.skipUnknown)
            return refuse(std::string(list.size() == 1 ? "the behaviour " : "the behaviours ") + listed(list)
                          + (list.size() == 1 ? " names" : " name") + " no code of the codebook in use ("
                          + book->name + " version " + std::to_string(book->version)
                          + "); rename them after a code id or label, or import with --skip-unknown");
        report.skippedBehaviors = std::move(list);
    }
    report.unknownSubjects.assign(unknownSubjects.begin(), unknownSubjects.end());
    // Blind coding: importing tags for other coders would tell a coder whose pass is open
    // what the others tagged.
    for (const Pending& p : pending)
        if (p.coder != ws.personName()) {
            if (auto may = review::requireSightOfOthers(ws, encounter->uuid, "importing tags for other coders"); !may)
                return may.error();
            break;
        }
    if (options.dryRun || pending.empty())
        return report;
    std::vector<review::ImportedTag> tags;
    tags.reserve(pending.size());
    for (Pending& p : pending)
        tags.push_back({p.coder, std::move(p.input)});
    auto added = review::importTags(ws, encounter->uuid, tags,
                                    {{"format", "boris"}, {"file", review::sealForJson(ws.dataKey(), report.file, "audit.file")},
                                     {"events", report.events}, {"imported", report.imported},
                                     {"duplicates", report.duplicates}, {"skipped", report.skipped}});
    if (!added)
        return added.error();
    return report;
}

} // namespace exchange
