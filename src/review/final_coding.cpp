#include "review/final_coding.hpp"

#include "review/annotation.hpp"
#include "review/blind_coding.hpp"
#include "review/encounter.hpp"
#include "review/ids.hpp"
#include "review/people.hpp"
#include "review/workspace.hpp"
#include "store/database.hpp"

namespace review {
namespace {

struct StoredFinal {
    int64_t id = 0;
    std::string uuid;
    FinalTag tag;
};

common::Result<std::vector<StoredFinal>> liveFinalTags(Change& change, int64_t encounterId, int64_t finalId)
{
    auto stmt = change.db().cached("SELECT id, uuid, code, start_us, end_us, subject, intensity, value FROM annotation"
                                   " WHERE encounter_id = ? AND coder_id = ? AND deleted_us IS NULL ORDER BY id");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(encounterId, finalId);
    std::vector<StoredFinal> out;
    auto done = stmt->eachRow([&] {
        StoredFinal s;
        s.id = stmt->getInt(0);
        s.uuid = stmt->getText(1);
        s.tag.code = stmt->getText(2);
        s.tag.startUs = stmt->getInt(3);
        s.tag.endUs = stmt->getOptInt(4);
        s.tag.subject = stmt->getOptText(5);
        if (auto intensity = stmt->getOptInt(6))
            s.tag.intensity = static_cast<int>(*intensity);
        s.tag.value = stmt->getOptText(7);
        out.push_back(std::move(s));
    });
    if (!done)
        return done.error();
    return out;
}

} // namespace

common::Result<FinalCodingWrite> storeFinalCoding(Workspace& ws, const std::string& encounterRef,
                                                  const std::vector<FinalTag>& tags, const nlohmann::json& summary)
{
    const std::string what = "encounter " + encounterRef;
    return ws.change(Action::Adjudicate, encounterRef, [&](Change& change) -> common::Result<FinalCodingWrite> {
        auto encounter = findEncounter(ws, encounterRef);
        if (!encounter)
            return encounter.error();
        if (auto allowed = requireAllPassesDone(ws, encounterRef); !allowed)
            return allowed.error();
        auto finalId = adjudicationPersonId(change, kFinalName);
        if (!finalId)
            return finalId.error();
        auto stored = liveFinalTags(change, encounter->id, *finalId);
        if (!stored)
            return stored.error();

        // Keep each stored tag that equals a wanted one (each wanted tag claims one stored
        // tag at most, so duplicates are counted), delete the rest, add what is missing.
        std::vector<bool> claimed(stored->size(), false);
        std::vector<const FinalTag*> missing;
        FinalCodingWrite out;
        out.encounterRef = encounter->reference;
        out.encounterUuid = encounter->uuid;
        for (const FinalTag& wanted : tags) {
            bool found = false;
            for (std::size_t i = 0; i < stored->size() && !found; ++i)
                if (!claimed[i] && (*stored)[i].tag == wanted)
                    claimed[i] = found = true;
            if (found)
                ++out.kept;
            else
                missing.push_back(&wanted);
        }
        const int64_t now = nowUs();
        auto remove = change.db().cached("UPDATE annotation SET deleted_us = ?, changed_us = ? WHERE id = ?");
        if (!remove)
            return remove.error();
        nlohmann::json deletedUuids = nlohmann::json::array(), addedUuids = nlohmann::json::array();
        for (std::size_t i = 0; i < stored->size(); ++i) {
            if (claimed[i])
                continue;
            remove->reset();
            remove->bindAll(now, now, (*stored)[i].id);
            if (auto done = remove->run(); !done)
                return done.error();
            change.seal(RowKind::Annotation, {(*stored)[i].id});
            deletedUuids.push_back((*stored)[i].uuid);
            ++out.deleted;
        }
        for (const FinalTag* wanted : missing) {
            NewAnnotation input;
            input.encounterRef = encounter->uuid;
            input.code = wanted->code;
            input.startUs = wanted->startUs;
            input.endUs = wanted->endUs;
            input.subject = wanted->subject;
            input.intensity = wanted->intensity;
            input.value = wanted->value;
            auto added = addTagFor(change, input, *finalId);
            if (!added)
                return common::makeError(added.error().code,
                                         "the final tag " + wanted->code + " cannot be saved: " + added.error().message, what);
            addedUuids.push_back(added->uuid);
            ++out.added;
        }
        change.setAction("adjudication.finalised");
        change.setItem(encounter->uuid);
        nlohmann::json detail = summary.is_object() ? summary : nlohmann::json::object();
        detail["encounter"] = encounter->reference;
        detail["kept"] = out.kept;
        detail["added"] = addedUuids;
        detail["deleted"] = deletedUuids;
        change.detail() = std::move(detail);
        return out;
    });
}

} // namespace review
