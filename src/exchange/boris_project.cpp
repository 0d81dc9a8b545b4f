#include "exchange/boris_project.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

#include <nlohmann/json.hpp>

#include "common/utf8.hpp"

namespace exchange {
namespace {

using nlohmann::json;
using common::ErrorCode;

// BORIS's own integrity check refuses timestamps beyond 2^31 - 1 seconds.
constexpr double kMaxSeconds = 2147483647.0;
// A project is text; a file far beyond any real project is refused before it is read whole.
constexpr std::uintmax_t kMaxFileBytes = 512u * 1024u * 1024u;

// Shape errors carry where they are; parseBorisProject turns them into one sentence.
struct ShapeError {
    std::string what;
};

[[noreturn]] void bad(std::string what) { throw ShapeError{std::move(what)}; }

std::string inQuotes(const std::string& text) { return "\"" + common::toValidUtf8(text) + "\""; }

// A string where BORIS writes one; missing or null gives the fallback.
std::string text(const json& object, const char* key, const std::string& where, std::string fallback = {})
{
    auto found = object.find(key);
    if (found == object.end() || found->is_null())
        return fallback;
    if (!found->is_string())
        bad(where + ": \"" + key + "\" is not text");
    return found->get<std::string>();
}

// Seconds as a number (or a number written as text, as some BORIS versions keep Decimal
// values) to microseconds, refusing NaN, infinities and anything beyond BORIS's limit.
int64_t seconds(const json& value, const std::string& where)
{
    double s = 0;
    if (value.is_number()) {
        s = value.get<double>();
    } else if (value.is_string()) {
        const std::string t = value.get<std::string>();
        char* end = nullptr;
        s = std::strtod(t.c_str(), &end);
        if (t.empty() || end != t.c_str() + t.size())
            bad(where + " is not a number of seconds");
    } else {
        bad(where + " is not a number of seconds");
    }
    if (!std::isfinite(s) || std::fabs(s) > kMaxSeconds)
        bad(where + " is out of range (more than 2147483647 seconds from 0, or not a number)");
    return std::llround(s * 1e6);
}

int player(const std::string& key, const std::string& where)
{
    if (key.size() != 1 || key[0] < '1' || key[0] > '9')
        bad(where + ": player " + inQuotes(key) + " is not a player number");
    return key[0] - '0';
}

BorisObservation readObservation(const std::string& id, const json& o)
{
    const std::string where = "observation " + inQuotes(id);
    if (!o.is_object())
        bad(where + " is not an object");
    BorisObservation obs;
    obs.id = id;
    obs.type = text(o, "type", where, "MEDIA");
    obs.date = text(o, "date", where);
    obs.description = text(o, "description", where);
    if (auto offset = o.find("time offset"); offset != o.end() && !offset->is_null())
        obs.timeOffsetUs = seconds(*offset, where + ": the time offset");
    // Live observations write "file" as [] or {}; media ones as {"1": [...], "2": [...]}.
    if (auto files = o.find("file"); files != o.end() && files->is_object()) {
        for (const auto& [key, list] : files->items()) {
            int n = player(key, where);
            if (!list.is_array())
                bad(where + ": the files of player " + key + " are not a list");
            for (const json& f : list) {
                if (!f.is_string())
                    bad(where + ": a media file name of player " + key + " is not text");
                obs.files[n].push_back(f.get<std::string>());
            }
        }
    } else if (files != o.end() && !files->is_null() && !(files->is_array() && files->empty())) {
        bad(where + ": \"file\" is not a list of players");
    }
    if (auto info = o.find("media_info"); info != o.end() && info->is_object())
        if (auto offsets = info->find("offset"); offsets != info->end() && offsets->is_object())
            for (const auto& [key, value] : offsets->items())
                obs.playerOffsetUs[player(key, where)] = seconds(value, where + ": the offset of player " + key);
    if (auto vars = o.find("independent_variables"); vars != o.end() && vars->is_object())
        for (const auto& [key, value] : vars->items())
            if (value.is_string())
                obs.variables[key] = value.get<std::string>();
    auto events = o.find("events");
    if (events == o.end() || events->is_null())
        return obs;
    if (!events->is_array())
        bad(where + ": \"events\" is not a list");
    obs.events.reserve(events->size());
    for (std::size_t i = 0; i < events->size(); ++i) {
        const json& e = (*events)[i];
        const std::string at = where + ", event " + std::to_string(i + 1);
        if (!e.is_array() || e.size() < 3)
            bad(at + " is not a list of time, subject and behaviour");
        BorisEvent event;
        event.timeUs = seconds(e[0], at + ": the time");
        auto field = [&](std::size_t k, const char* name) -> std::string {
            if (k >= e.size() || e[k].is_null())
                return {};
            if (!e[k].is_string())
                bad(at + ": the " + name + " is not text");
            return e[k].get<std::string>();
        };
        event.subject = field(1, "subject");
        event.behavior = field(2, "behaviour");
        event.modifier = field(3, "modifier");
        event.comment = field(4, "comment");
        obs.events.push_back(std::move(event));
    }
    return obs;
}

BorisProject readProject(const json& j)
{
    if (!j.is_object())
        bad("the file holds JSON, but not a project object");
    auto observations = j.find("observations");
    auto ethogram = j.find("behaviors_conf");
    if (observations == j.end() || !observations->is_object() || (ethogram != j.end() && !ethogram->is_object()))
        bad("the file holds JSON, but no \"observations\" and \"behaviors_conf\" as BORIS writes them");
    BorisProject p;
    p.name = text(j, "project_name", "the project");
    p.date = text(j, "project_date", "the project");
    p.description = text(j, "project_description", "the project");
    p.formatVersion = text(j, "project_format_version", "the project");
    p.timeFormat = text(j, "time_format", "the project");
    if (ethogram != j.end()) {
        // Keys are "0", "1", ...: ordered by number, not as text ("10" after "9").
        std::vector<std::pair<long, const json*>> entries;
        for (const auto& [key, value] : ethogram->items()) {
            char* end = nullptr;
            long index = std::strtol(key.c_str(), &end, 10);
            entries.push_back({(end && *end == '\0') ? index : -1, &value});
        }
        std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (const auto& [index, value] : entries) {
            const std::string where = "behaviour " + std::to_string(p.behaviors.size() + 1) + " of the ethogram";
            if (!value->is_object())
                bad(where + " is not an object");
            BorisBehavior b;
            b.code = text(*value, "code", where);
            if (b.code.empty())
                bad(where + " has no code");
            b.description = text(*value, "description", where);
            b.category = text(*value, "category", where);
            b.key = text(*value, "key", where);
            const std::string type = text(*value, "type", where, "Point event");
            b.state = type.find("State") != std::string::npos;
            if (auto mods = value->find("modifiers"); mods != value->end() && mods->is_object())
                for (const auto& [k, set] : mods->items())
                    b.modifierSets.push_back(set.is_object() ? text(set, "name", where) : std::string());
            if (p.behavior(b.code))
                bad("the ethogram defines the behaviour " + inQuotes(b.code) + " twice");
            p.behaviors.push_back(std::move(b));
        }
    }
    if (auto subjects = j.find("subjects_conf"); subjects != j.end() && subjects->is_object())
        for (const auto& [key, value] : subjects->items())
            if (value.is_object())
                p.subjects.push_back(text(value, "name", "subject " + inQuotes(key)));
    for (const auto& [id, o] : observations->items())
        p.observations.push_back(readObservation(id, o));
    return p;
}

} // namespace

const BorisBehavior* BorisProject::behavior(std::string_view code) const
{
    for (const BorisBehavior& b : behaviors)
        if (b.code == code)
            return &b;
    return nullptr;
}

std::size_t BorisProject::eventCount() const
{
    std::size_t n = 0;
    for (const BorisObservation& o : observations)
        n += o.events.size();
    return n;
}

common::Result<BorisProject> parseBorisProject(std::string_view text, const std::string& sourceName)
{
    const std::string context = common::toValidUtf8(sourceName);
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
        return common::makeError(ErrorCode::InvalidInput, "the file is empty, not a BORIS project", context);
    if (auto at = common::firstInvalidUtf8(text); at != std::string_view::npos)
        return common::makeError(ErrorCode::InvalidInput,
                                 "not a BORIS project: " + common::notUtf8LineText(text, at), context);
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded())
        return common::makeError(ErrorCode::InvalidInput, "not a BORIS project: the file is not valid JSON", context);
    try {
        return readProject(j);
    } catch (const ShapeError& e) {
        return common::makeError(ErrorCode::InvalidInput, "not a BORIS project: " + e.what, context);
    } catch (const json::exception&) {
        return common::makeError(ErrorCode::InvalidInput, "not a BORIS project: a value is not of the kind BORIS writes",
                                 context);
    }
}

