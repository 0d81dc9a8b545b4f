// SRT and WebVTT into cues (issue 14). Read line by line over the decoded text, one pass,
// no recursion; the only step above linear is sorting the time view.
//
// Where we depart from ffmpeg 5.1, and why (each is pinned by a test in
// tests/exchange/transcript_ffmpeg_test.cpp or transcript_parser_test.cpp):
//  - a time that cannot be read, or a cue that ends before it starts, is refused with the
//    line; ffmpeg reads "00:00:01,5" as 5 ms and "00:75:00,000" as 75 minutes, and stops
//    reading a WebVTT file at its first bad cue; the WebVTT specification skips the cue.
//    For evidence neither a wrong time nor a silently missing line will do.
//  - empty cues are kept (ffmpeg drops them; the specification keeps them), and so are exact
//    duplicates (ffmpeg drops them): the file has them, and the numbering stays the file's.
//  - WebVTT STYLE and REGION blocks are skipped as the specification says; ffmpeg stops
//    reading at the first one. WebVTT with CR line endings is read as the specification
//    says; ffmpeg runs such lines together.
//  - ffmpeg leaves SRT's "&amp;" as written and decodes few WebVTT references
//    (transcript_text.cpp); WebVTT in UTF-16 is read (the specification knows only UTF-8,
//    ffmpeg finds no WEBVTT line in it), since its text cannot be mistaken.
//  - SRT blank lines inside a cue's text and a missing blank line before the next cue are
//    read as ffmpeg reads them: a cue's text runs until the next line of times, and a
//    number just before that line is the next cue's number.
#include "exchange/transcript_parser.hpp"

#include <algorithm>
#include <exception>
#include <new>
#include <optional>

#include "exchange/transcript_detail.hpp"

