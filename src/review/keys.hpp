#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace review {

// The database key and what it protects (src/README.md, "How trust works"). Everything here
// is libsodium: XChaCha20-Poly1305 for sealing, Argon2id (crypto_pwhash) for passphrases.
// Pure functions and a value type; any thread.

// 32 random bytes that seal the free text of one database. Each person with a passphrase
// holds a copy wrapped under a key derived from their passphrase. Kept in guarded memory
// (sodium_malloc, locked, wiped when freed); move-only.
class DataKey {
public:
    static constexpr std::size_t kBytes = 32;

    DataKey() = default;
    static DataKey generate();
    // From kBytes raw bytes (an unwrapped key); empty on a wrong length.
    static DataKey fromBytes(std::string_view bytes);

    DataKey(DataKey&& other) noexcept;
    DataKey& operator=(DataKey&& other) noexcept;
    DataKey(const DataKey&) = delete;
    DataKey& operator=(const DataKey&) = delete;
    ~DataKey();

    explicit operator bool() const { return m_bytes != nullptr; }
    const unsigned char* bytes() const { return m_bytes; }

private:
    unsigned char* m_bytes = nullptr;
};

// Sealed text, as stored: version byte 0x01, 24-byte nonce, ciphertext with its 16-byte tag.
// `place` ("annotation.comment") is bound as associated data, so a sealed value cannot be
// moved to another column unnoticed. Empty text stays empty (it says only "nothing here").
std::string sealText(const DataKey& key, std::string_view plain, std::string_view place);
bool isSealed(std::string_view stored);
// The plain text of a stored value: sealed values are opened with the key; a value stored
// before the database was sealed (plain TEXT) comes back as it is. Corrupt when the seal
// does not open (altered bytes, wrong place), NotAllowed when there is no key.
common::Result<std::string> openText(const DataKey& key, std::string_view stored, std::string_view place);

// Sealed text inside JSON (audit details): "sealed:" + base64 of the sealed bytes.
std::string sealForJson(const DataKey& key, std::string_view plain, std::string_view place);
bool isSealedJson(std::string_view text);
common::Result<std::string> openJson(const DataKey& key, std::string_view text, std::string_view place);

// A passphrase as stored: "argon2id$OPS$MEM$SALT$VERIFIER" (hex). Argon2id with the
// person's own salt and limits gives 64 bytes: the first 32 are the verifier stored here,
// the last 32 the key that wraps their copy of the DataKey (never stored).
struct PassphraseSecrets {
    std::string record;   // what the person row stores
    std::string wrapKey;  // 32 bytes; wipe after use
};

// Minimum length of a new passphrase, in bytes.
inline constexpr std::size_t kMinPassphraseBytes = 8;

// A new record with a fresh salt. InvalidInput when the passphrase is too short.
common::Result<PassphraseSecrets> newPassphrase(std::string_view passphrase);
// Checks `passphrase` against a stored record: the wrap key when it matches, NotAllowed
// when it does not, Corrupt when the record is damaged.
common::Result<std::string> checkPassphrase(std::string_view record, std::string_view passphrase);

// The DataKey wrapped under a 32-byte wrap key: nonce then ciphertext.
std::string wrapDataKey(const DataKey& key, std::string_view wrapKey);
common::Result<DataKey> unwrapDataKey(std::string_view wrapped, std::string_view wrapKey);

// A passphrase given for scripts and tests, before anyone is asked: the first line of
// `file` when it is not empty, else the environment variable BWV_REVIEW_PASSPHRASE; empty
// when neither gives one (the command line then asks at the terminal, the window shows its
// sign-in screen). InvalidInput naming the file when it cannot be read.
common::Result<std::optional<std::string>> givenPassphrase(const std::string& file);

// Overwrites the bytes of `secret` with zeros (sodium_memzero).
void wipe(std::string& secret);

// Tests only: Argon2id with libsodium's minimum limits for new passphrases, so test suites
// that sign in hundreds of times stay fast. Never called by the program.
void useMinimalPassphraseCostForTests();

} // namespace review
