#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "exchange/transcript_parser.hpp"

// Parts of the transcript reader shared by its files (transcript_encoding.cpp,
// transcript_text.cpp, transcript_parser.cpp) and its tests; not for other callers.
namespace exchange::transcript_detail {

// --- transcript_encoding.cpp ---

struct DecodedText {
    // UTF-8 without a byte order mark, every line ending (CRLF, CR, LF) turned into '\n',
    // NUL turned into U+FFFD as the WebVTT specification asks; lines are where they were.
    std::string text;
    TranscriptEncoding encoding = TranscriptEncoding::Utf8;
};

// Decides the encoding (see parseTranscript) and decodes. A refusal names the line of the
// first byte that cannot be read, with `fileName` as the error's context.
common::Result<DecodedText> decodeTranscriptBytes(std::string_view bytes, std::string_view fileName);

// The character a Windows-1252 byte stands for; 0 for the five bytes it leaves undefined
// (0x81, 0x8D, 0x8F, 0x90, 0x9D). Below 0x80 and from 0xA0 it is the byte itself (Latin-1).
char32_t windows1252CodePoint(unsigned char byte);

void appendUtf8(std::string& out, char32_t codePoint);

// --- transcript_text.cpp ---

struct CueText {
    std::string text;     // see TranscriptCue::text
    std::string speaker;  // WebVTT: the first <v> annotation
};

// SRT: removes <b> <i> <u> <s> <font ...> and any other <tag> that looks like one (a letter
// after '<', a '>' before the line ends), ASS override blocks {\...}; <br> breaks the line;
// decodes character references. A '<' that starts no tag ("5 < 6") stays.
CueText srtCueText(std::string_view raw);

// WebVTT, by the specification's cue text tokenizer: every '<' starts a tag that runs to
// the next '>' or the end of the cue (so "5 < 6" loses " 6", as in a browser); tags
// (<c.class>, <i>, <b>, <u>, <ruby>, <rt>, <v>, <lang>, timestamps <00:01.500>) are
// removed, their text kept; the first <v Speaker> names the speaker.
CueText webVttCueText(std::string_view raw);

// At text[pos] == '&': when a character reference starts there (&amp; &lt; &gt; &nbsp;
// &lrm; &rlm; &quot; &apos;, the HTML names of Latin-1 characters such as &eacute;, a few
// typographic ones such as &rsquo;, and numeric ones &#233; &#xE9;), appends its character
// to `out`, advances `pos` past it and returns true; otherwise returns false and changes
// nothing. Looks at most 40 bytes ahead.
bool decodeCharacterReference(std::string_view text, std::size_t& pos, std::string& out);

// The lines of `text` trimmed of spaces and tabs, empty ones dropped, joined by '\n'.
std::string tidyLines(std::string_view text);

} // namespace exchange::transcript_detail