namespace exchange {
namespace {

using namespace transcript_detail;

constexpr std::size_t kMaxWarnings = 20;
constexpr std::size_t kMaxHourDigits = 8;   // 99,999,999 hours: far past any recording, no overflow

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isBlank(char c) { return c == ' ' || c == '\t' || c == '\f'; }

std::string_view trim(std::string_view s)
{
    while (!s.empty() && isBlank(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && isBlank(s.back()))
        s.remove_suffix(1);
    return s;
}

bool isCueNumber(std::string_view line)
{
    line = trim(line);
    return !line.empty() && line.size() <= 18 && std::all_of(line.begin(), line.end(), isDigit);
}

// At most 40 bytes of `s` for a message, cut on a character boundary.
std::string quoted(std::string_view s)
{
    std::string out = "\"";
    if (s.size() <= 40) {
        out.append(s);
    } else {
        std::size_t cut = 37;
        while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0u) == 0x80u)
            --cut;
        out.append(s.substr(0, cut)).append("...");
    }
    return out + "\"";
}

std::string twoDigits(std::int64_t v) { return (v < 10 ? "0" : "") + std::to_string(v); }

// 00:01:02,500 (SRT) or 00:01:02.500 (WebVTT).
std::string formatTime(std::int64_t us, TranscriptFormat format)
{
    std::int64_t ms = us / 1000;
    std::string frac = std::to_string(ms % 1000);
    frac.insert(0, 3 - frac.size(), '0');
    return twoDigits(ms / 3600000) + ":" + twoDigits(ms / 60000 % 60) + ":" + twoDigits(ms / 1000 % 60) +
           (format == TranscriptFormat::Srt ? "," : ".") + frac;
}

// What the writer of an unreadable time most likely meant, from its digit groups:
// "00:01:02.5x0" -> 00:01:02,500, "1:02,5" -> 00:01:02,500 (SRT), 01:02.500 (WebVTT);
// or an example of the form when the groups make no time.
std::string suggestTime(std::string_view token, TranscriptFormat format)
{
    std::vector<std::string_view> groups;
    std::size_t colons = 0;
    for (std::size_t i = 0; i < token.size() && groups.size() < 4;) {
        if (!isDigit(token[i])) {
            colons += token[i] == ':' && groups.size() < 3;
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < token.size() && isDigit(token[j]))
            ++j;
        groups.push_back(token.substr(i, j - i));
        i = j;
    }
    const bool srt = format == TranscriptFormat::Srt;
    std::string example = srt ? "write times as 00:01:02,500" : "write times as 00:01:02.500 or 01:02.500";
    std::size_t hms = colons >= 2 ? 3 : colons == 1 ? 2 : 0;
    if (hms == 0 || groups.size() < hms)
        return example;
    auto number = [](std::string_view g) -> std::optional<std::int64_t> {
        if (g.size() > kMaxHourDigits)
            return std::nullopt;
        std::int64_t v = 0;
        for (char c : g)
            v = v * 10 + (c - '0');
        return v;
    };
    auto h = hms == 3 ? number(groups[0]) : std::optional<std::int64_t>(0);
    auto m = number(groups[hms - 2]), s = number(groups[hms - 1]);
    if (!h || !m || !s || *m > 59 || *s > 59)
        return example;
    std::string frac = groups.size() > hms ? std::string(groups[hms].substr(0, 3)) : "";
    frac.append(3 - frac.size(), '0');
    std::int64_t us = ((*h * 60 + *m) * 60 + *s) * 1000000 + std::stoll(frac) * 1000;
    std::string text = formatTime(us, format);
    if (!srt && *h == 0 && hms == 2)
        text = text.substr(3);
    return "write it as " + text;
}

// SRT time: H:MM:SS,mmm with one or more hour digits, one or two minute and second digits,
// a comma or a period, exactly three millisecond digits; the whole token.
std::optional<std::int64_t> parseSrtTime(std::string_view t)
{
    std::size_t i = 0;
    auto digits = [&](std::size_t least, std::size_t most) -> std::optional<std::int64_t> {
        std::size_t start = i;
        std::int64_t v = 0;
        while (i < t.size() && isDigit(t[i]) && i - start < most)
            v = v * 10 + (t[i++] - '0');
        if (i - start < least || (i < t.size() && isDigit(t[i])))
            return std::nullopt;
        return v;
    };
    auto h = digits(1, kMaxHourDigits);
    if (!h || i >= t.size() || t[i++] != ':')
        return std::nullopt;
    auto m = digits(1, 2);
    if (!m || i >= t.size() || t[i++] != ':')
        return std::nullopt;
    auto s = digits(1, 2);
    if (!s || i >= t.size() || (t[i] != ',' && t[i] != '.'))
        return std::nullopt;
    ++i;
    auto ms = digits(3, 3);
    if (!ms || i != t.size() || *m > 59 || *s > 59)
        return std::nullopt;
    return ((*h * 60 + *m) * 60 + *s) * 1000000 + *ms * 1000;
}

// WebVTT time by the specification's "collect a WebVTT timestamp": [hours:]MM:SS.mmm,
// hours one or more digits, minutes and seconds two, milliseconds three. Advances pos.
std::optional<std::int64_t> parseWebVttTime(std::string_view t, std::size_t& pos)
{
    auto digits = [&](std::size_t& count) -> std::optional<std::int64_t> {
        std::int64_t v = 0;
        count = 0;
        while (pos < t.size() && isDigit(t[pos])) {
            if (++count > kMaxHourDigits)
                return std::nullopt;
            v = v * 10 + (t[pos++] - '0');
        }
        return count ? std::optional(v) : std::nullopt;
    };
    std::size_t n = 0;
    auto v1 = digits(n);
    if (!v1)
        return std::nullopt;
    bool hours = n != 2 || *v1 > 59;
    if (pos >= t.size() || t[pos++] != ':')
        return std::nullopt;
    auto v2 = digits(n);
    if (!v2 || n != 2)
        return std::nullopt;
    std::int64_t h = 0, m = *v1, s = *v2;
    if (hours || (pos < t.size() && t[pos] == ':')) {
        if (pos >= t.size() || t[pos++] != ':')
            return std::nullopt;
        auto v3 = digits(n);
        if (!v3 || n != 2)
            return std::nullopt;
        h = *v1, m = *v2, s = *v3;
    }
    if (pos >= t.size() || t[pos++] != '.')
        return std::nullopt;
    auto ms = digits(n);
    if (!ms || n != 3 || m > 59 || s > 59)
        return std::nullopt;
    return ((h * 60 + m) * 60 + s) * 1000000 + *ms * 1000;
}

struct Times {
    std::int64_t startUs = 0, endUs = 0;
    std::string settings;
};

class Reader {
public:
    Reader(std::string_view text, std::string_view fileName, TranscriptFormat format)
        : m_fileName(fileName), m_format(format)
    {
        for (std::size_t start = 0; start <= text.size();) {
            std::size_t end = text.find('\n', start);
            if (end == std::string_view::npos)
                end = text.size();
            m_lines.push_back(text.substr(start, end - start));
            start = end + 1;
        }
        // A final line ending makes no line of its own.
        if (m_lines.size() > 1 && m_lines.back().empty())
            m_lines.pop_back();
    }

