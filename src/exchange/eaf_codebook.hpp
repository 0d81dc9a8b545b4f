#pragma once

#include <filesystem>
#include <string>

#include "common/result.hpp"
#include "review/codebook.hpp"

namespace exchange {

// ELAN controlled vocabularies as a codebook (`codebook import FILE.ecv|FILE.eaf`): each
// vocabulary a group (its description the group's label), each entry a code. An entry's
// value (English where it has one, else its first) is the code id, spaces made "_", and
// its description the label (the value itself when it has none); an id that two
// vocabularies share is prefixed with the vocabulary's id. ELAN has no point codes: from
// an EAF, a code is a point when it has annotations and every one lasts at most 200 ms
// (bwv-review's own exports give a point one frame), else an interval (so is a code no
// annotation uses: check `codebook show`); from an .ecv every code is `defaultKind`. The result is checked as a codebook file is (review::parseCodebook), so
// what cannot be a codebook fails with the same sentences.
struct VocabularyImport {
    std::string name;                   // the codebook's name; empty: the file's stem
    std::string defaultKind = "interval"; // point | interval
};

common::Result<review::Codebook> codebookFromElanFile(const std::filesystem::path& file, const VocabularyImport& options);

} // namespace exchange
