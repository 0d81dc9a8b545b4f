// Transcript search: an inverted index of folded words, phrases checked on the cues that
// hold all their words. Folding is our own table, made from Unicode's decompositions of
// the Latin letters (NFKD, marks dropped) with the letters that have none (ø, ł, ß, æ, œ,
// þ, đ, ħ ...) written out by hand.
#include "exchange/transcript_index.hpp"

#include <algorithm>
#include <array>
#include <numeric>

#include "exchange/transcript_detail.hpp"

namespace exchange {
namespace {

using transcript_detail::appendUtf8;

// U+00C0..U+024F; "" keeps the letter as written, " " separates words (× and ÷).
constexpr std::array<std::string_view, 400> kFoldLatin = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",  // U+00C0
    "d", "n", "o", "o", "o", "o", "o", " ", "o", "u", "u", "u", "u", "y", "th", "ss",  // U+00D0
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",  // U+00E0
    "d", "n", "o", "o", "o", "o", "o", " ", "o", "u", "u", "u", "u", "y", "th", "y",  // U+00F0
    "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",  // U+0100
    "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",  // U+0110
    "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",  // U+0120
    "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",  // U+0130
    "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",  // U+0140
    "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",  // U+0150
    "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",  // U+0160
    "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",  // U+0170
    "b", "b", "b", "b", "", "", "", "c", "c", "", "d", "d", "d", "", "", "",  // U+0180
    "", "f", "f", "g", "", "", "", "i", "k", "k", "l", "", "", "n", "n", "o",  // U+0190
    "o", "o", "", "", "p", "p", "", "", "", "", "", "t", "t", "t", "t", "u",  // U+01A0
    "u", "", "v", "y", "y", "z", "z", "", "", "", "", "", "", "", "", "",  // U+01B0
    "", "", "", "", "dz", "dz", "dz", "lj", "lj", "lj", "nj", "nj", "nj", "a", "a", "i",  // U+01C0
    "i", "o", "o", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "", "a", "a",  // U+01D0
    "a", "a", "ae", "ae", "g", "g", "g", "g", "k", "k", "o", "o", "o", "o", "", "",  // U+01E0
    "j", "dz", "dz", "dz", "g", "g", "", "", "n", "n", "a", "a", "ae", "ae", "o", "o",  // U+01F0
    "a", "a", "a", "a", "e", "e", "e", "e", "i", "i", "i", "i", "o", "o", "o", "o",  // U+0200
    "r", "r", "r", "r", "u", "u", "u", "u", "s", "s", "t", "t", "", "", "h", "h",  // U+0210
    "n", "d", "", "", "z", "z", "a", "a", "e", "e", "o", "o", "o", "o", "o", "o",  // U+0220
    "o", "o", "y", "y", "l", "n", "t", "j", "", "", "a", "c", "c", "l", "t", "s",  // U+0230
    "z", "", "", "b", "u", "", "e", "e", "j", "j", "q", "q", "r", "r", "y", "y",  // U+0240
};

// U+1E00..U+1EFF (Latin Extended Additional: Vietnamese, Welsh ŵ ŷ ...).
constexpr std::array<std::string_view, 256> kFoldLatinAdditional = {
    "a", "a", "b", "b", "b", "b", "b", "b", "c", "c", "d", "d", "d", "d", "d", "d",  // U+1E00
    "d", "d", "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "f", "f",  // U+1E10
    "g", "g", "h", "h", "h", "h", "h", "h", "h", "h", "h", "h", "i", "i", "i", "i",  // U+1E20
    "k", "k", "k", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l", "l", "m", "m",  // U+1E30
    "m", "m", "m", "m", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",  // U+1E40
    "o", "o", "o", "o", "p", "p", "p", "p", "r", "r", "r", "r", "r", "r", "r", "r",  // U+1E50
    "s", "s", "s", "s", "s", "s", "s", "s", "s", "s", "t", "t", "t", "t", "t", "t",  // U+1E60
    "t", "t", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "v", "v", "v", "v",  // U+1E70
    "w", "w", "w", "w", "w", "w", "w", "w", "w", "w", "x", "x", "x", "x", "y", "y",  // U+1E80
    "z", "z", "z", "z", "z", "z", "h", "t", "w", "y", "", "s", "s", "s", "ss", "",  // U+1E90
    "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a",  // U+1EA0
    "a", "a", "a", "a", "a", "a", "a", "a", "e", "e", "e", "e", "e", "e", "e", "e",  // U+1EB0
    "e", "e", "e", "e", "e", "e", "e", "e", "i", "i", "i", "i", "o", "o", "o", "o",  // U+1EC0
    "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o", "o",  // U+1ED0
    "o", "o", "o", "o", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u",  // U+1EE0
    "u", "u", "y", "y", "y", "y", "y", "y", "y", "y", "ll", "ll", "v", "v", "y", "y",  // U+1EF0
};

// The next code point of UTF-8 `s` at `i` (advancing i); a byte that starts no valid
// sequence counts as one code point U+FFFD, so any input is read to its end.
char32_t nextCodePoint(std::string_view s, std::size_t& i)
{
    auto b0 = static_cast<unsigned char>(s[i++]);
    if (b0 < 0x80)
        return b0;
    std::size_t need = b0 >= 0xF0 ? 3 : b0 >= 0xE0 ? 2 : b0 >= 0xC0 ? 1 : 0;
    if (need == 0 || b0 > 0xF4 || s.size() - i < need)
        return 0xFFFD;
    char32_t cp = b0 & (0x3Fu >> need);
    for (std::size_t k = 0; k < need; ++k) {
        auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xC0u) != 0x80u)
            return 0xFFFD;
        cp = (cp << 6) | (b & 0x3Fu);
    }
    i += need;
    return cp;
}

