#include "review/adjudication.hpp"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "common/json_text.hpp"
#include "review/annotation.hpp"
#include "review/people.hpp"
#include "review/blind_coding.hpp"
#include "review/codebook.hpp"
#include "review/encounter.hpp"
#include "review/ids.hpp"
#include "review/workspace.hpp"
#include "store/database.hpp"

namespace review {
namespace {

using nlohmann::json;

bool blank(const std::string& text)
{
    return std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c) != 0; });
}

std::string lower(std::string text)
{
    for (char& c : text)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

// Each source must be a live tag of a coder on this encounter; returns them lower-cased,
// without repeats, in the order given.
common::Result<std::vector<std::string>> checkSources(Workspace& ws, int64_t encounterId, const std::string& encounterRef,
                                                      const std::vector<std::string>& sources)
{
    std::vector<std::string> out;
    auto stmt = ws.db().cached("SELECT a.encounter_id, a.deleted_us, c.name FROM annotation a JOIN person c ON c.id ="
                               " a.coder_id WHERE a.uuid = ?");
    if (!stmt)
        return stmt.error();
    for (const std::string& given : sources) {
        const std::string uuid = lower(given);
        if (std::find(out.begin(), out.end(), uuid) != out.end())
            continue;
        auto bad = [&](const std::string& why) {
            return common::makeError(common::ErrorCode::Usage, why, "tag " + given);
        };
        if (!looksLikeUuid(uuid))
            return bad("this is not a tag's UUID (see: bwv-review adjudicate list)");
        stmt->reset();
        stmt->bind(1, uuid);
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (!*row)
            return bad("there is no such tag");
        if (stmt->getInt(0) != encounterId)
            return bad("this tag is not on encounter " + encounterRef);
        if (!stmt->isNull(1))
            return bad("this tag was deleted, so a decision cannot rest on it");
        if (isAdjudicationCoder(stmt->getText(2)))
            return bad("this is a consensus or final coding tag, not a coder's original tag");
        out.push_back(uuid);
    }
    return out;
}

constexpr std::string_view kReasonPlace = "adjudication.reason";

Decision readDecision(const Workspace& ws, const store::Statement& s)
{
    Decision d;
    d.id = s.getInt(0);
    d.uuid = s.getText(1);
    d.encounterRef = s.getText(2);
    d.code = s.getText(3);
    d.startUs = s.getInt(4);
    d.endUs = s.getOptInt(5);
    d.annotationUuid = s.getOptText(6);
    d.reason = ws.readText(s.getBytes(7), kReasonPlace);
    json sources = json::parse(s.getText(8), nullptr, false);
    if (sources.is_array())
        for (const json& uuid : sources)
            if (uuid.is_string())
                d.sources.push_back(uuid.get<std::string>());
    d.decidedBy = s.getText(9);
    d.decidedUs = s.getInt(10);
    return d;
}

const std::string kSelectDecision =
    "SELECT j.id, j.uuid, e.reference, j.code, j.start_us, j.end_us, a.uuid, j.reason, j.sources, c.name, j.decided_us"
    " FROM adjudication j JOIN encounter e ON e.id = j.encounter_id JOIN person c ON c.id = j.decided_by"
    " LEFT JOIN annotation a ON a.id = j.annotation_id";

} // namespace

