#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/output_file.hpp"
#include "common/result.hpp"
#include "exchange/pii_scan.hpp"
#include "exchange/pseudonymiser.hpp"
#include "review/transcripts.hpp"

namespace review {
class Workspace;
struct Annotation;
}
namespace media {
class FrameIndex;
}

namespace exchange {

// Exports for researchers and for outside the panel (README "Exports"): a tidy CSV of
// annotations with a second CSV of encounters, a JSON dump of everything, and BORIS-style
// tabular events. Everything in them is pseudonymised (Pseudonymiser): encounters and
// footage by keyed hash, coders by pseudonym; free text is checked for personal details
// (findPii) and, with `redact`, replaced. Live (not deleted) annotations only, and only
// those the exporting coder may see (blind coding: review/blind_coding.hpp).
//
// ExportSource (export_source.cpp) reads everything through `review`, which decides what
// the exporting person may see; the annotations are streamed (a million rows export
// without holding them in memory). One thread; the Workspace is used for the duration of
// the call.

struct ResearchExportOptions {
    bool redact = false;
    std::optional<std::string> screening; // only the encounters of this screening (UUID or name)
    common::OutputPolicy output;          // --force: replace existing files
    // csv, json: each tag also carries the transcript lines it covers (review::cuesCovering
    // on its camera, or every camera for a tag without one), as free text: checked and,
    // with `redact`, redacted like comments.
    bool withTranscript = false;
};

// One finding of the free-text check: where, which field, what kind.
struct PiiNotice {
    std::string table; // "annotations", "encounters", "feedback"
    std::string row;   // what identifies the row inside the panel: tag UUID, encounter reference...
    std::string field; // "comment", "grounds_summary", "learning_points"...
    PiiKind kind = PiiKind::Name;
};

// Everything a writer needs besides the annotation rows: pseudonyms, code facts, encounters.
class ExportSource {
public:
    static common::Result<ExportSource> open(review::Workspace& ws, const ResearchExportOptions& options);

    // Checks every free text that would be exported.
    common::Result<std::vector<PiiNotice>> scanFreeText();

    struct AnnotationRow {
        std::string uuid; // internal: for warnings, never written
        std::string tag; // pseudonym of the tag (decisions name their sources by it)
        std::string encounter, footage, camera, coder, code, group, label, kind;
        int64_t startUs = 0;
        std::optional<int64_t> endUs;
        // The frame the tag's camera shows at its start and end, numbered from 0 in that
        // camera's frame index (presentation order); empty without a camera, or when the
        // file is no longer where it was registered, or the moment is off its recording.
        std::optional<int64_t> startFrame, endFrame;
        std::string subject, intensity, value, comment;
        std::string transcript; // withTranscript: the lines the tag covers, " / " between them
        int codebookVersion = 0;
        int64_t createdUs = 0, changedUs = 0;
        std::optional<double> footageSeconds, footageFps; // BORIS: total length and FPS
    };
    // Calls `row` for each live annotation, by encounter, coder and start time (the order of
    // the annotation_by_encounter index, so a million rows need no sort).
    // Comments are already redacted when the options say so.
    common::Status forEachAnnotation(const std::function<void(const AnnotationRow&)>& row);
    // Called by forEachAnnotation every thousand rows with the share done (0..1), for the
    // window's progress bar; returning false stops the export (a Cancelled error, and the
    // writers leave no file behind).
    void setProgress(std::function<bool(double)> progress) { m_progress = std::move(progress); }

    struct CameraRow {
        int64_t footageId = 0; // internal
        std::string footage; // pseudonym
        std::string label;   // redacted where asked
        int64_t offsetUs = 0;
        std::optional<double> seconds, fps;
        std::string incomplete; // review::incompleteRecordingText: empty when complete
    };
    struct EncounterRow {
        int64_t id = 0;
        std::string reference; // internal
        std::string pseudonym;
        std::vector<std::pair<std::string, std::string>> fields; // form fields, then codes asked per encounter
        std::vector<CameraRow> cameras;
        int64_t tags = 0;
    };
    // Encounters in scope (ordered by reference), with redacted text where asked.
    const std::vector<EncounterRow>& encounters() const { return m_encounters; }
    // Column names of encounters(): form fields in form order, then code fields (PAC.G...).
    const std::vector<std::string>& encounterColumns() const { return m_encounterColumns; }

    struct FeedbackRow {
        std::string screening, encounter, coder, question, value; // pseudonymised, redacted where asked
    };
    // Members' feedback answers on the encounters in scope, by screening, encounter, member.
    common::Result<std::vector<FeedbackRow>> feedback();

    struct ScreeningRow {
        std::string name, panel, force; // redacted where asked
        std::optional<std::string> date, venue, selection;
        std::map<std::string, int> attendees;
        std::vector<std::string> encounters; // pseudonyms, viewing order
    };
    // Screenings that showed encounters in scope (with a screening scope: that one).
    common::Result<std::vector<ScreeningRow>> screenings();

    // Pseudonyms of the people whose tags or feedback are in this export, by row id.
    common::Result<std::vector<std::string>> coders();
    // The same people with those who decided in adjudication: pseudonym and name, by
    // pseudonym. For the lead's key only (writePseudonymKey); never in a research file.
    common::Result<std::vector<std::pair<std::string, std::string>>> pseudonymKey();

