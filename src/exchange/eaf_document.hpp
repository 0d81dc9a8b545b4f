#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace exchange {

// A plain model of an ELAN annotation document (EAF 2.7 to 3.0). It knows nothing of the
// project's coders or codes: mapping tiers to coders and vocabularies to codebooks is the
// review layer's business. Times are milliseconds, as in EAF. Plain data; any thread.

struct EafMediaDescriptor {
    std::string mediaUrl;        // required by the schema
    std::string mimeType;        // required by the schema
    std::string relativeMediaUrl;
    std::optional<std::int64_t> timeOriginMs;
    std::string extractedFrom;
};

struct EafLinkedFile {
    std::string linkUrl;
    std::string mimeType;
    std::string relativeLinkUrl;
    std::optional<std::int64_t> timeOriginMs;
    std::string associatedWith;
};

struct EafProperty {
    std::string name;
    std::string value;
};

struct EafTimeSlot {
    std::string id;
    std::optional<std::int64_t> valueMs; // empty: an unaligned slot
};

// The four tier constraints of ELAN, or none for a top-level (independent) tier.
enum class EafConstraint { None, TimeSubdivision, IncludedIn, SymbolicSubdivision, SymbolicAssociation };
const char* eafConstraintName(EafConstraint c); // "Time_Subdivision", ...; "" for None

struct EafLinguisticType {
    std::string id;
    EafConstraint constraint = EafConstraint::None;
    bool timeAlignable = true;
    bool graphicReferences = false;
    std::string controlledVocabularyRef;
    std::string extRef;
    std::string lexiconRef;
};

struct EafCvValue {
    std::string language; // LANG_REF
    std::string value;
    std::string description;
};

struct EafCvEntry {
    std::string id;        // CVE_ID
    std::string extRef;
    std::vector<EafCvValue> values; // one per language
};

struct EafControlledVocabulary {
    std::string id; // CV_ID
    std::string extRef;
    std::vector<EafCvValue> descriptions; // DESCRIPTION per language (value = the text)
    std::vector<EafCvEntry> entries;
};

struct EafLanguage {
    std::string id; // LANG_ID, e.g. "eng"
    std::string definition;
    std::string label;
};

struct EafLocale {
    std::string languageCode;
    std::string countryCode;
    std::string variant;
};

struct EafExternalRef {
    std::string id;
    std::string type; // iso12620, ecv, cve_id, lexen_id, resource_url
    std::string value;
};

struct EafLicense {
    std::string url;
    std::string text;
};

// An annotation: alignable (two time slots) or a reference to an annotation on the parent
// tier (with the previous sibling for symbolic subdivision).
struct EafAnnotation {
    std::string id;
    bool alignable = true;
    std::string timeSlot1, timeSlot2; // alignable
    std::string annotationRef;        // reference
    std::string previousAnnotation;   // reference, symbolic subdivision
    std::string value;
    std::string extRef;
    std::string languageRef;
    std::string cveRef;
    std::string svgRef;
};

struct EafTier {
    std::string id;
    std::string linguisticTypeRef;
    std::string participant;
    std::string annotator;
    std::string parentRef;
    std::string defaultLocale;
    std::string languageRef;
    std::string extRef;
    std::vector<EafAnnotation> annotations;
};

struct EafDocument {
    std::string format = "3.0";  // of the file read; the writer always writes 3.0
    std::string author;
    std::string date;             // xsd:dateTime; empty: the writer uses the current time
    std::vector<EafLicense> licenses;
    std::string timeUnits = "milliseconds";
    std::vector<EafMediaDescriptor> media;
    std::vector<EafLinkedFile> linkedFiles;
    std::vector<EafProperty> properties;
    std::vector<EafTimeSlot> timeSlots; // in TIME_ORDER order
    std::vector<EafTier> tiers;
    std::vector<EafLinguisticType> linguisticTypes;
    std::vector<EafLocale> locales;
    std::vector<EafLanguage> languages;
    std::vector<EafControlledVocabulary> vocabularies;
    std::vector<EafExternalRef> externalRefs;

    std::size_t alignableCount() const;
    std::size_t referenceCount() const;
    const EafTier* tier(const std::string& id) const;
    const EafLinguisticType* linguisticType(const std::string& id) const;
};

// Preview times of every annotation, as ELAN shows them. Unaligned time slots get times
// interpolated evenly between the nearest aligned slots before and after them in the time
// order; reference annotations take their parent's times, and symbolic subdivisions share
// the parent's interval equally among the siblings, in order.
struct EafResolvedTime {
    std::int64_t startMs = 0;
    std::int64_t endMs = 0;
    bool interpolated = false; // some part of it was not in the file
};

struct EafTimeline {
    // Per time slot, in the document's order: its time, and whether it was interpolated.
    std::vector<std::int64_t> slotMs;
    std::vector<bool> slotInterpolated;
    std::vector<std::string> interpolatedSlots; // ids, in order
    // Per tier and annotation, in the document's order.
    std::vector<std::vector<EafResolvedTime>> annotationTimes;
};

EafTimeline resolveTimes(const EafDocument& doc);

} // namespace exchange
