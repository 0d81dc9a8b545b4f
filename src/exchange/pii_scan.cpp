#include "exchange/pii_scan.hpp"

#include <algorithm>
#include <cctype>
#include <regex>
#include <set>

namespace exchange {
namespace {

struct Pattern {
    PiiKind kind;
    std::regex re;
};

const std::vector<Pattern>& patterns()
{
    using std::regex;
    static const std::vector<Pattern> kPatterns = {
        {PiiKind::Email, regex(R"([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})")},
        // Checked for its digit count below.
        {PiiKind::Phone, regex(R"((\+44[\s-]?(\(0\)[\s-]?)?|\(?\b0)\d[\d\s\-\)]{7,14}\d)")},
        {PiiKind::Postcode, regex(R"(\b([A-Za-z]{1,2}\d[A-Za-z\d]?)\s?(\d[A-Za-z]{2})\b)")},
        {PiiKind::VehicleRegistration, regex(R"(\b[A-Za-z]{2}\d{2}\s?[A-Za-z]{3}\b)")},
        {PiiKind::VehicleRegistration, regex(R"(\b[A-Z]\d{1,3}\s?[A-Z]{3}\b|\b[A-Z]{3}\s?\d{1,3}[A-Z]\b)")},
        {PiiKind::Name, regex(R"(\b(Mr|Mrs|Ms|Miss|Mx|Dr|PC|DC|PS|DS|Sgt|Insp|Officer|Constable)\.?\s+[A-Z][a-z'-]+)")},
        {PiiKind::Name, regex(R"(\b([Mm]y name is|[Cc]alled|[Nn]amed|[Nn]ame:?)\s+[A-Z][a-z'-]+)")},
    };
    return kPatterns;
}

// Capitalised words that are common in panel text and not names.
const std::set<std::string>& commonWords()
{
    static const std::set<std::string> kWords = {
        "A", "An", "And", "The", "This", "That", "He", "She", "They", "We", "I", "It", "His", "Her", "Their",
        "Police", "Officer", "Officers", "Station", "Street", "Road", "Lane", "Avenue", "High", "Park", "Square",
        "Act", "Misuse", "Drugs", "Criminal", "Justice", "Public", "Order", "Firearms", "Code", "Section", "PACE",
        "Body", "Worn", "Video", "Camera", "Stop", "Search", "Met", "Metropolitan", "Service", "Force", "Borough",
        "Council", "London", "North", "South", "East", "West", "Central", "Court", "Youth", "Child", "Children",
        "Mayor", "Home", "Office", "College", "Policing", "Inspector", "Sergeant", "Constable", "Panel", "Chair",
        "Community", "Monitoring", "Group", "Good", "Practice", "Concern", "Monday", "Tuesday", "Wednesday",
        "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December", "Black", "White", "Asian", "Mixed",
        "Other", "British", "English", "Not", "No", "Yes", "When", "After", "Before", "Then", "Also", "But",
    };
    return kWords;
}

bool isCapitalisedWord(std::string_view word)
{
    if (word.size() < 2 || !std::isupper(static_cast<unsigned char>(word[0])))
        return false;
    for (std::size_t i = 1; i < word.size(); ++i)
        if (!std::islower(static_cast<unsigned char>(word[i])) && word[i] != '\'' && word[i] != '-')
            return false;
    return true;
}

// Two or three capitalised words in a row, not starting a sentence, not common words.
void findNameRuns(std::string_view text, std::vector<PiiFinding>& out)
{
    struct Word {
        std::size_t begin, end;
        bool sentenceStart;
    };
    std::vector<Word> words;
    bool sentenceStart = true;
    std::size_t i = 0;
    while (i < text.size()) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (std::isalpha(c)) {
            std::size_t begin = i;
            while (i < text.size() &&
                   (std::isalpha(static_cast<unsigned char>(text[i])) || text[i] == '\'' || text[i] == '-'))
                ++i;
            words.push_back({begin, i, sentenceStart});
            sentenceStart = false;
            continue;
        }
        if (c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == '\n' || c == '"' || c == '(')
            sentenceStart = true;
        else if (!std::isspace(c) && c != ',')
            sentenceStart = false;
        ++i;
    }
    auto candidate = [&](const Word& w) {
        std::string word(text.substr(w.begin, w.end - w.begin));
        return isCapitalisedWord(word) && !commonWords().count(word);
    };
    for (std::size_t w = 0; w + 1 < words.size();) {
        // Words must follow each other separated by spaces only.
        std::size_t run = 1;
        while (w + run < words.size() && candidate(words[w + run - 1]) && candidate(words[w + run]) &&
               text.substr(words[w + run - 1].end, words[w + run].begin - words[w + run - 1].end)
                       .find_first_not_of(' ') == std::string_view::npos)
            ++run;
        if (run >= 2 && !words[w].sentenceStart) {
            out.push_back({PiiKind::Name, words[w].begin, words[w + run - 1].end - words[w].begin});
            w += run;
        } else if (run >= 3) {
            // "Then John Smith": a sentence start followed by two more.
            out.push_back({PiiKind::Name, words[w + 1].begin, words[w + run - 1].end - words[w + 1].begin});
            w += run;
        } else {
            ++w;
        }
    }
}

bool phoneDigitsOk(std::string_view match)
{
    std::string digits;
    for (char c : match)
        if (std::isdigit(static_cast<unsigned char>(c)))
            digits += c;
    if (match.substr(0, 3) == "+44") {
        digits = digits.substr(2);
        if (!digits.empty() && digits[0] == '0') // +44 (0)20 ...
            digits = digits.substr(1);
        digits = "0" + digits;
    }
    return digits.size() >= 10 && digits.size() <= 11 && digits[0] == '0' && digits[1] != '0';
}

} // namespace

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
    }
    return "personal detail";
}

std::vector<PiiFinding> findPii(std::string_view text)
{
    std::vector<PiiFinding> found;
    if (text.empty())
        return found;
    const std::string owned(text);
    auto overlaps = [&](std::size_t offset, std::size_t length) {
        for (const PiiFinding& f : found)
            if (offset < f.offset + f.length && f.offset < offset + length)
                return true;
        return false;
    };
    for (const Pattern& p : patterns()) {
        for (auto it = std::sregex_iterator(owned.begin(), owned.end(), p.re); it != std::sregex_iterator(); ++it) {
            auto offset = static_cast<std::size_t>(it->position(0));
            auto length = static_cast<std::size_t>(it->length(0));
            std::string_view match = text.substr(offset, length);
            if (p.kind == PiiKind::Phone && !phoneDigitsOk(match))
                continue;
            if (!overlaps(offset, length))
                found.push_back({p.kind, offset, length});
        }
    }
    std::vector<PiiFinding> names;
    findNameRuns(text, names);
    for (const PiiFinding& n : names)
        if (!overlaps(n.offset, n.length))
            found.push_back(n);
    std::sort(found.begin(), found.end(), [](const PiiFinding& a, const PiiFinding& b) { return a.offset < b.offset; });
    return found;
}

std::string redactPii(std::string_view text, const std::vector<PiiFinding>& findings)
{
    std::string out;
    std::size_t at = 0;
    for (const PiiFinding& f : findings) {
        if (f.offset < at || f.offset + f.length > text.size())
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
        }
        at = f.offset + f.length;
    }
    out.append(text.substr(at));
    return out;
}

} // namespace exchange