    struct DecisionRow {
        std::string decision, encounter, code, group, label, kind; // decision: its pseudonym
        int64_t startUs = 0;
        std::optional<int64_t> endUs;
        std::string outcome;           // "tag" or "nothing happened"
        std::string consensusTag;      // the consensus tag's pseudonym, empty for "nothing happened"
        std::vector<std::string> sources; // pseudonyms of the tags it was decided from
        std::string reason;            // redacted where asked
        std::string decidedBy;         // pseudonym
        int64_t decidedById = 0;       // internal
        int64_t decidedUs = 0;
    };
    // Adjudication decisions on the encounters in scope that the exporting person may see
    // (on a blind encounter, after their pass), by encounter and time decided.
    common::Result<std::vector<DecisionRow>> decisions();

    // Text that leaves in this export, redacted when the options say so.
    std::string outgoing(const std::string& text) const;

    const Pseudonymiser& pseudonymiser() const { return m_pseudonymiser; }
    review::Workspace& workspace() { return *m_ws; }
    const ResearchExportOptions& options() const { return m_options; }

private:
    ExportSource(review::Workspace& ws, Pseudonymiser p, ResearchExportOptions o)
        : m_ws(&ws), m_pseudonymiser(std::move(p)), m_options(std::move(o)) {}
    struct FootageFacts {
        std::string pseudonym;
        std::optional<double> seconds, fps;
        std::string incomplete;
        std::string path;            // where it was registered
        int64_t sizeBytes = 0;
        std::optional<int64_t> frames;
    };
    review::Workspace* m_ws;
    Pseudonymiser m_pseudonymiser;
    ResearchExportOptions m_options;
    std::optional<int64_t> m_screeningId;
    std::map<int64_t, FootageFacts> m_footage; // by footage row id
    std::vector<EncounterRow> m_encounters;
    std::vector<std::string> m_encounterColumns;
    std::function<bool(double)> m_progress;
    // withTranscript: the cues of the encounter whose tags are being read (tags come by
    // encounter, so one encounter's cues are held at a time).
    int64_t m_cuesOf = -1;
    std::vector<review::EncounterCue> m_cues;
    const std::vector<review::EncounterCue>& cuesOf(int64_t encounterId);
    std::string transcriptOf(const review::Annotation& a);
    // Frame indexes of the cameras of the encounter whose tags are being read (from the
    // index cache; null where the registered file is not there as registered).
    int64_t m_indexesOf = -1;
    std::map<int64_t, std::shared_ptr<const media::FrameIndex>> m_indexes;
    std::optional<int64_t> frameAt(int64_t encounterId, int64_t footageId, int64_t mediaUs);
    // People whose visible tags or feedback are in scope, by row id.
    common::Result<std::set<int64_t>> peopleInScope();
};

// FILE with "_encounters" before the extension: out.csv -> out_encounters.csv.
std::filesystem::path encountersPathFor(const std::filesystem::path& annotationsFile);
// The research CSV's other companions, named the same way: out_decisions.csv (adjudication
// decisions) and out_codebook.csv (every version of the codebook tags were made with).
std::filesystem::path decisionsPathFor(const std::filesystem::path& annotationsFile);
std::filesystem::path codebookPathFor(const std::filesystem::path& annotationsFile);

struct ExportCounts {
    int64_t annotations = 0;
    int64_t encounters = 0;
    int64_t rows = 0; // lines of data written (BORIS: START and STOP are two)
};

// Annotations CSV at `file`, the encounters CSV at `encountersFile`, and the decisions and
// codebook CSVs beside `file`, each written to a temporary file and renamed; all or none
// are put in place.
common::Result<ExportCounts> writeResearchCsv(ExportSource& source, const std::filesystem::path& file,
                                              const std::filesystem::path& encountersFile);
// One JSON object: codebooks, coders, encounters (with their footage), screenings,
// annotations, feedback.
common::Result<ExportCounts> writeResearchJson(ExportSource& source, const std::filesystem::path& file);

// Beside FILE, named after it and its extension (a CSV and a BORIS export of one name each
// keep their own): out.csv -> out_csv_README.txt, out.tsv -> out_tsv_README.txt.
std::filesystem::path dataDictionaryPathFor(const std::filesystem::path& file);
// Beside a CSV or TSV export: what it is, when it was made, the codebooks and the audit
// log's head (so a later rewrite of the log is caught: audit verify --head), how it is
// pseudonymised, and what each column means. `format`: "csv" or "boris".
common::Status writeDataDictionary(ExportSource& source, const std::string& format, const std::filesystem::path& file);

// pseudonyms.csv: which pseudonym is which person (pseudonym,name), for the lead who must
// be able to go back from a finding to a coder. The only export that names people; the
// caller requires the lead's permission and audits it.
common::Result<ExportCounts> writePseudonymKey(ExportSource& source, const std::filesystem::path& file);

// The annotation CSV's columns, in order.
const std::vector<std::string>& annotationCsvColumns();

} // namespace exchange
