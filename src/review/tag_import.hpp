#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "review/annotation.hpp"

namespace review {

class Workspace;

// Tags read from another tool (an ELAN file, a BORIS project), each with the name of the
// person who coded it there.
struct ImportedTag {
    std::string coder;
    NewAnnotation tag;
};

// Saves imported tags in one change (Action::ImportTags: a lead), each under its coder: a
// name not yet in the database becomes a person with the role coder and no passphrase (they
// cannot sign in until an administrator sets one). Checked like addAnnotation, without undo
// steps (an import is undone by deleting its tags). One audit entry, "import", with
// `detail` (format, file, counts) and the encounter; all or nothing.
common::Result<std::vector<Annotation>> importTags(Workspace& ws, const std::string& encounterRef,
                                                   const std::vector<ImportedTag>& tags, const nlohmann::json& detail);

} // namespace review
