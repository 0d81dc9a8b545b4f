// Names and shoulder numbers (pii_detail.hpp). One pass over the words; each decision
// looks at most a few words back or ahead.
//
// A capitalised word is read against the English word list (WordClass): a word the list
// knows only as a proper noun ("Ahmed", "Jones") or not at all ("Okafor") is a name
// wherever it stands, unless it is a place, a day, a brand or a word of the domain
// (pii_lexicon.cpp). A word that is also an English word ("Rose", "Khan", "Smith",
// "John") is a name in the middle of a sentence, where only a name would be capitalised,
// and at the start of a sentence only beside another name or before a verb ("Grace
// says"); there it is otherwise an English word that starts the sentence ("Will the force
// explain"). Measured on tests/exchange/pii: reading every "Both" word as English would
// miss "Tom Baker", "Rose Green", "PC Wood" and "Mark Brown"; reading them all as names
// would flag "Will", "Mark", "Grace", "Hope", "Rose" at the start of ordinary sentences.
// A word the list knows only in lower case ("Jade", "Street") is a name only beside a
// name ("Jade Okafor", "John Butcher"), after a title ("Mr Butcher") or after a word
// that says a name follows ("named", "shouts", "member").
//
// A run of such words is one finding ("Ahmed Khan", never "[name] Khan"), with the
// title or rank before it and a shoulder number after it ("PC John Smith 4471").
#include <algorithm>
#include <array>

#include "exchange/pii_detail.hpp"
#include "exchange/pii_lexicon.hpp"
#include "exchange/pii_word_info.hpp"

namespace exchange::pii {
namespace {

// What a word is as a part of a name.
enum class Role {
    None,    // not part of a name
    Name,    // Proper or Unknown, or Both where it reads as a name
    Both,    // Both: a name in the middle of a sentence
    English, // English: part of a name only beside one
    Soft,    // a place or month that is also a given name
    Initial,
    Particle,
};

// An English word starting a sentence before a name, not part of it: "Later Ahmed
// said", "Ask Jane Doe", "Stopped Ahmed Khan", "Searching Tyrone".
bool opensSentence(std::string_view lower)
{
    auto endsWith = [&](std::string_view tail) {
        return lower.size() > tail.size() + 1 && lower.substr(lower.size() - tail.size()) == tail;
    };
    return isSentenceOpener(lower) || endsWith("ed") || endsWith("ing");
}

class NameFinder {
public:
    NameFinder(std::string_view text, const Words& words, const WordList& dictionary, const Claims& claims)
        : m_text(text), m_words(words.list), m_all(words), m_info(describeWords(text, words, dictionary, claims))
    {
    }

    void run(std::vector<PiiFinding>& out);

private:
    std::string_view word(std::size_t i) const { return m_text.substr(m_words[i].begin, m_words[i].end - m_words[i].begin); }
    std::string_view lower(std::size_t i) const { return m_all.lower(i); }
    std::string_view gap(std::size_t i) const
    {
        std::size_t from = i == 0 ? 0 : m_words[i - 1].end;
        return m_text.substr(from, m_words[i].begin - from);
    }
    bool usable(std::size_t i) const { return i < m_info.size() && !m_info[i].claimed && !m_info[i].code; }

    Role role(std::size_t i) const;
    std::size_t title(std::size_t i, bool& acronym, bool& strong) const;
    bool shoulderNumber(std::size_t i) const;
    bool afterTrigger(std::size_t i, bool roles = true) const;
    bool afterShoulderTrigger(std::size_t i) const;
    std::size_t runEnd(std::size_t from, bool afterTitle) const;
    std::size_t tryTitle(std::size_t i, std::vector<PiiFinding>& out);
    std::size_t tryRun(std::size_t i, std::vector<PiiFinding>& out);
    bool claimedByFinding(const std::vector<PiiFinding>& out, std::size_t k) const
    {
        return !out.empty() && out.back().offset + out.back().length > m_words[k].begin;
    }
    void add(std::vector<PiiFinding>& out, PiiKind kind, std::size_t first, std::size_t last) const
    {
        std::size_t end = m_info[last].shape == Shape::Capital ? m_info[last].coreEnd : m_words[last].end;
        out.push_back({kind, m_words[first].begin, end - m_words[first].begin});
    }

