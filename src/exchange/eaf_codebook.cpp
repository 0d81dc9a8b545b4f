#include "exchange/eaf_codebook.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "common/text.hpp"
#include "exchange/eaf_io.hpp"

namespace exchange {
namespace {

const EafCvValue* preferredValue(const std::vector<EafCvValue>& values)
{
    for (const EafCvValue& v : values)
        if (v.language == "eng")
            return &v;
    return values.empty() ? nullptr : &values.front();
}

std::string codeIdOf(std::string value)
{
    for (char& c : value)
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',')
            c = '_';
    return value;
}

// Distinct colours for up to ten groups, then again from the start.
const char* groupColour(std::size_t i)
{
    static const char* kPalette[] = {"#d62728", "#2ca02c", "#1f77b4", "#ff7f0e", "#9467bd",
                                     "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
    return kPalette[i % (sizeof kPalette / sizeof kPalette[0])];
}

} // namespace

common::Result<review::Codebook> codebookFromElanFile(const std::filesystem::path& file, const VocabularyImport& options)
{
    if (options.defaultKind != "point" && options.defaultKind != "interval")
        return common::makeError(common::ErrorCode::Usage, "--kind must be point or interval, not \"" + options.defaultKind + "\"");
    std::vector<EafControlledVocabulary> vocabularies;
    std::map<std::string, bool> longerThanAPoint; // preferred value -> an annotation of it lasts over 200 ms
    const bool fromEaf = common::asciiLower(file.extension().string()) == ".eaf";
    if (fromEaf) {
        auto doc = readEaf(file);
        if (!doc)
            return doc.error();
        vocabularies = doc->vocabularies;
        const EafTimeline timeline = resolveTimes(*doc);
        for (std::size_t t = 0; t < doc->tiers.size(); ++t)
            for (std::size_t i = 0; i < doc->tiers[t].annotations.size(); ++i) {
                const EafResolvedTime& when = timeline.annotationTimes[t][i];
                bool& longer = longerThanAPoint[doc->tiers[t].annotations[i].value];
                longer = longer || when.endMs - when.startMs > 200;
            }
    } else {
        auto read = readEcv(file);
        if (!read)
            return read.error();
        vocabularies = std::move(*read);
    }
    if (vocabularies.empty())
        return common::makeError(common::ErrorCode::InvalidInput, "the file has no controlled vocabulary to make codes of",
                                 file.string());

    review::Codebook book;
    book.name = options.name.empty() ? file.stem().string() : options.name;
    book.title = "Codes from " + file.filename().string();
    book.subjects = {"officer", "person", "other_officer", "bystander"};
    std::map<std::string, int> idUses;
    for (const EafControlledVocabulary& cv : vocabularies)
        for (const EafCvEntry& e : cv.entries)
            if (const EafCvValue* v = preferredValue(e.values))
                ++idUses[codeIdOf(v->value)];
    std::set<std::string> groupIds;
    for (const EafControlledVocabulary& cv : vocabularies) {
        review::CodeGroup group;
        group.id = cv.id.empty() ? "CV" + std::to_string(book.groups.size() + 1) : cv.id;
        if (!groupIds.insert(group.id).second)
            continue; // a vocabulary id twice: ELAN refuses such a file; the first one counts
        const EafCvValue* description = preferredValue(cv.descriptions);
        group.label = description && !description->value.empty() ? description->value : group.id;
        group.colour = groupColour(book.groups.size());
        std::size_t codesOfGroup = 0;
        for (const EafCvEntry& e : cv.entries) {
            const EafCvValue* v = preferredValue(e.values);
            if (!v || v->value.empty())
                continue;
            review::Code code;
            code.id = codeIdOf(v->value);
            if (idUses[code.id] > 1)
                code.id = group.id + "." + code.id;
            code.label = v->description.empty() ? v->value : v->description;
            code.group = group.id;
            code.colour = group.colour;
            if (fromEaf) {
                auto seen = longerThanAPoint.find(v->value);
                code.kind = seen != longerThanAPoint.end() && !seen->second ? "point" : "interval";
            } else {
                code.kind = options.defaultKind;
            }
            book.codes.push_back(std::move(code));
            ++codesOfGroup;
        }
        if (codesOfGroup > 0) // an empty vocabulary makes no group with nothing in it
            book.groups.push_back(std::move(group));
    }
    if (book.codes.empty())
        return common::makeError(common::ErrorCode::InvalidInput, "the file's controlled vocabularies have no entries to make codes of",
                                 file.string());
    // Checked as a codebook file is: the same sentences for what cannot be a codebook.
    auto checked = review::parseCodebook(review::codebookToJson(book), file.string());
    if (!checked)
        return checked.error();
    return checked;
}

} // namespace exchange
