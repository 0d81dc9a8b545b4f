#include "exchange/eaf_encounter.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <optional>
#include <set>
#include <tuple>

#include "common/text.hpp"
#include "common/version.hpp"
#include "exchange/pseudonymiser.hpp"
#include "review/annotation.hpp"
#include "review/audit_log.hpp"
#include "review/blind_coding.hpp"
#include "review/codebook.hpp"
#include "review/encounter.hpp"
#include "review/footage.hpp"
#include "review/keys.hpp"
#include "review/people.hpp"
#include "review/tag_import.hpp"
#include "review/workspace.hpp"

namespace exchange {
namespace {

constexpr const char* kNotesType = "bwv-notes";

bool isNcName(const std::string& s)
{
    if (s.empty())
        return false;
    auto first = static_cast<unsigned char>(s[0]);
    if (!(std::isalpha(first) || s[0] == '_'))
        return false;
    for (char c : s) {
        auto u = static_cast<unsigned char>(c);
        if (!(std::isalnum(u) || c == '_' || c == '-' || c == '.'))
            return false;
    }
    return true;
}

int64_t toMs(int64_t us) { return us <= 0 ? 0 : (us + 500) / 1000; }

// ELAN's MIME type names for the containers body-worn cameras write.
std::string mimeTypeOf(const std::filesystem::path& file)
{
    const std::string extension = common::asciiLower(file.extension().string());
    if (extension == ".mp4" || extension == ".m4v")
        return "video/mp4";
    if (extension == ".mov")
        return "video/quicktime";
    if (extension == ".mpg" || extension == ".mpeg" || extension == ".ts")
        return "video/mpeg";
    if (extension == ".avi")
        return "video/x-msvideo";
    if (extension == ".mkv")
        return "video/x-matroska";
    if (extension == ".wav")
        return "audio/x-wav";
    return "video/*";
}

constexpr const char* kOffsetProperty = "bwv-review:offset_us:"; // + the media's pseudonymous name

// A camera's name in an EAF: its footage hash with the file's extension (ftg-....mp4).
std::string mediaNameOf(const Pseudonymiser& names, const review::EncounterFootage& link)
{
    return names.footage(link.sha256) + common::asciiLower(std::filesystem::path(link.path).extension().string());
}

std::string notesText(const review::Annotation& a, const std::string& comment, const std::string& footage)
{
    std::string out;
    auto add = [&](const char* key, const std::string& value) {
        out += (out.empty() ? "" : "; ") + std::string(key) + ": " + value;
    };
    if (!footage.empty())
        add("footage", footage);
    if (a.subject)
        add("subject", *a.subject);
    if (a.intensity)
        add("intensity", std::to_string(*a.intensity));
    if (a.value)
        add("value", *a.value);
    if (!comment.empty())
        add("comment", comment); // last: may itself hold "; "
    return out;
}

struct Notes {
    std::optional<std::string> subject, value, footage;
    std::optional<int> intensity;
    std::string comment;
};

Notes parseNotes(const std::string& text)
{
    Notes notes;
    std::size_t at = 0;
    while (at < text.size()) {
        if (text.compare(at, 9, "comment: ") == 0) {
            notes.comment = text.substr(at + 9);
            break;
        }
        std::size_t end = text.find("; ", at);
        std::string part = text.substr(at, end == std::string::npos ? std::string::npos : end - at);
        auto colon = part.find(": ");
        if (colon != std::string::npos) {
            std::string key = part.substr(0, colon), value = part.substr(colon + 2);
            if (key == "subject")
                notes.subject = value;
            else if (key == "footage")
                notes.footage = value;
            else if (key == "value")
                notes.value = value;
            else if (key == "intensity" && value.size() == 1 && value[0] >= '1' && value[0] <= '3')
                notes.intensity = value[0] - '0';
        }
        if (end == std::string::npos)
            break;
        at = end + 2;
    }
    return notes;
}

} // namespace

common::Result<EafExport> encounterToEaf(review::Workspace& ws, const std::string& encounterRef,
                                         const EafExportOptions& options)
{
    auto encounter = review::findEncounter(ws, encounterRef);
    if (!encounter)
        return encounter.error();
    auto names = Pseudonymiser::open(ws);
    if (!names)
        return names.error();
    review::AnnotationFilter filter;
    filter.encounterRef = encounter->uuid;
    auto tags = review::listAnnotations(ws, filter);
    if (!tags)
        return tags.error();
    auto active = review::activeCodebook(ws);
    if (!active)
        return active.error();
    std::vector<review::Codebook> books = {*active};
    for (const review::Annotation& a : *tags)
        if (std::none_of(books.begin(), books.end(), [&](const review::Codebook& b) { return b.dbId == a.codebookId; })) {
            auto book = review::codebookById(ws, a.codebookId);
            if (!book)
                return book.error();
            books.push_back(std::move(*book));
        }

    EafExport result;
    EafDocument& doc = result.document;
    doc.author = "bwv-review";
    const std::string encounterName = names->encounter(encounter->reference);
    doc.properties.push_back({"bwv-review:encounter", encounterName});
    doc.properties.push_back({"bwv-review:codebook", active->name + " version " + std::to_string(active->version)});
    auto head = review::auditHead(ws.db());
    if (!head)
        return head.error();
    doc.properties.push_back({"bwv-review:audit_head", head->text()});
    doc.properties.push_back({"bwv-review:tool", "bwv-review " + std::string(common::toolVersion())});
    doc.languages.push_back({"eng", "http://cdb.iso.org/lg/CDB-00138502-001", "English (eng)"});

    // One media descriptor per camera, named by its pseudonym (the footage's name could
    // identify someone): ELAN finds it when a copy of the file sits beside the EAF under
    // that name. TIME_ORIGIN is the media time at the document's zero, so a camera that
    // started after the encounter's zero has a negative one; the exact offset in
    // microseconds rides in a property, for a round trip to the microsecond.
    auto registered = review::listFootage(ws);
    if (!registered)
        return registered.error();
    std::map<int64_t, std::string> footageName; // footage row id -> pseudonymous file name
    std::map<int64_t, int64_t> frameUs;          // footage row id -> one frame's duration
    for (const review::EncounterFootage& link : encounter->footage) {
        const std::string name = mediaNameOf(*names, link);
        footageName[link.footageId] = name;
        for (const review::Footage& f : *registered)
            if (f.id == link.footageId && f.fps && *f.fps > 0)
                frameUs[link.footageId] = static_cast<int64_t>(1e6 / *f.fps + 0.5);
        EafMediaDescriptor media;
        media.mediaUrl = "file:///" + name;
        media.relativeMediaUrl = "./" + name;
        media.mimeType = mimeTypeOf(link.path);
        if (link.offsetUs != 0)
            media.timeOriginMs = -(link.offsetUs >= 0 ? (link.offsetUs + 500) / 1000 : -((-link.offsetUs + 500) / 1000));
        doc.media.push_back(std::move(media));
        doc.properties.push_back({kOffsetProperty + name, std::to_string(link.offsetUs)});
    }
    // A point tag lasts one frame of its camera (ELAN drops annotations of no length); its
    // start is the moment. Without a camera, one frame of the first camera, else 40 ms.
    const int64_t defaultFrameUs = frameUs.empty() ? 40000 : frameUs.begin()->second;
    doc.properties.push_back({"bwv-review:point_tags", "annotations of point codes last one frame; the start is the moment"});

    // Vocabularies: one per group, codes of the active codebook first, then codes of older
    // versions that tags still carry.
    std::vector<std::string> groupOrder;
    std::map<std::string, EafControlledVocabulary> vocabularies;
    std::map<std::string, std::string> groupOfCode, cveOfCode;
    for (const review::Codebook& book : books) {
        for (const review::CodeGroup& g : book.groups)
            if (!vocabularies.count(g.id)) {
                EafControlledVocabulary cv;
                cv.id = isNcName(g.id) ? g.id : "group" + std::to_string(groupOrder.size() + 1);
                cv.descriptions.push_back({"eng", g.label, ""});
                vocabularies[g.id] = std::move(cv);
                groupOrder.push_back(g.id);
            }
        for (const review::Code& c : book.codes) {
            if (!c.isTaggable() || groupOfCode.count(c.id) || !vocabularies.count(c.group))
                continue;
            EafControlledVocabulary& cv = vocabularies[c.group];
            std::string cve = isNcName(c.id) ? c.id : "cve-" + cv.id + "-" + std::to_string(cv.entries.size() + 1);
            cv.entries.push_back({cve, "", {{"eng", c.id, c.label}}});
            groupOfCode[c.id] = c.group;
            cveOfCode[c.id] = cve;
        }
    }

    // Tiers per coder pseudonym and group, in pseudonym then group order.
    struct Slot {
        int64_t ms;
        std::size_t tier, annotation;
        bool second;
    };
    std::vector<Slot> slots;
    std::map<std::pair<std::string, std::string>, std::vector<const review::Annotation*>> byTier;
    for (const review::Annotation& a : *tags) {
        std::string coder = names->coder(a.coderId);
        auto group = groupOfCode.find(a.code);
        if (group == groupOfCode.end())
            continue; // a code with no group in any codebook: cannot happen with stored codebooks
        byTier[{coder, group->second}].push_back(&a);
    }
    std::set<std::string> usedGroups;
    for (const auto& [key, list] : byTier)
        usedGroups.insert(key.second);
    for (const std::string& g : groupOrder) {
        if (!usedGroups.count(g))
            continue;
        doc.linguisticTypes.push_back({"codes-" + vocabularies[g].id, EafConstraint::None, true, false, vocabularies[g].id, "", ""});
    }
    bool anyNotes = false;
    std::size_t annotationNumber = 0;
    for (const auto& [key, list] : byTier) {
        const auto& [coder, group] = key;
        EafTier tier;
        tier.id = coder + "_" + vocabularies[group].id;
        tier.linguisticTypeRef = "codes-" + vocabularies[group].id;
        tier.annotator = coder;
        EafTier notes;
        notes.id = tier.id + "_notes";
        notes.linguisticTypeRef = kNotesType;
        notes.parentRef = tier.id;
        notes.annotator = coder;
        for (const review::Annotation* a : list) {
            EafAnnotation ann;
            ann.id = "a" + std::to_string(++annotationNumber);
            ann.value = a->code;
            ann.cveRef = cveOfCode[a->code];
            int64_t endUs = a->endUs.value_or(a->startUs);
            if (!a->endUs) {
                auto frame = a->footageId ? frameUs.find(*a->footageId) : frameUs.end();
                endUs = a->startUs + std::max<int64_t>(1000, frame != frameUs.end() ? frame->second : defaultFrameUs);
            }
            slots.push_back({toMs(a->startUs), doc.tiers.size(), tier.annotations.size(), false});
            slots.push_back({std::max(toMs(endUs), toMs(a->startUs) + 1), doc.tiers.size(), tier.annotations.size(), true});
            std::string comment = a->comment;
            if (!comment.empty()) {
                auto found = findPii(comment);
                for (const PiiFinding& f : found) {
                    result.findings.push_back(f);
                    result.findingTags.push_back(a->uuid);
                }
                if (options.redact && !found.empty())
                    comment = redactPii(comment, found);
            }
            std::string footage;
            if (a->footageId)
                if (auto found = footageName.find(*a->footageId); found != footageName.end())
                    footage = found->second;
            std::string text = notesText(*a, comment, footage);
            if (!text.empty()) {
                EafAnnotation note;
                note.id = "a" + std::to_string(++annotationNumber);
                note.alignable = false;
                note.annotationRef = ann.id;
                note.value = text;
                notes.annotations.push_back(std::move(note));
            }
            tier.annotations.push_back(std::move(ann));
            ++result.annotations;
        }
        doc.tiers.push_back(std::move(tier));
        if (!notes.annotations.empty()) {
            anyNotes = true;
            doc.tiers.push_back(std::move(notes));
        }
    }
    if (anyNotes)
        doc.linguisticTypes.push_back({kNotesType, EafConstraint::SymbolicAssociation, false, false, "", "", ""});
    for (const std::string& g : groupOrder)
        if (usedGroups.count(g))
            doc.vocabularies.push_back(vocabularies[g]);

    // Time slots in time order (ELAN expects TIME_ORDER sorted).
    std::stable_sort(slots.begin(), slots.end(), [](const Slot& a, const Slot& b) { return a.ms < b.ms; });
    doc.timeSlots.reserve(slots.size());
    for (std::size_t i = 0; i < slots.size(); ++i) {
        std::string id = "ts" + std::to_string(i + 1);
        doc.timeSlots.push_back({id, slots[i].ms});
        EafAnnotation& ann = doc.tiers[slots[i].tier].annotations[slots[i].annotation];
        (slots[i].second ? ann.timeSlot2 : ann.timeSlot1) = id;
    }
    return result;
}

common::Result<EafImport> importEafDocument(review::Workspace& workspace, const EafDocument& doc,
                                            const EafImportOptions& options)
{
    if (auto allowed = workspace.require(review::Action::ImportTags, options.encounterRef); !allowed)
        return allowed.error();
    review::Workspace* ws = &workspace;
    auto encounter = review::findEncounter(*ws, options.encounterRef);
    if (!encounter)
        return encounter.error();
    auto book = review::activeCodebook(*ws);
    if (!book)
        return book.error();
    auto names = Pseudonymiser::open(*ws);
    if (!names)
        return names.error();
    std::map<int64_t, std::string> coderNames;
    {
        auto people = review::everyone(*ws);
        if (!people)
            return people.error();
        for (const review::PersonRef& person : *people)
            coderNames[person.id] = person.name;
    }
    for (const auto& [tier, code] : options.tierCodes) {
        if (!doc.tier(tier))
            return common::makeError(common::ErrorCode::Usage, "--map names tier \"" + tier + "\", which the file does not have");
        const review::Code* c = book->find(code);
        if (!c || !c->isTaggable())
            return common::makeError(common::ErrorCode::Usage,
                                     "--map " + tier + "=" + code + ": " + code + " is not a taggable code of the codebook in use");
    }
    // Code ids and labels, case-insensitive.
    std::map<std::string, std::string> codeByText;
    for (const review::Code& c : book->codes)
        if (c.isTaggable()) {
            codeByText.emplace(common::asciiLower(c.id), c.id);
            codeByText.emplace(common::asciiLower(c.label), c.id);
        }
    auto codeOf = [&](const std::string& text) -> std::optional<std::string> {
        auto found = codeByText.find(common::asciiLower(common::trimmed(text)));
        if (found == codeByText.end())
            return std::nullopt;
        return found->second;
    };
    // CV entry values by vocabulary and entry id.
    std::map<std::pair<std::string, std::string>, std::vector<std::string>> cveValues;
    for (const EafControlledVocabulary& cv : doc.vocabularies)
        for (const EafCvEntry& e : cv.entries) {
            auto& values = cveValues[{cv.id, e.id}];
            values.push_back(e.id);
            for (const EafCvValue& v : e.values)
                values.push_back(v.value);
        }

    EafImport report;
    report.file = options.source;
    report.encounter = encounter->reference;
    report.alignable = doc.alignableCount();
    report.reference = doc.referenceCount();
    report.timeSlots = doc.timeSlots.size();
    for (const EafTimeSlot& s : doc.timeSlots)
        if (!s.valueMs)
            ++report.unalignedTimeSlots;
    const EafTimeline timeline = resolveTimes(doc);

    // The encounter's cameras by the media names our export gives them.
    std::map<std::string, const review::EncounterFootage*> cameraByName;
    for (const review::EncounterFootage& link : encounter->footage)
        cameraByName[mediaNameOf(*names, link)] = &link;
    bool pointTagsLastAFrame = false;
    for (const EafProperty& p : doc.properties) {
        if (p.name == "bwv-review:point_tags")
            pointTagsLastAFrame = true;
        if (p.name.rfind(kOffsetProperty, 0) != 0)
            continue;
        auto camera = cameraByName.find(p.name.substr(std::char_traits<char>::length(kOffsetProperty)));
        if (camera == cameraByName.end())
            continue;
        ++report.camerasMatched;
        if (p.value != std::to_string(camera->second->offsetUs))
            report.offsetWarnings.push_back("camera " + camera->first + " is offset by " + p.value
                                            + " microseconds in the file but by " + std::to_string(camera->second->offsetUs)
                                            + " on encounter " + encounter->reference);
    }

    std::set<std::tuple<std::string, std::string, int64_t, std::optional<int64_t>>> existing;
    {
        review::AnnotationFilter filter;
        filter.encounterRef = encounter->uuid;
        filter.allCoders = true; // only compared, never shown: a blind import must not duplicate others' tags
        auto live = review::listAnnotations(*ws, filter);
        if (!live)
            return live.error();
        for (const review::Annotation& a : *live)
            existing.insert({a.coder, a.code, a.startUs, a.endUs});
    }

    struct Pending {
        std::string coder;
        review::NewAnnotation input;
        std::size_t tierReport;
    };
    std::vector<Pending> pending;
    std::map<std::string, std::size_t> pendingByAnnotationId;
    std::map<std::string, std::string> notesByParent;

    for (std::size_t t = 0; t < doc.tiers.size(); ++t) {
        const EafTier& tier = doc.tiers[t];
        EafTierImport tr;
        tr.tier = tier.id;
        for (const EafAnnotation& a : tier.annotations)
            ++(a.alignable ? tr.alignable : tr.reference);
        if (tier.linguisticTypeRef == kNotesType) {
            for (const EafAnnotation& a : tier.annotations)
                if (!a.alignable)
                    notesByParent[a.annotationRef] = a.value;
            tr.mappedBy = "notes";
            report.tiers.push_back(std::move(tr));
            continue;
        }
        // Coder of the tier.
        std::string coder = ws->personName();
        bool found = false;
        for (const std::string* candidate : {&tier.annotator, &tier.participant, &tier.id}) {
            if (candidate->empty())
                continue;
            if (int64_t id = names->coderByNameOrPseudonym(*candidate)) {
                coder = coderNames[id];
                found = true;
                break;
            }
        }
        if (!found && !common::trimmed(tier.annotator).empty())
            coder = common::trimmed(tier.annotator);
        // Code of the tier, when the tier decides.
        std::optional<std::string> tierCode;
        std::string tierHow;
        if (auto mapped = options.tierCodes.find(tier.id); mapped != options.tierCodes.end()) {
            tierCode = mapped->second;
            tierHow = "--map";
        }
        std::optional<std::string> nameCode = codeOf(tier.id);
        const EafLinguisticType* type = doc.linguisticType(tier.linguisticTypeRef);
        std::string cvId = type ? type->controlledVocabularyRef : std::string();
        std::set<std::string> how;
        std::set<std::string> unmappedValues;
        for (std::size_t i = 0; i < tier.annotations.size(); ++i) {
            const EafAnnotation& a = tier.annotations[i];
            std::optional<std::string> code = tierCode;
            std::string comment;
            if (code) {
                comment = a.value;
                how.insert(tierHow);
            }
            if (!code) {
                code = codeOf(a.value);
                if (!code && !a.cveRef.empty()) {
                    auto values = cveValues.find({cvId, a.cveRef});
                    if (values != cveValues.end())
                        for (const std::string& v : values->second)
                            if ((code = codeOf(v)))
                                break;
                }
                if (code)
                    how.insert("values");
            }
            if (!code && nameCode) {
                code = nameCode;
                comment = a.value;
                how.insert("tier name");
            }
            if (!code) {
                ++tr.unmapped;
                if (unmappedValues.size() < 10)
                    unmappedValues.insert(a.value);
                continue;
            }
            const review::Code* c = book->find(*code);
            const EafResolvedTime& when = timeline.annotationTimes[t][i];
            review::NewAnnotation input;
            input.encounterRef = encounter->uuid;
            input.code = *code;
            input.startUs = when.startMs * 1000;
            if (c->isInterval())
                input.endUs = std::max(when.startMs, when.endMs) * 1000;
            else if (when.endMs > when.startMs && !(pointTagsLastAFrame && when.endMs - when.startMs <= 200))
                ++tr.pointsWithDuration; // our own export's point tags last one frame (at 5 fps or more)
            input.comment = common::trimmed(comment);
            if (existing.count({coder, input.code, input.startUs, input.endUs})) {
                ++tr.duplicates;
                continue;
            }
            pendingByAnnotationId[a.id] = pending.size();
            pending.push_back({coder, std::move(input), report.tiers.size()});
            ++tr.imported;
        }
        tr.unmappedValues.assign(unmappedValues.begin(), unmappedValues.end());
        if (tr.imported || tr.duplicates)
            tr.coder = coder;
        for (const std::string& h : how)
            tr.mappedBy += (tr.mappedBy.empty() ? "" : ", ") + h;
        report.tiers.push_back(std::move(tr));
    }
    // Blind coding: importing tags for other coders (and counting which are already there)
    // would tell a coder whose pass is open what the others tagged.
    for (const EafTierImport& tr : report.tiers)
        if (!tr.coder.empty() && tr.coder != ws->personName())
            if (auto may = review::requireSightOfOthers(*ws, encounter->uuid, "importing tags for other coders"); !may)
                return may.error();
    // Notes (our own export's subject, intensity, value, comment) back onto their tags.
    static const std::set<std::string> kSubjects = {"officer", "person", "other_officer", "bystander"};
    for (const auto& [parent, text] : notesByParent) {
        auto found = pendingByAnnotationId.find(parent);
        if (found == pendingByAnnotationId.end())
            continue;
        review::NewAnnotation& input = pending[found->second].input;
        Notes notes = parseNotes(text);
        const review::Code* c = book->find(input.code);
        if (notes.subject && kSubjects.count(*notes.subject))
            input.subject = notes.subject;
        input.intensity = notes.intensity;
        if (notes.value && std::find(c->values.begin(), c->values.end(), *notes.value) != c->values.end())
            input.value = notes.value;
        if (!notes.comment.empty())
            input.comment = notes.comment;
        if (notes.footage)
            if (auto camera = cameraByName.find(*notes.footage); camera != cameraByName.end())
                input.footageId = camera->second->footageId;
    }
    for (const EafTierImport& tr : report.tiers) {
        report.imported += tr.imported;
        report.duplicates += tr.duplicates;
        report.unmapped += tr.unmapped;
    }
    if (options.dryRun || pending.empty())
        return report;

    // One change for all, each tag under its coder.
    std::vector<review::ImportedTag> tags;
    tags.reserve(pending.size());
    for (Pending& p : pending)
        tags.push_back({p.coder, std::move(p.input)});
    auto added = review::importTags(*ws, encounter->uuid, tags,
                                    {{"format", "eaf"}, {"file", review::sealForJson(ws->dataKey(), report.file, "audit.file")},
                                     {"imported", report.imported}, {"duplicates", report.duplicates},
                                     {"unmapped", report.unmapped}});
    if (!added)
        return added.error();
    return report;
}

} // namespace exchange
