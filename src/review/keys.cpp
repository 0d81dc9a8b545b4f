#include "review/keys.hpp"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <sodium.h>

namespace review {
namespace {

constexpr unsigned char kSealVersion = 0x01;
constexpr std::size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr std::size_t kSalt = crypto_pwhash_SALTBYTES;
constexpr std::size_t kHalf = 32;
constexpr std::string_view kJsonPrefix = "sealed:";

std::atomic<bool> g_minimalCost{false};

void ensureSodium()
{
    // sodium_init is thread-safe and cheap after the first call; it fails only when the
    // system has no source of randomness, where nothing here could be trusted.
    static const bool ready = sodium_init() >= 0;
    if (!ready)
        std::abort();
}

const unsigned char* bytesOf(std::string_view text) { return reinterpret_cast<const unsigned char*>(text.data()); }

std::string toHex(const unsigned char* bytes, std::size_t size)
{
    std::string hex(size * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), bytes, size);
    hex.pop_back();
    return hex;
}

bool fromHex(std::string_view hex, std::string& out)
{
    out.assign(hex.size() / 2, '\0');
    std::size_t written = 0;
    if (sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), hex.data(), hex.size(), nullptr,
                       &written, nullptr) != 0)
        return false;
    out.resize(written);
    return written * 2 == hex.size();
}

// Seals `plain` under a 32-byte key: nonce then ciphertext.
std::string sealBytes(const unsigned char* key, std::string_view plain, std::string_view place)
{
    std::string out(kNonce + plain.size() + kTag, '\0');
    auto* nonce = reinterpret_cast<unsigned char*>(out.data());
    randombytes_buf(nonce, kNonce);
    unsigned long long written = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + kNonce, &written, bytesOf(plain), plain.size(), bytesOf(place),
                                               place.size(), nullptr, nonce, key);
    out.resize(kNonce + written);
    return out;
}

bool openBytes(const unsigned char* key, std::string_view sealed, std::string_view place, std::string& plain)
{
    if (sealed.size() < kNonce + kTag)
        return false;
    plain.assign(sealed.size() - kNonce - kTag, '\0');
    unsigned long long written = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(plain.data()), &written, nullptr,
                                                   bytesOf(sealed) + kNonce, sealed.size() - kNonce, bytesOf(place),
                                                   place.size(), bytesOf(sealed), key)
        != 0)
        return false;
    plain.resize(written);
    return true;
}

common::Error damaged(std::string_view place)
{
    return common::makeError(common::ErrorCode::Corrupt,
                             "a protected value (" + std::string(place)
                                 + ") does not open with the database key: it was altered outside bwv-review");
}

} // namespace

DataKey DataKey::generate()
{
    ensureSodium();
    DataKey key;
    key.m_bytes = static_cast<unsigned char*>(sodium_malloc(kBytes));
    if (!key.m_bytes)
        std::abort();
    randombytes_buf(key.m_bytes, kBytes);
    return key;
}

DataKey DataKey::fromBytes(std::string_view bytes)
{
    ensureSodium();
    DataKey key;
    if (bytes.size() != kBytes)
        return key;
    key.m_bytes = static_cast<unsigned char*>(sodium_malloc(kBytes));
    if (!key.m_bytes)
        std::abort();
    std::memcpy(key.m_bytes, bytes.data(), kBytes);
    return key;
}

DataKey::DataKey(DataKey&& other) noexcept : m_bytes(other.m_bytes) { other.m_bytes = nullptr; }

DataKey& DataKey::operator=(DataKey&& other) noexcept
{
    if (this != &other) {
        if (m_bytes)
            sodium_free(m_bytes);
        m_bytes = other.m_bytes;
        other.m_bytes = nullptr;
    }
    return *this;
}

DataKey::~DataKey()
{
    if (m_bytes)
        sodium_free(m_bytes);
}

std::string sealText(const DataKey& key, std::string_view plain, std::string_view place)
{
    if (plain.empty())
        return {};
    return std::string(1, static_cast<char>(kSealVersion)) + sealBytes(key.bytes(), plain, place);
}

bool isSealed(std::string_view stored)
{
    return stored.size() >= 1 + kNonce + kTag && static_cast<unsigned char>(stored[0]) == kSealVersion;
}

common::Result<std::string> openText(const DataKey& key, std::string_view stored, std::string_view place)
{
    if (!isSealed(stored))
        return std::string(stored);
    if (!key)
        return common::makeError(common::ErrorCode::NotAllowed, "sign in to read protected text");
    std::string plain;
    if (!openBytes(key.bytes(), stored.substr(1), place, plain))
        return damaged(place);
    return plain;
}

std::string sealForJson(const DataKey& key, std::string_view plain, std::string_view place)
{
    if (plain.empty())
        return {};
    const std::string sealed = sealText(key, plain, place);
    std::string b64(sodium_base64_encoded_len(sealed.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(b64.data(), b64.size(), bytesOf(sealed), sealed.size(), sodium_base64_VARIANT_ORIGINAL);
    b64.pop_back(); // the terminating NUL
    return std::string(kJsonPrefix) + b64;
}

bool isSealedJson(std::string_view text) { return text.substr(0, kJsonPrefix.size()) == kJsonPrefix; }

common::Result<std::string> openJson(const DataKey& key, std::string_view text, std::string_view place)
{
    if (!isSealedJson(text))
        return std::string(text);
    const std::string_view b64 = text.substr(kJsonPrefix.size());
    std::string sealed(b64.size(), '\0');
    std::size_t written = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(sealed.data()), sealed.size(), b64.data(), b64.size(), nullptr,
                          &written, nullptr, sodium_base64_VARIANT_ORIGINAL)
        != 0)
        return damaged(place);
    sealed.resize(written);
    return openText(key, sealed, place);
}

