#include "exchange/pseudonymiser.hpp"

#include <sodium.h>

#include "store/database.hpp"

namespace exchange {
namespace {

std::string toHex(const unsigned char* bytes, std::size_t size)
{
    static const char* kDigits = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        out += kDigits[bytes[i] >> 4];
        out += kDigits[bytes[i] & 15];
    }
    return out;
}

bool fromHex(const std::string& text, unsigned char* out, std::size_t size)
{
    if (text.size() != size * 2)
        return false;
    auto digit = [](char c) -> int {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < size; ++i) {
        int hi = digit(text[2 * i]), lo = digit(text[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        out[i] = static_cast<unsigned char>(hi * 16 + lo);
    }
    return true;
}

common::Result<std::optional<std::string>> readKey(store::Database& db)
{
    auto get = db.prepare("SELECT value FROM setting WHERE key = ?");
    if (!get)
        return get.error();
    get->bind(1, Pseudonymiser::kKeySetting);
    auto row = get->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<std::string>();
    return std::optional<std::string>(get->getText(0));
}

} // namespace

common::Result<Pseudonymiser> Pseudonymiser::open(store::Database& db)
{
    if (sodium_init() < 0)
        return common::makeError(common::ErrorCode::Internal, "libsodium could not start");
    Pseudonymiser p;
    auto key = readKey(db);
    if (!key)
        return key.error();
    if (!*key) {
        // First export from this database: make the key. Another process may race us;
        // INSERT OR IGNORE keeps whichever key was saved first, and we read that one back.
        auto tx = db.beginWrite();
        if (!tx)
            return tx.error();
        unsigned char fresh[crypto_auth_hmacsha256_KEYBYTES];
        randombytes_buf(fresh, sizeof fresh);
        auto put = db.prepare("INSERT OR IGNORE INTO setting (key, value) VALUES (?, ?)");
        if (!put)
            return put.error();
        put->bindAll(std::string(kKeySetting), toHex(fresh, sizeof fresh));
        sodium_memzero(fresh, sizeof fresh);
        if (auto done = put->run(); !done)
            return done.error();
        if (auto done = tx->commit(); !done)
            return done.error();
        key = readKey(db);
        if (!key)
            return key.error();
    }
    static_assert(sizeof p.m_key == crypto_auth_hmacsha256_KEYBYTES);
    if (!*key || !fromHex(**key, p.m_key, sizeof p.m_key))
        return common::makeError(common::ErrorCode::Corrupt,
                                 "the export key in the settings is damaged (setting export.hmac_key)",
                                 db.path().string());
    auto coders = db.prepare("SELECT id, uuid, name, pseudonym FROM coder");
    if (!coders)
        return coders.error();
    if (auto done = coders->eachRow([&] {
            int64_t id = coders->getInt(0);
            std::string pseudonym = coders->getOptText(3).value_or("");
            if (pseudonym.empty())
                pseudonym = "coder-" + p.hmacHex("coder:" + coders->getText(1)).substr(0, 8);
            p.m_coderLookup[coders->getText(2)] = id;
            p.m_coderLookup[pseudonym] = id;
            p.m_coders[id] = std::move(pseudonym);
        });
        !done)
        return done.error();
    return p;
}

std::string Pseudonymiser::hmacHex(std::string_view message) const
{
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256(mac, reinterpret_cast<const unsigned char*>(message.data()), message.size(), m_key);
    return toHex(mac, sizeof mac);
}

std::string Pseudonymiser::encounter(std::string_view reference) const
{
    return "enc-" + hmacHex("encounter:" + std::string(reference)).substr(0, 16);
}

std::string Pseudonymiser::footage(std::string_view sha256) const
{
    return "ftg-" + hmacHex("footage:" + std::string(sha256)).substr(0, 16);
}

std::string Pseudonymiser::coder(int64_t coderId) const
{
    auto found = m_coders.find(coderId);
    return found == m_coders.end() ? std::string("coder-?") : found->second;
}

int64_t Pseudonymiser::coderByNameOrPseudonym(std::string_view text) const
{
    auto found = m_coderLookup.find(std::string(text));
    return found == m_coderLookup.end() ? 0 : found->second;
}

} // namespace exchange
