#pragma once

// The parts of the personal-details check (pii_scan.cpp puts them together). Internal to
// exchange. Every part reads the text once from left to right, or the words once, and
// looks at most a few words ahead or back: no regular expressions, no recursion, time
// and memory in proportion to the text whatever it holds. Bytes outside ASCII are
// neither letters nor digits (a curly apostrophe inside a word is the one exception).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "exchange/pii_scan.hpp"

namespace exchange {
class WordList;
}

namespace exchange::pii {

inline bool isUpper(char c) { return c >= 'A' && c <= 'Z'; }
inline bool isLower(char c) { return c >= 'a' && c <= 'z'; }
inline bool isLetter(char c) { return isUpper(c) || isLower(c); }
inline bool isDigit(char c) { return c >= '0' && c <= '9'; }
inline bool isAlnum(char c) { return isLetter(c) || isDigit(c); }
inline char toLower(char c) { return isUpper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

// A run of ASCII letters and digits; an apostrophe (' or U+2019) between two letters and a
// hyphen between two letters stay inside ("O'Neil", "Smith-Jones", "don't"), a hyphen
// next to a digit does not ("MPS-24-0412" is three words).
struct Word {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::size_t lowerBegin = 0; // in Words::lowerText
    std::size_t lowerEnd = 0;
};

// The text's words, and each in lower case with apostrophes as "'" (so "O’Neil" and
// "O'Neil" read the same), all in one buffer: no allocation per word.
struct Words {
    std::vector<Word> list;
    std::string lowerText;

    std::string_view lower(std::size_t i) const
    {
        return std::string_view(lowerText).substr(list[i].lowerBegin, list[i].lowerEnd - list[i].lowerBegin);
    }
};
Words tokenise(std::string_view text);

// Bytes of the text already taken by a finding: a later part leaves them alone.
class Claims {
public:
    explicit Claims(std::size_t size) : m_taken(size, 0) {}
    bool any(std::size_t begin, std::size_t end) const;
    void take(std::size_t begin, std::size_t end);

private:
    std::vector<unsigned char> m_taken;
};

// Each appends what it finds, in text order, not overlapping each other; pii_scan.cpp
// keeps those that do not overlap what an earlier part took.
void findEmails(std::string_view text, std::vector<PiiFinding>& out);
void findPhones(std::string_view text, const Words& words, std::vector<PiiFinding>& out);
// Postcodes and registrations in the current, prefix and suffix formats.
void findCodes(std::string_view text, const Words& words, std::vector<PiiFinding>& out);
// Dateless and Northern Ireland registrations ("KHN 7", "ABZ 1234"): only beside a word
// that says it is a vehicle, as they are shaped like references and code ids.
void findDatelessPlates(std::string_view text, const Words& words, const Claims& claims,
                        std::vector<PiiFinding>& out);
// Names, and shoulder numbers with or without the name before them.
void findNames(std::string_view text, const Words& words, const WordList& dictionary, const Claims& claims,
               std::vector<PiiFinding>& out);

} // namespace exchange::pii