bool isApostrophe(char32_t cp) { return cp == '\'' || cp == 0x2019 || cp == 0x2018 || cp == 0x02BC; }

// Not part of a word: ASCII punctuation and spaces, Latin-1 signs, general punctuation,
// CJK punctuation, the byte order mark, U+FFFD.
bool separates(char32_t cp)
{
    if (cp < 0x80)
        return !((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'));
    return (cp >= 0x80 && cp <= 0xBF) || (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x2E00 && cp <= 0x2E7F) ||
           (cp >= 0x3000 && cp <= 0x303F) || cp == 0xFEFF || cp == 0xFFFD;
}

// Appends the folded form of a word character.
void appendFolded(std::string& word, char32_t cp)
{
    if (cp < 0x80) {
        word.push_back(static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp));
        return;
    }
    std::string_view folded;
    if (cp >= 0xC0 && cp < 0xC0 + kFoldLatin.size())
        folded = kFoldLatin[cp - 0xC0];
    else if (cp >= 0x1E00 && cp < 0x1E00 + kFoldLatinAdditional.size())
        folded = kFoldLatinAdditional[cp - 0x1E00];
    if (!folded.empty()) {
        word.append(folded);
        return;
    }
    if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2)   // Greek capitals
        cp += 0x20;
    else if (cp >= 0x410 && cp <= 0x42F)             // Cyrillic capitals А..Я
        cp += 0x20;
    else if (cp >= 0x400 && cp <= 0x40F)             // Ѐ..Џ
        cp += 0x50;
    appendUtf8(word, cp);
}

void endWord(std::vector<std::string>& words, std::string& word)
{
    while (!word.empty() && word.back() == '\'')
        word.pop_back();
    if (!word.empty())
        words.push_back(std::move(word));
    word.clear();
}

} // namespace