    std::string_view m_text;
    const std::vector<Word>& m_words;
    const Words& m_all;
    std::vector<WordInfo> m_info;
};

Role NameFinder::role(std::size_t i) const
{
    const WordInfo& info = m_info[i];
    if (info.shape == Shape::Initial)
        return Role::Initial;
    if (info.shape == Shape::Lower && isNameParticle(lower(i)))
        return Role::Particle;
    if (info.shape != Shape::Capital)
        return Role::None;
    switch (info.stop) {
    case Stop::Soft:
        return Role::Soft;
    case Stop::None:
        break;
    default:
        return Role::None;
    }
    // The word after a make is its model, after a place or a day part of its name
    // ("Streatham Hill", "Canada Goose") unless it is a name itself.
    if (i > 0 && m_info[i].joined && m_info[i - 1].shape == Shape::Capital) {
        Stop before = m_info[i - 1].stop;
        if (before == Stop::Make || before == Stop::Operation || before == Stop::Saint)
            return Role::None;
        if (before == Stop::Place && (info.cls == WordClass::Both || info.cls == WordClass::English))
            return Role::None;
    }
    switch (info.cls) {
    case WordClass::Proper:
    case WordClass::Unknown:
        return Role::Name;
    case WordClass::Both:
        // "He", "As", "In" are chemical symbols too: read as English words.
        return m_words[i].end - m_words[i].begin <= 2 ? Role::English : Role::Both;
    case WordClass::English:
        break;
    }
    return Role::English;
}

std::size_t NameFinder::title(std::size_t i, bool& acronym, bool& strong) const
{
    std::array<std::string_view, 4> next{};
    std::size_t count = 0;
    for (std::size_t k = i; k < m_words.size() && count < next.size(); ++k) {
        if (k > i && !(m_info[k].joined || gap(k) == "." || gap(k) == ". "))
            break;
        next[count++] = lower(k);
    }
    Title t = matchTitle(next.data(), count);
    if (t.words == 0)
        return 0;
    // "PC", "DS": capitals only; "Mr", "MR", "Sgt": a capital first ("officer" in lower
    // case is a role, outside the finding).
    for (std::size_t k = i; k < i + t.words; ++k) {
        std::string_view w = word(k);
        if (t.acronym ? !std::all_of(w.begin(), w.end(), isUpper) : !isUpper(w[0]))
            return 0;
    }
    acronym = t.acronym;
    strong = t.strong;
    return t.words;
}

bool NameFinder::shoulderNumber(std::size_t i) const { return usable(i) && m_info[i].shape == Shape::Number; }

bool NameFinder::afterTrigger(std::size_t i, bool roles) const
{
    // Up to three words before `i` on the same line, separated by spaces only; right
    // before the name also a colon or a quotation mark ("my name is: Tyrone", `shouts "Jade"`).
    std::array<std::string_view, 3> before{};
    std::size_t count = 0;
    for (std::size_t k = i; k > 0 && count < before.size(); --k) {
        std::string_view g = gap(k);
        bool ok = g.size() <= 3 && g.find_first_not_of(k == i ? " \t:\"'" : " \t") == std::string_view::npos;
        if (!ok || g.empty())
            break;
        before[before.size() - 1 - count++] = lower(k - 1);
    }
    if (count == 0)
        return false;
    // "chair Jane Doe", "member Jade", "the officer Reid".
    if (roles && isRole(before.back()) && m_info[i].joined)
        return true;
    return isNameTrigger(before.data() + before.size() - count, count);
}

bool NameFinder::afterShoulderTrigger(std::size_t i) const
{
    // "shoulder number 4471", "collar number: 2291", "his number is 4471".
    std::array<std::string_view, 4> before{};
    std::size_t count = 0;
    for (std::size_t k = i; k > 0 && count < before.size(); --k) {
        std::string_view g = gap(k);
        if (g.size() > 3 || g.find_first_of("\r\n") != std::string_view::npos)
            break;
        before[before.size() - 1 - count++] = lower(k - 1);
    }
    const std::string_view* first = before.data() + before.size() - count;
    if (count > 0 && (before.back() == "is" || before.back() == "was" || before.back() == "as"))
        return isShoulderTrigger(first, count - 1);
    return isShoulderTrigger(first, count);
}

// The end of a run of name words from `from`: capitalised words, initials before a
// name, particles between two names ("Abdul al Rahman"); a title or a stop ends it.
std::size_t NameFinder::runEnd(std::size_t from, bool afterTitle) const
{
    std::size_t k = from;
    while (k < m_words.size() && usable(k) && (k == from || m_info[k].joined)) {
        bool acronym = false, strong = false;
        if (k > from && title(k, acronym, strong) > 0)
            break;
        if (k > from && m_info[k].shape == Shape::Capital && m_info[k].stop == Stop::None) {
            std::array<std::string_view, 3> ahead{};
            std::size_t n = 0;
            for (std::size_t a = k; a < m_words.size() && n < ahead.size(); ++a)
                ahead[n++] = lower(a);
            if (stopPhrase(ahead.data(), n) > 0)
                break;
        }
        Role r = role(k);
        if (r == Role::Initial || r == Role::Particle) {
            // Only inside a name: "J Smith", "J. Smith", "Abdul al Rahman".
            if (k + 1 >= m_words.size() || !m_info[k + 1].joined || m_info[k + 1].shape != Shape::Capital ||
                (r == Role::Particle && k == from))
                break;
        } else if (r == Role::None && !(afterTitle && k == from && m_info[k].shape == Shape::Capital &&
                                         m_info[k].stop == Stop::None)) {
            break;
        }
        ++k;
        // "Ahmed's Car": a possessive ends the name.
        if (m_info[k - 1].shape == Shape::Capital && m_info[k - 1].coreEnd != m_words[k - 1].end)
            break;
    }
    return k;
}

// A title or rank at `i`: "PC John Smith 4471", "Mr Jones", "PC 4471", "PCSO 7731 Hannah
// Lewis". Returns the word after what it found, or `i` when nothing starts here.
std::size_t NameFinder::tryTitle(std::size_t i, std::vector<PiiFinding>& out)
{
    bool acronym = false, strong = false;
    std::size_t words = title(i, acronym, strong);
    if (words == 0)
        return i;
    std::size_t k = i + words;
    std::size_t numberBefore = m_words.size();
    if (k < m_words.size() && (m_info[k].joined || gap(k) == ". ") && shoulderNumber(k))
        numberBefore = k++;
    std::size_t nameFrom = k;
    std::size_t nameTo = k;
    if (k < m_words.size() && (m_info[k].joined || gap(k) == ". ") && usable(k)) {
        Role first = role(k);
        bool ok = m_info[k].shape == Shape::Capital && m_info[k].stop != Stop::Hard &&
                  m_info[k].stop != Stop::Place && m_info[k].stop != Stop::Make;
        if (!strong)
            ok = ok && first != Role::English && first != Role::None;
        if (first == Role::Initial)
            ok = true;
        if (ok)
            nameTo = runEnd(k, true);
        // Capitalised English words after the name are not part of it ("PC Smith Camera"),
        // unless the name is one ("Mr Butcher").
        std::size_t lastName = nameTo;
        for (std::size_t n = nameFrom; n < nameTo; ++n)
            if (role(n) != Role::English)
                lastName = n;
        if (lastName == nameTo)
            nameTo = std::min(nameTo, nameFrom + 1);
        else
            nameTo = std::min(nameTo, lastName + 1);
        // An initial alone after a title is a label ("Officer A").
        if (nameTo == nameFrom + 1 && m_info[nameFrom].shape == Shape::Initial)
            nameTo = nameFrom;
    }
    // "PC SMITH 4471", "MR J JONES": after a title a name may be in capitals.
    if (nameTo == nameFrom && strong && k < m_words.size() && (m_info[k].joined || gap(k) == ". ")) {
        std::size_t c = k;
        while (c < m_words.size() && usable(c) && (c == k || m_info[c].joined) &&
               ((m_info[c].shape == Shape::Caps && m_info[c].stop == Stop::None) ||
                (m_info[c].shape == Shape::Initial && c + 1 < m_words.size() && m_info[c + 1].joined &&
                 m_info[c + 1].shape == Shape::Caps)))
            ++c;
        if (c > k && m_info[c - 1].shape == Shape::Caps)
            nameTo = c;
    }
    if (nameTo > nameFrom) {
        std::size_t last = nameTo - 1;
        if (nameTo < m_words.size() && m_info[nameTo].joined && shoulderNumber(nameTo) &&
            m_info[last].coreEnd == m_words[last].end)
            last = nameTo;
        add(out, PiiKind::Name, i, last);
        return last + 1;
    }
    if (numberBefore < m_words.size()) {
        add(out, PiiKind::ShoulderNumber, i, numberBefore);
        return numberBefore + 1;
    }
    return i;
}

// A run of capitalised words at `i`; returns the word after the run.
std::size_t NameFinder::tryRun(std::size_t i, std::vector<PiiFinding>& out)
{
    std::size_t end = runEnd(i, false);
    if (end == i)
        return i + 1;
    // "Coldharbour Lane", "Brixton road", "King's College Hospital", "King Edward pub": a place.
    std::string_view lastLower = lower(end - 1);
    if (isPlaceSuffix(lastLower) ||
        (end < m_words.size() && m_info[end].joined && m_info[end].shape == Shape::Lower && isPlaceSuffix(lower(end))))
        return end;
    if (m_info[end - 1].coreEnd != m_words[end - 1].end)
        for (std::size_t k = end; k < end + 3 && k < m_words.size() && m_info[k].joined &&
                                  (m_info[k].shape == Shape::Capital || m_info[k].shape == Shape::Lower);
             ++k)
            if (isPlaceSuffix(lower(k)))
                return k + 1;
    bool forced = afterTrigger(i);
    std::vector<Role> roles(end - i);
    for (std::size_t k = i; k < end; ++k)
        roles[k - i] = role(k);
    // "the Bill": after a determiner a word that is also English is English.
    if (roles[0] == Role::Both && i > 0 && m_info[i].joined && isDeterminer(lower(i - 1)))
        roles[0] = Role::English;
    const bool start = m_info[i].sentenceStart;
    if (start && roles[0] == Role::Both) {
        bool nameNext = end > i + 1 && (roles[1] == Role::Name || roles[1] == Role::Both);
        bool verbNext = end == i + 1 && end < m_words.size() && m_info[end].joined && isSubjectVerb(lower(end));
        if (!nameNext && !verbNext && !forced)
            roles[0] = Role::English;
    }
    std::size_t first = end, last = end;
    for (std::size_t k = i; k < end; ++k)
        if (roles[k - i] == Role::Name || roles[k - i] == Role::Both) {
            first = std::min(first, k);
            last = k;
        }
    if (forced) {
        first = i;
        last = end - 1;
        while (last > first && roles[last - i] == Role::Initial)
            --last;
    } else if (first == end) {
        return end;
    } else {
        // Up to two words before the name that are part of it ("Jade Okafor", "April
        // Jones"), not a sentence's opening word ("Later Ahmed said") nor a role.
        for (std::size_t taken = 0; first > i && taken < 2; ++taken) {
            std::size_t k = first - 1;
            Role r = roles[k - i];
            if (r == Role::Initial || r == Role::Particle) {
                first = k;
                continue;
            }
            if (r != Role::English && r != Role::Soft)
                break;
            if (isRole(lower(k)) || (k == i && start && opensSentence(lower(k))))
                break;
            first = k;
        }
        for (std::size_t taken = 0; last + 1 < end && taken < 2; ++taken) {
            Role r = roles[last + 1 - i];
            if ((r != Role::English && r != Role::Soft) || isRole(lower(last + 1)))
                break;
            ++last;
        }
    }
    add(out, PiiKind::Name, first, last);
    return end;
}

void NameFinder::run(std::vector<PiiFinding>& out)
{
    std::size_t i = 0;
    while (i < m_words.size()) {
        if (m_info[i].claimed || (m_info[i].code && !(m_words[i].end - m_words[i].begin == 1 && i + 1 < m_words.size() &&
                                                      gap(i + 1) == "/"))) {
            ++i;
            continue;
        }
        // "A/Sgt", "T/Insp": acting and temporary ranks.
        if (m_words[i].end - m_words[i].begin == 1 && (word(i) == "A" || word(i) == "T") && i + 1 < m_words.size() &&
            gap(i + 1) == "/") {
            std::size_t after = tryTitle(i + 1, out);
            if (after > i + 1) {
                out.back().length += out.back().offset - m_words[i].begin;
                out.back().offset = m_words[i].begin;
                i = after;
                continue;
            }
            ++i;
            continue;
        }
        if (std::size_t after = tryTitle(i, out); after > i) {
            i = after;
            continue;
        }
        // "PC4471", "PS1204".
        if (m_info[i].shape == Shape::Other) {
            std::string_view w = word(i);
            std::size_t letters = 0;
            while (letters < w.size() && isUpper(w[letters]))
                ++letters;
            std::size_t digits = w.size() - letters;
            std::array<std::string_view, 1> head{std::string_view(lower(i)).substr(0, letters)};
            if (letters >= 2 && digits >= 3 && digits <= 6 &&
                std::all_of(w.begin() + static_cast<std::ptrdiff_t>(letters), w.end(), isDigit)) {
                Title t = matchTitle(head.data(), 1);
                if (t.words == 1 && t.acronym) {
                    add(out, PiiKind::ShoulderNumber, i, i);
                    ++i;
                    continue;
                }
            }
        }
        if (m_info[i].shape == Shape::Number && afterShoulderTrigger(i)) {
            add(out, PiiKind::ShoulderNumber, i, i);
            ++i;
            continue;
        }
        // "my name is tyrone": a word the list knows only as a proper noun, or not at all,
        // after "named", "called", "my name is" (after a role it is more often a typo).
        if (m_info[i].shape == Shape::Lower && m_info[i].stop == Stop::None &&
            (m_info[i].cls == WordClass::Proper || m_info[i].cls == WordClass::Unknown) && afterTrigger(i, false)) {
            add(out, PiiKind::Name, i, i);
            ++i;
            continue;
        }
        // "spoke to ahmed khan": a word typed in lower case that the list knows only as a
        // proper noun, with the lower-case words beside it that are names too.
        if (m_info[i].shape == Shape::Lower && m_info[i].stop == Stop::None && m_info[i].cls == WordClass::Proper &&
            !isRole(lower(i))) {
            std::size_t first = i, last = i;
            auto lowerName = [&](std::size_t k) {
                return usable(k) && m_info[k].shape == Shape::Lower && m_info[k].stop == Stop::None &&
                       (m_info[k].cls == WordClass::Proper ||
                        (m_info[k].cls == WordClass::Both && lower(k).size() > 2 && !isSentenceOpener(lower(k))));
            };
            while (last + 1 < m_words.size() && m_info[last + 1].joined && lowerName(last + 1))
                ++last;
            if (first > 0 && m_info[first].joined && lowerName(first - 1) && !claimedByFinding(out, first - 1))
                --first;
            add(out, PiiKind::Name, first, last);
            i = last + 1;
            continue;
        }
        // A fixed phrase that is not a name ("Stone Island", "Elephant and Castle").
        if (m_info[i].shape == Shape::Capital) {
            std::array<std::string_view, 3> ahead{};
            std::size_t n = 0;
            for (std::size_t a = i; a < m_words.size() && n < ahead.size(); ++a)
                ahead[n++] = lower(a);
            if (std::size_t words = stopPhrase(ahead.data(), n); words > 0) {
                i += words;
                continue;
            }
        }
        if (m_info[i].shape == Shape::Capital || m_info[i].shape == Shape::Initial) {
            i = tryRun(i, out);
            continue;
        }
        ++i;
    }
}

} // namespace

void findNames(std::string_view text, const Words& words, const WordList& dictionary, const Claims& claims,
               std::vector<PiiFinding>& out)
{
    NameFinder finder(text, words, dictionary, claims);
    finder.run(out);
}

} // namespace exchange::pii
