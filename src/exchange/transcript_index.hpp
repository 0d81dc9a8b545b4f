#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace exchange {

// Search over the transcript cues of an encounter's cameras (issue 14): a coder types
// "you're detained" and gets the cues that say it, in time order.
//
// Matching is by whole words and phrases, ignoring case and accents: the words of a cue
// and of the query are folded by searchWords(), and a cue matches when the query's words
// appear in it one after the other (across its line breaks). "detain" does not match
// "detained"; "Detenu" matches "détenu"; "youre" does not match "you're".

// One cue as the index sees it; the caller's id and its time on the encounter's timeline
// (camera offset plus the cue's media time). `text` is read during build() only.
struct IndexedCue {
    std::int64_t id = 0;
    std::int64_t startUs = 0;
    std::string_view text;
};

// The words of `text` as search compares them: runs of letters and digits (any script),
// lower case, Latin letters without their accents (é -> e, Ł -> l, ß -> ss, Æ -> ae,
// combining accents dropped), Greek and Cyrillic capitals lowered; an apostrophe (' or ’)
// inside a word stays in it ("you're"); anything else separates words.
std::vector<std::string> searchWords(std::string_view text);

// Built once, then read-only: any number of threads may search at once. Build is linear in
// the text; a search costs the postings of its rarest word plus a check of those cues.
class TranscriptIndex {
public:
    TranscriptIndex() = default;
    static TranscriptIndex build(const std::vector<IndexedCue>& cues);

    // Ids of the cues holding the query's words in a row, sorted by start time, then id.
    // A query with no word (empty, only punctuation) finds nothing.
    std::vector<std::int64_t> search(std::string_view query) const;

    std::size_t cueCount() const { return m_ids.size(); }
    std::size_t distinctWords() const { return m_postings.size(); }

private:
    std::vector<std::int64_t> m_ids;          // cue ids in time order; a cue's position is its rank
    std::vector<std::uint32_t> m_wordsBegin;  // m_words[m_wordsBegin[c] .. m_wordsBegin[c + 1]) are cue c's
    std::vector<std::uint32_t> m_words;       // word numbers of every cue, in order
    std::unordered_map<std::string, std::uint32_t> m_numbers;   // word -> number
    std::vector<std::vector<std::uint32_t>> m_postings;         // number -> cue positions, ascending
};

} // namespace exchange
