#include "media/byte_source.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

extern "C" {
#include <libavutil/error.h>
}

namespace media {
namespace {

using common::ErrorCode;
using common::makeError;

class FileSource final : public ByteSource {
public:
    FileSource(std::string name, int fd, const struct stat& st)
        : ByteSource(std::move(name)), m_fd(fd), m_size(static_cast<int64_t>(st.st_size)),
          m_identity{static_cast<int64_t>(st.st_size), static_cast<int64_t>(st.st_mtim.tv_sec),
                     static_cast<int64_t>(st.st_mtim.tv_nsec)}
    {
    }
    ~FileSource() override { ::close(m_fd); }
    FileSource(const FileSource&) = delete;
    FileSource& operator=(const FileSource&) = delete;

    int64_t size() const override { return m_size; }
    std::optional<Identity> identity() const override { return m_identity; }

    int read(int64_t offset, uint8_t* buffer, int count) const override
    {
        if (offset < 0 || count < 0)
            return AVERROR(EINVAL);
        for (;;) {
            ssize_t got = ::pread(m_fd, buffer, static_cast<size_t>(count), static_cast<off_t>(offset));
            if (got >= 0)
                return static_cast<int>(got);
            if (errno == EINTR)
                continue;
            int error = errno;
            recordFailure(error);
            return AVERROR(error);
        }
    }

private:
    const int m_fd;
    const int64_t m_size;
    const Identity m_identity;
};

class MemorySource final : public ByteSource {
public:
    MemorySource(std::string name, std::vector<uint8_t> bytes) : ByteSource(std::move(name)), m_bytes(std::move(bytes)) {}

    int64_t size() const override { return static_cast<int64_t>(m_bytes.size()); }

    int read(int64_t offset, uint8_t* buffer, int count) const override
    {
        if (offset < 0 || count < 0)
            return AVERROR(EINVAL);
        if (offset >= size())
            return 0;
        size_t n = std::min(static_cast<size_t>(count), m_bytes.size() - static_cast<size_t>(offset));
        std::memcpy(buffer, m_bytes.data() + offset, n);
        return static_cast<int>(n);
    }

private:
    const std::vector<uint8_t> m_bytes;
};

const char* kindOf(mode_t mode)
{
    if (S_ISDIR(mode))
        return "this is a folder, not a video file";
    if (S_ISFIFO(mode))
        return "this is a pipe (FIFO), not a video file; bwv-review reads recordings only from regular files";
    if (S_ISSOCK(mode))
        return "this is a socket, not a video file; bwv-review reads recordings only from regular files";
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return "this is a device, not a video file; bwv-review reads recordings only from regular files";
    return "this is not a regular file; bwv-review reads recordings only from regular files";
}

} // namespace

common::Result<SourceRef> openSource(const std::filesystem::path& path)
{
    const std::string name = path.string();
    // O_NONBLOCK: opening a FIFO must not wait for a writer. It changes nothing for
    // regular files, the only kind read after the check below.
    int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        int error = errno;
        switch (error) {
        case ENOENT:
        case ENOTDIR:
            return makeError(ErrorCode::NotFound, "the file does not exist", name);
        case EACCES:
        case EPERM:
            return makeError(ErrorCode::PermissionDenied, "you do not have permission to read this file", name);
        case ENXIO: // a socket, or a device without its driver
        case ENODEV:
            return makeError(ErrorCode::InvalidInput,
                             "this is not a regular file; bwv-review reads recordings only from regular files", name);
        case ENAMETOOLONG:
        case ELOOP:
            return makeError(ErrorCode::InvalidInput, "this path cannot be opened: " + std::string(std::strerror(error)),
                             name);
        default:
            return makeError(ErrorCode::Io, "the file cannot be opened: " + std::string(std::strerror(error)), name);
        }
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        int error = errno;
        ::close(fd);
        return makeError(ErrorCode::Io, "the file cannot be examined: " + std::string(std::strerror(error)), name);
    }
    if (!S_ISREG(st.st_mode)) {
        ::close(fd);
        return makeError(ErrorCode::InvalidInput, kindOf(st.st_mode), name);
    }
    if (st.st_size == 0) {
        ::close(fd);
        return makeError(ErrorCode::InvalidInput, "the file is empty (0 bytes)", name);
    }
    return SourceRef(std::make_shared<FileSource>(name, fd, st));
}

SourceRef memorySource(std::string name, std::vector<uint8_t> bytes)
{
    return std::make_shared<MemorySource>(std::move(name), std::move(bytes));
}

} // namespace media
