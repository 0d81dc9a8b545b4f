#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>

#include "common/result.hpp"

namespace exchange {

// How a capitalised word reads against an English word list, which is what the name check
// asks of every capitalised word it meets:
//  - English: the list has it in lower case only ("Street", "Jade"): an English word
//    written with a capital, a name only where something else says so (a title, "named");
//  - Both: the list has it in lower case and as a proper noun ("Rose", "Khan", "Smith",
//    "John"): a name when it stands where a name stands (see pii_names.cpp);
//  - Proper: the list has it as a proper noun only ("Ahmed", "Patel", "Jones");
//  - Unknown: not in the list at all ("Okafor", "Adeyemi", "Mensah").
enum class WordClass : unsigned char { English, Both, Proper, Unknown };

// A set of words read once and then only looked up: const member functions may be called
// from any thread at the same time.
class WordList {
public:
    // One word a line, as Debian's wamerican/wbritish lists (/usr/share/dict/*) are
    // written: proper nouns capitalised, possessives ("Ahmed's") included and skipped.
    // InvalidInput when the file cannot be read or holds no words.
    static common::Result<WordList> load(const std::filesystem::path& file);

    // A small built-in list of common English words, for machines without the `wbritish`
    // package: with it every capitalised word it does not hold reads as Unknown, so the
    // check warns about more than it should, never less.
    static WordList builtIn();

    // /usr/share/dict/british-english (Debian `wbritish`, scripts/install-deps) when it can
    // be read, read once at the first call; otherwise builtIn().
    static const WordList& system();

    // `word`: ASCII letters only (the caller strips possessives and splits hyphens).
    WordClass classify(std::string_view word) const;
    bool hasLowerCase(std::string_view lowerWord) const { return m_words.count(lowerWord) > 0; }

    // "british-english (101922 words)" or "built-in list (350 words)".
    const std::string& description() const { return m_description; }
    std::size_t size() const { return m_words.size(); }
    bool isBuiltIn() const { return m_builtIn; }

private:
    WordList() = default;

    // The words point into m_text, which is never changed after loading; the unique_ptr
    // keeps them valid when the WordList moves.
    std::unique_ptr<std::string> m_text;
    std::unordered_set<std::string_view> m_words;
    std::string m_description;
    bool m_builtIn = false;
};

} // namespace exchange
