// Email addresses, phone numbers, postcodes and vehicle registrations (pii_detail.hpp).
// Formats: Royal Mail's postcode format (outward code A9, A99, A9A, AA9, AA99, AA9A;
// inward code 9AA), DVLA's registration formats (current AB12 CDE since 2001, prefix
// A123 BCD 1983-2001, suffix ABC 123D 1963-1983, dateless ABC 123 / 1234 AB, Northern
// Ireland ABZ 1234) and Ofcom's UK numbering (0 then 9 or 10 digits; +44 then 9 or 10).
#include <array>

#include "exchange/pii_detail.hpp"
#include "exchange/pii_lexicon.hpp"

namespace exchange::pii {
namespace {

bool isEmailLocal(char c)
{
    return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-' || c == '\'';
}
bool isEmailDomain(char c) { return isAlnum(c) || c == '.' || c == '-'; }

// ---- postcodes -----------------------------------------------------------------------

bool isInward(std::string_view s)
{
    // 9AA; the last two letters are never C, I, K, M, O or V.
    auto letterOk = [](char c) {
        c = toLower(c);
        return isLetter(c) && c != 'c' && c != 'i' && c != 'k' && c != 'm' && c != 'o' && c != 'v';
    };
    return s.size() == 3 && isDigit(s[0]) && letterOk(s[1]) && letterOk(s[2]);
}

// "2nd", "3rd", "4th" typed in lower case are ordinals, even after "M25" or "A1"; a
// postcode with those letters ("B33 8TH") is written in capitals.
bool isOrdinal(std::string_view s)
{
    if (s.size() != 3 || !isDigit(s[0]) || !isLower(s[1]) || !isLower(s[2]))
        return false;
    std::string_view tail = s.substr(1);
    switch (s[0]) {
    case '1':
        return tail == "st";
    case '2':
        return tail == "nd";
    case '3':
        return tail == "rd";
    default:
        return tail == "th";
    }
}

bool isOutward(std::string_view s)
{
    auto in = [](char c, std::string_view set) { return set.find(toLower(c)) != std::string_view::npos; };
    if (s.size() < 2 || s.size() > 4 || !isLetter(s[0]) || in(s[0], "qvx"))
        return false;
    std::size_t letters = isLetter(s[1]) ? 2 : 1;
    if (letters == 2 && in(s[1], "ijz"))
        return false;
    std::string_view rest = s.substr(letters);
    if (rest.empty() || !isDigit(rest[0]))
        return false;
    if (rest.size() == 1)
        return true; // A9, AA9
    if (rest.size() != 2)
        return false;
    if (isDigit(rest[1]))
        return true; // A99, AA99
    // A9A (third letter), AA9A (fourth letter).
    return letters == 1 ? in(rest[1], "abcdefghjkpstuw") : in(rest[1], "abehmnprvwxy");
}

// ---- registrations ---------------------------------------------------------------------

// Letters the DVLA never issues in these positions.
bool plateLetters(std::string_view s)
{
    for (char c : s)
        if (!isLetter(c) || toLower(c) == 'i' || toLower(c) == 'q')
            return false;
    return !s.empty();
}
bool allDigits(std::string_view s, std::size_t min, std::size_t max)
{
    if (s.size() < min || s.size() > max)
        return false;
    for (char c : s)
        if (!isDigit(c))
            return false;
    return true;
}
bool allUpper(std::string_view s)
{
    for (char c : s)
        if (isLower(c))
            return false;
    return true;
}

bool isPlateWord(std::string_view lower)
{
    return lower == "reg" || lower == "registration" || lower == "plate" || lower == "index" || lower == "vrm";
}

// Current: AB12CDE (any case, written together).
bool currentCompact(std::string_view s)
{
    return s.size() == 7 && plateLetters(s.substr(0, 2)) && allDigits(s.substr(2, 2), 2, 2) &&
           plateLetters(s.substr(4, 3)) && toLower(s[0]) != 'z';
}
// Prefix: A123BCD; suffix: ABC123D.
bool prefixCompact(std::string_view s)
{
    if (s.size() < 5 || s.size() > 7 || !plateLetters(s.substr(0, 1)) || !plateLetters(s.substr(s.size() - 3)))
        return false;
    return allDigits(s.substr(1, s.size() - 4), 1, 3) && toLower(s[0]) != 'z';
}
bool suffixCompact(std::string_view s)
{
    if (s.size() < 5 || s.size() > 7 || !plateLetters(s.substr(0, 3)) || !plateLetters(s.substr(s.size() - 1)))
        return false;
    return allDigits(s.substr(3, s.size() - 4), 1, 3);
}

class CodeFinder {
public:
    CodeFinder(std::string_view text, const Words& words) : m_text(text), m_words(words) {}

