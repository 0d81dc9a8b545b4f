#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/output_file.hpp"
#include "common/result.hpp"
#include "exchange/eaf_document.hpp"

namespace exchange {

// Reading and writing ELAN EAF with pugixml. Pure functions; any thread.
//
// Reading accepts EAF 2.7 to 3.0: alignable and reference annotations, time slots with or
// without values, all four tier constraints, controlled vocabularies in both the 2.7 form
// (CV_ENTRY) and the 2.8+ multilingual form (CV_ENTRY_ML). A file that is not a sound EAF
// fails with ErrorCode::InvalidInput, the file as context and one sentence as message
// ("not an ELAN annotation document: ...").
common::Result<EafDocument> parseEaf(std::string_view xml, const std::string& sourceName);
common::Result<EafDocument> readEaf(const std::filesystem::path& file);

// An ELAN external controlled vocabulary (.ecv, root CV_RESOURCE): its vocabularies, read
// like those inside an EAF. Errors as parseEaf ("not an ELAN vocabulary file: ...").
common::Result<std::vector<EafControlledVocabulary>> parseEcv(std::string_view xml, const std::string& sourceName);
common::Result<std::vector<EafControlledVocabulary>> readEcv(const std::filesystem::path& file);

// Checks what the EAF 3.0 schema and ELAN need before writing: ids well formed and unique,
// every reference (time slot, parent tier, linguistic type, vocabulary, language, locale,
// external reference, annotation) resolvable, times within xsd:unsignedInt. The message
// names the first problem.
common::Status checkEaf(const EafDocument& doc);

// EAF 3.0 text of the document; fails as checkEaf does. 2.7 vocabularies are written in the
// multilingual form, with language "und" (undetermined) where none was given.
common::Result<std::string> eafToString(const EafDocument& doc);

// Writes the EAF 3.0 file atomically (a temporary file beside it, then a rename): after a
// failure the old file, if any, is untouched.
common::Status writeEaf(const EafDocument& doc, const std::filesystem::path& file, const common::OutputPolicy& policy = {});

} // namespace exchange
