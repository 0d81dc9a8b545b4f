#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "review/permissions.hpp"

namespace review {

class Change;
class Workspace;

// The people of a database: who may sign in, with which roles (permissions.hpp).
// Passphrases are kept only as Argon2id records (keys.hpp); each person with a passphrase
// holds a copy of the database key wrapped under it. Removed people keep their row, so
// their tags stay theirs, but can no longer sign in.
//
// Sign-in, step by step (src/README.md, "How trust works", 1):
//   no administrator yet  -- initDatabase   -->  signed in as the administrator
//   signed out            -- signIn         -->  signed in (key unwrapped)
//   signed in             -- signOut        -->  signed out (key wiped)
// Invariants: 1. the workspace holds the database key exactly while someone is signed in;
// 2. a wrong passphrase is counted, and from the third in a row the person waits 1, 2, 4 ...
// seconds (at most 5 minutes) before the next try is even checked.
struct Person {
    int64_t id = 0;
    std::string uuid;
    std::string name;
    Roles roles = 0;
    bool hasPassphrase = false;
    std::optional<int64_t> removedUs;
    int64_t createdUs = 0;
};

// The name of the person whose tags are adjudication's decisions: nobody signs in as it.
inline constexpr std::string_view kConsensusName = "consensus";
// The name of the person whose tags are the final coding of an encounter (final_coding.hpp,
// issue 12): nobody signs in as it either.
inline constexpr std::string_view kFinalName = "final";
// The coders that adjudication writes: reserved, never a person who signs in or codes blind.
inline bool isAdjudicationCoder(std::string_view name) { return name == kConsensusName || name == kFinalName; }

// A usable name: 1 to 64 bytes of valid UTF-8, no control characters, not blank at either
// end, not "consensus" or "final" (isAdjudicationCoder). InvalidInput with one sentence otherwise.
common::Status checkPersonName(std::string_view name);

// Whether the database has an administrator who can sign in.
common::Result<bool> hasAdministrator(Workspace& ws);

// Makes the database ready (the command `init`): `name` becomes its administrator with
// `passphrase`, a database key is made, and in a database from before sign-in existed the
// free text is sealed and every covered row sealed into the audit log. The workspace is
// then signed in as the administrator. Refused (NotAllowed) when the database
// already has an administrator.
common::Result<Person> initDatabase(Workspace& ws, std::string_view name, std::string_view passphrase);

common::Status signIn(Workspace& ws, std::string_view name, std::string_view passphrase);
void signOut(Workspace& ws);

// Names of the people who can sign in, for the window's sign-in screen (no sign-in needed:
// names are stored in clear for this).
common::Result<std::vector<std::string>> signInNames(Workspace& ws);

// Administration (Action::ManagePeople). A person added without a passphrase cannot sign in
// until one is set. The last administrator can lose neither the role nor their row.
common::Result<Person> addPerson(Workspace& ws, std::string_view name, Roles roles,
                                 const std::optional<std::string>& passphrase);
common::Result<Person> setRoles(Workspace& ws, std::string_view name, Roles roles);
// An administrator for anyone; anyone for themselves.
common::Status resetPassphrase(Workspace& ws, std::string_view name, std::string_view passphrase);
common::Status removePerson(Workspace& ws, std::string_view name);
common::Result<std::vector<Person>> listPeople(Workspace& ws);

// Everyone who ever acted in the database (removed people and the consensus person too),
// for pseudonyms in exports: row id, UUID, name and the pseudonym set for them, if any.
// Needs a signed-in person.
struct PersonRef {
    int64_t id = 0;
    std::string uuid;
    std::string name;
    std::optional<std::string> pseudonym;
};
common::Result<std::vector<PersonRef>> everyone(Workspace& ws);

// The key of the keyed hashes that stand for references in exports (HMAC-SHA-256, 32
// bytes), stored sealed; made on first use. Needs a signed-in person.
common::Result<std::string> pseudonymisationKey(Workspace& ws);

// The row id of an adjudication coder (kConsensusName or kFinalName), created on first use,
// inside an adjudication's change. NotAllowed when a real person (with roles or a
// passphrase, from before the name was reserved) already holds the name.
common::Result<int64_t> adjudicationPersonId(Change& change, std::string_view name);
inline common::Result<int64_t> consensusPersonId(Change& change) { return adjudicationPersonId(change, kConsensusName); }

// The display name of a person row id (removed people too); "" when unknown.
std::string personNameById(Workspace& ws, int64_t id);

} // namespace review
