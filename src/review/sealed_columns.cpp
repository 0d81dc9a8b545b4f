#include "review/sealed_columns.hpp"

#include <array>
#include <string>
#include <vector>

#include "review/workspace.hpp"
#include "store/database.hpp"

namespace review {
namespace {

constexpr std::array kSealed = {
    SealedColumn{"annotation", "comment", "annotation.comment", "id", ""},
    SealedColumn{"undo_step", "before_state", "undo_step.before_state", "id", ""},
    SealedColumn{"undo_step", "after_state", "undo_step.after_state", "id", ""},
    SealedColumn{"encounter_field", "value", "encounter_field.value", "encounter_id, field", ""},
    SealedColumn{"footage", "path", "footage.path", "id", ""},
    SealedColumn{"encounter_footage", "label", "encounter_footage.label", "id", ""},
    SealedColumn{"screening", "name", "screening.name", "id", ""},
    SealedColumn{"screening", "panel", "screening.panel", "id", ""},
    SealedColumn{"feedback_answer", "value", "feedback_answer.value", "id", ""},
    SealedColumn{"consolidation", "points", "consolidation.points", "id", ""},
    SealedColumn{"consolidation", "questions", "consolidation.questions", "id", ""},
    SealedColumn{"police_action", "request", "police_action.request", "id", ""},
    SealedColumn{"police_action", "response", "police_action.response", "id", ""},
    SealedColumn{"adjudication", "reason", "adjudication.reason", "id", ""},
    SealedColumn{"transcript", "file_name", "transcript.file_name", "id", ""},
    SealedColumn{"transcript_cue", "speaker", "transcript_cue.speaker", "id", ""},
    SealedColumn{"transcript_cue", "text", "transcript_cue.text", "id", ""},
    SealedColumn{"setting", "value", "setting.value", "key", "key = 'export.hmac_key'"},
};

} // namespace

std::span<const SealedColumn> sealedColumns() { return kSealed; }

common::Result<long long> sealPlainText(Change& change)
{
    store::Database& db = change.db();
    long long sealed = 0;
    for (const SealedColumn& c : kSealed) {
        const std::string table(c.table), column(c.column), key(c.key);
        std::vector<std::string> keyColumns;
        for (std::size_t start = 0; start < key.size();) {
            std::size_t end = key.find(',', start);
            if (end == std::string::npos)
                end = key.size();
            std::string part = key.substr(start, end - start);
            while (!part.empty() && part.front() == ' ')
                part.erase(part.begin());
            keyColumns.push_back(part);
            start = end + 1;
        }
        std::string where;
        for (std::size_t i = 0; i < keyColumns.size(); ++i)
            where += (i ? " AND " : "") + keyColumns[i] + " = ?" + std::to_string(i + 2);
        auto select = db.prepare("SELECT " + column + ", " + key + " FROM " + table + " WHERE typeof(" + column
                                 + ") = 'text' AND " + column + " <> ''"
                                 + (c.filter.empty() ? std::string() : " AND " + std::string(c.filter)));
        auto update = db.prepare("UPDATE " + table + " SET " + column + " = ?1 WHERE " + where);
        if (!select)
            return select.error();
        if (!update)
            return update.error();
        // Read first, write after: updating rows under a running SELECT of the same table
        // could visit a row twice.
        struct Row {
            std::string plain;
            std::vector<std::string> key;
        };
        std::vector<Row> rows;
        if (auto done = select->eachRow([&] {
                Row row{select->getText(0), {}};
                for (std::size_t i = 0; i < keyColumns.size(); ++i)
                    row.key.push_back(select->getText(static_cast<int>(i + 1)));
                rows.push_back(std::move(row));
            });
            !done)
            return done.error();
        for (const Row& row : rows) {
            update->reset();
            const std::string stored = change.sealText(row.plain, c.place);
            update->bind(1, store::Blob{stored});
            for (std::size_t i = 0; i < row.key.size(); ++i)
                update->bind(static_cast<int>(i + 2), row.key[i]);
            if (auto done = update->run(); !done)
                return done.error();
            ++sealed;
        }
    }
    return sealed;
}

} // namespace review
