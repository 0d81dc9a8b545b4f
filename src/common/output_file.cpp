#include "common/output_file.hpp"

#include <cerrno>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/utf8.hpp"

namespace common {

namespace {

struct Protected {
    std::filesystem::path name; // weakly canonical: catches a companion that does not exist yet
    dev_t device = 0;
    ino_t inode = 0;
    bool exists = false;
    bool folder = false;
    std::string what;
};

std::mutex g_mutex;
std::vector<Protected> g_protected;

} // namespace

std::filesystem::path canonicalName(const std::filesystem::path& file)
{
    // Absolute first: weakly_canonical leaves a relative name relative when none of it exists.
    std::error_code ec;
    const auto absolute = std::filesystem::absolute(file, ec).lexically_normal();
    auto name = std::filesystem::weakly_canonical(absolute, ec);
    return ec ? absolute : name;
}

namespace {

void addProtected(const std::filesystem::path& file, std::string what, bool folder)
{
    Protected entry;
    entry.name = canonicalName(file);
    entry.folder = folder;
    entry.what = std::move(what);
    struct stat st {};
    if (::stat(file.c_str(), &st) == 0) {
        entry.exists = true;
        entry.device = st.st_dev;
        entry.inode = st.st_ino;
    }
    std::lock_guard lock(g_mutex);
    for (auto& known : g_protected)
        if (known.name == entry.name && known.folder == entry.folder) {
            known = std::move(entry); // the file may exist now, or be another inode
            return;
        }
    g_protected.push_back(std::move(entry));
}

std::string shown(const std::filesystem::path& file)
{
    return toValidUtf8(file.string());
}

Error refusal(const std::filesystem::path& target, const std::string& why)
{
    return makeError(ErrorCode::InvalidInput, "nothing was written: " + why, shown(target));
}

std::filesystem::path folderOf(const std::filesystem::path& target)
{
    auto parent = target.parent_path();
    return parent.empty() ? std::filesystem::path(".") : parent;
}

} // namespace

void protectFile(const std::filesystem::path& file, std::string what)
{
    addProtected(file, std::move(what), false);
}

void protectFolder(const std::filesystem::path& folder, std::string what)
{
    addProtected(folder, std::move(what), true);
}

void protectDatabase(const std::filesystem::path& database, const std::filesystem::path& backups)
{
    protectFile(database, "the open database");
    for (const char* companion : {"-wal", "-shm", "-journal"}) {
        auto file = database;
        file += companion;
        protectFile(file, "part of the open database");
    }
    protectFolder(backups, "the database's backups folder");
}

void forgetProtectedFiles()
{
    std::lock_guard lock(g_mutex);
    g_protected.clear();
}

Status checkOutputTarget(const std::filesystem::path& target, const OutputPolicy& policy)
{
    if (target.empty() || target.filename().empty())
        return makeError(ErrorCode::InvalidInput, "no output file was named", shown(target));
    struct stat folder {};
    if (::stat(folderOf(target).c_str(), &folder) != 0 || !S_ISDIR(folder.st_mode))
        return refusal(target, "its folder " + shown(folderOf(target)) + " does not exist");
    struct stat st {};
    const bool exists = ::stat(target.c_str(), &st) == 0;
    const auto name = canonicalName(target);
    const auto folderName = name.parent_path();
    {
        std::lock_guard lock(g_mutex);
        for (const auto& p : g_protected) {
            if (p.folder) {
                bool inside = (p.exists && folder.st_dev == p.device && folder.st_ino == p.inode) || folderName == p.name;
                if (inside)
                    return refusal(target, "it is in " + p.what + "; choose another folder");
                continue;
            }
            bool same = (exists && p.exists && st.st_dev == p.device && st.st_ino == p.inode) || name == p.name;
            if (same)
                return refusal(target, "it is " + p.what + "; choose another name");
        }
    }
    if (!exists)
        return {};
    if (!S_ISREG(st.st_mode))
        return refusal(target, "it is not a plain file (a folder, a device or a pipe); choose a file name");
    if (!policy.replaceExisting)
        return refusal(target, "the file already exists; choose another name, or add --force to replace it");
    return {};
}

Result<OutputFile> OutputFile::create(const std::filesystem::path& target, const OutputPolicy& policy)
{
    if (auto ok = checkOutputTarget(target, policy); !ok)
        return ok.error();
    std::filesystem::path temp = target;
    temp += ".tmp-" + std::to_string(::getpid());
    // O_EXCL: never follow a link someone planted under the temporary name.
    ::unlink(temp.c_str());
    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    std::FILE* file = fd >= 0 ? ::fdopen(fd, "wb") : nullptr;
    if (!file) {
        int err = errno;
        if (fd >= 0)
            ::close(fd);
        return makeError(err == EACCES || err == EROFS ? ErrorCode::PermissionDenied : ErrorCode::Io,
                         std::string("cannot write here: ") + std::strerror(err), shown(target));
    }
    std::setvbuf(file, nullptr, _IOFBF, 1 << 16);
    return OutputFile(file, std::move(temp), target, policy);
}

OutputFile::OutputFile(OutputFile&& other) noexcept
    : m_file(other.m_file), m_temp(std::move(other.m_temp)), m_target(std::move(other.m_target)),
      m_policy(other.m_policy)
{
    other.m_file = nullptr;
    other.m_temp.clear();
}

OutputFile::~OutputFile()
{
    if (m_file)
        std::fclose(m_file);
    if (!m_temp.empty())
        ::unlink(m_temp.c_str());
}

void OutputFile::closeStream()
{
    if (m_file)
        std::fclose(m_file);
    m_file = nullptr;
}

Status OutputFile::commit()
{
    if (m_file) {
        bool ok = std::fflush(m_file) == 0 && !std::ferror(m_file);
        int err = errno;
        ok = std::fclose(m_file) == 0 && ok;
        m_file = nullptr;
        if (!ok) {
            ::unlink(m_temp.c_str());
            m_temp.clear();
            return makeError(ErrorCode::Io, std::string("writing failed: ") + std::strerror(err), shown(m_target));
        }
    }
    // Checked again: the protected set or the folder may have changed while writing.
    if (auto ok = checkOutputTarget(m_target, m_policy); !ok) {
        ::unlink(m_temp.c_str());
        m_temp.clear();
        return ok.error();
    }
    auto moved = moveIntoPlace(m_temp, m_target, m_policy);
    m_temp.clear();
    return moved;
}

Status writeOutputFile(const std::filesystem::path& target, std::string_view contents, const OutputPolicy& policy)
{
    auto out = OutputFile::create(target, policy);
    if (!out)
        return out.error();
    out->write(contents);
    return out->commit();
}

Status moveIntoPlace(const std::filesystem::path& temporary, const std::filesystem::path& target,
                     const OutputPolicy& policy)
{
    auto fail = [&](const std::string& what, int err) {
        ::unlink(temporary.c_str());
        return makeError(ErrorCode::Io, what + std::strerror(err), shown(target));
    };
    int fd = ::open(temporary.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 || ::fsync(fd) != 0) {
        int err = errno;
        if (fd >= 0)
            ::close(fd);
        return fail("writing failed: ", err);
    }
    ::close(fd);
    int renamed = policy.replaceExisting
                      ? ::rename(temporary.c_str(), target.c_str())
                      : ::renameat2(AT_FDCWD, temporary.c_str(), AT_FDCWD, target.c_str(), RENAME_NOREPLACE);
    if (renamed != 0 && !policy.replaceExisting && errno == EINVAL) {
        // A file system without RENAME_NOREPLACE: link() also refuses an existing name.
        renamed = ::link(temporary.c_str(), target.c_str());
        if (renamed == 0)
            ::unlink(temporary.c_str());
    }
    if (renamed != 0) {
        int err = errno;
        if (err == EEXIST) {
            ::unlink(temporary.c_str());
            return refusal(target, "a file of that name appeared while writing; choose another name, or add --force "
                                   "to replace it");
        }
        return fail("could not put the file in place: ", err);
    }
    // The rename itself survives a power cut only once the folder is synced.
    int dir = ::open(folderOf(target).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
    return {};
}

} // namespace common