namespace {

struct Limits {
    unsigned long long ops;
    std::size_t mem;
};

common::Result<std::string> derive(std::string_view passphrase, std::string_view salt, Limits limits)
{
    ensureSodium();
    std::string out(2 * kHalf, '\0');
    if (crypto_pwhash(reinterpret_cast<unsigned char*>(out.data()), out.size(), passphrase.data(), passphrase.size(),
                      bytesOf(salt), limits.ops, limits.mem, crypto_pwhash_ALG_ARGON2ID13)
        != 0)
        return common::makeError(common::ErrorCode::Io,
                                 "there is not enough memory to check a passphrase (Argon2id needs "
                                     + std::to_string(limits.mem >> 20) + " MiB)");
    return out;
}

} // namespace

common::Result<PassphraseSecrets> newPassphrase(std::string_view passphrase)
{
    ensureSodium();
    if (passphrase.size() < kMinPassphraseBytes)
        return common::makeError(common::ErrorCode::InvalidInput,
                                 "a passphrase needs at least " + std::to_string(kMinPassphraseBytes) + " characters");
    const Limits limits = g_minimalCost ? Limits{crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN}
                                        : Limits{crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
    std::string salt(kSalt, '\0');
    randombytes_buf(salt.data(), salt.size());
    auto derived = derive(passphrase, salt, limits);
    if (!derived)
        return derived.error();
    PassphraseSecrets secrets;
    secrets.record = "argon2id$" + std::to_string(limits.ops) + "$" + std::to_string(limits.mem) + "$"
                     + toHex(bytesOf(salt), salt.size()) + "$" + toHex(bytesOf(*derived), kHalf);
    secrets.wrapKey = derived->substr(kHalf);
    wipe(*derived);
    return secrets;
}

common::Result<std::string> checkPassphrase(std::string_view record, std::string_view passphrase)
{
    auto corrupt = [] {
        return common::makeError(common::ErrorCode::Corrupt, "a stored passphrase is damaged; an administrator must reset it");
    };
    std::vector<std::string_view> parts;
    for (std::size_t start = 0;;) {
        std::size_t end = record.find('$', start);
        parts.push_back(record.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos)
            break;
        start = end + 1;
    }
    if (parts.size() != 5 || parts[0] != "argon2id")
        return corrupt();
    Limits limits{};
    char* end = nullptr;
    const std::string ops(parts[1]), mem(parts[2]);
    limits.ops = std::strtoull(ops.c_str(), &end, 10);
    if (*end || limits.ops < crypto_pwhash_OPSLIMIT_MIN || limits.ops > crypto_pwhash_OPSLIMIT_SENSITIVE)
        return corrupt();
    limits.mem = std::strtoull(mem.c_str(), &end, 10);
    if (*end || limits.mem < crypto_pwhash_MEMLIMIT_MIN || limits.mem > crypto_pwhash_MEMLIMIT_SENSITIVE)
        return corrupt();
    std::string salt, verifier;
    if (!fromHex(parts[3], salt) || salt.size() != kSalt || !fromHex(parts[4], verifier) || verifier.size() != kHalf)
        return corrupt();
    auto derived = derive(passphrase, salt, limits);
    if (!derived)
        return derived.error();
    const bool matches = sodium_memcmp(derived->data(), verifier.data(), kHalf) == 0;
    std::string wrapKey = derived->substr(kHalf);
    wipe(*derived);
    if (!matches) {
        wipe(wrapKey);
        return common::makeError(common::ErrorCode::NotAllowed, "the passphrase is wrong");
    }
    return wrapKey;
}

std::string wrapDataKey(const DataKey& key, std::string_view wrapKey)
{
    return sealBytes(bytesOf(wrapKey),
                     std::string_view(reinterpret_cast<const char*>(key.bytes()), DataKey::kBytes), "database key");
}

common::Result<DataKey> unwrapDataKey(std::string_view wrapped, std::string_view wrapKey)
{
    std::string raw;
    if (wrapKey.size() != kHalf || !openBytes(bytesOf(wrapKey), wrapped, "database key", raw))
        return common::makeError(common::ErrorCode::Corrupt,
                                 "the database key stored for this person does not open; an administrator must reset "
                                 "their passphrase");
    DataKey key = DataKey::fromBytes(raw);
    wipe(raw);
    if (!key)
        return common::makeError(common::ErrorCode::Corrupt, "the database key stored for this person is damaged");
    return key;
}

common::Result<std::optional<std::string>> givenPassphrase(const std::string& file)
{
    constexpr std::size_t kMaxBytes = 4096;
    if (!file.empty()) {
        std::FILE* in = std::fopen(file.c_str(), "rb");
        if (!in)
            return common::makeError(common::ErrorCode::InvalidInput, "the passphrase file cannot be read", file);
        std::string line;
        int c = 0;
        while ((c = std::fgetc(in)) != EOF && c != '\n' && line.size() <= kMaxBytes)
            line += static_cast<char>(c);
        std::fclose(in);
        if (line.size() > kMaxBytes)
            return common::makeError(common::ErrorCode::InvalidInput, "this is not a passphrase file (too long)", file);
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        return std::optional<std::string>(std::move(line));
    }
    if (const char* given = std::getenv("BWV_REVIEW_PASSPHRASE"); given && *given)
        return std::optional<std::string>(given);
    return std::optional<std::string>();
}

void wipe(std::string& secret)
{
    if (!secret.empty())
        sodium_memzero(secret.data(), secret.size());
    secret.clear();
}

void useMinimalPassphraseCostForTests() { g_minimalCost = true; }

} // namespace review
