// The Chair tab: the members' feedback on the encounter merged (ratings with their spread,
// GOWISELY, what they commend, learning points, questions, themes, safeguarding), the
// chair's consolidation saved as it is typed, and the police actions about the encounter,
// carried forward until closed.
#include <algorithm>
#include <cstdio>

#include <imgui.h>
#include <imgui_stdlib.h> // after imgui.h: it needs IMGUI_API

#include "review/chair.hpp"
#include "ui/panels/panels.hpp"
#include "ui/tagging_session.hpp"

namespace ui {
namespace {

constexpr double kTypingPauseSeconds = 0.6;

void answersList(const char* title, const std::vector<review::MemberAnswer>& answers)
{
    if (answers.empty())
        return;
    ImGui::TextUnformatted(title);
    ImGui::Indent();
    for (const review::MemberAnswer& a : answers) {
        ImGui::TextDisabled("%s:", a.member.c_str());
        ImGui::SameLine();
        ImGui::TextWrapped("%s", a.value.c_str());
    }
    ImGui::Unindent();
}

// A consolidation text that saves when typing pauses or the field is left.
void consolidationText(ChairState& state, const char* id, std::string& buffer, const std::string& saved, bool points,
                       CommandSink& out)
{
    bool changed = ImGui::InputTextMultiline(id, &buffer, ImVec2(-1, ImGui::GetTextLineHeight() * 4));
    double& editedAt = points ? state.pointsEditedAt : state.questionsEditedAt;
    if (changed)
        editedAt = ImGui::GetTime();
    bool leave = ImGui::IsItemDeactivated();
    if (editedAt >= 0 && (leave || ImGui::GetTime() - editedAt > kTypingPauseSeconds)) {
        review::ConsolidationEdit edit;
        (points ? edit.points : edit.questions) = buffer;
        out.push_back(cmd::SaveConsolidation{edit});
        editedAt = -1;
    } else if (editedAt < 0 && !ImGui::IsItemActive() && buffer != saved) {
        buffer = saved;
    }
}

} // namespace

void drawChairTab(const TaggingSession& session, ChairState& state, CommandSink& out)
{
    if (!session.chairView()) {
        ImGui::TextWrapped("Open the encounter from its screening as the chair "
                           "(bwv-review gui --screening ID --encounter REF --chair) to merge members' feedback.");
        return;
    }
    const review::FeedbackMerge& merge = *session.chairView();
    ImGui::TextWrapped("%s at %s: %zu members answered.", merge.encounterRef.c_str(), merge.screeningName.c_str(),
                       merge.members.size());
    ImGui::BeginChild("##chair");
    if (ImGui::CollapsingHeader("Members' feedback", ImGuiTreeNodeFlags_DefaultOpen)) {
        ImGui::Text("Ratings: %s", merge.ratings.text().c_str());
        if (merge.ratings.best && merge.ratings.worst && *merge.ratings.best != *merge.ratings.worst)
            ImGui::TextDisabled("spread: from %s to %s", review::ratingLabel(*merge.ratings.best).c_str(),
                                review::ratingLabel(*merge.ratings.worst).c_str());
        if (ImGui::BeginTable("##gowisely", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
            ImGui::TableSetupColumn("GOWISELY");
            ImGui::TableSetupColumn("yes");
            ImGui::TableSetupColumn("no");
            ImGui::TableSetupColumn("unclear");
            ImGui::TableHeadersRow();
            for (const review::GowiselyAnswers& g : merge.gowisely) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(g.label.c_str());
                ImGui::TableNextColumn();
                ImGui::Text("%d", g.yes);
                ImGui::TableNextColumn();
                ImGui::Text("%d", g.no);
                ImGui::TableNextColumn();
                ImGui::Text("%d", g.unclear);
            }
            ImGui::EndTable();
        }
        answersList("Good practice to commend", merge.goodPractice);
        answersList("Learning points", merge.learningPoints);
        answersList("Questions for the police", merge.questions);
        if (!merge.themes.empty()) {
            std::string themes;
            for (const auto& [theme, members] : merge.themes)
                themes += (themes.empty() ? "" : ", ") + theme + " (" + std::to_string(members) + ")";
            ImGui::TextWrapped("Themes: %s", themes.c_str());
        }
        if (!merge.safeguarding.empty()) {
            std::string codes;
            for (const auto& [code, members] : merge.safeguarding)
                codes += (codes.empty() ? "" : ", ") + code + " (" + std::to_string(members) + ")";
            ImGui::TextWrapped("Safeguarding concerns: %s", codes.c_str());
        }
    }
    if (ImGui::CollapsingHeader("What the panel sends", ImGuiTreeNodeFlags_DefaultOpen)) {
        std::string savedRating = merge.consolidation && merge.consolidation->rating ? *merge.consolidation->rating : "";
        ImGui::TextUnformatted("Merged rating");
        ImGui::SetNextItemWidth(-1);
        if (ImGui::BeginCombo("##merged-rating", savedRating.empty() ? "(not decided)" : review::ratingLabel(savedRating).c_str())) {
            for (std::string_view rating : review::kRatings)
                if (ImGui::Selectable(review::ratingLabel(rating).c_str(), savedRating == rating)) {
                    review::ConsolidationEdit edit;
                    edit.rating = std::string(rating);
                    out.push_back(cmd::SaveConsolidation{edit});
                }
            ImGui::EndCombo();
        }
        const std::string savedPoints = merge.consolidation ? merge.consolidation->points : "";
        const std::string savedQuestions = merge.consolidation ? merge.consolidation->questions : "";
        if (!state.loaded) {
            state.points = savedPoints;
            state.questions = savedQuestions;
            state.loaded = true;
        }
        ImGui::TextUnformatted("Points to send to the police");
        consolidationText(state, "##points", state.points, savedPoints, true, out);
        ImGui::TextUnformatted("Questions for the police");
        consolidationText(state, "##questions", state.questions, savedQuestions, false, out);
        ImGui::BeginDisabled(state.points.empty() && state.questions.empty());
        if (ImGui::Button("Send as a police action")) {
            std::string request = state.points;
            if (!state.questions.empty())
                request += (request.empty() ? "" : "\n") + state.questions;
            out.push_back(cmd::RaisePoliceAction{request});
        }
        ImGui::EndDisabled();
    }
    if (ImGui::CollapsingHeader("Police actions about this encounter", ImGuiTreeNodeFlags_DefaultOpen)) {
        if (session.policeActions().empty())
            ImGui::TextDisabled("none yet");
        for (const review::PoliceAction& action : session.policeActions()) {
            ImGui::PushID(action.uuid.c_str());
            ImGui::Separator();
            ImGui::TextWrapped("%s", action.request.c_str());
            ImGui::TextDisabled("raised at %s; %s%s%s", action.screeningName.c_str(), action.status.c_str(),
                                action.respondedOn ? ", answered " : "", action.respondedOn ? action.respondedOn->c_str() : "");
            // The police response: its text, the date the police answered, the status.
            auto [response, fresh] = state.responses.try_emplace(action.uuid, action.response);
            auto [date, freshDate] = state.dates.try_emplace(action.uuid, action.respondedOn.value_or(""));
            (void)fresh;
            (void)freshDate;
            ImGui::InputTextMultiline("##response", &response->second, ImVec2(-1, ImGui::GetTextLineHeight() * 3));
            ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
            ImGui::InputTextWithHint("##date", "YYYY-MM-DD", &date->second);
            ImGui::SameLine();
            ImGui::TextUnformatted("Status:");
            std::string& status = state.statuses.try_emplace(action.uuid, action.status).first->second;
            for (std::string_view s : review::kPoliceActionStatuses) {
                ImGui::SameLine();
                if (ImGui::RadioButton(std::string(s).c_str(), status == s))
                    status = std::string(s);
            }
            bool edited = response->second != action.response || date->second != action.respondedOn.value_or("")
                       || status != action.status;
            ImGui::BeginDisabled(!edited);
            if (ImGui::Button("Save the police response")) {
                review::PoliceResponse r;
                r.response = response->second;
                if (!date->second.empty())
                    r.date = date->second;
                r.status = status;
                out.push_back(cmd::RespondPoliceAction{action.uuid, r});
            }
            ImGui::EndDisabled();
            ImGui::PopID();
        }
    }
    ImGui::EndChild();
}

} // namespace ui
