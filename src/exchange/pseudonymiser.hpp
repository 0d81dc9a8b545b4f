#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace store {
class Database;
}

namespace exchange {

// Pseudonyms for everything that leaves the panel (DESIGN.md: reports are pseudonymised).
// Encounter and footage references become a keyed hash, HMAC-SHA-256 (libsodium) under a
// key generated once per database with randombytes_buf and kept in the `setting` table
// (key "export.hmac_key", hex): the same reference always gives the same pseudonym from
// one database, so exports of different days can be joined, while nobody without the
// database can test a guessed reference against it. Coders appear by their pseudonym
// (coder.pseudonym) or, where none was set, by a keyed hash of their UUID.
// Not thread-safe; the Database must outlive the calls that take it.
class Pseudonymiser {
public:
    static constexpr std::string_view kKeySetting = "export.hmac_key";

    // Reads the key, creating and saving it (its own write transaction) on first use.
    // Loads the coders' pseudonyms.
    static common::Result<Pseudonymiser> open(store::Database& db);

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
