#pragma once

// What each word of a text is, as far as names go (pii_names.cpp asks): its shape, how the
// word list reads it, whether it is a stop, where sentences start. Internal to exchange.

#include <cstddef>
#include <string_view>
#include <vector>

#include "exchange/pii_detail.hpp"
#include "exchange/pii_lexicon.hpp"
#include "exchange/pii_words.hpp"

namespace exchange::pii {

enum class Shape : unsigned char {
    Other,
    Capital, // "Ahmed", "O'Neil", "Smith-Jones", "McDonald", "Ahmed's"
    Initial, // "J"
    Lower,   // "tyrone"
    Caps,    // "SMITH", "ANPR": a name only after a title ("PC SMITH 4471")
    Number,  // "4471", "4471RX": shaped like a shoulder number
};

struct WordInfo {
    Shape shape = Shape::Other;
    WordClass cls = WordClass::English;
    Stop stop = Stop::None;
    std::size_t coreEnd = 0;    // end without a possessive "'s"
    bool joined = false;        // only spaces since the previous word (or an initial's full stop)
    bool sentenceStart = false; // first word of a sentence, line or quotation
    bool code = false;          // part of "PAC.G", "ESC.01", "A/Sgt"
    bool claimed = false;
};

// One WordInfo per word of `words`.
std::vector<WordInfo> describeWords(std::string_view text, const Words& words, const WordList& dictionary,
                                    const Claims& claims);

} // namespace exchange::pii
