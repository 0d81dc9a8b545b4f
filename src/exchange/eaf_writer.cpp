#include "exchange/eaf_io.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <unordered_set>

#include <pugixml.hpp>

namespace exchange {
namespace {

using common::ErrorCode;
using common::makeError;

constexpr std::int64_t kMaxTimeValue = 4294967295LL; // xsd:unsignedInt
constexpr const char* kUndetermined = "und";

// xsd:ID / xsd:IDREF need an NCName: a letter or '_' first, then letters, digits, '.', '-',
// '_'. Bytes of multi-byte UTF-8 characters are let through (the schema allows most).
bool isNcName(const std::string& s)
{
    if (s.empty())
        return false;
    auto first = static_cast<unsigned char>(s[0]);
    if (!(std::isalpha(first) || first == '_' || first >= 0x80))
        return false;
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        if (!(std::isalnum(c) || c == '_' || c == '-' || c == '.' || c >= 0x80))
            return false;
    }
    return true;
}

common::Error invalid(const std::string& why)
{
    return makeError(ErrorCode::InvalidInput, "cannot write an ELAN document: " + why);
}

// Whether any vocabulary text lacks a language (2.7 documents): then "und" is added.
bool needsUndetermined(const EafDocument& doc)
{
    for (const EafControlledVocabulary& cv : doc.vocabularies) {
        for (const EafCvValue& d : cv.descriptions)
            if (d.language.empty())
                return true;
        for (const EafCvEntry& e : cv.entries)
            for (const EafCvValue& v : e.values)
                if (v.language.empty())
                    return true;
    }
    return false;
}

std::string nowUtc()
{
    std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

void setIf(pugi::xml_node node, const char* name, const std::string& value)
{
    if (!value.empty())
        node.append_attribute(name).set_value(value.c_str());
}

const char* constraintDescription(EafConstraint c)
{
    // ELAN's own descriptions, as in the files it writes.
    switch (c) {
    case EafConstraint::TimeSubdivision:
        return "Time subdivision of parent annotation's time interval, no time gaps allowed within this interval";
    case EafConstraint::SymbolicSubdivision:
        return "Symbolic subdivision of a parent annotation. Annotations refering to the same parent are ordered";
    case EafConstraint::SymbolicAssociation:
        return "1-1 association with a parent annotation";
    case EafConstraint::IncludedIn:
        return "Time alignable annotations within the parent annotation's time interval, gaps are allowed";
    case EafConstraint::None:
        break;
    }
    return "";
}

} // namespace

common::Status checkEaf(const EafDocument& doc)
{
    // Every xsd:ID shares one space in XML Schema, the constraint stereotypes included.
    // Views into `doc`, which outlives this function: no copies of the (many) ids.
    std::unordered_set<std::string_view> ids = {"Time_Subdivision", "Symbolic_Subdivision", "Symbolic_Association",
                                                "Included_In"};
    std::size_t annotationCount = 0;
    for (const EafTier& t : doc.tiers)
        annotationCount += t.annotations.size();
    ids.reserve(doc.timeSlots.size() + annotationCount + 64);
    auto newId = [&](const std::string& id, const char* what) -> common::Status {
        if (!isNcName(id))
            return invalid(std::string(what) + " id \"" + id + "\" is not a valid XML name");
        if (!ids.insert(id).second)
            return invalid(std::string(what) + " id \"" + id + "\" is used twice");
        return {};
    };
    for (const EafMediaDescriptor& m : doc.media)
        if (m.mediaUrl.empty() || m.mimeType.empty())
            return invalid("a media descriptor needs a URL and a MIME type");
    for (const EafLinkedFile& f : doc.linkedFiles)
        if (f.linkUrl.empty() || f.mimeType.empty())
            return invalid("a linked file needs a URL and a MIME type");

    std::unordered_set<std::string_view> slots;
    slots.reserve(doc.timeSlots.size());
    for (const EafTimeSlot& s : doc.timeSlots) {
        if (auto ok = newId(s.id, "time slot"); !ok)
            return ok;
        if (s.valueMs && (*s.valueMs < 0 || *s.valueMs > kMaxTimeValue))
            return invalid("time slot " + s.id + " has a time outside 0 to 4294967295 ms");
        slots.insert(s.id);
    }
    std::unordered_set<std::string_view> languages, locales, externals, vocabularies, types, tiers;
    for (const EafLanguage& l : doc.languages) {
        if (auto ok = newId(l.id, "language"); !ok)
            return ok;
        languages.insert(l.id);
    }
    if (needsUndetermined(doc) && !languages.count(kUndetermined)) {
        if (ids.count(kUndetermined))
            return invalid("the id \"und\" is taken, but vocabularies without a language need it");
        languages.insert(kUndetermined);
    }
    for (const EafLocale& l : doc.locales) {
        if (auto ok = newId(l.languageCode, "locale"); !ok)
            return ok;
        locales.insert(l.languageCode);
    }
    static const std::unordered_set<std::string> kRefTypes = {"iso12620", "ecv", "cve_id", "lexen_id", "resource_url"};
    for (const EafExternalRef& r : doc.externalRefs) {
        if (auto ok = newId(r.id, "external reference"); !ok)
            return ok;
        if (!kRefTypes.count(r.type))
            return invalid("external reference " + r.id + " has the unknown type \"" + r.type + "\"");
        externals.insert(r.id);
    }
    auto extOk = [&](const std::string& refs) {
        if (refs.empty())
            return true;
        std::istringstream in(refs); // IDREFS: space separated
        std::string one;
        while (in >> one)
            if (!externals.count(std::string_view(one)))
                return false;
        return true;
    };
    for (const EafControlledVocabulary& cv : doc.vocabularies) {
        if (cv.id.empty() || !vocabularies.insert(cv.id).second)
            return invalid("controlled vocabulary \"" + cv.id + "\" is unnamed or named twice");
        if (!extOk(cv.extRef))
            return invalid("controlled vocabulary " + cv.id + " names an unknown external reference");
        std::unordered_set<std::string_view> entryIds;
        for (const EafCvEntry& e : cv.entries) {
            if (!e.id.empty() && !entryIds.insert(e.id).second)
                return invalid("entry id " + e.id + " is used twice in vocabulary " + cv.id);
            if (e.values.empty())
                return invalid("an entry of vocabulary " + cv.id + " has no value");
            if (!extOk(e.extRef))
                return invalid("an entry of vocabulary " + cv.id + " names an unknown external reference");
            for (const EafCvValue& v : e.values)
                if (!v.language.empty() && !languages.count(v.language))
                    return invalid("vocabulary " + cv.id + " uses the undefined language " + v.language);
        }
        for (const EafCvValue& d : cv.descriptions)
            if (!d.language.empty() && !languages.count(d.language))
                return invalid("vocabulary " + cv.id + " uses the undefined language " + d.language);
    }
    for (const EafLinguisticType& t : doc.linguisticTypes) {
        if (t.id.empty() || !types.insert(t.id).second)
            return invalid("linguistic type \"" + t.id + "\" is unnamed or defined twice");
        if (!t.controlledVocabularyRef.empty() && !vocabularies.count(t.controlledVocabularyRef))
            return invalid("linguistic type " + t.id + " uses the undefined vocabulary " + t.controlledVocabularyRef);
        if (!extOk(t.extRef))
            return invalid("linguistic type " + t.id + " names an unknown external reference");
        if (!t.lexiconRef.empty())
            return invalid("linguistic type " + t.id + " refers to a lexicon, which this program does not write");
    }
    for (const EafTier& t : doc.tiers)
        if (t.id.empty() || !tiers.insert(t.id).second)
            return invalid("tier \"" + t.id + "\" is unnamed or defined twice");
    std::unordered_set<std::string_view> annotations, refAnnotations;
    annotations.reserve(annotationCount);
    for (const EafTier& t : doc.tiers)
        for (const EafAnnotation& a : t.annotations) {
            if (auto ok = newId(a.id, "annotation"); !ok)
                return ok;
            annotations.insert(a.id);
            if (!a.alignable)
                refAnnotations.insert(a.id);
        }
    for (const EafTier& t : doc.tiers) {
        if (!types.count(t.linguisticTypeRef))
            return invalid("tier " + t.id + " uses the undefined linguistic type \"" + t.linguisticTypeRef + "\"");
        if (!t.parentRef.empty() && !tiers.count(t.parentRef))
            return invalid("tier " + t.id + " names the undefined parent tier " + t.parentRef);
        if (!t.defaultLocale.empty() && !locales.count(t.defaultLocale))
            return invalid("tier " + t.id + " uses the undefined locale " + t.defaultLocale);
        if (!t.languageRef.empty() && !languages.count(t.languageRef))
            return invalid("tier " + t.id + " uses the undefined language " + t.languageRef);
        if (!extOk(t.extRef))
            return invalid("tier " + t.id + " names an unknown external reference");
        for (const EafAnnotation& a : t.annotations) {
            if (a.alignable && (!slots.count(a.timeSlot1) || !slots.count(a.timeSlot2)))
                return invalid("annotation " + a.id + " refers to an undefined time slot");
            if (!a.alignable && !annotations.count(a.annotationRef))
                return invalid("annotation " + a.id + " refers to the undefined annotation " + a.annotationRef);
            if (!a.alignable && !a.previousAnnotation.empty() && !refAnnotations.count(a.previousAnnotation))
                return invalid("annotation " + a.id + " follows the undefined annotation " + a.previousAnnotation);
            if (!a.languageRef.empty() && !languages.count(a.languageRef))
                return invalid("annotation " + a.id + " uses the undefined language " + a.languageRef);
            if (!extOk(a.extRef))
                return invalid("annotation " + a.id + " names an unknown external reference");
        }
    }
    return {};
}

namespace {

// The EAF 3.0 tree of a checked document.
void buildXml(const EafDocument& doc, pugi::xml_document& xml)
{
    pugi::xml_node decl = xml.append_child(pugi::node_declaration);
    decl.append_attribute("version") = "1.0";
    decl.append_attribute("encoding") = "UTF-8";
    pugi::xml_node root = xml.append_child("ANNOTATION_DOCUMENT");
    root.append_attribute("AUTHOR") = doc.author.c_str();
    root.append_attribute("DATE") = (doc.date.empty() ? nowUtc() : doc.date).c_str();
    root.append_attribute("FORMAT") = "3.0";
    root.append_attribute("VERSION") = "3.0";
    root.append_attribute("xmlns:xsi") = "http://www.w3.org/2001/XMLSchema-instance";
    root.append_attribute("xsi:noNamespaceSchemaLocation") = "http://www.mpi.nl/tools/elan/EAFv3.0.xsd";

    for (const EafLicense& l : doc.licenses) {
        pugi::xml_node n = root.append_child("LICENSE");
        setIf(n, "LICENSE_URL", l.url);
        n.text() = l.text.c_str();
    }
    pugi::xml_node header = root.append_child("HEADER");
    header.append_attribute("MEDIA_FILE") = "";
    header.append_attribute("TIME_UNITS") = "milliseconds";
    for (const EafMediaDescriptor& m : doc.media) {
        pugi::xml_node n = header.append_child("MEDIA_DESCRIPTOR");
        n.append_attribute("MEDIA_URL") = m.mediaUrl.c_str();
        n.append_attribute("MIME_TYPE") = m.mimeType.c_str();
        setIf(n, "RELATIVE_MEDIA_URL", m.relativeMediaUrl);
        if (m.timeOriginMs)
            n.append_attribute("TIME_ORIGIN") = static_cast<long long>(*m.timeOriginMs);
        setIf(n, "EXTRACTED_FROM", m.extractedFrom);
    }
    for (const EafLinkedFile& f : doc.linkedFiles) {
        pugi::xml_node n = header.append_child("LINKED_FILE_DESCRIPTOR");
        n.append_attribute("LINK_URL") = f.linkUrl.c_str();
        n.append_attribute("MIME_TYPE") = f.mimeType.c_str();
        setIf(n, "RELATIVE_LINK_URL", f.relativeLinkUrl);
        if (f.timeOriginMs)
            n.append_attribute("TIME_ORIGIN") = static_cast<long long>(*f.timeOriginMs);
        setIf(n, "ASSOCIATED_WITH", f.associatedWith);
    }
    for (const EafProperty& p : doc.properties) {
        pugi::xml_node n = header.append_child("PROPERTY");
        setIf(n, "NAME", p.name);
        n.text() = p.value.c_str();
    }

    pugi::xml_node timeOrder = root.append_child("TIME_ORDER");
    for (const EafTimeSlot& s : doc.timeSlots) {
        pugi::xml_node n = timeOrder.append_child("TIME_SLOT");
        n.append_attribute("TIME_SLOT_ID") = s.id.c_str();
        if (s.valueMs)
            n.append_attribute("TIME_VALUE") = static_cast<long long>(*s.valueMs);
    }
    for (const EafTier& t : doc.tiers) {
        pugi::xml_node n = root.append_child("TIER");
        n.append_attribute("TIER_ID") = t.id.c_str();
        setIf(n, "PARTICIPANT", t.participant);
        setIf(n, "ANNOTATOR", t.annotator);
        n.append_attribute("LINGUISTIC_TYPE_REF") = t.linguisticTypeRef.c_str();
        setIf(n, "DEFAULT_LOCALE", t.defaultLocale);
        setIf(n, "PARENT_REF", t.parentRef);
        setIf(n, "EXT_REF", t.extRef);
        setIf(n, "LANG_REF", t.languageRef);
        for (const EafAnnotation& a : t.annotations) {
            pugi::xml_node wrapper = n.append_child("ANNOTATION");
            pugi::xml_node an = wrapper.append_child(a.alignable ? "ALIGNABLE_ANNOTATION" : "REF_ANNOTATION");
            an.append_attribute("ANNOTATION_ID") = a.id.c_str();
            setIf(an, "EXT_REF", a.extRef);
            setIf(an, "LANG_REF", a.languageRef);
            setIf(an, "CVE_REF", a.cveRef);
            if (a.alignable) {
                an.append_attribute("TIME_SLOT_REF1") = a.timeSlot1.c_str();
                an.append_attribute("TIME_SLOT_REF2") = a.timeSlot2.c_str();
                setIf(an, "SVG_REF", a.svgRef);
            } else {
                an.append_attribute("ANNOTATION_REF") = a.annotationRef.c_str();
                setIf(an, "PREVIOUS_ANNOTATION", a.previousAnnotation);
            }
            an.append_child("ANNOTATION_VALUE").text() = a.value.c_str();
        }
    }
    for (const EafLinguisticType& t : doc.linguisticTypes) {
        pugi::xml_node n = root.append_child("LINGUISTIC_TYPE");
        n.append_attribute("LINGUISTIC_TYPE_ID") = t.id.c_str();
        n.append_attribute("TIME_ALIGNABLE") = t.timeAlignable ? "true" : "false";
        if (t.constraint != EafConstraint::None)
            n.append_attribute("CONSTRAINTS") = eafConstraintName(t.constraint);
        n.append_attribute("GRAPHIC_REFERENCES") = t.graphicReferences ? "true" : "false";
        setIf(n, "CONTROLLED_VOCABULARY_REF", t.controlledVocabularyRef);
        setIf(n, "EXT_REF", t.extRef);
    }
    for (const EafLocale& l : doc.locales) {
        pugi::xml_node n = root.append_child("LOCALE");
        n.append_attribute("LANGUAGE_CODE") = l.languageCode.c_str();
        setIf(n, "COUNTRY_CODE", l.countryCode);
        setIf(n, "VARIANT", l.variant);
    }
    bool hasUnd = false;
    for (const EafLanguage& l : doc.languages) {
        pugi::xml_node n = root.append_child("LANGUAGE");
        n.append_attribute("LANG_ID") = l.id.c_str();
        setIf(n, "LANG_DEF", l.definition);
        setIf(n, "LANG_LABEL", l.label);
        hasUnd = hasUnd || l.id == kUndetermined;
    }
    if (needsUndetermined(doc) && !hasUnd) {
        pugi::xml_node n = root.append_child("LANGUAGE");
        n.append_attribute("LANG_ID") = kUndetermined;
        n.append_attribute("LANG_DEF") = "http://cdb.iso.org/lg/CDB-00130975-001";
        n.append_attribute("LANG_LABEL") = "undetermined (und)";
    }
    for (EafConstraint c : {EafConstraint::TimeSubdivision, EafConstraint::SymbolicSubdivision,
                            EafConstraint::SymbolicAssociation, EafConstraint::IncludedIn}) {
        pugi::xml_node n = root.append_child("CONSTRAINT");
        n.append_attribute("DESCRIPTION") = constraintDescription(c);
        n.append_attribute("STEREOTYPE") = eafConstraintName(c);
    }
    for (std::size_t v = 0; v < doc.vocabularies.size(); ++v) {
        const EafControlledVocabulary& cv = doc.vocabularies[v];
        pugi::xml_node n = root.append_child("CONTROLLED_VOCABULARY");
        n.append_attribute("CV_ID") = cv.id.c_str();
        setIf(n, "EXT_REF", cv.extRef);
        for (const EafCvValue& d : cv.descriptions) {
            pugi::xml_node dn = n.append_child("DESCRIPTION");
            dn.append_attribute("LANG_REF") = (d.language.empty() ? kUndetermined : d.language.c_str());
            dn.text() = d.value.c_str();
        }
        for (std::size_t e = 0; e < cv.entries.size(); ++e) {
            const EafCvEntry& entry = cv.entries[e];
            pugi::xml_node en = n.append_child("CV_ENTRY_ML");
            std::string id = entry.id.empty() ? "cveid_" + std::to_string(v) + "_" + std::to_string(e) : entry.id;
            en.append_attribute("CVE_ID") = id.c_str();
            setIf(en, "EXT_REF", entry.extRef);
            for (const EafCvValue& value : entry.values) {
                pugi::xml_node vn = en.append_child("CVE_VALUE");
                setIf(vn, "DESCRIPTION", value.description);
                vn.append_attribute("LANG_REF") = (value.language.empty() ? kUndetermined : value.language.c_str());
                vn.text() = value.value.c_str();
            }
        }
    }
    for (const EafExternalRef& r : doc.externalRefs) {
        pugi::xml_node n = root.append_child("EXTERNAL_REF");
        n.append_attribute("EXT_REF_ID") = r.id.c_str();
        n.append_attribute("TYPE") = r.type.c_str();
        n.append_attribute("VALUE") = r.value.c_str();
    }
}

} // namespace

common::Result<std::string> eafToString(const EafDocument& doc)
{
    if (auto ok = checkEaf(doc); !ok)
        return ok.error();
    pugi::xml_document xml;
    buildXml(doc, xml);
    std::ostringstream out;
    xml.save(out, "    ", pugi::format_default, pugi::encoding_utf8);
    return out.str();
}

common::Status writeEaf(const EafDocument& doc, const std::filesystem::path& file, const common::OutputPolicy& policy)
{
    auto text = eafToString(doc);
    if (!text)
        return makeError(text.error().code, text.error().message, file.string());
    return common::writeOutputFile(file, *text, policy);
}

} // namespace exchange
