#include "review/permissions.hpp"

#include <array>

namespace review {
namespace {

constexpr Roles kMember = static_cast<Roles>(Role::Member);
constexpr Roles kChair = static_cast<Roles>(Role::Chair);
constexpr Roles kCoder = static_cast<Roles>(Role::Coder);
constexpr Roles kLead = static_cast<Roles>(Role::Lead);
constexpr Roles kAdmin = static_cast<Roles>(Role::Administrator);
constexpr Roles kViewers = kMember | kChair | kCoder | kLead; // those who watch and tag footage
constexpr Roles kEveryone = kViewers | kAdmin;

constexpr std::array kRoles = {Role::Member, Role::Chair, Role::Coder, Role::Lead, Role::Administrator};

// The one table of who may do what. Keep README.md's "People and permissions" table in
// step (tests/review/permissions_test checks it).
constexpr std::array kPermissions = {
    Permission{Action::ManagePeople, "person.manage", kAdmin, "add, change or remove people"},
    Permission{Action::ListPeople, "person.list", kAdmin | kChair, "list the people of this database"},
    Permission{Action::SetRetention, "retention.set", kAdmin, "set or apply the retention policy"},
    Permission{Action::ImportCodebook, "codebook.import", kAdmin | kLead, "import a codebook"},
    Permission{Action::RegisterFootage, "footage.register", kChair | kLead | kAdmin, "register footage or link it to an encounter"},
    Permission{Action::ViewFootage, "footage.view", kViewers, "view footage"},
    Permission{Action::VerifyFootage, "footage.verify", kEveryone, "verify footage"},
    Permission{Action::ImportTranscript, "transcript.import", kChair | kLead | kAdmin, "import transcripts"},
    Permission{Action::MaskFootage, "mask.change", kChair | kLead, "draw, remove or lift privacy masks"},
    Permission{Action::SetUpEncounter, "encounter.set_up", kChair | kLead | kAdmin, "set up encounters or change their form"},
    Permission{Action::ReadEncounter, "encounter.read", kEveryone, "read encounters"},
    Permission{Action::SetUpScreening, "screening.set_up", kChair | kAdmin, "set up screenings"},
    Permission{Action::ReadScreening, "screening.read", kEveryone, "read screenings"},
    Permission{Action::Tag, "tag.add", kViewers, "tag footage"},
    Permission{Action::ReadTags, "tag.read", kViewers, "read tags"},
    Permission{Action::GiveFeedback, "feedback.give", kMember | kChair, "give panel feedback"},
    Permission{Action::Consolidate, "feedback.consolidate", kChair, "see or merge the members' feedback"},
    Permission{Action::PoliceAction, "police_action.change", kChair, "raise, answer or close police actions"},
    Permission{Action::ReadPoliceActions, "police_action.read", kMember | kChair, "read police actions"},
    Permission{Action::ExportReport, "export.report", kChair, "export the feedback report or the roll-up"},
    Permission{Action::StartBlindCoding, "blind.start", kLead, "start blind coding"},
    Permission{Action::CodingPass, "blind.pass", kCoder | kLead, "mark a coding pass done or reopen it"},
    Permission{Action::Adjudicate, "adjudication.decide", kLead, "adjudicate disagreements"},
    Permission{Action::ExportResearch, "export.research", kLead, "export research data"},
    Permission{Action::ImportTags, "import.tags", kLead, "import tags"},
    Permission{Action::MeasureAgreement, "stats.agreement", kCoder | kLead, "measure agreement between coders"},
    Permission{Action::Summarise, "stats.summary", kChair | kLead, "summarise tags across encounters"},
    Permission{Action::ReadAudit, "audit.read", kChair | kAdmin, "read the audit log"},
    Permission{Action::VerifyAudit, "audit.verify", kEveryone, "verify the audit log"},
    Permission{Action::ChangeOwnPassphrase, "person.own_passphrase", kEveryone, "change their passphrase"},
};

} // namespace

std::span<const Role> allRoles() { return kRoles; }

std::string_view roleName(Role role)
{
    switch (role) {
    case Role::Member:
        return "member";
    case Role::Chair:
        return "chair";
    case Role::Coder:
        return "coder";
    case Role::Lead:
        return "lead";
    case Role::Administrator:
        return "administrator";
    }
    return "?";
}

common::Result<Roles> parseRoles(std::string_view text)
{
    Roles roles = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find(',', start);
        if (end == std::string_view::npos)
            end = text.size();
        std::string word(text.substr(start, end - start));
        while (!word.empty() && word.front() == ' ')
            word.erase(word.begin());
        while (!word.empty() && word.back() == ' ')
            word.pop_back();
        for (char& c : word)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (word == "admin")
            word = "administrator";
        if (!word.empty()) {
            bool known = false;
            for (Role role : kRoles)
                if (roleName(role) == word) {
                    roles |= static_cast<Roles>(role);
                    known = true;
                }
            if (!known)
                return common::makeError(common::ErrorCode::InvalidInput,
                                         "\"" + word + "\" is not a role (use member, chair, coder, lead or administrator)");
        }
        start = end + 1;
    }
    return roles;
}

std::string rolesText(Roles roles)
{
    std::string out;
    for (Role role : kRoles)
        if (roles & static_cast<Roles>(role))
            out += (out.empty() ? "" : ",") + std::string(roleName(role));
    return out;
}

std::string rolesInWords(Roles roles)
{
    std::string out;
    for (Role role : kRoles) {
        if (!(roles & static_cast<Roles>(role)))
            continue;
        const std::string_view name = roleName(role);
        const char* article = (name[0] == 'a' || name[0] == 'e' || name[0] == 'i' || name[0] == 'o' || name[0] == 'u')
                                  ? "an "
                                  : "a ";
        out += (out.empty() ? "" : " or ") + std::string(article) + std::string(name);
    }
    return out.empty() ? "nobody" : out;
}

std::span<const Permission> permissions() { return kPermissions; }

const Permission& permission(Action action)
{
    for (const Permission& p : kPermissions)
        if (p.action == action)
            return p;
    return kPermissions.front(); // unreachable: every Action is in the table (permissions_test)
}

bool allows(Roles held, Action action) { return (held & permission(action).roles) != 0; }

std::string refusalSentence(std::string_view person, Action action)
{
    const Permission& p = permission(action);
    return std::string(person) + " may not " + std::string(p.doing) + ": only " + rolesInWords(p.roles)
           + " may do that";
}

} // namespace review
