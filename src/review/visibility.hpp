#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "common/result.hpp"

namespace review {

class Workspace;

// Who sees whose tags and feedback, and under which name (src/README.md, "How trust works",
// 4). Internal to `review`: every reader that shows tags or feedback to a person applies it,
// so no caller can forget it.
//
// 1. One's own tags and feedback: always, by name.
// 2. Blind coding (blind_coding.hpp): others' tags on a blind encounter only once one's own
//    pass is done.
// 3. Independent assessment: a member who is neither chair nor lead sees others' tags and
//    feedback on an encounter only after submitting their own feedback on it, and then as
//    "Member 1".."Member n", numbered by when each person first joined the database, so the
//    numbers are the same for every member in the room. Chairs, leads and coders see names.

// Whether the acting person assesses independently (rule 3).
bool assessesIndependently(const Workspace& ws);

// SQL condition (no leading AND) over an annotation table aliased `alias` keeping what the
// acting person may see (rules 1-3). Only integers are spliced in.
common::Result<std::string> visibleTagsCondition(Workspace& ws, std::string_view alias);

// Whether the acting person may see other people's feedback on the encounter (rule 3).
common::Result<bool> maySeeOthersFeedback(Workspace& ws, int64_t encounterId);

// The names the acting person sees for the people of an encounter (rule 3): their own
// name, "Member n" for others when they assess independently, names otherwise.
class PersonNames {
public:
    explicit PersonNames(Workspace& ws);
    // The name shown for person `personId` (stored name `name`) on encounter `encounterId`.
    std::string shown(int64_t encounterId, int64_t personId, const std::string& name);

private:
    Workspace* m_ws;
    bool m_anonymise;
    std::map<int64_t, std::map<int64_t, int>> m_numbers; // encounter -> person -> n
};

} // namespace review
