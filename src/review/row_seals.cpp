#include "review/row_seals.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include "review/sha256.hpp"
#include "store/database.hpp"

namespace review {
namespace {

// One covered table. `key` and `columns` are SQL over the aliases of `from`; `where` finds
// one row from the RowKeyParts (?1, ?2); `keyOfParts`, where the kind's rows can be
// removed, names the row from the parts alone.
struct Covered {
    RowKind kind;
    std::string_view from;
    std::string_view key;
    std::string_view columns;
    std::string_view where;
    std::string_view keyOfParts;
};

constexpr std::array kCovered = {
    Covered{RowKind::Person, "person p", "'person/' || p.uuid",
            "p.uuid, p.name, p.roles, p.passphrase, p.wrapped_key, p.removed_us", "p.id = ?1", ""},
    Covered{RowKind::Encounter, "encounter e", "'encounter/' || e.uuid", "e.uuid, e.reference, e.created_us",
            "e.id = ?1", ""},
    Covered{RowKind::EncounterField, "encounter_field f JOIN encounter e ON e.id = f.encounter_id",
            "'encounter_field/' || e.uuid || '/' || f.field", "f.field, f.value, f.changed_by, f.changed_us",
            "f.encounter_id = ?1 AND f.field = ?2",
            "'encounter_field/' || (SELECT uuid FROM encounter WHERE id = ?1) || '/' || ?2"},
    Covered{RowKind::Footage, "footage f", "'footage/' || f.uuid",
            "f.uuid, f.path, f.sha256, f.size_bytes, f.added_by, f.added_us", "f.id = ?1", ""},
    Covered{RowKind::EncounterFootage, "encounter_footage l", "'encounter_footage/' || l.uuid",
            "l.uuid, l.encounter_id, l.footage_id, l.offset_us, l.label", "l.id = ?1", ""},
    Covered{RowKind::Screening, "screening s", "'screening/' || s.uuid",
            "s.uuid, s.name, s.panel, s.force, s.held_on, s.venue, s.selection, s.attendees, s.created_by, s.created_us",
            "s.id = ?1", ""},
    Covered{RowKind::ScreeningEncounter,
            "screening_encounter se JOIN screening s ON s.id = se.screening_id JOIN encounter e ON e.id = se.encounter_id",
            "'screening_encounter/' || s.uuid || '/' || e.uuid", "se.position",
            "se.screening_id = ?1 AND se.encounter_id = ?2",
            "'screening_encounter/' || (SELECT uuid FROM screening WHERE id = ?1) || '/' || (SELECT uuid FROM encounter "
            "WHERE id = ?2)"},
    Covered{RowKind::Annotation, "annotation a", "'annotation/' || a.uuid",
            "a.uuid, a.encounter_id, a.footage_id, a.codebook_id, a.code, a.start_us, a.end_us, a.subject, a.intensity,"
            " a.value, a.comment, a.coder_id, a.created_us, a.changed_us, a.deleted_us",
            "a.id = ?1", ""},
    Covered{RowKind::FeedbackAnswer, "feedback_answer f", "'feedback_answer/' || f.uuid",
            "f.uuid, f.screening_id, f.encounter_id, f.coder_id, f.question, f.value, f.changed_us", "f.id = ?1", ""},
    Covered{RowKind::FeedbackSubmission, "feedback_submission f", "'feedback_submission/' || f.uuid",
            "f.uuid, f.screening_id, f.encounter_id, f.coder_id, f.submitted_us", "f.id = ?1", ""},
    Covered{RowKind::Consolidation, "consolidation c", "'consolidation/' || c.uuid",
            "c.uuid, c.screening_id, c.encounter_id, c.rating, c.points, c.questions, c.chair_id, c.changed_us",
            "c.id = ?1", ""},
    Covered{RowKind::PoliceAction, "police_action p", "'police_action/' || p.uuid",
            "p.uuid, p.screening_id, p.encounter_id, p.request, p.response, p.responded_on, p.status, p.closed_on,"
            " p.created_by, p.created_us, p.changed_us",
            "p.id = ?1", ""},
    Covered{RowKind::BlindCoding, "blind_coding b JOIN encounter e ON e.id = b.encounter_id",
            "'blind_coding/' || e.uuid", "b.started_by, b.started_us", "b.encounter_id = ?1", ""},
    Covered{RowKind::CodingPass,
            "coding_pass c JOIN encounter e ON e.id = c.encounter_id JOIN person p ON p.id = c.coder_id",
            "'coding_pass/' || e.uuid || '/' || p.uuid", "c.done_us", "c.encounter_id = ?1 AND c.coder_id = ?2",
            "'coding_pass/' || (SELECT uuid FROM encounter WHERE id = ?1) || '/' || (SELECT uuid FROM person WHERE id = ?2)"},
    Covered{RowKind::Adjudication, "adjudication a", "'adjudication/' || a.uuid",
            "a.uuid, a.encounter_id, a.annotation_id, a.code, a.start_us, a.end_us, a.reason, a.sources, a.decided_by,"
            " a.decided_us",
            "a.id = ?1", ""},
    Covered{RowKind::Retention, "retention r", "'retention/' || r.uuid",
            "r.uuid, r.panel, r.panel_hash, r.free_text_days, r.paths_days, r.changed_by, r.changed_us", "r.id = ?1", ""},
    Covered{RowKind::Transcript, "transcript t", "'transcript/' || t.uuid",
            "t.uuid, t.footage_id, t.source_sha256, t.file_name, t.format, t.cue_count, t.imported_by, t.imported_us,"
            " t.replaced_us",
            "t.id = ?1", ""},
    Covered{RowKind::TranscriptCue, "transcript_cue c JOIN transcript t ON t.id = c.transcript_id",
            "'transcript_cue/' || t.uuid || '/' || c.position", "c.position, c.start_us, c.end_us, c.speaker, c.text",
            "c.id = ?1", ""},
    Covered{RowKind::Mask, "mask m", "'mask/' || m.uuid",
            "m.uuid, m.footage_id, m.shape, m.from_us, m.to_us, m.keyframes, m.created_by, m.created_us, m.removed_us",
            "m.id = ?1", ""},
};

const Covered& covered(RowKind kind)
{
    for (const Covered& c : kCovered)
        if (c.kind == kind)
            return c;
    return kCovered.front(); // unreachable: every RowKind is in the table
}

// Column 0 is the key; the rest is content, hashed with its type so NULL, 0 and "" differ.
std::string rowHash(const store::Statement& s, int columns)
{
    std::string text;
    for (int i = 1; i < columns; ++i) {
        if (s.isNull(i)) {
            text += "n\n";
            continue;
        }
        const std::string bytes = s.getBytes(i);
        text += (s.isBlob(i) ? 'b' : 'v') + std::to_string(bytes.size()) + ':';
        text += bytes;
        text += '\n';
    }
    return sha256Hex(text);
}

int columnCount(std::string_view columns) { return 2 + static_cast<int>(std::count(columns.begin(), columns.end(), ',')); }

void bindParts(store::Statement& s, std::span<const RowKeyPart> parts)
{
    int index = 0;
    for (const RowKeyPart& part : parts) {
        ++index;
        if (const auto* id = std::get_if<int64_t>(&part))
            s.bind(index, *id);
        else
            s.bind(index, std::get<std::string>(part));
    }
}

} // namespace

common::Result<RowSeal> currentSeal(store::Database& db, RowKind kind, std::span<const RowKeyPart> where)
{
    const Covered& c = covered(kind);
    auto one = db.cached("SELECT " + std::string(c.key) + ", " + std::string(c.columns) + " FROM " + std::string(c.from)
                         + " WHERE " + std::string(c.where));
    if (!one)
        return one.error();
    bindParts(*one, where);
    auto row = one->step();
    if (!row)
        return row.error();
    if (*row) {
        RowSeal seal{one->getText(0), rowHash(*one, columnCount(c.columns))};
        one->reset();
        return seal;
    }
    one->reset();
    if (c.keyOfParts.empty())
        return common::makeError(common::ErrorCode::Internal, "a covered row to seal does not exist");
    auto key = db.cached("SELECT " + std::string(c.keyOfParts));
    if (!key)
        return key.error();
    bindParts(*key, where);
    auto keyRow = key->step();
    if (!keyRow)
        return keyRow.error();
    RowSeal seal{key->getText(0), std::nullopt};
    key->reset();
    return seal;
}

common::Status forEachCoveredRow(store::Database& db, const std::function<void(const RowSeal&)>& onRow)
{
    for (const Covered& c : kCovered) {
        auto all = db.prepare("SELECT " + std::string(c.key) + ", " + std::string(c.columns) + " FROM "
                              + std::string(c.from));
        if (!all)
            return all.error();
        const int columns = columnCount(c.columns);
        if (auto done = all->eachRow([&] { onRow(RowSeal{all->getText(0), rowHash(*all, columns)}); }); !done)
            return done.error();
    }
    return {};
}

std::string sealsDigest(std::span<const RowSeal> seals)
{
    std::vector<std::string> lines;
    lines.reserve(seals.size());
    for (const RowSeal& seal : seals)
        lines.push_back(seal.key + ' ' + seal.hash.value_or("-") + '\n');
    std::sort(lines.begin(), lines.end());
    std::string text;
    for (const std::string& line : lines)
        text += line;
    return sha256Hex(text);
}

} // namespace review
