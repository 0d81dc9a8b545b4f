#pragma once

// The fixed word lists of the personal-details check (pii_lexicon.cpp): titles and ranks,
// capitalised words of the domain that are never names, and the words around a name, a
// shoulder number or a registration that say what it is. Internal to exchange; every
// lookup takes a lower-case ASCII word and may be called from any thread.

#include <cstddef>
#include <string_view>

namespace exchange::pii {

// A title or rank that a name or shoulder number follows ("Mr", "PC", "Ch Insp").
struct Title {
    std::size_t words = 0;   // how many words it takes, 0 when none starts here
    bool acronym = false;    // written in capitals only ("PC", "DS")
    bool strong = false;     // any capitalised word after it is a name ("Mr Butcher");
                             // after a weak one ("Officer", "DS") only a word that can be a name
};

// `lower`: the next few words in lower case (fewer when the text ends); `count` of them.
Title matchTitle(const std::string_view* lower, std::size_t count);

enum class Stop : unsigned char {
    None,
    Hard,      // never part of a name: words of the police, the law and the panel
    Place,     // never part of a name, and the word after it is part of its phrase: days,
               // places, nationalities, brands ("Streatham Hill", "Canada Goose")
    Soft,      // a place or month that is also a given name ("April", "Jordan"): not a
               // name alone, part of one beside a name
    Make,      // a vehicle make: the capitalised word after it is the model
    Operation, // "Operation": the word after it names an operation
    Saint,     // "St": the word after it is a place
};
Stop stopWord(std::string_view lower);

// How many words (2 or 3) of a fixed phrase that is not a name start here ("stone island",
// "moss side", "range rover"); 0 when none.
std::size_t stopPhrase(const std::string_view* lower, std::size_t count);

// Lower-case words after which a capitalised word is a name, even an English one: roles
// ("chair Jane Doe", "member Jade") and "named", "called" ... (`nameTrigger`).
bool isRole(std::string_view lower);
// The words before a name that say it is one; `count` words end at the name.
bool isNameTrigger(const std::string_view* lower, std::size_t count);

// "Road", "Lane", "Station": a capitalised run before one is a place.
bool isPlaceSuffix(std::string_view lower);
// "the", "a", "this": a capitalised word after one is rarely a name ("the Bill").
bool isDeterminer(std::string_view lower);
// Verbs that follow a name starting a sentence ("Grace says", "Mark told").
bool isSubjectVerb(std::string_view lower);
// Words that start a sentence before a name without being part of it ("Later Ahmed
// said", "Ask Jane Doe"): adverbs (any word ending in "ly"), conjunctions, imperatives.
bool isSentenceOpener(std::string_view lower);
// "van", "de", "bin", "al": lower-case parts inside a name.
bool isNameParticle(std::string_view lower);
// "no", "approx", "para": a full stop after one does not end the sentence.
bool isAbbreviation(std::string_view lower);

// Words near a dateless or Northern Ireland registration ("reg", "plate", "car", a make).
bool isVehicleWord(std::string_view lower);
// Words before a number that make it a reference, not a phone number ("ref", "URN").
bool isReferenceWord(std::string_view lower);
// "shoulder number", "collar no", "his number": `count` words end at the number.
bool isShoulderTrigger(const std::string_view* lower, std::size_t count);

} // namespace exchange::pii
