// The free-text check: its parts (pii_detail.hpp) in the order that settles overlaps. An
// email address is taken first (its local part may look like a name), then phone
// numbers, postcodes and registrations (their letters are capitals), then names and
// shoulder numbers on the words left, last the dateless registrations, which need a word
// nearby and must not take "PC 4471".
//
// The scan used std::regex until #9: its recursive matcher overflowed the stack on a 40 KB
// comment ("x@" then "b." 20 000 times) and crashed six of seven exports.
#include "exchange/pii_scan.hpp"

#include <algorithm>

#include "exchange/pii_detail.hpp"
#include "exchange/pii_words.hpp"

namespace exchange {

const char* piiKindName(PiiKind kind)
{
    switch (kind) {
    case PiiKind::Name:
        return "name";
    case PiiKind::VehicleRegistration:
        return "vehicle registration";
    case PiiKind::Phone:
        return "phone number";
    case PiiKind::Postcode:
        return "postcode";
    case PiiKind::Email:
        return "email address";
    case PiiKind::ShoulderNumber:
        return "shoulder number";
    }
    return "personal detail";
}

std::vector<PiiFinding> findPii(std::string_view text) { return findPii(text, WordList::system()); }

std::vector<PiiFinding> findPii(std::string_view text, const WordList& dictionary)
{
    std::vector<PiiFinding> found;
    if (text.empty())
        return found;
    pii::Words words = pii::tokenise(text);
    pii::Claims claims(text.size());
    std::vector<PiiFinding> candidates;
    auto keep = [&] {
        for (const PiiFinding& f : candidates)
            if (f.length > 0 && !claims.any(f.offset, f.offset + f.length)) {
                claims.take(f.offset, f.offset + f.length);
                found.push_back(f);
            }
        candidates.clear();
    };
    pii::findEmails(text, candidates);
    keep();
    pii::findPhones(text, words, candidates);
    keep();
    pii::findCodes(text, words, candidates);
    keep();
    pii::findNames(text, words, dictionary, claims, candidates);
    keep();
    pii::findDatelessPlates(text, words, claims, candidates);
    keep();
    std::sort(found.begin(), found.end(), [](const PiiFinding& a, const PiiFinding& b) { return a.offset < b.offset; });
    return found;
}

std::string redactPii(std::string_view text, const std::vector<PiiFinding>& findings)
{
    std::string out;
    out.reserve(text.size());
    std::size_t at = 0;
    for (const PiiFinding& f : findings) {
        if (f.offset < at || f.offset > text.size() || f.length > text.size() - f.offset)
            continue;
        out.append(text.substr(at, f.offset - at));
        switch (f.kind) {
        case PiiKind::Name:
            out += "[name]";
            break;
        case PiiKind::VehicleRegistration:
            out += "[vehicle registration]";
            break;
        case PiiKind::Phone:
            out += "[phone]";
            break;
        case PiiKind::Postcode:
            out += "[postcode]";
            break;
        case PiiKind::Email:
            out += "[email]";
            break;
        case PiiKind::ShoulderNumber:
            out += "[shoulder number]";
            break;
        }
        at = f.offset + f.length;
    }
    out.append(text.substr(at));
    return out;
}

} // namespace exchange
