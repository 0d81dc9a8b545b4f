#include "exchange/pseudonymiser.hpp"

#include <sodium.h>

#include "review/keys.hpp"
#include "review/people.hpp"
#include "review/workspace.hpp"

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

} // namespace

common::Result<Pseudonymiser> Pseudonymiser::open(review::Workspace& ws)
{
    if (sodium_init() < 0)
        return common::makeError(common::ErrorCode::Internal, "libsodium could not start");
    Pseudonymiser p;
    auto key = review::pseudonymisationKey(ws);
    if (!key)
        return key.error();
    static_assert(sizeof p.m_key == crypto_auth_hmacsha256_KEYBYTES);
    if (key->size() != sizeof p.m_key)
        return common::makeError(common::ErrorCode::Corrupt, "the pseudonymisation key is damaged", ws.db().path().string());
    std::copy(key->begin(), key->end(), reinterpret_cast<char*>(p.m_key));
    review::wipe(*key);
    auto people = review::everyone(ws);
    if (!people)
        return people.error();
    for (const review::PersonRef& person : *people) {
        std::string pseudonym = person.pseudonym.value_or("");
        if (pseudonym.empty())
            pseudonym = "coder-" + p.hmacHex("coder:" + person.uuid).substr(0, 8);
        p.m_coderLookup[person.name] = person.id;
        p.m_coderLookup[pseudonym] = person.id;
        p.m_coders[person.id] = std::move(pseudonym);
    }
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
