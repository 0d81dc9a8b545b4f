#include "review/sha256.hpp"

#include <cerrno>
#include <cstring>
#include <vector>

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

namespace review {
namespace {

std::string toHex(const unsigned char* bytes, size_t size)
{
    std::string hex(size * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), bytes, size);
    hex.pop_back();
    return hex;
}

common::Error fileError(const std::filesystem::path& path, int error, const char* doing)
{
    using common::ErrorCode;
    ErrorCode code = error == ENOENT ? ErrorCode::NotFound
                     : (error == EACCES || error == EPERM) ? ErrorCode::NotAllowed
                                                           : ErrorCode::Io;
    std::string why = error == ENOENT ? "the file does not exist"
                      : (error == EACCES || error == EPERM) ? "permission to read the file was refused"
                                                            : std::string(doing) + " failed: " + std::strerror(error);
    return common::makeError(code, why, path.string());
}

} // namespace

common::Result<std::string> sha256File(const std::filesystem::path& path, const ByteProgress& progress,
                                       std::stop_token stop)
{
    if (sodium_init() < 0)
        return common::makeError(common::ErrorCode::Internal, "libsodium could not start");
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return fileError(path, errno, "opening");
    struct stat info {};
    if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
        ::close(fd);
        return common::makeError(common::ErrorCode::InvalidInput, "this is not a regular file", path.string());
    }
#ifdef POSIX_FADV_SEQUENTIAL
    posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    crypto_hash_sha256_state state;
    crypto_hash_sha256_init(&state);
    std::vector<unsigned char> buffer(1 << 20);
    const int64_t total = info.st_size;
    int64_t done = 0;
    for (;;) {
        if (stop.stop_requested()) {
            ::close(fd);
            return common::makeError(common::ErrorCode::Cancelled, "hashing was cancelled", path.string());
        }
        ssize_t n = ::read(fd, buffer.data(), buffer.size());
        if (n < 0) {
            if (errno == EINTR)
                continue;
            int error = errno;
            ::close(fd);
            return fileError(path, error, "reading");
        }
        if (n == 0)
            break;
        crypto_hash_sha256_update(&state, buffer.data(), static_cast<unsigned long long>(n));
        done += n;
        if (progress)
            progress(done, total);
    }
    ::close(fd);
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&state, digest);
    return toHex(digest, sizeof digest);
}

std::string sha256Hex(std::string_view bytes)
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    return toHex(digest, sizeof digest);
}

} // namespace review