std::vector<std::string> searchWords(std::string_view text)
{
    std::vector<std::string> words;
    std::string word;
    for (std::size_t i = 0; i < text.size();) {
        char32_t cp = nextCodePoint(text, i);
        if (cp >= 0x300 && cp <= 0x36F)   // combining accents: é written as e + U+0301
            continue;
        // An apostrophe is kept only after a word character; endWord() drops one at the
        // end, so "rock 'n' roll" reads rock, n, roll.
        if (isApostrophe(cp)) {
            if (!word.empty())
                word.push_back('\'');
            continue;
        }
        std::string_view folded = cp >= 0xC0 && cp < 0xC0 + kFoldLatin.size() ? kFoldLatin[cp - 0xC0] : "";
        if (separates(cp) || folded == " ") {
            endWord(words, word);
            continue;
        }
        appendFolded(word, cp);
    }
    endWord(words, word);
    // A doubled apostrophe ("you''re") reads as one.
    for (std::string& w : words)
        w.erase(std::unique(w.begin(), w.end(), [](char a, char b) { return a == '\'' && b == '\''; }), w.end());
    return words;
}

TranscriptIndex TranscriptIndex::build(const std::vector<IndexedCue>& cues)
{
    std::vector<std::size_t> order(cues.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return cues[a].startUs != cues[b].startUs ? cues[a].startUs < cues[b].startUs : cues[a].id < cues[b].id;
    });
    TranscriptIndex index;
    index.m_ids.reserve(cues.size());
    index.m_wordsBegin.reserve(cues.size() + 1);
    index.m_wordsBegin.push_back(0);
    for (std::size_t rank = 0; rank < order.size(); ++rank) {
        const IndexedCue& cue = cues[order[rank]];
        index.m_ids.push_back(cue.id);
        for (std::string& w : searchWords(cue.text)) {
            auto [it, added] = index.m_numbers.try_emplace(std::move(w), static_cast<std::uint32_t>(index.m_postings.size()));
            if (added)
                index.m_postings.emplace_back();
            std::vector<std::uint32_t>& posting = index.m_postings[it->second];
            if (posting.empty() || posting.back() != rank)
                posting.push_back(static_cast<std::uint32_t>(rank));
            index.m_words.push_back(it->second);
        }
        index.m_wordsBegin.push_back(static_cast<std::uint32_t>(index.m_words.size()));
    }
    return index;
}

std::vector<std::int64_t> TranscriptIndex::search(std::string_view query) const
{
    std::vector<std::uint32_t> phrase;
    for (const std::string& w : searchWords(query)) {
        auto it = m_numbers.find(w);
        if (it == m_numbers.end())
            return {};
        phrase.push_back(it->second);
    }
    if (phrase.empty())
        return {};
    // Start from the rarest word's cues and keep those holding every other word.
    std::vector<std::uint32_t> byRarity = phrase;
    std::sort(byRarity.begin(), byRarity.end(),
              [&](std::uint32_t a, std::uint32_t b) { return m_postings[a].size() < m_postings[b].size(); });
    byRarity.erase(std::unique(byRarity.begin(), byRarity.end()), byRarity.end());
    std::vector<std::uint32_t> candidates = m_postings[byRarity.front()];
    for (std::size_t k = 1; k < byRarity.size() && !candidates.empty(); ++k) {
        const std::vector<std::uint32_t>& posting = m_postings[byRarity[k]];
        std::vector<std::uint32_t> kept;
        std::set_intersection(candidates.begin(), candidates.end(), posting.begin(), posting.end(),
                              std::back_inserter(kept));
        candidates.swap(kept);
    }
    std::vector<std::int64_t> ids;
    for (std::uint32_t c : candidates) {
        auto first = m_words.begin() + m_wordsBegin[c], last = m_words.begin() + m_wordsBegin[c + 1];
        if (phrase.size() == 1 || std::search(first, last, phrase.begin(), phrase.end()) != last)
            ids.push_back(m_ids[c]);
    }
    return ids;
}

} // namespace exchange
