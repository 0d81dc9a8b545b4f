#include "exchange/eaf_io.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include <pugixml.hpp>

#include "common/utf8.hpp"

namespace exchange {
namespace {

using common::ErrorCode;
using common::makeError;

common::Error notEaf(const std::string& source, const std::string& why)
{
    return makeError(ErrorCode::InvalidInput, "not an ELAN annotation document: " + why, source);
}

std::string attr(const pugi::xml_node& node, const char* name)
{
    return node.attribute(name).value();
}

bool parseInt(const char* text, std::int64_t& out)
{
    const char* end = text + std::strlen(text);
    auto [ptr, ec] = std::from_chars(text, end, out);
    return ec == std::errc() && ptr == end;
}

std::optional<std::int64_t> optionalInt(const pugi::xml_node& node, const char* name)
{
    pugi::xml_attribute a = node.attribute(name);
    std::int64_t v = 0;
    if (a && parseInt(a.value(), v))
        return v;
    return std::nullopt;
}

bool parseConstraint(const std::string& text, EafConstraint& out)
{
    if (text.empty())
        out = EafConstraint::None;
    else if (text == "Time_Subdivision")
        out = EafConstraint::TimeSubdivision;
    else if (text == "Included_In")
        out = EafConstraint::IncludedIn;
    else if (text == "Symbolic_Subdivision")
        out = EafConstraint::SymbolicSubdivision;
    else if (text == "Symbolic_Association")
        out = EafConstraint::SymbolicAssociation;
    else
        return false;
    return true;
}

EafCvValue cvValue(const pugi::xml_node& node)
{
    return {attr(node, "LANG_REF"), node.child_value(), attr(node, "DESCRIPTION")};
}

// The CONTROLLED_VOCABULARY children of an EAF's root or an ECV's CV_RESOURCE.
std::vector<EafControlledVocabulary> readVocabularies(const pugi::xml_node& parent)
{
    std::vector<EafControlledVocabulary> out;
    for (pugi::xml_node cvNode : parent.children("CONTROLLED_VOCABULARY")) {
        EafControlledVocabulary cv;
        cv.id = attr(cvNode, "CV_ID");
        cv.extRef = attr(cvNode, "EXT_REF");
        if (pugi::xml_attribute d = cvNode.attribute("DESCRIPTION")) // 2.7
            cv.descriptions.push_back({"", d.value(), ""});
        for (pugi::xml_node d : cvNode.children("DESCRIPTION")) // 2.8+
            cv.descriptions.push_back({attr(d, "LANG_REF"), d.child_value(), ""});
        for (pugi::xml_node e : cvNode.children("CV_ENTRY")) { // 2.7
            EafCvEntry entry;
            entry.id = attr(e, "CVE_ID");
            entry.extRef = attr(e, "EXT_REF");
            entry.values.push_back({"", e.child_value(), attr(e, "DESCRIPTION")});
            cv.entries.push_back(std::move(entry));
        }
        for (pugi::xml_node e : cvNode.children("CV_ENTRY_ML")) { // 2.8+
            EafCvEntry entry;
            entry.id = attr(e, "CVE_ID");
            entry.extRef = attr(e, "EXT_REF");
            for (pugi::xml_node v : e.children("CVE_VALUE"))
                entry.values.push_back(cvValue(v));
            cv.entries.push_back(std::move(entry));
        }
        out.push_back(std::move(cv));
    }
    return out;
}

// The line of a byte offset, for messages.
std::size_t lineAt(std::string_view xml, std::ptrdiff_t offset)
{
    std::size_t line = 1;
    for (std::ptrdiff_t i = 0; i < offset && static_cast<std::size_t>(i) < xml.size(); ++i)
        line += xml[static_cast<std::size_t>(i)] == '\n' ? 1 : 0;
    return line;
}

// Where in the file the first name, value or attribute that is not UTF-8 starts, or -1.
std::ptrdiff_t firstNonUtf8Offset(const pugi::xml_document& xml)
{
    struct Walker : pugi::xml_tree_walker {
        std::ptrdiff_t found = -1;
        bool for_each(pugi::xml_node& node) override
        {
            bool ok = common::isValidUtf8(node.name()) && common::isValidUtf8(node.value());
            for (const pugi::xml_attribute& a : node.attributes())
                ok = ok && common::isValidUtf8(a.name()) && common::isValidUtf8(a.value());
            if (!ok)
                found = std::max<std::ptrdiff_t>(0, node.offset_debug());
            return ok;
        }
    } walker;
    const_cast<pugi::xml_document&>(xml).traverse(walker);
    return walker.found;
}

// Parses the XML and checks its text is UTF-8; `kind` names the file in errors ("ELAN
// annotation document").
common::Status loadXml(pugi::xml_document& xmlDoc, std::string_view xml, const std::string& sourceName, const std::string& kind)
{
    pugi::xml_parse_result parsed = xmlDoc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_auto);
    if (!parsed)
        return common::makeError(ErrorCode::InvalidInput,
                                 "not an " + kind + ": the XML is malformed at line " + std::to_string(lineAt(xml, parsed.offset))
                                     + " (" + parsed.description() + ")",
                                 sourceName);
    // Text is bytes until proven UTF-8: pugixml converts what a declaration names (UTF-16,
    // ISO-8859-1), but bytes of another encoding under a UTF-8 declaration pass through.
    if (auto bad = firstNonUtf8Offset(xmlDoc); bad >= 0)
        return common::makeError(common::ErrorCode::InvalidInput,
                                 "line " + std::to_string(lineAt(xml, bad))
                                     + " holds text that is not UTF-8 though the file says it is: save it again "
                                       "from ELAN, or declare its real encoding (encoding=\"ISO-8859-1\")",
                                 sourceName);
    return {};
}

common::Result<std::string> readText(const std::filesystem::path& file, const std::string& kind)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return makeError(ErrorCode::NotFound, "cannot open the " + kind, file.string());
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad())
        return makeError(ErrorCode::Io, "reading the " + kind + " failed", file.string());
    return text.str();
}

} // namespace

