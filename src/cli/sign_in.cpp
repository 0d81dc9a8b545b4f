// Signing in from the command line: who (--as), the passphrase (--passphrase-file,
// BWV_REVIEW_PASSPHRASE or the terminal without echo), and opening the workspace.
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cstdlib>

#include "cli/review_commands.hpp"
#include "common/utf8.hpp"
#include "review/ids.hpp"
#include "review/keys.hpp"
#include "review/people.hpp"
#include "review/retention.hpp"

namespace cli {
namespace {

constexpr std::size_t kMaxPassphraseBytes = 4096;

// Asks at the terminal without echo; empty when there is no terminal.
std::optional<std::string> askTerminal(const std::string& prompt)
{
    const int tty = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (tty < 0)
        return std::nullopt;
    termios before{};
    const bool isTerminal = tcgetattr(tty, &before) == 0;
    if (!isTerminal) {
        ::close(tty);
        return std::nullopt;
    }
    termios quiet = before;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ECHONL;
    (void)!::write(tty, prompt.data(), prompt.size());
    tcsetattr(tty, TCSAFLUSH, &quiet);
    std::string line;
    char c = 0;
    while (::read(tty, &c, 1) == 1 && c != '\n' && line.size() <= kMaxPassphraseBytes)
        line += c;
    tcsetattr(tty, TCSAFLUSH, &before);
    ::close(tty);
    return line;
}

} // namespace

std::string personOf(const Context& context)
{
    return context.person.empty() ? review::defaultCoderName() : context.person;
}

common::Result<std::string> passphraseFor(const Context& context, const std::string& person, bool confirm)
{
    auto given = review::givenPassphrase(context.passphraseFile);
    if (!given)
        return given.error();
    if (*given)
        return std::move(**given);
    auto typed = askTerminal("Passphrase for " + person + ": ");
    if (!typed)
        return common::makeError(common::ErrorCode::NotAllowed,
                                 "no passphrase for " + person + ": type it at a terminal, or give it with "
                                                                 "--passphrase-file FILE or BWV_REVIEW_PASSPHRASE");
    if (confirm) {
        auto again = askTerminal("The same passphrase again: ");
        if (!again || *again != *typed) {
            review::wipe(*typed);
            return common::makeError(common::ErrorCode::InvalidInput, "the two passphrases differ; nothing was changed");
        }
        review::wipe(*again);
    }
    return std::move(*typed);
}

common::Result<std::optional<std::string>> newPassphraseFor(const std::string& file, const std::string& person)
{
    if (!file.empty()) {
        // Only the file: the environment variable is the signing-in person's passphrase.
        auto read = review::givenPassphrase(file);
        if (!read)
            return read.error();
        return std::move(*read);
    }
    auto typed = askTerminal("New passphrase for " + person + " (empty: none yet): ");
    if (!typed || typed->empty())
        return std::optional<std::string>();
    auto again = askTerminal("The same passphrase again: ");
    if (!again || *again != *typed)
        return common::makeError(common::ErrorCode::InvalidInput, "the two passphrases differ; nothing was changed");
    return std::optional<std::string>(std::move(*typed));
}

common::Result<review::Workspace> openWorkspace(const Context& context)
{
    const std::filesystem::path path = databasePathOf(context);
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        return common::makeError(common::ErrorCode::NotFound,
                                 "there is no database here; make one with: bwv-review --db " + path.string()
                                     + " --as NAME init",
                                 path.string());
    // A database in a read-only folder or file (a copy handed over on a DVD, an archive
    // share) opens for reading: lists, exports and reports work, changes are refused, and
    // reads cannot be logged, which the person is told.
    store::OpenOptions options;
    const std::filesystem::path folder = path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
    options.readOnly = ::access(path.c_str(), W_OK) != 0 || ::access(folder.c_str(), W_OK) != 0;
    auto ws = review::Workspace::open(path, options);
    if (!ws)
        return ws.error();
    if (options.readOnly)
        warn(common::toValidUtf8(path.string()) + ": the database is read-only here, so it is open for reading only; "
             "what you view or export now is not in its audit log");
    if (!ws->db().backupProblem().empty())
        warn(ws->db().backupProblem());
    const std::string person = personOf(context);
    auto admin = review::hasAdministrator(*ws);
    if (!admin)
        return admin.error();
    if (!*admin)
        return common::makeError(common::ErrorCode::NotAllowed,
                                 "this database has no administrator yet: set it up with bwv-review --db "
                                     + path.string() + " --as NAME init",
                                 path.string());
    auto passphrase = passphraseFor(context, person);
    if (!passphrase)
        return passphrase.error();
    auto signedIn = review::signIn(*ws, person, *passphrase);
    review::wipe(*passphrase);
    if (!signedIn)
        return signedIn.error();
    // The panels' retention runs on every sign-in (review/retention.hpp).
    auto erased = review::applyRetention(*ws, false);
    if (!erased)
        warn("the retention policy could not be applied: " + erased.error().describe());
    else if (erased->encounters > 0)
        warn("as the retention policy says, free text or footage paths of " + std::to_string(erased->encounters)
             + (erased->encounters == 1 ? " encounter were" : " encounters were") + " erased");
    return ws;
}

common::Result<review::Workspace> openScratchWorkspace(const std::filesystem::path& file, const std::string& name)
{
    store::OpenOptions options;
    options.dailyBackup = false;
    auto ws = review::Workspace::open(file, options);
    if (!ws)
        return ws.error();
    const std::string passphrase = review::newUuid(); // nobody signs in again
    if (auto admin = review::initDatabase(*ws, name, passphrase); !admin)
        return admin.error();
    review::Roles all = 0;
    for (review::Role role : review::allRoles())
        all |= static_cast<review::Roles>(role);
    if (auto roles = review::setRoles(*ws, name, all); !roles)
        return roles.error();
    return ws;
}

} // namespace cli
