#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "review/workspace.hpp"
#include "ui/tagging_session.hpp"

namespace ui {

// The sign-in screen's logic (its drawing is panels/sign_in_panel.cpp): the database opened
// with nobody signed in, the names that may sign in, and what to open once someone has.
// "Hand over to the next member" makes a new gate for the same encounter. UI thread only.
class SignInGate {
public:
    struct Plan {
        std::string encounterRef;                // the encounter to tag; empty: the one of `files`
        std::string screeningRef;
        std::vector<std::filesystem::path> files; // loose files given on the command line
    };

    static common::Result<std::unique_ptr<SignInGate>> open(const std::filesystem::path& database, Plan plan);

    const std::vector<std::string>& names() const { return m_names; }
    const Plan& plan() const { return m_plan; }
    // Why the last try failed, in one sentence (wrong passphrase, a wait, no role).
    const std::string& problem() const { return m_problem; }

    // Signs `name` in. On success the workspace goes to the session for the plan's encounter
    // (null when there is none to tag: plain viewing); on failure problem() says why.
    std::optional<std::unique_ptr<TaggingSession>> signIn(const std::string& name, const std::string& passphrase);

private:
    SignInGate(review::Workspace ws, Plan plan) : m_workspace(std::move(ws)), m_plan(std::move(plan)) {}
    review::Workspace m_workspace;
    Plan m_plan;
    std::vector<std::string> m_names;
    std::string m_problem;
};

// The session for `plan` on a signed-in workspace: its encounter, or the encounter the first
// file was registered with; null when there is nothing to tag.
common::Result<std::unique_ptr<TaggingSession>> openSessionFor(review::Workspace ws, const SignInGate::Plan& plan);

} // namespace ui
