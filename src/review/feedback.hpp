#pragma once

#include <map>
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

// Saves one answer of the acting member as they type: an upsert in its own transaction,
// committed before it returns. An empty value removes the answer. Unchanged values write
// nothing; changes write feedback.changed to the audit log (the window should call this
// when typing pauses, not on every key). Choice answers are checked and made canonical.
common::Status saveFeedbackAnswer(Workspace& ws, const std::string& screeningRef, const std::string& encounterRef,
                                  const std::string& question, const std::string& value);

// The acting member's answers (question -> value) for one encounter of a screening.
common::Result<std::map<std::string, std::string>> feedbackAnswers(Workspace& ws, const std::string& screeningRef,
                                                                   const std::string& encounterRef);

// Every member's answers: coder -> question -> value (for the chair's consolidation).
common::Result<std::map<std::string, std::map<std::string, std::string>>> allFeedbackAnswers(
    Workspace& ws, const std::string& screeningRef, const std::string& encounterRef);

} // namespace review
