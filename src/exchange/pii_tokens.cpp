// Splitting free text into words, and the claims that keep findings apart (pii_detail.hpp).
#include "exchange/pii_detail.hpp"

namespace exchange::pii {
namespace {

// U+2019 RIGHT SINGLE QUOTATION MARK, which word processors put in "O’Neil" and "don’t".
bool isCurlyApostrophe(std::string_view text, std::size_t at)
{
    return at + 2 < text.size() && static_cast<unsigned char>(text[at]) == 0xE2 &&
           static_cast<unsigned char>(text[at + 1]) == 0x80 && static_cast<unsigned char>(text[at + 2]) == 0x99;
}

} // namespace

Words tokenise(std::string_view text)
{
    Words words;
    words.list.reserve(text.size() / 6 + 1);
    words.lowerText.reserve(text.size());
    std::string& lower = words.lowerText;
    std::size_t i = 0;
    const std::size_t n = text.size();
    while (i < n) {
        if (!isAlnum(text[i])) {
            ++i;
            continue;
        }
        Word w;
        w.begin = i;
        w.lowerBegin = lower.size();
        while (i < n) {
            char c = text[i];
            if (isAlnum(c)) {
                lower += toLower(c);
                ++i;
                continue;
            }
            // A connector stays inside only between two letters.
            bool letterBefore = isLetter(text[i - 1]);
            std::size_t width = c == '\'' || c == '-' ? 1 : isCurlyApostrophe(text, i) ? 3 : 0;
            if (width == 0 || !letterBefore || i + width >= n || !isLetter(text[i + width]))
                break;
            lower += c == '-' ? '-' : '\'';
            i += width;
        }
        w.end = i;
        w.lowerEnd = lower.size();
        words.list.push_back(w);
    }
    return words;
}

bool Claims::any(std::size_t begin, std::size_t end) const
{
    for (std::size_t i = begin; i < end && i < m_taken.size(); ++i)
        if (m_taken[i])
            return true;
    return false;
}

void Claims::take(std::size_t begin, std::size_t end)
{
    for (std::size_t i = begin; i < end && i < m_taken.size(); ++i)
        m_taken[i] = 1;
}

} // namespace exchange::pii
