#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace review {

class Workspace;

// The per-encounter questions of the panel feedback form (CODEBOOK.md), each member's
// answers kept individually. Question ids: rating, gowisely.G ... gowisely.Y,
// grounds_reasonable, camera_coverage, pj.voice, pj.explanation, pj.respect,
// pj.trustworthy_motives, safeguarding, force_proportionate, force_reason,
// good_practice, learning_points, questions, themes.
struct FeedbackQuestion {
    std::string_view id;
    std::string_view label;
    std::vector<std::string_view> choices; // empty: free text; "1".."5" for scales
    bool several = false;                  // comma-separated choices (safeguarding: SAF codes)
};

std::span<const FeedbackQuestion> feedbackQuestions();

// Saves one answer of the acting member as they type: an upsert in its own change
// (Action::GiveFeedback), committed before it returns. An empty value removes the answer.
// Unchanged values write nothing; changes write feedback.changed to the audit log (the
// window should call this when typing pauses, not on every key). Choice answers are checked
// and made canonical. Refused once the member has submitted their feedback on it.
common::Status saveFeedbackAnswer(Workspace& ws, const std::string& screeningRef, const std::string& encounterRef,
                                  const std::string& question, const std::string& value);

// Submits the acting member's feedback on an encounter of a screening (it needs a rating):
// from then on their answers are final, and they see the other members' tags and feedback
// on it as "Member n" (visibility.hpp). Returns when, Unix microseconds. Audit:
// feedback.submitted.
common::Result<int64_t> submitFeedback(Workspace& ws, const std::string& screeningRef, const std::string& encounterRef);
// When the acting person submitted their feedback on it, if they have.
common::Result<std::optional<int64_t>> feedbackSubmittedAt(Workspace& ws, const std::string& screeningRef,
                                                           const std::string& encounterRef);

// The acting member's answers (question -> value) for one encounter of a screening.
common::Result<std::map<std::string, std::string>> feedbackAnswers(Workspace& ws, const std::string& screeningRef,
                                                                   const std::string& encounterRef);

// Every member's answers by name: person -> question -> value (Action::Consolidate: the chair).
common::Result<std::map<std::string, std::map<std::string, std::string>>> allFeedbackAnswers(
    Workspace& ws, const std::string& screeningRef, const std::string& encounterRef);

// The answers the acting person may see (visibility.hpp): their own, and once they have
// submitted, the others' as "Member n" (a chair sees names).
common::Result<std::map<std::string, std::map<std::string, std::string>>> visibleFeedback(
    Workspace& ws, const std::string& screeningRef, const std::string& encounterRef);

// visibleFeedback for showing outside the window (feedback show): the reading is audited
// (feedback.read).
common::Result<std::map<std::string, std::map<std::string, std::string>>> readFeedback(
    Workspace& ws, const std::string& screeningRef, const std::string& encounterRef);

// Every member's answers for a report or a research export (a chair or a lead), by
// screening, encounter, person and question; only those of `screeningId`'s encounters at it
// when given.
struct FeedbackAnswerRow {
    int64_t screeningId = 0;
    std::string screeningName;
    int64_t encounterId = 0;
    int64_t personId = 0;
    std::string question;
    std::string value;
};
common::Result<std::vector<FeedbackAnswerRow>> feedbackForExport(Workspace& ws, std::optional<int64_t> screeningId);

} // namespace review
