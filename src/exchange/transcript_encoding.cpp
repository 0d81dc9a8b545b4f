// Bytes of a transcript file to UTF-8 text with '\n' line endings.
//
// Why Windows-1252 is read rather than refused: SRT files written by Windows subtitle
// tools are very often Windows-1252 (pysrt's tests carry such a file), and a panel cannot
// be expected to re-encode evidence. The choice is made for the whole file, never per
// line: a file that is valid UTF-8 is UTF-8; a file with no valid multi-byte UTF-8
// sequence at all is Windows-1252 (a real Windows-1252 text practically never forms one,
// since its accented letters are followed by ASCII letters); a file with both valid
// UTF-8 sequences and bytes that are not UTF-8 mixes encodings and is refused, naming the
// line, because guessing there would silently change words. ffmpeg only reads UTF-8 unless
// told `-sub_charenc CP1252`; the tests compare with that.
#include <cstdint>

#include "exchange/transcript_detail.hpp"

namespace exchange::transcript_detail {
namespace {

// Windows-1252 0x80..0x9F (from the code page's published table); 0 where undefined.
constexpr char32_t kWindows1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

// Length of the valid UTF-8 sequence starting at s[i] (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF), or 0 when none starts there.
std::size_t utf8SequenceLength(std::string_view s, std::size_t i)
{
    auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80)
        return 1;
    std::size_t need = 0;
    char32_t cp = 0, least = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        need = 2, cp = b0 & 0x1Fu, least = 0x80;
    } else if ((b0 & 0xF0u) == 0xE0u) {
        need = 3, cp = b0 & 0x0Fu, least = 0x800;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        need = 4, cp = b0 & 0x07u, least = 0x10000;
    } else {
        return 0;
    }
    if (s.size() - i < need)
        return 0;
    for (std::size_t k = 1; k < need; ++k) {
        auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xC0u) != 0x80u)
            return 0;
        cp = (cp << 6) | (b & 0x3Fu);
    }
    if (cp < least || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return need;
}

// 1-based line of byte `offset`, counting CRLF, CR and LF each as one line ending.
std::size_t lineAt(std::string_view s, std::size_t offset)
{
    std::size_t line = 1;
    for (std::size_t i = 0; i < offset && i < s.size(); ++i) {
        if (s[i] == '\n')
            ++line;
        else if (s[i] == '\r' && !(i + 1 < s.size() && s[i + 1] == '\n'))
            ++line;
    }
    return line;
}

common::Error refuse(std::string_view fileName, std::size_t line, const std::string& what)
{
    return common::makeError(common::ErrorCode::InvalidInput, "line " + std::to_string(line) + ": " + what,
                             std::string(fileName));
}

const std::string kSaveAsUtf8 = "save the file as UTF-8 and import it again";

// UTF-16 (after its byte order mark) to UTF-8, line endings untouched.
common::Result<std::string> fromUtf16(std::string_view units, bool bigEndian, std::string_view fileName)
{
    std::string out;
    out.reserve(units.size());
    auto unitAt = [&](std::size_t i) -> char32_t {
        auto a = static_cast<unsigned char>(units[i]), b = static_cast<unsigned char>(units[i + 1]);
        return bigEndian ? (char32_t(a) << 8 | b) : (char32_t(b) << 8 | a);
    };
    std::size_t i = 0;
    for (; i + 1 < units.size(); i += 2) {
        char32_t u = unitAt(i);
        if (u >= 0xD800 && u <= 0xDBFF && i + 3 < units.size()) {
            char32_t low = unitAt(i + 2);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                appendUtf8(out, 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00));
                i += 2;
                continue;
            }
        }
        if (u >= 0xD800 && u <= 0xDFFF)
            return refuse(fileName, lineAt(out, out.size()),
                          "the UTF-16 text is damaged (half of a character pair); " + kSaveAsUtf8);
        appendUtf8(out, u);
    }
    if (i < units.size())
        return refuse(fileName, lineAt(out, out.size()), "the UTF-16 text ends in half a character; " + kSaveAsUtf8);
    return out;
}

// Line endings to '\n' and NUL to U+FFFD, in one pass.
std::string normalise(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '\r') {
            out.push_back('\n');
            if (i + 1 < s.size() && s[i + 1] == '\n')
                ++i;
        } else if (c == '\0') {
            out += "\xEF\xBF\xBD";
        } else {
            out.push_back(c);
        }
    }
    return out;
}

} // namespace

char32_t windows1252CodePoint(unsigned char byte)
{
    if (byte >= 0x80 && byte < 0xA0)
        return kWindows1252High[byte - 0x80];
    return byte;
}

void appendUtf8(std::string& out, char32_t cp)
{
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

common::Result<DecodedText> decodeTranscriptBytes(std::string_view bytes, std::string_view fileName)
{
    auto startsWith = [&](std::string_view mark) { return bytes.substr(0, mark.size()) == mark; };
    if (startsWith("\xFF\xFE") || startsWith("\xFE\xFF")) {
        bool bigEndian = bytes[0] == '\xFE';
        auto utf8 = fromUtf16(bytes.substr(2), bigEndian, fileName);
        if (!utf8)
            return utf8.error();
        return DecodedText{normalise(*utf8), bigEndian ? TranscriptEncoding::Utf16Be : TranscriptEncoding::Utf16Le};
    }
    bool markedUtf8 = startsWith("\xEF\xBB\xBF");
    std::string_view body = markedUtf8 ? bytes.substr(3) : bytes;

    std::size_t firstBad = std::string_view::npos, multiByte = 0;
    for (std::size_t i = 0; i < body.size();) {
        std::size_t n = utf8SequenceLength(body, i);
        if (n == 0) {
            if (firstBad == std::string_view::npos)
                firstBad = i;
            ++i;
            continue;
        }
        multiByte += n > 1;
        i += n;
    }
    if (firstBad == std::string_view::npos)
        return DecodedText{normalise(body), TranscriptEncoding::Utf8};
    if (markedUtf8)
        return refuse(fileName, lineAt(body, firstBad),
                      "the text is not UTF-8 although the file begins with UTF-8's byte order mark; " + kSaveAsUtf8);
    if (multiByte > 0)
        return refuse(fileName, lineAt(body, firstBad),
                      "the text is not UTF-8 (the file mixes UTF-8 with another encoding); " + kSaveAsUtf8);

    std::string utf8;
    utf8.reserve(body.size() + body.size() / 8);
    for (std::size_t i = 0; i < body.size(); ++i) {
        auto b = static_cast<unsigned char>(body[i]);
        char32_t cp = windows1252CodePoint(b);
        if (cp == 0 && b != 0) {
            static constexpr char kHex[] = "0123456789ABCDEF";
            std::string hex = {'0', 'x', kHex[b >> 4], kHex[b & 15]};
            return refuse(fileName, lineAt(body, i),
                          "byte " + hex + " is neither UTF-8 nor Windows-1252 text; " + kSaveAsUtf8);
        }
        appendUtf8(utf8, cp);
    }
    return DecodedText{normalise(utf8), TranscriptEncoding::Windows1252};
}

} // namespace exchange::transcript_detail