    common::Result<Transcript> srt();
    common::Result<Transcript> webVtt();

private:
    common::Error refuse(std::size_t line, const std::string& what) const
    {
        return common::makeError(common::ErrorCode::InvalidInput, "line " + std::to_string(line + 1) + ": " + what,
                                 m_fileName);
    }
    common::Result<Times> srtTimes(std::size_t line) const;
    common::Result<Times> webVttTimes(std::size_t line) const;
    common::Status checkOrder(const Times& t, std::size_t line) const;
    common::Status addCue(TranscriptCue cue);
    void warn(std::size_t line, const std::string& what);
    common::Result<Transcript> finish();

    std::string m_fileName;
    TranscriptFormat m_format;
    std::vector<std::string_view> m_lines;
    std::vector<TranscriptCue> m_cues;
    std::vector<std::string> m_warnings;
    std::size_t m_unsaidWarnings = 0;
};

common::Status Reader::checkOrder(const Times& t, std::size_t line) const
{
    if (t.endUs < t.startUs)
        return refuse(line, "the cue ends at " + formatTime(t.endUs, m_format) + ", before it starts at " +
                                formatTime(t.startUs, m_format) + " (swap or correct the two times)");
    return {};
}

common::Result<Times> Reader::srtTimes(std::size_t line) const
{
    std::string_view text = trim(m_lines[line]);
    std::size_t arrow = text.find("-->");
    std::string_view left = trim(text.substr(0, arrow));
    std::string_view right = trim(text.substr(arrow + 3));
    std::size_t space = right.find_first_of(" \t\f");
    std::string_view endToken = right.substr(0, space);
    Times t;
    if (space != std::string_view::npos)
        t.settings = std::string(trim(right.substr(space)));
    for (int side = 0; side < 2; ++side) {
        std::string_view token = side == 0 ? left : endToken;
        if (token.empty())
            return refuse(line, quoted(text) + " lacks a time on one side of \"-->\" (write times as "
                                "00:00:01,000 --> 00:00:02,500)");
        auto us = parseSrtTime(token);
        if (!us)
            return refuse(line, quoted(token) + " is not a time (" + suggestTime(token, m_format) + ")");
        (side == 0 ? t.startUs : t.endUs) = *us;
    }
    if (auto ordered = checkOrder(t, line); !ordered)
        return ordered.error();
    return t;
}

common::Result<Times> Reader::webVttTimes(std::size_t line) const
{
    std::string_view text = m_lines[line];
    std::size_t pos = 0;
    Times t;
    for (int side = 0; side < 2; ++side) {
        while (pos < text.size() && isBlank(text[pos]))
            ++pos;
        std::size_t start = pos;
        auto us = parseWebVttTime(text, pos);
        if (!us) {
            std::size_t end = text.find_first_of(" \t\f", start);
            std::string_view token = text.substr(start, std::min(end, text.find("-->", start)) - start);
            if (token.empty())
                return refuse(line, quoted(trim(text)) + " lacks a time on one side of \"-->\" (write times as "
                                    "00:01.000 --> 00:02.500)");
            return refuse(line, quoted(token) + " is not a time (" + suggestTime(token, m_format) + ")");
        }
        (side == 0 ? t.startUs : t.endUs) = *us;
        if (side == 1)
            break;
        while (pos < text.size() && isBlank(text[pos]))
            ++pos;
        if (text.substr(pos, 3) != "-->")
            return refuse(line, quoted(trim(text)) + " is not a cue's times (write them as 00:01.000 --> 00:02.500)");
        pos += 3;
    }
    t.settings = std::string(trim(text.substr(pos)));
    if (auto ordered = checkOrder(t, line); !ordered)
        return ordered.error();
    return t;
}

common::Status Reader::addCue(TranscriptCue cue)
{
    if (m_cues.size() >= kMaxTranscriptCues)
        return refuse(cue.line - 1, "the file holds more than " + std::to_string(kMaxTranscriptCues) +
                                        " cues, more than any recording's transcript; split it or check it is a transcript");
    cue.index = m_cues.size();
    m_cues.push_back(std::move(cue));
    return {};
}

void Reader::warn(std::size_t line, const std::string& what)
{
    if (m_warnings.size() < kMaxWarnings)
        m_warnings.push_back("line " + std::to_string(line + 1) + ": " + what);
    else
        ++m_unsaidWarnings;
}

common::Result<Transcript> Reader::finish()
{
    if (m_cues.empty())
        return common::makeError(common::ErrorCode::InvalidInput,
                                 m_format == TranscriptFormat::Srt
                                     ? "the file holds no subtitles (no line of times such as 00:00:01,000 --> 00:00:02,500)"
                                     : "the WebVTT file holds no cues",
                                 m_fileName);
    if (m_unsaidWarnings)
        m_warnings.push_back("and " + std::to_string(m_unsaidWarnings) + " more lines like these");
    Transcript t;
    t.fileName = m_fileName;
    t.format = m_format;
    t.cues = std::move(m_cues);
    t.warnings = std::move(m_warnings);
    t.byTime.resize(t.cues.size());
    for (std::size_t i = 0; i < t.byTime.size(); ++i)
        t.byTime[i] = i;
    std::stable_sort(t.byTime.begin(), t.byTime.end(),
                     [&](std::size_t a, std::size_t b) { return t.cues[a].startUs < t.cues[b].startUs; });
    return t;
}

// SRT blocks are number, times, text, blank line; in practice numbers go missing, blank
// lines go missing or appear inside text. A line of times is one holding "-->" that starts
// with a digit or follows a cue number (any "-->" line before the first cue): a cue's text
// runs from it to the next such line, less trailing blank lines and the next cue's number.
common::Result<Transcript> Reader::srt()
{
    std::optional<TranscriptCue> open;
    std::vector<std::string_view> text;   // lines of the open cue
    constexpr std::size_t kNone = std::string_view::npos;
    std::size_t number = kNone;           // line of a cue number before the first cue
    auto close = [&]() -> common::Status {
        while (!text.empty() && trim(text.back()).empty())
            text.pop_back();
        std::string raw;
        for (std::size_t i = 0; i < text.size(); ++i)
            raw.append(i ? "\n" : "").append(text[i]);
        open->text = srtCueText(raw).text;
        open->rawText = std::move(raw);
        text.clear();
        return addCue(std::move(*open));
    };
    for (std::size_t i = 0; i < m_lines.size(); ++i) {
        std::string_view line = m_lines[i];
        bool afterNumber = i > 0 && isCueNumber(m_lines[i - 1]);
        bool times = line.find("-->") != std::string_view::npos &&
                     (!open || afterNumber || isDigit(trim(line).empty() ? ' ' : trim(line).front()));
        if (!times) {
            if (open)
                text.push_back(line);
            else if (number != kNone && trim(line).empty())
                continue;
            else if (number != kNone)
                return refuse(i, quoted(trim(line)) + " is not the times of cue " + std::string(trim(m_lines[number])) +
                                     " (write them as 00:00:01,000 --> 00:00:02,500)");
            else if (isCueNumber(line))
                number = i;
            else if (!trim(line).empty())
                return refuse(i, quoted(trim(line)) + " is not a cue number or a cue's times (an SRT cue begins "
                                                      "with its number, then a line such as 00:00:01,000 --> 00:00:02,500)");
            continue;
        }
        auto t = srtTimes(i);
        if (!t)
            return t.error();
        TranscriptCue cue;
        if (!open && number != kNone) {
            cue.identifier = std::string(trim(m_lines[number]));
        } else if (afterNumber) {
            cue.identifier = std::string(trim(m_lines[i - 1]));
            if (!text.empty())
                text.pop_back();
        }
        if (open)
            if (auto added = close(); !added)
                return added.error();
        cue.startUs = t->startUs;
        cue.endUs = t->endUs;
        cue.settings = std::move(t->settings);
        cue.line = i + 1;
        open = std::move(cue);
        number = kNone;
    }
    if (number != kNone)
        return refuse(number, "cue " + std::string(trim(m_lines[number])) + " has no times (write them as "
                                                                                  "00:00:01,000 --> 00:00:02,500)");
    if (open)
        if (auto added = close(); !added)
            return added.error();
    return finish();
}

// The specification's parser ("WebVTT parser algorithm", "collect a WebVTT block"): after
// the WEBVTT line and its header, blocks are separated by blank lines; a block whose first
// or second line holds "-->" is a cue (the first line then being its identifier), a later
// "-->" line begins the next block. NOTE, STYLE and REGION blocks are not cues.
common::Result<Transcript> Reader::webVtt()
{
    std::size_t i = 1;
    // The header: lines after WEBVTT up to a blank line, or up to a line of times.
    while (i < m_lines.size() && !m_lines[i].empty() && m_lines[i].find("-->") == std::string_view::npos)
        ++i;
    while (i < m_lines.size()) {
        if (m_lines[i].empty()) {
            ++i;
            continue;
        }
        std::size_t first = i;
        std::optional<TranscriptCue> cue;
        std::string buffer;
        std::size_t count = 0;
        for (; i < m_lines.size(); ++i, ++count) {
            std::string_view line = m_lines[i];
            if (line.find("-->") != std::string_view::npos) {
                if (count == 0 || (count == 1 && !cue)) {
                    auto t = webVttTimes(i);
                    if (!t)
                        return t.error();
                    cue.emplace();
                    cue->identifier = std::move(buffer);
                    buffer.clear();
                    cue->startUs = t->startUs;
                    cue->endUs = t->endUs;
                    cue->settings = std::move(t->settings);
                    cue->line = i + 1;
                    continue;
                }
                break;
            }
            if (line.empty()) {
                ++i;
                break;
            }
            // Lines here are never empty, so an empty buffer means a first line.
            buffer.append(buffer.empty() ? "" : "\n").append(line);
        }
        if (cue) {
            CueText clean = webVttCueText(buffer);
            cue->text = std::move(clean.text);
            cue->speaker = std::move(clean.speaker);
            cue->rawText = std::move(buffer);
            if (auto added = addCue(std::move(*cue)); !added)
                return added.error();
            continue;
        }
        std::string_view head = m_lines[first];
        auto starts = [&](std::string_view word) {
            return head.substr(0, word.size()) == word && (head.size() == word.size() || isBlank(head[word.size()]));
        };
        if (starts("NOTE") || starts("STYLE") || starts("REGION"))
            continue;
        // Only text is worth a warning: a block of spaces (Netflix writes them) says nothing.
        for (std::size_t k = first; k < i; ++k)
            if (!trim(m_lines[k]).empty()) {
                warn(k, quoted(trim(m_lines[k])) + " is not part of any cue (it has no line of times before it), "
                                                   "so it was left out");
                break;
            }
    }
    return finish();
}

common::Result<Transcript> parse(std::string_view bytes, std::string_view fileName)
{
    if (bytes.size() > kMaxTranscriptBytes)
        return common::makeError(common::ErrorCode::InvalidInput,
                                 "the file is " + std::to_string(bytes.size() / (1024 * 1024)) +
                                     " MB; transcripts over " + std::to_string(kMaxTranscriptBytes / (1024 * 1024)) +
                                     " MB are refused (check that this is a transcript)",
                                 std::string(fileName));
    auto decoded = decodeTranscriptBytes(bytes, fileName);
    if (!decoded)
        return decoded.error();
    std::string_view text = decoded->text;
    // The WebVTT signature: "WEBVTT" alone on the first line or followed by a space or tab.
    bool webVtt = text.substr(0, 6) == "WEBVTT" && (text.size() == 6 || text[6] == ' ' || text[6] == '\t' || text[6] == '\n');
    std::string_view extension = fileName.size() >= 4 ? fileName.substr(fileName.size() - 4) : std::string_view();
    bool vttName = extension.size() == 4 && extension[0] == '.' && (extension[1] | 0x20) == 'v' &&
                   (extension[2] | 0x20) == 't' && (extension[3] | 0x20) == 't';
    if (!webVtt && vttName) {
        std::string_view first = text.substr(0, text.find('\n'));
        return common::makeError(common::ErrorCode::InvalidInput,
                                 "line 1: a WebVTT file must begin with the line WEBVTT, this one begins with " +
                                     quoted(first),
                                 std::string(fileName));
    }
    Reader reader(text, fileName, webVtt ? TranscriptFormat::WebVtt : TranscriptFormat::Srt);
    auto transcript = webVtt ? reader.webVtt() : reader.srt();
    if (transcript)
        transcript->encoding = decoded->encoding;
    return transcript;
}

} // namespace

const char* transcriptFormatName(TranscriptFormat format)
{
    return format == TranscriptFormat::Srt ? "SRT" : "WebVTT";
}

const char* transcriptEncodingName(TranscriptEncoding encoding)
{
    switch (encoding) {
    case TranscriptEncoding::Utf8: return "UTF-8";
    case TranscriptEncoding::Utf16Le: return "UTF-16LE";
    case TranscriptEncoding::Utf16Be: return "UTF-16BE";
    case TranscriptEncoding::Windows1252: return "Windows-1252";
    }
    return "unknown";
}

common::Result<Transcript> parseTranscript(std::string_view bytes, std::string_view fileName)
{
    // Nothing below throws on any input; only memory can run out.
    try {
        return parse(bytes, fileName);
    } catch (const std::bad_alloc&) {
        return common::makeError(common::ErrorCode::Io, "there is not enough memory to read the transcript",
                                 std::string(fileName));
    } catch (const std::exception& e) {
        return common::makeError(common::ErrorCode::Internal, e.what(), std::string(fileName));
    }
}

} // namespace exchange
