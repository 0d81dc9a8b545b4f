#pragma once

// Test databases opened in the test process (tests of review and the layers above it).
#include <algorithm>
#include <filesystem>
#include <string>

#include "review/keys.hpp"
#include "review/people.hpp"
#include "review/workspace.hpp"
#include "test_support.hpp"

namespace test_support {

inline constexpr review::Roles kEveryRoleButAdministrator =
    static_cast<review::Roles>(review::Role::Member) | static_cast<review::Roles>(review::Role::Chair)
    | static_cast<review::Roles>(review::Role::Coder) | static_cast<review::Roles>(review::Role::Lead);

// The database at `db`, signed in as `person`: made (with "admin" as its administrator) when
// new, `person` added with `roles` when not in it yet; everyone's passphrase is
// kTestPassphrase. Argon2id at its minimum cost for the people made here.
inline common::Result<review::Workspace> signedIn(const std::filesystem::path& db, const std::string& person,
                                                  review::Roles roles = kEveryRoleButAdministrator)
{
    review::useMinimalPassphraseCostForTests();
    store::OpenOptions options;
    options.dailyBackup = false;
    auto ws = review::Workspace::open(db, options);
    if (!ws)
        return ws.error();
    auto admin = review::hasAdministrator(*ws);
    if (!admin)
        return admin.error();
    if (!*admin) {
        if (auto made = review::initDatabase(*ws, "admin", kTestPassphrase); !made)
            return made.error();
    } else if (auto in = review::signIn(*ws, "admin", kTestPassphrase); !in) {
        return in.error();
    }
    if (person != "admin") {
        auto names = review::signInNames(*ws);
        if (!names)
            return names.error();
        if (std::find(names->begin(), names->end(), person) == names->end())
            if (auto added = review::addPerson(*ws, person, roles, std::string(kTestPassphrase)); !added)
                return added.error();
        if (auto in = review::signIn(*ws, person, kTestPassphrase); !in)
            return in.error();
    }
    return std::move(*ws);
}

} // namespace test_support