common::Result<Decision> recordDecision(Workspace& ws, const NewDecision& input)
{
    const std::string what = "encounter " + input.encounterRef;
    if (blank(input.reason))
        return common::makeError(common::ErrorCode::Usage,
                                 "a decision needs its reason: say why the panel decided so (--reason TEXT)", what);
    if (input.code.empty())
        return common::makeError(common::ErrorCode::Usage, "a decision needs the code it is about (--code ID)", what);
    return ws.change(Action::Adjudicate, input.encounterRef, [&](Change& change) -> common::Result<Decision> {
        auto encounter = findEncounter(ws, input.encounterRef);
        if (!encounter)
            return encounter.error();
        if (auto allowed = requireAllPassesDone(ws, input.encounterRef); !allowed)
            return allowed.error();
        auto sources = checkSources(ws, encounter->id, encounter->reference, input.sources);
        if (!sources)
            return sources.error();

        std::optional<Annotation> consensus;
        if (input.nothingHappened) {
            // No tag, but the code must still be one that can be tagged on the timeline.
            auto book = activeCodebook(ws);
            if (!book)
                return book.error();
            const Code* code = book->find(input.code);
            if (!code || !code->isTaggable())
                return common::makeError(common::ErrorCode::Usage,
                                         "the code " + input.code + " is not a timeline code of the codebook in use", what);
            if (input.startUs < 0 || (input.endUs && *input.endUs < input.startUs))
                return common::makeError(common::ErrorCode::Usage, "the times of the decision are out of order", what);
        } else {
            auto coder = consensusPersonId(change);
            if (!coder)
                return coder.error();
            NewAnnotation tag;
            tag.encounterRef = encounter->uuid;
            tag.code = input.code;
            tag.startUs = input.startUs;
            tag.endUs = input.endUs;
            tag.subject = input.subject;
            tag.intensity = input.intensity;
            tag.value = input.value;
            auto added = addTagFor(change, tag, *coder);
            if (!added)
                return common::makeError(added.error().code, added.error().message, what);
            consensus = std::move(*added);
        }

        const std::string uuid = newUuid();
        const int64_t now = nowUs();
        const json sourceList = *sources;
        const int64_t startUs = consensus ? consensus->startUs : input.startUs;
        const std::optional<int64_t> endUs = consensus ? consensus->endUs : input.endUs;
        auto insert = change.db().cached("INSERT INTO adjudication (uuid, encounter_id, annotation_id, code, start_us,"
                                         " end_us, reason, sources, decided_by, decided_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
                                         " ?, ?)");
        if (!insert)
            return insert.error();
        insert->bindAll(uuid, encounter->id, consensus ? std::optional<int64_t>(consensus->id) : std::nullopt, input.code,
                        startUs, endUs, store::Blob{change.sealText(input.reason, kReasonPlace)}, common::jsonText(sourceList),
                        change.personId(), now);
        if (auto done = insert->run(); !done)
            return done.error();
        const int64_t id = change.db().lastInsertRowid();
        change.seal(RowKind::Adjudication, {id});
        change.setAction("adjudication.decided");
        change.setItem(uuid);
        change.detail() = {{"encounter", encounter->reference},
                           {"code", input.code},
                           {"start_us", startUs},
                           {"end_us", endUs ? json(*endUs) : json(nullptr)},
                           {"consensus_tag", consensus ? json(consensus->uuid) : json(nullptr)},
                           {"reason", change.sealForDetail(input.reason, "reason")},
                           {"sources", sourceList}};
        auto stmt = change.db().cached(kSelectDecision + " WHERE j.id = ?");
        if (!stmt)
            return stmt.error();
        stmt->bind(1, id);
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (!*row)
            return common::makeError(common::ErrorCode::Internal, "the decision just written cannot be read back", what);
        Decision decision = readDecision(ws, *stmt);
        stmt->reset();
        return decision;
    });
}

common::Result<std::vector<Decision>> listDecisions(Workspace& ws, const std::string& encounterRef)
{
    auto id = encounterId(ws, encounterRef);
    if (!id)
        return id.error();
    if (auto allowed = ws.require(Action::ReadTags, encounterRef); !allowed)
        return allowed.error();
    if (auto may = requireSightOfOthers(ws, encounterRef, "listing decisions"); !may)
        return may.error();
    auto stmt = ws.db().cached(kSelectDecision + " WHERE j.encounter_id = ? ORDER BY j.decided_us, j.id");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, *id);
    std::vector<Decision> out;
    if (auto done = stmt->eachRow([&] { out.push_back(readDecision(ws, *stmt)); }); !done)
        return done.error();
    return out;
}

} // namespace review
