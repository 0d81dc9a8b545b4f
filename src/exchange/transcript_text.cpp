// A cue's text as a person reads it: tags out, character references decoded.
//
// SRT has no standard; what players accept is a little HTML (<b> <i> <u> <s> <font>), ASS
// override blocks such as {\an8} and, from converters, escaped characters (&amp;). ffmpeg
// (libavcodec/htmlsubtitles.c) drops any <word ...> that ends before the line does and
// keeps a '<' that starts nothing; so do we, independently. ffmpeg leaves "&amp;" in SRT as
// written; we decode it, because a reader of a transcript never means the five letters.
//
// WebVTT follows its specification's tokenizer (W3C WebVTT, "cue text parsing rules"):
// each '<' opens a tag up to the next '>', whatever it holds, and "&name;" is a character
// reference. ffmpeg 5.1 decodes only &amp; &lt; &gt; &nbsp; &lrm; &rlm; and leaves
// "&eacute;" or "&#233;" as written; the specification decodes every HTML reference. We
// decode the numeric ones, and the named ones a transcript plausibly holds (Latin-1
// letters and signs, quotes, dashes), leaving rarer names as written.
#include <array>
#include <cstdint>
#include <utility>

#include "exchange/transcript_detail.hpp"

namespace exchange::transcript_detail {
namespace {

// HTML 4's names for U+00A0..U+00FF, in code point order.
constexpr std::array<std::string_view, 96> kLatin1Names = {
    "nbsp",   "iexcl",  "cent",   "pound",  "curren", "yen",    "brvbar", "sect",   "uml",    "copy",
    "ordf",   "laquo",  "not",    "shy",    "reg",    "macr",   "deg",    "plusmn", "sup2",   "sup3",
    "acute",  "micro",  "para",   "middot", "cedil",  "sup1",   "ordm",   "raquo",  "frac14", "frac12",
    "frac34", "iquest", "Agrave", "Aacute", "Acirc",  "Atilde", "Auml",   "Aring",  "AElig",  "Ccedil",
    "Egrave", "Eacute", "Ecirc",  "Euml",   "Igrave", "Iacute", "Icirc",  "Iuml",   "ETH",    "Ntilde",
    "Ograve", "Oacute", "Ocirc",  "Otilde", "Ouml",   "times",  "Oslash", "Ugrave", "Uacute", "Ucirc",
    "Uuml",   "Yacute", "THORN",  "szlig",  "agrave", "aacute", "acirc",  "atilde", "auml",   "aring",
    "aelig",  "ccedil", "egrave", "eacute", "ecirc",  "euml",   "igrave", "iacute", "icirc",  "iuml",
    "eth",    "ntilde", "ograve", "oacute", "ocirc",  "otilde", "ouml",   "divide", "oslash", "ugrave",
    "uacute", "ucirc",  "uuml",   "yacute", "thorn",  "yuml"};

constexpr std::array<std::pair<std::string_view, char32_t>, 20> kOtherNames = {{
    {"amp", U'&'},        {"lt", U'<'},         {"gt", U'>'},         {"quot", U'"'},
    {"apos", U'\''},      {"lrm", 0x200E},      {"rlm", 0x200F},      {"ndash", 0x2013},
    {"mdash", 0x2014},    {"lsquo", 0x2018},    {"rsquo", 0x2019},    {"sbquo", 0x201A},
    {"ldquo", 0x201C},    {"rdquo", 0x201D},    {"bdquo", 0x201E},    {"hellip", 0x2026},
    {"euro", 0x20AC},     {"OElig", 0x0152},    {"oelig", 0x0153},    {"bull", 0x2022},
}};

char32_t namedReference(std::string_view name)
{
    for (const auto& [n, cp] : kOtherNames)
        if (n == name)
            return cp;
    for (std::size_t i = 0; i < kLatin1Names.size(); ++i)
        if (kLatin1Names[i] == name)
            return static_cast<char32_t>(0xA0 + i);
    return 0;
}

bool isAsciiAlnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool isAsciiAlpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool isWebVttSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f';
}

bool equalsIgnoringCase(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z')
            x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = static_cast<char>(y - 'A' + 'a');
        if (x != y)
            return false;
    }
    return true;
}

// The voice's name from a <v ...> tag's inside ("v.loud Officer A"): what follows the
// first white space, references decoded, white space collapsed (the specification's
// annotation rule).
std::string voiceAnnotation(std::string_view tag)
{
    std::size_t p = 0;
    while (p < tag.size() && !isWebVttSpace(tag[p]))
        ++p;
    std::string decoded;
    for (std::size_t i = p; i < tag.size();) {
        if (tag[i] == '&' && decodeCharacterReference(tag, i, decoded))
            continue;
        decoded.push_back(isWebVttSpace(tag[i]) ? ' ' : tag[i]);
        ++i;
    }
    std::string name;
    for (char c : decoded) {
        if (c == ' ' && (name.empty() || name.back() == ' '))
            continue;
        name.push_back(c);
    }
    if (!name.empty() && name.back() == ' ')
        name.pop_back();
    return name;
}

} // namespace