    std::string_view word(std::size_t i) const
    {
        const Word& w = m_words.list[i];
        return m_text.substr(w.begin, w.end - w.begin);
    }
    // Word i follows word i - 1 after exactly one space.
    bool spaced(std::size_t i) const
    {
        return i > 0 && i < m_words.list.size() && m_words.list[i].begin == m_words.list[i - 1].end + 1 &&
               m_text[m_words.list[i - 1].end] == ' ';
    }
    // Letters and digits only: not "don't", not "Smith-Jones".
    bool plain(std::size_t i) const
    {
        for (char c : word(i))
            if (!isAlnum(c))
                return false;
        return true;
    }
    void add(std::vector<PiiFinding>& out, PiiKind kind, std::size_t first, std::size_t last) const
    {
        std::size_t begin = m_words.list[first].begin;
        out.push_back({kind, begin, m_words.list[last].end - begin});
    }

    // How many words a postcode or a current, prefix or suffix registration starting at
    // `i` takes (0 when none), and which it is.
    std::size_t match(std::size_t i, PiiKind& kind) const;
    // The same for a dateless or Northern Ireland registration.
    std::size_t matchDateless(std::size_t i) const;
    bool nearVehicleWord(std::size_t first, std::size_t last) const;

private:
    std::string_view m_text;
    const Words& m_words;
};

std::size_t CodeFinder::match(std::size_t i, PiiKind& kind) const
{
    const std::size_t n = m_words.list.size();
    if (!plain(i))
        return 0;
    std::string_view a = word(i);
    bool hasB = i + 1 < n && spaced(i + 1) && plain(i + 1);
    bool hasC = hasB && i + 2 < n && spaced(i + 2) && plain(i + 2);
    std::string_view b = hasB ? word(i + 1) : std::string_view();
    std::string_view c = hasC ? word(i + 2) : std::string_view();

    kind = PiiKind::Postcode;
    if (a.size() >= 5 && a.size() <= 7 && isOutward(a.substr(0, a.size() - 3)) && isInward(a.substr(a.size() - 3)))
        return 1;
    if (hasB && isOutward(a) && isInward(b) && !isOrdinal(b))
        return 2;

    kind = PiiKind::VehicleRegistration;
    // Current registrations in any case ("ab12cde"); prefix and suffix ones in capitals,
    // as lower-case codec and model names take their shape ("yuv420p").
    if (currentCompact(a) || (allUpper(a) && (prefixCompact(a) || suffixCompact(a))))
        return 1;
    // "AB12 CDE", "ab12 cde": letters glued to digits are rare enough in any case.
    if (hasB && a.size() == 4 && currentCompact(std::string(a) + std::string(b)))
        return 2;
    // Split further, only in capitals: "at 12 the" and "on 12 May" are not registrations.
    if (hasB && allUpper(a) && allUpper(b)) {
        std::string ab = std::string(a) + std::string(b);
        if (a.size() >= 2 && a.size() <= 4 && prefixCompact(ab) && isDigit(a.back()))
            return 2; // A123 BCD
        if (a.size() == 3 && suffixCompact(ab))
            return 2; // ABC 123D
        if (hasC && allUpper(c)) {
            std::string abc = ab + std::string(c);
            if (a.size() == 2 && b.size() == 2 && currentCompact(abc))
                return 3; // AB 12 CDE
            if (a.size() == 1 && prefixCompact(abc))
                return 3; // A 123 BCD
            if (a.size() == 3 && c.size() == 1 && suffixCompact(abc))
                return 3; // ABC 123 D
        }
    }
    return 0;
}

std::size_t CodeFinder::matchDateless(std::size_t i) const
{
    const std::size_t n = m_words.list.size();
    if (!plain(i))
        return 0;
    std::string_view a = word(i);
    auto letters = [](std::string_view s) {
        if (s.empty() || s.size() > 3)
            return false;
        for (char c : s)
            if (!isUpper(c))
                return false;
        return true;
    };
    // Not a title ("PC 4471"), a make ("BMW 3") or a road ("M25", "A406").
    std::array<std::string_view, 1> head{m_words.lower(i)};
    if (matchTitle(head.data(), 1).words > 0 || isVehicleWord(head[0]))
        return 0;
    if (i + 1 < n && spaced(i + 1) && plain(i + 1)) {
        std::string_view b = word(i + 1);
        if ((letters(a) && allDigits(b, 1, 4)) || (allDigits(a, 1, 4) && letters(b)))
            return 2;
    }
    // "ABC123": letters then digits, together, only right after "reg" or "plate" ("MP4",
    // "H264" and references have that shape too).
    std::size_t l = 0;
    while (l < a.size() && isUpper(a[l]))
        ++l;
    if (l >= 2 && l <= 3 && allDigits(a.substr(l), 1, 4) && i > 0 && isPlateWord(m_words.lower(i - 1)))
        return 1;
    return 0;
}

bool CodeFinder::nearVehicleWord(std::size_t first, std::size_t last) const
{
    // Five words before, three after, on the same line.
    const std::size_t n = m_words.list.size();
    for (std::size_t k = first, seen = 0; k > 0 && seen < 5; --k, ++seen) {
        std::string_view between = m_text.substr(m_words.list[k - 1].end, m_words.list[k].begin - m_words.list[k - 1].end);
        if (between.find('\n') != std::string_view::npos)
            break;
        if (isVehicleWord(m_words.lower(k - 1)))
            return true;
    }
    for (std::size_t k = last + 1, seen = 0; k < n && seen < 3; ++k, ++seen) {
        std::string_view between = m_text.substr(m_words.list[k - 1].end, m_words.list[k].begin - m_words.list[k - 1].end);
        if (between.find('\n') != std::string_view::npos)
            break;
        if (isVehicleWord(m_words.lower(k)))
            return true;
    }
    return false;
}

// ---- phone numbers ---------------------------------------------------------------------

struct Group {
    std::size_t begin = 0;
    std::size_t end = 0;
    bool usable = true; // not glued to a letter, a slash, a colon or a decimal point
    bool chained = false; // joined to the previous group by spaces, dashes or brackets
};

// A UK number written with its leading 0: 10 or 11 digits by its first two.
bool validNational(std::string_view d)
{
    if (d.size() < 10 || d.size() > 11 || d[0] != '0' || d[1] == '0')
        return false;
    if (d.size() == 10)
        return d[1] == '1' || d[1] == '8';
    return d[1] != '4' && d[1] != '6';
}

} // namespace

void findEmails(std::string_view text, std::vector<PiiFinding>& out)
{
    // From each '@', back over the local part and on over the domain; neither crosses
    // another '@', so every byte is read at most twice.
    std::size_t lastEnd = 0;
    for (std::size_t at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
        std::size_t begin = at;
        while (begin > lastEnd && isEmailLocal(text[begin - 1]))
            --begin;
        while (begin < at && !isAlnum(text[begin]))
            ++begin;
        std::size_t end = at + 1;
        while (end < text.size() && isEmailDomain(text[end]))
            ++end;
        while (end > at + 1 && !isAlnum(text[end - 1]))
            --end;
        if (begin == at || end <= at + 1)
            continue;
        std::string_view domain = text.substr(at + 1, end - at - 1);
        std::size_t dot = domain.rfind('.');
        if (dot == std::string_view::npos || dot == 0 || domain.size() - dot - 1 < 2 ||
            domain.find("..") != std::string_view::npos)
            continue;
        bool tldLetters = true;
        for (char c : domain.substr(dot + 1))
            tldLetters = tldLetters && isLetter(c);
        if (!tldLetters)
            continue;
        out.push_back({PiiKind::Email, begin, end - begin});
        lastEnd = end;
    }
}

void findPhones(std::string_view text, const Words& words, std::vector<PiiFinding>& out)
{
    std::vector<Group> groups;
    const std::size_t n = text.size();
    for (std::size_t i = 0; i < n;) {
        if (!isDigit(text[i])) {
            ++i;
            continue;
        }
        Group g;
        g.begin = i;
        while (i < n && isDigit(text[i]))
            ++i;
        g.end = i;
        char before = g.begin > 0 ? text[g.begin - 1] : ' ';
        char after = g.end < n ? text[g.end] : ' ';
        bool decimalBefore = (before == '.' || before == ',') && g.begin > 1 && isDigit(text[g.begin - 2]);
        bool decimalAfter = (after == '.' || after == ',') && g.end + 1 < n && isDigit(text[g.end + 1]);
        g.usable = !isLetter(before) && !isLetter(after) && before != '/' && after != '/' && before != ':' &&
                   after != ':' && before != '_' && after != '_' && !decimalBefore && !decimalAfter;
        if (!groups.empty()) {
            std::string_view between = text.substr(groups.back().end, g.begin - groups.back().end);
            g.chained = between.size() <= 3 && between.find_first_not_of(" -()") == std::string_view::npos;
        }
        groups.push_back(g);
    }
    // The word before a group, to leave references alone ("ref 01234 567890").
    std::size_t w = 0;
    auto wordBefore = [&](std::size_t offset) -> std::string_view {
        while (w < words.list.size() && words.list[w].end <= offset)
            ++w;
        return w > 0 && words.list[w - 1].end <= offset ? words.lower(w - 1) : std::string_view();
    };
    auto digitsOf = [&](const Group& g) { return text.substr(g.begin, g.end - g.begin); };

    std::size_t next = 0; // the first group not yet in a finding
    for (std::size_t s = 0; s < groups.size(); ++s) {
        if (s < next || !groups[s].usable)
            continue;
        const Group& first = groups[s];
        std::string_view d0 = digitsOf(first);
        std::string national;
        std::size_t k = s;
        std::size_t begin = first.begin;
        bool plus = first.begin > 0 && text[first.begin - 1] == '+';
        if (plus && d0.substr(0, 2) == "44") {
            national = "0" + std::string(d0.substr(2));
            begin = first.begin - 1;
        } else if (d0.substr(0, 4) == "0044") {
            national = "0" + std::string(d0.substr(4));
        } else if (d0.size() >= 3 && d0[0] == '0' && d0[1] != '0') {
            national = std::string(d0);
            // "(0161) 496 0321": the brackets around the area code belong to the number.
            if (first.begin > 0 && text[first.begin - 1] == '(' && first.end < n && text[first.end] == ')')
                begin = first.begin - 1;
        } else {
            continue;
        }
        // +44 (0)20 ...: the trunk 0 in brackets is dropped.
        if (national.size() > 1 && national[1] == '0')
            national.erase(1, 1);
        std::size_t bestEnd = 0;
        std::size_t bestGroup = s;
        if (validNational(national))
            bestEnd = first.end, bestGroup = s;
        while (national.size() < 11 && k + 1 < groups.size() && groups[k + 1].chained && groups[k + 1].usable) {
            ++k;
            std::string_view d = digitsOf(groups[k]);
            if (national == "0" && d == "0")
                continue; // "+44 (0) 20"
            if (d.size() < 2)
                break;
            national += d;
            if (validNational(national))
                bestEnd = groups[k].end, bestGroup = k;
        }
        if (bestEnd == 0 || isReferenceWord(wordBefore(begin)))
            continue;
        out.push_back({PiiKind::Phone, begin, bestEnd - begin});
        next = bestGroup + 1;
    }
}

void findCodes(std::string_view text, const Words& words, std::vector<PiiFinding>& out)
{
    CodeFinder finder(text, words);
    for (std::size_t i = 0; i < words.list.size();) {
        PiiKind kind = PiiKind::Postcode;
        if (std::size_t taken = finder.match(i, kind); taken > 0) {
            finder.add(out, kind, i, i + taken - 1);
            i += taken;
        } else {
            ++i;
        }
    }
}

void findDatelessPlates(std::string_view text, const Words& words, const Claims& claims, std::vector<PiiFinding>& out)
{
    CodeFinder finder(text, words);
    for (std::size_t i = 0; i < words.list.size();) {
        std::size_t taken = finder.matchDateless(i);
        if (taken > 0 && !claims.any(words.list[i].begin, words.list[i + taken - 1].end) &&
            finder.nearVehicleWord(i, i + taken - 1)) {
            finder.add(out, PiiKind::VehicleRegistration, i, i + taken - 1);
            i += taken;
        } else {
            ++i;
        }
    }
}

} // namespace exchange::pii
