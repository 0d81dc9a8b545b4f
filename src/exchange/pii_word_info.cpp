// Describing words for the name check (pii_word_info.hpp).
#include "exchange/pii_word_info.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace exchange::pii {
namespace {

struct Context {
    std::string_view text;
    const Words& words;
    const WordList& dictionary;
    const Claims& claims;
    std::vector<WordInfo>& info;

    std::string_view word(std::size_t i) const
    {
        return text.substr(words.list[i].begin, words.list[i].end - words.list[i].begin);
    }
    std::string_view lower(std::size_t i) const { return words.lower(i); }
    std::string_view gap(std::size_t i) const
    {
        std::size_t from = i == 0 ? 0 : words.list[i - 1].end;
        return text.substr(from, words.list[i].begin - from);
    }
};

bool endsWithPossessive(std::string_view lower)
{
    return lower.size() > 2 && lower[lower.size() - 2] == '\'' && lower.back() == 's';
}

bool isContraction(std::string_view lower)
{
    std::size_t q = lower.rfind('\'');
    if (q == std::string_view::npos)
        return false;
    std::string_view tail = lower.substr(q + 1);
    return tail == "t" || tail == "m" || tail == "ll" || tail == "ve" || tail == "re" || tail == "d";
}

// One part of a capitalised word (between hyphens) shaped like a name: "Ahmed", "O'Neil",
// "D'Souza", "McDonald", "MacLeod", "DeShawn"; not "WhatsApp", "PCs", "I'm".
bool namePart(std::string_view part)
{
    if (part.size() < 2 || !isUpper(part[0]))
        return false;
    std::size_t at = 1;
    if (part[1] == '\'') { // O'Neil
        if (part.size() < 4 || !isUpper(part[2]))
            return false;
        at = 3;
    } else {
        static constexpr std::array kPrefixes = {"Mc", "Mac", "Fitz", "De", "Di", "Da", "La", "Le", "Van", "Von"};
        for (std::string_view prefix : kPrefixes)
            if (part.size() > prefix.size() + 1 && part.substr(0, prefix.size()) == prefix &&
                isUpper(part[prefix.size()])) {
                at = prefix.size() + 1;
                break;
            }
    }
    if (at >= part.size())
        return false;
    for (std::size_t i = at; i < part.size(); ++i)
        if (!isLower(part[i]))
            return false;
    return true;
}

WordClass combine(WordClass a, WordClass b)
{
    auto rank = [](WordClass c) { return c == WordClass::Unknown || c == WordClass::Proper ? 2 : c == WordClass::Both; };
    return rank(b) > rank(a) ? b : a;
}

void describe(std::size_t i, Context& c)
{
    WordInfo& info = c.info[i];
    std::string_view w = c.word(i);
    std::string_view lw = c.lower(i);
    info.coreEnd = c.words.list[i].end;
    info.claimed = c.claims.any(c.words.list[i].begin, c.words.list[i].end);

    std::string_view g = c.gap(i);
    bool spacesOnly = !g.empty() && g.size() <= 3 && g.find_first_not_of(" \t") == std::string_view::npos;
    bool initialStop = i > 0 && c.info[i - 1].shape == Shape::Initial && (g == "." || g == ". ");
    info.joined = i > 0 && (spacesOnly || initialStop);
    // Glued to the previous word by ".", "/", "_", "@" or ":": a code id, a path, a time.
    if (i > 0 && !g.empty() && g.find_first_of(" \t\r\n") == std::string_view::npos &&
        g.find_first_of("./_@:\\") != std::string_view::npos) {
        info.code = true;
        c.info[i - 1].code = true;
    }
    if (i == 0 || g.find_first_of("\r\n") != std::string_view::npos) {
        info.sentenceStart = true;
    } else {
        std::size_t last = g.find_last_not_of(" \t");
        if (last != std::string_view::npos) {
            char mark = g[last];
            if (mark == '!' || mark == '?' || mark == ';' || mark == ':' || mark == '"' ||
                static_cast<unsigned char>(mark) >= 0x80)
                info.sentenceStart = true;
            else if (mark == '.')
                info.sentenceStart = last + 1 < g.size() && !isAbbreviation(c.lower(i - 1)) && c.lower(i - 1).size() > 1;
        }
    }

    if (w.size() == 1 && isUpper(w[0])) {
        info.shape = Shape::Initial;
        return;
    }
    bool digits = !w.empty() && isDigit(w[0]);
    if (digits) {
        std::size_t d = 0;
        while (d < w.size() && isDigit(w[d]))
            ++d;
        std::size_t letters = w.size() - d;
        bool upperTail = std::all_of(w.begin() + static_cast<std::ptrdiff_t>(d), w.end(), isUpper);
        if (d >= 3 && d <= 6 && letters <= 2 && upperTail)
            info.shape = Shape::Number;
        return;
    }
    if (isContraction(lw))
        return;
    std::string_view core = w;
    std::string_view coreLower = lw;
    if (endsWithPossessive(lw)) {
        std::size_t cut = w.size() >= 3 && static_cast<unsigned char>(w[w.size() - 2]) == 0x99 ? 4 : 2;
        core = w.substr(0, w.size() - cut);
        coreLower = lw.substr(0, lw.size() - 2);
        info.coreEnd = c.words.list[i].end - cut;
    }
    // Stops are looked up as typed ("McDonald's", a brand) and without the possessive.
    info.stop = stopWord(lw);
    if (info.stop == Stop::None)
        info.stop = stopWord(coreLower);
    // "Americans", "Muslims": the plural of a stop is one.
    if (info.stop == Stop::None && coreLower.size() > 3 && coreLower.back() == 's')
        info.stop = stopWord(coreLower.substr(0, coreLower.size() - 1));
    if (core.size() >= 2 && std::all_of(core.begin(), core.end(), isUpper)) {
        info.shape = Shape::Caps;
        return;
    }
    if (std::all_of(core.begin(), core.end(), [](char c) { return isLower(c) || c == '\'' || c == '-'; })) {
        info.shape = Shape::Lower;
        info.cls = coreLower.find_first_of("'-") == std::string_view::npos ? c.dictionary.classify(coreLower)
                                                                          : WordClass::English;
        return;
    }
    // Each hyphenated part must be shaped like a name ("Smith-Jones"; not "Stop-search").
    // The curly apostrophe is three bytes in the text and one in `lower`: parts are checked
    // on the text, classified on the lower-case copy.
    WordClass cls = WordClass::English;
    std::size_t from = 0;
    std::size_t lowerFrom = 0;
    while (from <= core.size()) {
        std::size_t end = core.find('-', from);
        if (end == std::string_view::npos)
            end = core.size();
        std::size_t lowerEnd = coreLower.find('-', lowerFrom);
        if (lowerEnd == std::string_view::npos)
            lowerEnd = coreLower.size();
        // "O’Neil": the curly apostrophe (three bytes, the only ones outside ASCII a word
        // holds) as "'" for the shape check.
        std::string part;
        for (char c : core.substr(from, end - from))
            if (static_cast<unsigned char>(c) < 0x80)
                part += c;
            else if (static_cast<unsigned char>(c) == 0x99)
                part += '\'';
        if (!namePart(part))
            return;
        std::string_view partLower = coreLower.substr(lowerFrom, lowerEnd - lowerFrom);
        Stop stop = stopWord(partLower);
        if ((stop == Stop::Hard || stop == Stop::Place) && info.stop == Stop::None)
            info.stop = stop;
        // "O'Neil" is not in the list as a word of letters: a name.
        WordClass partClass = part.find('\'') != std::string::npos ? WordClass::Unknown : c.dictionary.classify(part);
        cls = from == 0 ? partClass : combine(cls, partClass);
        from = end + 1;
        lowerFrom = lowerEnd + 1;
    }
    info.shape = Shape::Capital;
    info.cls = cls;
}

} // namespace

std::vector<WordInfo> describeWords(std::string_view text, const Words& words, const WordList& dictionary,
                                    const Claims& claims)
{
    std::vector<WordInfo> info(words.list.size());
    Context c{text, words, dictionary, claims, info};
    for (std::size_t i = 0; i < words.list.size(); ++i)
        describe(i, c);
    return info;
}

} // namespace exchange::pii
