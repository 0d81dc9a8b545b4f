#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace review {

class Workspace;

// The chair's work (CODEBOOK.md "Chair's consolidation"): merging the members' feedback on
// one encounter of a screening, saving what the chair decides to send (the consolidation),
// and the police actions: points or questions sent to the police, their response, carried
// forward from screening to screening of the same panel until closed.
//
// Every change is one write transaction with its audit entry (consolidation.changed,
// police_action.raised, police_action.changed), committed before the function returns.
// Inputs are checked before anything is written; a refusal is one plain sentence
// (ErrorCode::Usage for a wrong value, NotFound for an unknown screening, encounter or
// police action). One thread, like the Workspace.

// Ratings in their order from best to worst.
inline constexpr std::array<std::string_view, 3> kRatings = {"good_practice", "adequate", "concern"};
// "good practice", "adequate", "concern".
std::string ratingLabel(std::string_view rating);

// One member's answer to one question.
struct MemberAnswer {
    std::string member; // coder name (inside the panel; exports pseudonymise)
    std::string value;
};

struct GowiselyAnswers {
    std::string element; // "G"
    std::string label;   // "Grounds given"
    std::vector<MemberAnswer> answers;
    int yes = 0, no = 0, unclear = 0;
};

struct RatingSpread {
    std::array<int, 3> counts{}; // per kRatings
    int rated = 0;               // members who gave a rating
    // The rating most members gave; empty when none was given or two ratings tie.
    std::optional<std::string> most;
    // Best and worst rating given (equal when all agree); empty when none was given.
    std::optional<std::string> best, worst;
    // "2 good practice, 1 concern"; "no ratings" when none.
    std::string text() const;
};

struct Consolidation {
    std::string uuid;
    std::optional<std::string> rating; // the merged rating the chair chose
    std::string points;                // points to send to the police
    std::string questions;             // questions for the police
    std::string chair;                 // coder name of who last changed it
    int64_t changedUs = 0;
};

struct FeedbackMerge {
    std::string screeningUuid;
    std::string screeningName;
    std::string encounterRef;
    std::vector<std::string> members; // who answered anything, by name
    RatingSpread ratings;
    std::vector<MemberAnswer> memberRatings;
    std::vector<GowiselyAnswers> gowisely; // G, O, W, I, S, E, L, Y
    std::vector<MemberAnswer> goodPractice, learningPoints, questions; // free text, non-empty only
    std::map<std::string, int> themes;       // theme -> members who gave it
    std::map<std::string, int> safeguarding; // SAF code -> members who raised it
    std::optional<Consolidation> consolidation;
};

// Merges the members' answers (allFeedbackAnswers) on one encounter of a screening, with
// the chair's consolidation if saved. NotFound when the encounter was not shown at the
// screening.
common::Result<FeedbackMerge> mergeFeedback(Workspace& ws, const std::string& screeningRef,
                                            const std::string& encounterRef);
// mergeFeedback for showing outside the window (chair show): the reading is audited
// (feedback.read), as the law asks for consultation of identified data.
common::Result<FeedbackMerge> readMergedFeedback(Workspace& ws, const std::string& screeningRef,
                                                 const std::string& encounterRef);

// What the chair typed; a field left empty (nullopt) keeps its saved value. rating ""
// clears the rating. The rating is matched loosely ("good practice" is good_practice).
struct ConsolidationEdit {
    std::optional<std::string> rating;
    std::optional<std::string> points;
    std::optional<std::string> questions;
};

// Saves the chair's consolidation as they type: an upsert, unchanged values write nothing,
// a change writes consolidation.changed (with the fields changed, not their text).
common::Result<Consolidation> saveConsolidation(Workspace& ws, const std::string& screeningRef,
                                                const std::string& encounterRef, const ConsolidationEdit& edit);

inline constexpr std::array<std::string_view, 3> kPoliceActionStatuses = {"open", "answered", "closed"};

struct PoliceAction {
    std::string uuid;
    std::string screeningUuid; // where it was raised
    std::string screeningName;
    std::optional<std::string> screeningDate;
    std::string panel;
    std::optional<std::string> encounterRef; // empty: about the screening as a whole
    std::string request;
    std::string response;
    std::optional<std::string> respondedOn; // YYYY-MM-DD
    std::string status;                     // open | answered | closed
    std::optional<std::string> closedOn;    // YYYY-MM-DD, when closed
    std::string raisedBy;
    int64_t createdUs = 0;
    int64_t changedUs = 0;
};

struct NewPoliceAction {
    std::string screeningRef;
    std::optional<std::string> encounterRef; // must have been shown at the screening
    std::string request;
};

// Raises a police action, status open. Audit: police_action.raised.
common::Result<PoliceAction> raisePoliceAction(Workspace& ws, const NewPoliceAction& input);

// The police response; fields left empty keep their saved value. `date` is when the police
// answered (YYYY-MM-DD). Closing sets closed_on to `date`, or today (UTC) without one;
// reopening clears it. Audit: police_action.changed.
struct PoliceResponse {
    std::optional<std::string> response;
    std::optional<std::string> date;
    std::optional<std::string> status;
};
common::Result<PoliceAction> respondToPoliceAction(Workspace& ws, const std::string& uuid, const PoliceResponse& input);

common::Result<PoliceAction> findPoliceAction(Workspace& ws, const std::string& uuid);

// The actions carried forward to a screening: those raised at earlier screenings of the same
// panel (screenings ordered by held_on, then creation; a screening without a date counts
// as after every dated one) that were not closed before it (closed_on earlier than its
// date), then those raised at it. Ordered by the screening they were raised at, then by
// creation.
common::Result<std::vector<PoliceAction>> policeActionsCarriedForward(Workspace& ws, const std::string& screeningRef);

// Every police action (or those carried forward to `screeningRef`), optionally only those
// not closed, in the same order.
common::Result<std::vector<PoliceAction>> listPoliceActions(Workspace& ws, const std::optional<std::string>& screeningRef,
                                                            bool openOnly);

// Those raised at screenings held on or before `lastDay` and not closed by then (closed_on
// after it or none): what a roll-up up to that day carries forward, across panels.
common::Result<std::vector<PoliceAction>> policeActionsOpenOn(Workspace& ws, const std::string& lastDay);

} // namespace review
