#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace review {
class Workspace;
}

namespace exchange {

// Pseudonyms for everything that leaves the panel (DESIGN.md: reports are pseudonymised).
// Encounter and footage references become a keyed hash, HMAC-SHA-256 (libsodium) under a
// key made once per database and stored sealed under the database key
// (review::pseudonymisationKey): the same reference always gives the same pseudonym from
// one database, so exports of different days can be joined, while nobody without a
// passphrase can test a guessed reference against it. People appear by their pseudonym
// (person.pseudonym) or, where none was set, by a keyed hash of their UUID.
class Pseudonymiser {
public:
    // Reads the key (made on first use) and the people's pseudonyms; needs a signed-in person.
    static common::Result<Pseudonymiser> open(review::Workspace& ws);

    // "enc-" + 16 hex digits of HMAC("encounter:" + reference).
    std::string encounter(std::string_view reference) const;
    // "ftg-" + 16 hex digits of HMAC("footage:" + sha256).
    std::string footage(std::string_view sha256) const;
    // The coder's pseudonym by row id; "coder-?" for an id unknown at open().
    std::string coder(int64_t coderId) const;
    // The coder row whose name or pseudonym is `text`, or 0.
    int64_t coderByNameOrPseudonym(std::string_view text) const;
    // Lower-case hex HMAC-SHA-256 of `message`, all 64 digits.
    std::string hmacHex(std::string_view message) const;

private:
    unsigned char m_key[32] = {};
    std::map<int64_t, std::string> m_coders;      // id -> pseudonym
    std::map<std::string, int64_t> m_coderLookup; // name and pseudonym -> id
};

} // namespace exchange
