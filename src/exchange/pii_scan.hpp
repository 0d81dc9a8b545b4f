#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace exchange {

class WordList;

// Free text is where names leak (DESIGN.md). Before anything leaves the panel, comments,
// grounds summaries and feedback text are checked for what looks like personal details.
// Heuristics, not proof: they warn so that a person looks, and --redact replaces what
// they found. Pure functions; any thread.
enum class PiiKind { Name, VehicleRegistration, Phone, Postcode, Email, ShoulderNumber };

// "name", "vehicle registration", "phone number", "postcode", "email address",
// "shoulder number".
const char* piiKindName(PiiKind kind);

struct PiiFinding {
    PiiKind kind = PiiKind::Name;
    std::size_t offset = 0; // bytes into the text
    std::size_t length = 0;
};

// What looks like
//  - an email address;
//  - a UK phone number: 0 then 9 or 10 digits as Ofcom allocates them, or +44 / 0044
//    then the number without its 0; spaces, dashes and brackets allowed ("(0161) 496 0321",
//    "+44 (0)20 7946 0018"); 999, 101, dates and references are not;
//  - a UK postcode in any case, with or without the space ("SW1A 1AA", "m1 1ae", "B338TH");
//  - a UK vehicle registration: current "AB12 CDE", "AB12CDE", "AB 12 CDE"; prefix
//    "A123 BCD"; suffix "ABC 123D"; dateless and Northern Irish ("KHN 7", "ABZ 1234")
//    only near a word that says it is a vehicle ("reg", "plate", "car", a make);
//  - a shoulder or collar number: "PC 4471", "PC4471", "shoulder number 4471";
//  - a name: a title or rank and the name after it, with a shoulder number that follows
//    ("PC John Smith 4471", "Ch Insp Sullivan", "Mr Jones"); the name after "my name is",
//    "called", "named" or a role ("chair Jane Doe"); capitalised words that are names by
//    the English word list (pii_words.hpp), as one finding per run ("Ahmed Khan",
//    "Callum Smith-Jones", "Liam O'Neil"), leaving out places, days, nationalities,
//    brands and the words of the domain.
// Findings are sorted by offset and do not overlap. Time and memory grow in proportion to
// the text, whatever it holds; any bytes are accepted (outside ASCII they are neither
// letters nor digits) and nothing throws but std::bad_alloc.
std::vector<PiiFinding> findPii(std::string_view text);

// The same with a given word list (the tests use WordList::builtIn()); findPii(text) uses
// WordList::system().
std::vector<PiiFinding> findPii(std::string_view text, const WordList& words);

// The text with each finding replaced by "[name]", "[vehicle registration]", "[phone]",
// "[postcode]", "[email]" or "[shoulder number]"; findings that overlap an earlier one or
// run past the text are skipped.
std::string redactPii(std::string_view text, const std::vector<PiiFinding>& findings);

} // namespace exchange
