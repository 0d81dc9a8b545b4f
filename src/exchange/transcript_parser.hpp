#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace exchange {

// Transcripts of body-worn video as forces hand them over: SubRip (SRT) and WebVTT files,
// read into cues with exact integer times (issue 14). Pure functions; any thread.
//
// The truth for what a cue is, is ffmpeg (`ffmpeg -i FILE -f srt -`) and, for WebVTT, the
// W3C specification's parser where ffmpeg departs from it (tests/exchange/
// transcript_ffmpeg_test.cpp names each difference).

enum class TranscriptFormat { Srt, WebVtt };

// How the bytes were written; everything is handed out as UTF-8.
enum class TranscriptEncoding { Utf8, Utf16Le, Utf16Be, Windows1252 };

// "SRT", "WebVTT"; "UTF-8", "UTF-16LE", "UTF-16BE", "Windows-1252".
const char* transcriptFormatName(TranscriptFormat format);
const char* transcriptEncodingName(TranscriptEncoding encoding);

struct TranscriptCue {
    std::size_t index = 0;   // position in the file, from 0; the cue's id within its transcript
    std::string identifier;  // the SRT number or WebVTT cue identifier as written (may be empty)
    std::int64_t startUs = 0; // media time in microseconds, exact: milliseconds x 1000
    std::int64_t endUs = 0;   // never before startUs
    // The text as a person reads it: styling tags, ASS overrides ({\an8}) and WebVTT
    // timestamps removed, character references (&amp; &lt; &gt; &nbsp; ...) decoded, each
    // line trimmed of spaces and tabs, lines left empty by that dropped, lines joined by '\n'.
    // Empty for an empty cue, which is kept: the file has it.
    std::string text;
    std::string rawText;     // the cue's lines exactly as written (decoded to UTF-8), '\n' between
    std::string speaker;     // WebVTT: the first voice (<v Officer A>); empty otherwise
    std::string settings;    // what follows the end time: WebVTT cue settings, SRT coordinates
    std::size_t line = 0;    // 1-based line of the file that holds the cue's times
};

struct Transcript {
    std::string fileName;
    TranscriptFormat format = TranscriptFormat::Srt;
    TranscriptEncoding encoding = TranscriptEncoding::Utf8;
    std::vector<TranscriptCue> cues;   // in file order; overlapping and duplicate cues kept
    std::vector<std::size_t> byTime;   // indices into cues, sorted by start then file order
    // Sentences about what was read but left out, each naming the line (WebVTT text outside
    // any cue, which the specification discards). Empty for a clean file.
    std::vector<std::string> warnings;
};

// Hard limits: a larger file or more cues is refused with a sentence. A two-hour recording
// has a few thousand cues.
inline constexpr std::size_t kMaxTranscriptBytes = 50u * 1024 * 1024;
inline constexpr std::size_t kMaxTranscriptCues = 200000;

// Reads an SRT or WebVTT file's bytes. WebVTT when the text begins with the line "WEBVTT"
// (after an optional byte order mark), otherwise SRT. `fileName` only names the file in
// messages and in Transcript::fileName.
//
// Accepted: a UTF-8 byte order mark, UTF-16 with a byte order mark, CRLF, LF and CR line
// endings; a file that is not UTF-8 and holds no UTF-8 sequence at all is read as
// Windows-1252 (what Windows subtitle tools write; Latin-1 text reads the same), and
// Transcript::encoding says so. SRT: times H:MM:SS,mmm with any number of hours and a
// comma or a period before the milliseconds, cue numbers optional, blank lines inside a
// cue's text and a missing blank line between cues tolerated as ffmpeg does. WebVTT:
// times with or without hours, identifiers, settings, header, NOTE, STYLE and REGION
// blocks as the W3C specification parses them.
//
// Refused with ErrorCode::InvalidInput, the file as context and one sentence naming the
// line: a time that cannot be read (`line 14: "00:01:02.5x0" is not a time (write it as
// 00:01:02,500)`), a cue that ends before it starts, text before the first cue of an SRT
// file, text that is neither UTF-8 nor Windows-1252, a .vtt file without its WEBVTT line,
// a file over kMaxTranscriptBytes or with more than kMaxTranscriptCues cues, and a file
// with no cue at all (empty, or a WebVTT header alone): there is nothing to import.
//
// Time and memory are linear in the size of the file (sorting byTime aside); never throws.
common::Result<Transcript> parseTranscript(std::string_view bytes, std::string_view fileName);

} // namespace exchange
