#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace exchange {

// Free text is where names leak (DESIGN.md). Before anything leaves the panel, comments,
// grounds summaries and feedback text are checked for what looks like personal details.
// Heuristics, not proof: they warn so that a person looks, and --redact replaces what
// they found. Pure functions; any thread.
enum class PiiKind { Name, VehicleRegistration, Phone, Postcode, Email };

// "name", "vehicle registration", "phone number", "postcode", "email address".
const char* piiKindName(PiiKind kind);

struct PiiFinding {
    PiiKind kind = PiiKind::Name;
    std::size_t offset = 0; // bytes into the text
    std::size_t length = 0;
};

// What looks like
//  - an email address;
//  - a UK phone number: 0 or +44 then 9 or 10 more digits, spaces, dashes, brackets allowed;
//  - a UK postcode: "SW1A 1AA", "M1 1AE", "b33 8th" (outward code, inward code);
//  - a UK vehicle registration: current "AB12 CDE" (any case), prefix "A123 BCD" and
//    suffix "ABC 123D" (capitals);
//  - a name: a title (Mr, Mrs, Ms, Miss, Dr, PC, DC, Sgt ...) or "my name is", "called",
//    "named" followed by a capitalised word, or two or three capitalised words in a row
//    that are not at the start of a sentence and are not common words of the domain.
// Findings are sorted by offset and do not overlap.
std::vector<PiiFinding> findPii(std::string_view text);

// The text with each finding replaced by "[name]", "[vehicle registration]", "[phone]",
// "[postcode]" or "[email]".
std::string redactPii(std::string_view text, const std::vector<PiiFinding>& findings);

} // namespace exchange
