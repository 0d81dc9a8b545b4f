#include "review/sha256.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include <sodium.h>

#include "common/utf8.hpp"

namespace review {
namespace {

std::string toHex(const unsigned char* bytes, size_t size)
{
    std::string hex(size * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), bytes, size);
    hex.pop_back();
    return hex;
}

common::Error changedWhileReading(const media::ByteSource& source)
{
    return common::makeError(common::ErrorCode::InvalidInput,
                             "the file changed while it was being read (it grew, shrank or was replaced): "
                             "wait until it is complete and try again",
                             common::toValidUtf8(source.name()));
}

common::Error readFailed(const media::ByteSource& source)
{
    return common::makeError(common::ErrorCode::Io,
                             "reading the file failed: " + std::string(std::strerror(source.ioFailure() ? source.ioFailure() : EIO)),
                             common::toValidUtf8(source.name()));
}

} // namespace

common::Result<std::string> sha256Source(const media::ByteSource& source, const ByteProgress& progress,
                                         std::stop_token stop)
{
    if (sodium_init() < 0)
        return common::makeError(common::ErrorCode::Internal, "libsodium could not start");
    crypto_hash_sha256_state state;
    crypto_hash_sha256_init(&state);
    std::vector<unsigned char> buffer(1 << 20);
    const int64_t total = source.size();
    int64_t done = 0;
    while (done < total) {
        if (stop.stop_requested())
            return common::makeError(common::ErrorCode::Cancelled, "hashing was cancelled", common::toValidUtf8(source.name()));
        const int want = static_cast<int>(std::min<int64_t>(static_cast<int64_t>(buffer.size()), total - done));
        const int n = source.read(done, buffer.data(), want);
        if (n < 0)
            return readFailed(source);
        if (n == 0)
            return changedWhileReading(source); // shorter than when it was opened
        crypto_hash_sha256_update(&state, buffer.data(), static_cast<unsigned long long>(n));
        done += n;
        if (progress)
            progress(done, total);
    }
    if (source.read(total, buffer.data(), 1) > 0)
        return changedWhileReading(source); // longer than when it was opened
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&state, digest);
    return toHex(digest, sizeof digest);
}

common::Result<std::string> sha256File(const std::filesystem::path& path, const ByteProgress& progress,
                                       std::stop_token stop)
{
    auto source = media::openSource(path);
    if (!source)
        return source.error();
    return sha256Source(**source, progress, stop);
}

common::Result<std::string> quickFingerprint(const media::ByteSource& source)
{
    const int64_t size = source.size();
    const int64_t part = std::min<int64_t>(kFingerprintPart, size);
    std::string bytes = std::to_string(size) + ":";
    for (int64_t offset : {int64_t{0}, size - part}) {
        std::string chunk(static_cast<std::size_t>(part), '\0');
        int64_t got = 0;
        while (got < part) {
            const int n = source.read(offset + got, reinterpret_cast<uint8_t*>(chunk.data()) + got,
                                      static_cast<int>(part - got));
            if (n < 0)
                return readFailed(source);
            if (n == 0)
                return changedWhileReading(source);
            got += n;
        }
        bytes += chunk;
    }
    return std::to_string(size) + ":" + sha256Hex(bytes);
}

std::string sha256Hex(std::string_view bytes)
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    return toHex(digest, sizeof digest);
}

} // namespace review