bool decodeCharacterReference(std::string_view text, std::size_t& pos, std::string& out)
{
    std::size_t i = pos + 1;
    if (i < text.size() && text[i] == '#') {
        ++i;
        int base = 10;
        if (i < text.size() && (text[i] == 'x' || text[i] == 'X'))
            base = 16, ++i;
        std::size_t digits = i;
        std::uint32_t value = 0;
        bool tooLarge = false;
        // HTML reads every digit; a value past U+10FFFF stays too large however long.
        for (; i < text.size() && i - pos < 40; ++i) {
            int d = base == 16 ? hexValue(text[i]) : (text[i] >= '0' && text[i] <= '9' ? text[i] - '0' : -1);
            if (d < 0)
                break;
            if (!tooLarge)
                value = value * static_cast<std::uint32_t>(base) + static_cast<std::uint32_t>(d);
            tooLarge = tooLarge || value > 0x10FFFF;
        }
        if (i == digits)
            return false;
        if (i < text.size() && text[i] == ';')
            ++i;
        char32_t cp = value;
        // The HTML rules for numeric references: NUL, surrogates and values past Unicode
        // become U+FFFD; 0x80..0x9F mean the Windows-1252 characters.
        if (tooLarge || value == 0 || (value >= 0xD800 && value <= 0xDFFF))
            cp = 0xFFFD;
        else if (value >= 0x80 && value < 0xA0 && windows1252CodePoint(static_cast<unsigned char>(value)) != 0)
            cp = windows1252CodePoint(static_cast<unsigned char>(value));
        appendUtf8(out, cp);
        pos = i;
        return true;
    }
    std::size_t start = i;
    while (i < text.size() && i - start < 32 && isAsciiAlnum(text[i]))
        ++i;
    if (i == start || i >= text.size() || text[i] != ';')
        return false;
    char32_t cp = namedReference(text.substr(start, i - start));
    if (cp == 0)
        return false;
    appendUtf8(out, cp);
    pos = i + 1;
    return true;
}

std::string tidyLines(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos)
            end = text.size();
        std::size_t a = start, b = end;
        while (a < b && (text[a] == ' ' || text[a] == '\t'))
            ++a;
        while (b > a && (text[b - 1] == ' ' || text[b - 1] == '\t'))
            --b;
        if (b > a) {
            if (!out.empty())
                out.push_back('\n');
            out.append(text.substr(a, b - a));
        }
        start = end + 1;
    }
    return out;
}

CueText srtCueText(std::string_view raw)
{
    std::string out;
    out.reserve(raw.size());
    // Where the last search for a '}' gave up: a '{\' before it has no '}' either, so a
    // line of many "{\" is not searched again and again.
    std::size_t noBraceBefore = 0;
    for (std::size_t i = 0; i < raw.size();) {
        char c = raw[i];
        if (c == '{' && i + 1 < raw.size() && raw[i + 1] == '\\' && i >= noBraceBefore) {
            std::size_t close = raw.find_first_of("}\n", i + 2);
            if (close != std::string_view::npos && raw[close] == '}') {
                i = close + 1;
                continue;
            }
            noBraceBefore = close == std::string_view::npos ? raw.size() : close;
        } else if (c == '<' && !(i > 0 && raw[i - 1] == '<')) {
            // "<<" is ASCII for guillemets ("<<bonjour>>"), as ffmpeg also assumes.
            std::size_t j = i + 1;
            if (j < raw.size() && raw[j] == '/')
                ++j;
            if (j < raw.size() && isAsciiAlpha(raw[j])) {
                std::size_t k = j;
                while (k < raw.size() && (isAsciiAlnum(raw[k]) || raw[k] == '_' || raw[k] == '-' || raw[k] == ':'))
                    ++k;
                std::string_view name = raw.substr(j, k - j);
                // Attributes run to the '>'; a '<' or the end of the line first means this
                // was no tag. Each character is looked at a bounded number of times.
                if (k < raw.size() && (raw[k] == ' ' || raw[k] == '\t' || raw[k] == '/'))
                    k = raw.find_first_of("<>\n", k);
                if (k != std::string_view::npos && k < raw.size() && raw[k] == '>') {
                    if (equalsIgnoringCase(name, "br"))
                        out.push_back('\n');
                    i = k + 1;
                    continue;
                }
            }
        } else if (c == '&' && decodeCharacterReference(raw, i, out)) {
            continue;
        }
        out.push_back(c);
        ++i;
    }
    return CueText{tidyLines(out), {}};
}

CueText webVttCueText(std::string_view raw)
{
    CueText cue;
    std::string out;
    out.reserve(raw.size());
    bool voiceSeen = false;
    for (std::size_t i = 0; i < raw.size();) {
        char c = raw[i];
        if (c == '&' && decodeCharacterReference(raw, i, out))
            continue;
        if (c != '<') {
            out.push_back(c);
            ++i;
            continue;
        }
        std::size_t close = raw.find('>', i + 1);
        std::string_view tag = raw.substr(i + 1, (close == std::string_view::npos ? raw.size() : close) - i - 1);
        if (!voiceSeen && !tag.empty() && tag[0] == 'v' && (tag.size() == 1 || tag[1] == '.' || isWebVttSpace(tag[1]))) {
            voiceSeen = true;
            cue.speaker = voiceAnnotation(tag);
        }
        i = close == std::string_view::npos ? raw.size() : close + 1;
    }
    cue.text = tidyLines(out);
    return cue;
}

} // namespace exchange::transcript_detail
