#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "store/embedded_text.hpp"

namespace review {

class Workspace;

struct CodeGroup {
    std::string id;     // "ESC"
    std::string label;  // "Escalation"
    std::string colour; // "#rrggbb"
};

struct Code {
    std::string id;        // "ESC.01"
    std::string label;
    std::string group;     // a CodeGroup id
    std::string kind;      // "point", "interval", or "encounter" (asked on the form only)
    bool onForm = false;   // also asked once per encounter (E in CODEBOOK.md)
    std::string definition;
    std::string source;
    std::string colour;    // "#rrggbb"
    std::optional<std::string> hotkey; // "1", "Shift+3", "Ctrl+Alt+2"; unique in the codebook
    std::vector<std::string> values;   // allowed values when the code carries one (UOF.09)

    bool isInterval() const { return kind == "interval"; }
    bool isTaggable() const { return kind != "encounter"; }
};

// A codebook version as stored (dbId, uuid, version are set once it is in the database).
struct Codebook {
    int64_t dbId = 0;
    std::string uuid;
    int version = 0;
    std::string name;  // identity across versions: "default"
    std::string title;
    std::vector<std::string> subjects; // who a tag can be about
    std::vector<CodeGroup> groups;
    std::vector<Code> codes;

    const Code* find(std::string_view codeId) const;
};

// The codebook file format (assets/codebooks/default.json shows every field). Errors say
// where, as "line N: reason", with `source` (the file name) as context: nlohmann-json's
// byte positions turned into lines, and semantic problems (unknown group, duplicate id or
// hotkey, bad colour...) placed on the line of the code or group concerned.
common::Result<Codebook> parseCodebook(std::string_view text, std::string_view source);

// The codebook as a file of that format, one code per line (what `codebook export` writes).
std::string codebookToJson(const Codebook& codebook);

// Codebook files compiled into the executable (assets/codebooks/*.json).
std::span<const store::EmbeddedText> embeddedCodebooks();
std::string_view defaultCodebookText();

// Stores `codebook` as the next version of its name, unless the latest version of that
// name is identical (then that one is returned); makes it the active codebook.
// Writes codebook.imported to the audit log.
common::Result<Codebook> importCodebook(Workspace& ws, const Codebook& codebook, std::string_view source);

// Parses then imports; errors as parseCodebook.
common::Result<Codebook> importCodebookText(Workspace& ws, std::string_view text, std::string_view source);

// The codebook new tags use: the latest version of the active name.
common::Result<Codebook> activeCodebook(Workspace& ws);
// A stored version by its row id.
common::Result<Codebook> codebookById(Workspace& ws, int64_t id);
// Every version of every codebook, by name and version.
common::Result<std::vector<Codebook>> listCodebooks(Workspace& ws);

// Installs the embedded default on a database that has no codebook yet (first open).
common::Status installDefaultCodebook(Workspace& ws);

} // namespace review
