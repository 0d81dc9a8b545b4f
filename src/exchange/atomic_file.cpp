#include "exchange/atomic_file.hpp"

#include <cerrno>
#include <cstring>
#include <string>

#include <unistd.h>

namespace exchange {

common::Result<AtomicFile> AtomicFile::create(const std::filesystem::path& target)
{
    std::filesystem::path temp = target;
    temp += ".tmp-" + std::to_string(::getpid());
    std::FILE* file = std::fopen(temp.c_str(), "wb");
    if (!file) {
        int err = errno;
        return common::makeError(err == EACCES || err == EROFS ? common::ErrorCode::PermissionDenied
                                                               : common::ErrorCode::NotFound,
                                 std::string("cannot write the export here: ") + std::strerror(err), target.string());
    }
    std::setvbuf(file, nullptr, _IOFBF, 1 << 16);
    return AtomicFile(file, std::move(temp), target);
}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : m_file(other.m_file), m_temp(std::move(other.m_temp)), m_target(std::move(other.m_target))
{
    other.m_file = nullptr;
    other.m_temp.clear();
}

AtomicFile::~AtomicFile()
{
    if (m_file)
        std::fclose(m_file);
    if (!m_temp.empty()) {
        std::error_code ignored;
        std::filesystem::remove(m_temp, ignored);
    }
}

common::Status AtomicFile::commit()
{
    bool ok = std::fflush(m_file) == 0 && !std::ferror(m_file) && ::fsync(::fileno(m_file)) == 0;
    int err = errno;
    ok = std::fclose(m_file) == 0 && ok;
    m_file = nullptr;
    if (!ok)
        return common::makeError(common::ErrorCode::Io, std::string("writing the export failed: ") + std::strerror(err),
                                 m_target.string());
    std::error_code ec;
    std::filesystem::rename(m_temp, m_target, ec);
    if (ec)
        return common::makeError(common::ErrorCode::Io, "could not put the export in place: " + ec.message(),
                                 m_target.string());
    m_temp.clear();
    return {};
}

} // namespace exchange
