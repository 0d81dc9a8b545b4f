#pragma once

#include <span>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace review {

// Who may do what (src/README.md, "How trust works"). One person may hold several roles;
// an action is allowed when any of them allows it. The table is in permissions.cpp and is
// printed in README.md as it stands there (a test compares the two).
enum class Role : unsigned {
    Member = 1u << 0,        // a panel member: watches, tags, gives feedback
    Chair = 1u << 1,         // runs screenings, merges feedback, deals with the police
    Coder = 1u << 2,         // a researcher coding footage
    Lead = 1u << 3,          // the lead researcher: blind coding, adjudication, research exports
    Administrator = 1u << 4, // people, codebooks, retention
};
using Roles = unsigned;

std::span<const Role> allRoles();
std::string_view roleName(Role role);
// "member", "chair,coder" ...; InvalidInput naming the unknown word and the allowed ones.
common::Result<Roles> parseRoles(std::string_view text);
// Comma-separated names in the order of allRoles(); "" for none.
std::string rolesText(Roles roles);
// "a member", "a chair or a lead": who may do something, for sentences.
std::string rolesInWords(Roles roles);

enum class Action {
    ManagePeople,      // person add, roles, reset-passphrase, remove
    ListPeople,        // person list
    SetRetention,      // retention set, apply
    ImportCodebook,    // codebook import
    RegisterFootage,   // footage add, link, camera offsets
    ViewFootage,       // open footage in the window, footage list
    VerifyFootage,     // footage verify
    ImportTranscript,  // transcript import
    MaskFootage,       // mask add, remove; showing a masked area
    SetUpEncounter,    // encounter add and its form
    ReadEncounter,     // encounter show, list
    SetUpScreening,    // screening add
    ReadScreening,     // screening list
    Tag,               // add tags; change and delete one's own
    ReadTags,          // tag list, the window's lanes (visibility rules apply on top)
    GiveFeedback,      // one's own feedback answers, submitting them
    Consolidate,       // chair show, chair merge
    PoliceAction,      // raise police actions, record responses, close them
    ReadPoliceActions, // police-action list
    ExportReport,      // the feedback report and the quarterly roll-up
    StartBlindCoding,  // blind start
    CodingPass,        // blind done, blind reopen (one's own pass)
    Adjudicate,        // adjudicate list, decide
    ExportResearch,    // research CSV, JSON, BORIS, ELAN
    ImportTags,        // import eaf
    MeasureAgreement,  // stats irr on tags
    Summarise,         // stats summary
    ReadAudit,         // audit list, the Audit tab
    VerifyAudit,       // audit verify, audit head
    ChangeOwnPassphrase,
};

struct Permission {
    Action action;
    std::string_view name;  // "tag.add": how the audit log and README name it
    Roles roles;            // who may
    std::string_view doing; // completes "NAME may not ...": "delete or change tags"
};

std::span<const Permission> permissions();
const Permission& permission(Action action);
bool allows(Roles held, Action action);

// "amara may not export the feedback report: only a chair may do that."
std::string refusalSentence(std::string_view person, Action action);

} // namespace review