common::Result<EafDocument> parseEaf(std::string_view xml, const std::string& sourceName)
{
    pugi::xml_document xmlDoc;
    if (auto loaded = loadXml(xmlDoc, xml, sourceName, "ELAN annotation document"); !loaded)
        return loaded.error();
    pugi::xml_node root = xmlDoc.child("ANNOTATION_DOCUMENT");
    if (!root)
        return notEaf(sourceName, std::string("the root element is <") + xmlDoc.document_element().name() +
                                      ">, not <ANNOTATION_DOCUMENT>");

    EafDocument doc;
    doc.format = root.attribute("FORMAT") ? attr(root, "FORMAT") : attr(root, "VERSION");
    doc.author = attr(root, "AUTHOR");
    doc.date = attr(root, "DATE");
    for (pugi::xml_node lic : root.children("LICENSE"))
        doc.licenses.push_back({attr(lic, "LICENSE_URL"), lic.child_value()});

    pugi::xml_node header = root.child("HEADER");
    if (!header)
        return notEaf(sourceName, "it has no HEADER");
    if (header.attribute("TIME_UNITS"))
        doc.timeUnits = attr(header, "TIME_UNITS");
    if (doc.timeUnits != "milliseconds")
        return notEaf(sourceName, "its time units are " + doc.timeUnits + "; only milliseconds are supported");
    for (pugi::xml_node m : header.children("MEDIA_DESCRIPTOR"))
        doc.media.push_back({attr(m, "MEDIA_URL"), attr(m, "MIME_TYPE"), attr(m, "RELATIVE_MEDIA_URL"),
                             optionalInt(m, "TIME_ORIGIN"), attr(m, "EXTRACTED_FROM")});
    for (pugi::xml_node f : header.children("LINKED_FILE_DESCRIPTOR"))
        doc.linkedFiles.push_back({attr(f, "LINK_URL"), attr(f, "MIME_TYPE"), attr(f, "RELATIVE_LINK_URL"),
                                   optionalInt(f, "TIME_ORIGIN"), attr(f, "ASSOCIATED_WITH")});
    for (pugi::xml_node p : header.children("PROPERTY"))
        doc.properties.push_back({attr(p, "NAME"), p.child_value()});

    pugi::xml_node timeOrder = root.child("TIME_ORDER");
    if (!timeOrder)
        return notEaf(sourceName, "it has no TIME_ORDER");
    std::unordered_set<std::string> slotIds;
    for (pugi::xml_node ts : timeOrder.children("TIME_SLOT")) {
        EafTimeSlot slot;
        slot.id = attr(ts, "TIME_SLOT_ID");
        if (slot.id.empty())
            return notEaf(sourceName, "a time slot has no TIME_SLOT_ID");
        if (pugi::xml_attribute v = ts.attribute("TIME_VALUE")) {
            std::int64_t ms = 0;
            if (!parseInt(v.value(), ms) || ms < 0)
                return notEaf(sourceName, "time slot " + slot.id + " has the time value \"" + v.value() +
                                              "\", which is not a whole number of milliseconds");
            slot.valueMs = ms;
        }
        if (!slotIds.insert(slot.id).second)
            return notEaf(sourceName, "time slot " + slot.id + " is defined twice");
        doc.timeSlots.push_back(std::move(slot));
    }

    std::unordered_set<std::string> annotationIds;
    for (pugi::xml_node t : root.children("TIER")) {
        EafTier tier;
        tier.id = attr(t, "TIER_ID");
        tier.linguisticTypeRef = attr(t, "LINGUISTIC_TYPE_REF");
        tier.participant = attr(t, "PARTICIPANT");
        tier.annotator = attr(t, "ANNOTATOR");
        tier.parentRef = attr(t, "PARENT_REF");
        tier.defaultLocale = attr(t, "DEFAULT_LOCALE");
        tier.languageRef = attr(t, "LANG_REF");
        tier.extRef = attr(t, "EXT_REF");
        if (tier.id.empty())
            return notEaf(sourceName, "a tier has no TIER_ID");
        for (pugi::xml_node wrapper : t.children("ANNOTATION")) {
            pugi::xml_node node = wrapper.first_child();
            EafAnnotation a;
            if (std::strcmp(node.name(), "ALIGNABLE_ANNOTATION") == 0) {
                a.alignable = true;
                a.timeSlot1 = attr(node, "TIME_SLOT_REF1");
                a.timeSlot2 = attr(node, "TIME_SLOT_REF2");
                a.svgRef = attr(node, "SVG_REF");
            } else if (std::strcmp(node.name(), "REF_ANNOTATION") == 0) {
                a.alignable = false;
                a.annotationRef = attr(node, "ANNOTATION_REF");
                a.previousAnnotation = attr(node, "PREVIOUS_ANNOTATION");
            } else {
                return notEaf(sourceName, "an annotation on tier " + tier.id + " is neither alignable nor a reference");
            }
            a.id = attr(node, "ANNOTATION_ID");
            a.value = node.child_value("ANNOTATION_VALUE");
            a.extRef = attr(node, "EXT_REF");
            a.languageRef = attr(node, "LANG_REF");
            a.cveRef = attr(node, "CVE_REF");
            if (a.id.empty())
                return notEaf(sourceName, "an annotation on tier " + tier.id + " has no ANNOTATION_ID");
            if (!annotationIds.insert(a.id).second)
                return notEaf(sourceName, "annotation id " + a.id + " is used twice");
            if (a.alignable && (!slotIds.count(a.timeSlot1) || !slotIds.count(a.timeSlot2)))
                return notEaf(sourceName, "annotation " + a.id + " on tier " + tier.id +
                                              " refers to a time slot that does not exist");
            tier.annotations.push_back(std::move(a));
        }
        doc.tiers.push_back(std::move(tier));
    }

    for (pugi::xml_node lt : root.children("LINGUISTIC_TYPE")) {
        EafLinguisticType type;
        type.id = attr(lt, "LINGUISTIC_TYPE_ID");
        if (!parseConstraint(attr(lt, "CONSTRAINTS"), type.constraint))
            return notEaf(sourceName, "linguistic type " + type.id + " has the unknown constraint " +
                                          attr(lt, "CONSTRAINTS"));
        type.timeAlignable = lt.attribute("TIME_ALIGNABLE").as_bool(true);
        type.graphicReferences = lt.attribute("GRAPHIC_REFERENCES").as_bool(false);
        type.controlledVocabularyRef = attr(lt, "CONTROLLED_VOCABULARY_REF");
        type.extRef = attr(lt, "EXT_REF");
        type.lexiconRef = attr(lt, "LEXICON_REF");
        doc.linguisticTypes.push_back(std::move(type));
    }
    for (pugi::xml_node l : root.children("LOCALE"))
        doc.locales.push_back({attr(l, "LANGUAGE_CODE"), attr(l, "COUNTRY_CODE"), attr(l, "VARIANT")});
    for (pugi::xml_node l : root.children("LANGUAGE"))
        doc.languages.push_back({attr(l, "LANG_ID"), attr(l, "LANG_DEF"), attr(l, "LANG_LABEL")});
    doc.vocabularies = readVocabularies(root);
    for (pugi::xml_node r : root.children("EXTERNAL_REF"))
        doc.externalRefs.push_back({attr(r, "EXT_REF_ID"), attr(r, "TYPE"), attr(r, "VALUE")});

    // References between tiers, types and annotations.
    std::unordered_map<std::string, const EafTier*> tierOfAnnotation;
    for (const EafTier& tier : doc.tiers)
        for (const EafAnnotation& a : tier.annotations)
            tierOfAnnotation.emplace(a.id, &tier);
    for (const EafTier& tier : doc.tiers) {
        if (!doc.linguisticType(tier.linguisticTypeRef))
            return notEaf(sourceName, "tier " + tier.id + " uses the linguistic type \"" + tier.linguisticTypeRef +
                                          "\", which is not defined");
        if (!tier.parentRef.empty() && !doc.tier(tier.parentRef))
            return notEaf(sourceName, "tier " + tier.id + " names the parent tier " + tier.parentRef +
                                          ", which does not exist");
        for (const EafAnnotation& a : tier.annotations) {
            if (a.alignable)
                continue;
            auto parent = tierOfAnnotation.find(a.annotationRef);
            if (parent == tierOfAnnotation.end())
                return notEaf(sourceName, "reference annotation " + a.id + " on tier " + tier.id +
                                              " refers to annotation " + a.annotationRef + ", which does not exist");
        }
    }
    return doc;
}

common::Result<EafDocument> readEaf(const std::filesystem::path& file)
{
    auto text = readText(file, "ELAN file");
    if (!text)
        return text.error();
    return parseEaf(*text, file.string());
}

common::Result<std::vector<EafControlledVocabulary>> parseEcv(std::string_view xml, const std::string& sourceName)
{
    pugi::xml_document xmlDoc;
    if (auto loaded = loadXml(xmlDoc, xml, sourceName, "ELAN vocabulary file"); !loaded)
        return loaded.error();
    pugi::xml_node root = xmlDoc.child("CV_RESOURCE");
    if (!root)
        return common::makeError(ErrorCode::InvalidInput,
                                 std::string("not an ELAN vocabulary file: the root element is <") + xmlDoc.document_element().name()
                                     + ">, not <CV_RESOURCE>",
                                 sourceName);
    return readVocabularies(root);
}

common::Result<std::vector<EafControlledVocabulary>> readEcv(const std::filesystem::path& file)
{
    auto text = readText(file, "ELAN vocabulary file");
    if (!text)
        return text.error();
    return parseEcv(*text, file.string());
}

} // namespace exchange