common::Result<BorisProject> readBorisProject(const std::filesystem::path& file)
{
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    if (!ec && size > kMaxFileBytes)
        return common::makeError(ErrorCode::InvalidInput, "the file is larger than 512 MiB, too large for a BORIS project",
                                 common::toValidUtf8(file.string()));
    std::ifstream in(file, std::ios::binary);
    if (!in || std::filesystem::is_directory(file, ec))
        return common::makeError(ErrorCode::NotFound, "cannot open the BORIS project", common::toValidUtf8(file.string()));
    std::ostringstream content;
    content << in.rdbuf();
    if (in.bad())
        return common::makeError(ErrorCode::Io, "reading the BORIS project failed", common::toValidUtf8(file.string()));
    return parseBorisProject(content.str(), file.string());
}

BorisPairing pairBorisEvents(const BorisProject& project, const BorisObservation& observation)
{
    BorisPairing out;
    std::vector<const BorisEvent*> events;
    events.reserve(observation.events.size());
    for (const BorisEvent& e : observation.events)
        events.push_back(&e);
    std::stable_sort(events.begin(), events.end(), [](const BorisEvent* a, const BorisEvent* b) { return a->timeUs < b->timeUs; });
    std::set<std::string> undefined;
    // Open states by subject, behaviour and modifier: the index of their occurrence.
    std::map<std::tuple<std::string, std::string, std::string>, std::size_t> open;
    for (const BorisEvent* e : events) {
        const BorisBehavior* b = project.behavior(e->behavior);
        if (!b) {
            undefined.insert(e->behavior);
            continue;
        }
        if (!b->state) {
            out.occurrences.push_back({e->subject, e->behavior, e->modifier, e->comment, e->timeUs, std::nullopt});
            continue;
        }
        auto key = std::make_tuple(e->subject, e->behavior, e->modifier);
        auto started = open.find(key);
        if (started == open.end()) {
            open[key] = out.occurrences.size();
            out.occurrences.push_back({e->subject, e->behavior, e->modifier, e->comment, e->timeUs, e->timeUs});
            continue;
        }
        BorisOccurrence& o = out.occurrences[started->second];
        o.endUs = e->timeUs;
        if (!e->comment.empty() && e->comment != o.comment)
            o.comment += (o.comment.empty() ? "" : " / ") + e->comment;
        open.erase(started);
    }
    std::vector<std::size_t> unpairedAt;
    for (const auto& [key, index] : open)
        unpairedAt.push_back(index);
    std::sort(unpairedAt.begin(), unpairedAt.end());
    for (std::size_t index : unpairedAt) {
        const BorisOccurrence& o = out.occurrences[index];
        out.unpaired.push_back({o.subject, o.behavior, o.modifier, o.startUs});
    }
    // Unpaired STARTs are reported, not imported: drop them from the occurrences.
    for (auto it = unpairedAt.rbegin(); it != unpairedAt.rend(); ++it)
        out.occurrences.erase(out.occurrences.begin() + static_cast<std::ptrdiff_t>(*it));
    out.undefined.assign(undefined.begin(), undefined.end());
    return out;
}

std::string borisSecondsText(int64_t us)
{
    const bool negative = us < 0;
    const uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(us) : static_cast<uint64_t>(us);
    std::string out = (negative ? "-" : "") + std::to_string(magnitude / 1000000);
    uint64_t fraction = magnitude % 1000000;
    if (fraction) {
        std::string digits = std::to_string(fraction);
        digits.insert(0, 6 - digits.size(), '0');
        while (digits.back() == '0')
            digits.pop_back();
        out += "." + digits;
    }
    return out;
}

} // namespace exchange
