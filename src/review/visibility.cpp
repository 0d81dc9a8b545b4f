#include "review/visibility.hpp"

#include "review/people.hpp"
#include "review/workspace.hpp"
#include "store/database.hpp"

namespace review {

bool assessesIndependently(const Workspace& ws)
{
    return ws.holds(Role::Member) && !ws.holds(Role::Chair) && !ws.holds(Role::Lead);
}

common::Result<std::string> visibleTagsCondition(Workspace& ws, std::string_view alias)
{
    const std::string a(alias);
    const std::string me = std::to_string(ws.personId());
    std::string others = a + ".encounter_id NOT IN (SELECT b.encounter_id FROM blind_coding b WHERE NOT EXISTS (SELECT 1"
                         " FROM coding_pass p WHERE p.encounter_id = b.encounter_id AND p.coder_id = " + me + "))";
    if (assessesIndependently(ws))
        others += " AND " + a + ".encounter_id IN (SELECT s.encounter_id FROM feedback_submission s WHERE s.coder_id = "
                  + me + ")";
    return "(" + a + ".coder_id = " + me + " OR (" + others + "))";
}

common::Result<bool> maySeeOthersFeedback(Workspace& ws, int64_t encounterId)
{
    if (!assessesIndependently(ws))
        return true;
    auto stmt = ws.db().cached("SELECT EXISTS (SELECT 1 FROM feedback_submission WHERE encounter_id = ? AND coder_id = ?)");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(encounterId, ws.personId());
    auto row = stmt->step();
    if (!row)
        return row.error();
    const bool submitted = *row && stmt->getInt(0) != 0;
    stmt->reset();
    return submitted;
}

PersonNames::PersonNames(Workspace& ws) : m_ws(&ws), m_anonymise(assessesIndependently(ws)) {}

std::string PersonNames::shown(int64_t encounterId, int64_t personId, const std::string& name)
{
    if (!m_anonymise || personId == m_ws->personId() || isAdjudicationCoder(name))
        return name;
    auto numbers = m_numbers.find(encounterId);
    if (numbers == m_numbers.end()) {
        numbers = m_numbers.emplace(encounterId, std::map<int64_t, int>()).first;
        auto stmt = m_ws->db().cached(
            "SELECT id FROM person WHERE name NOT IN (?2, ?3) AND id IN (SELECT coder_id FROM annotation WHERE encounter_id = ?1"
            " UNION SELECT coder_id FROM feedback_answer WHERE encounter_id = ?1) ORDER BY id");
        if (stmt) {
            stmt->bindAll(encounterId, kConsensusName, kFinalName);
            int n = 0;
            (void)stmt->eachRow([&] { numbers->second[stmt->getInt(0)] = ++n; });
            stmt->reset();
        }
    }
    auto found = numbers->second.find(personId);
    return "Member " + (found == numbers->second.end() ? std::string("?") : std::to_string(found->second));
}

} // namespace review
