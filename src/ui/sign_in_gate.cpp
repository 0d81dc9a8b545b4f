#include "ui/sign_in_gate.hpp"

#include <system_error>

#include "review/encounter.hpp"
#include "review/people.hpp"

namespace ui {

common::Result<std::unique_ptr<SignInGate>> SignInGate::open(const std::filesystem::path& database, Plan plan)
{
    auto ws = review::Workspace::open(database);
    if (!ws)
        return ws.error();
    auto names = review::signInNames(*ws);
    if (!names)
        return names.error();
    std::unique_ptr<SignInGate> gate(new SignInGate(std::move(*ws), std::move(plan)));
    gate->m_names = std::move(*names);
    if (gate->m_names.empty())
        gate->m_problem = "Nobody can sign in to this database yet: an administrator must set it up "
                          "(bwv-review --as NAME init) and add people.";
    return gate;
}

std::optional<std::unique_ptr<TaggingSession>> SignInGate::signIn(const std::string& name, const std::string& passphrase)
{
    if (auto signedIn = review::signIn(m_workspace, name, passphrase); !signedIn) {
        m_problem = signedIn.error().message;
        return std::nullopt;
    }
    auto connection = m_workspace.openAnotherConnection(); // the gate keeps its own, signed out below
    review::signOut(m_workspace);
    if (!connection) {
        m_problem = connection.error().describe();
        return std::nullopt;
    }
    auto session = openSessionFor(std::move(*connection), m_plan);
    if (!session) {
        m_problem = session.error().message;
        return std::nullopt;
    }
    m_problem.clear();
    return std::move(*session);
}

common::Result<std::unique_ptr<TaggingSession>> openSessionFor(review::Workspace ws, const SignInGate::Plan& plan)
{
    TaggingSession::OpenOptions open;
    open.encounterRef = plan.encounterRef;
    open.screeningRef = plan.screeningRef;
    if (open.encounterRef.empty()) {
        if (plan.files.empty())
            return std::unique_ptr<TaggingSession>();
        auto encounters = review::listEncounters(ws);
        if (!encounters)
            return encounters.error();
        std::error_code ec;
        for (const review::Encounter& e : *encounters)
            for (const review::EncounterFootage& f : e.footage)
                if (open.encounterRef.empty() && std::filesystem::equivalent(f.path, plan.files.front(), ec))
                    open.encounterRef = e.uuid;
        if (open.encounterRef.empty())
            return std::unique_ptr<TaggingSession>();
    }
    return TaggingSession::open(std::move(ws), open);
}

} // namespace ui
