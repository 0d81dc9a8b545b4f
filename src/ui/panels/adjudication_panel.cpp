// The Adjudication tab: a lead's decisions on where coders disagree.
#include <algorithm>
#include <string>

#include <imgui.h>
#include <imgui_stdlib.h> // after imgui.h: it needs IMGUI_API

#include "ui/panels/panels.hpp"
#include "ui/tagging_session.hpp"
#include "ui/time_format.hpp"

namespace ui {

void drawAdjudicationTab(const TaggingSession& session, AdjudicationState& state, const Fonts& fonts, CommandSink& out)
{
    const analysis::CoderComparison& comparison = *session.disagreements();
    std::string coders;
    for (const std::string& c : comparison.coders)
        coders += (coders.empty() ? "" : ", ") + c;
    ImGui::TextWrapped("%s: %zu events, %zu tagged by everyone, %zu disagreements.", coders.c_str(), comparison.events,
                       comparison.agreed, comparison.disagreements.size());
    ImGui::SetNextItemWidth(-1);
    if (ImGui::SliderFloat("##tolerance", &state.tolerance, 0.0f, 5.0f, "point tags agree within %.1f s"))
        out.push_back(cmd::SetTolerance{state.tolerance});
    ImGui::TextUnformatted("Reason for the decision (required)");
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##reason", "e.g. voice raised at 0:42 on camera B's audio", &state.reason);
    bool haveReason = state.reason.find_first_not_of(" \t") != std::string::npos;

    // Room below for the confusion table when there is one.
    const float listShare = session.confusion() ? 0.3f : 0.6f;
    float listHeight = std::max(ImGui::GetTextLineHeight() * 6, ImGui::GetContentRegionAvail().y * listShare);
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
    if (ImGui::BeginTable("##disagreements", 4, flags, ImVec2(0, listHeight))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("Time");
        ImGui::TableSetupColumn("Code");
        ImGui::TableSetupColumn("Tagged by / not by", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("It happened?");
        ImGui::TableHeadersRow();
        for (const analysis::Disagreement& d : comparison.disagreements) {
            ImGui::PushID(&d);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::PushFont(fonts.mono);
            if (ImGui::Selectable(formatMediaTime(d.startUs).c_str(), false))
                out.push_back(cmd::SeekTime{d.startUs});
            ImGui::PopFont();
            ImGui::TableNextColumn();
            ImGui::PushStyleColor(ImGuiCol_Text, session.colourOf(d.code));
            ImGui::TextUnformatted(d.code.c_str());
            ImGui::PopStyleColor();
            ImGui::TableNextColumn();
            std::string by, notBy;
            for (const analysis::EventTag& t : d.tags)
                by += (by.empty() ? "" : ", ") + t.coder;
            for (const std::string& c : d.notTaggedBy)
                notBy += (notBy.empty() ? "" : ", ") + c;
            ImGui::TextWrapped("%s / not %s", by.c_str(), notBy.c_str());
            ImGui::TableNextColumn();
            if (d.decision) {
                ImGui::TextDisabled("decided");
            } else {
                ImGui::BeginDisabled(!haveReason);
                review::NewDecision decision;
                decision.encounterRef = session.encounter().uuid;
                decision.code = d.code;
                decision.startUs = d.startUs;
                decision.endUs = d.endUs;
                decision.reason = state.reason;
                for (const analysis::EventTag& t : d.tags)
                    decision.sources.push_back(t.uuid);
                if (ImGui::SmallButton("yes"))
                    out.push_back(cmd::Decide{decision});
                if (ImGui::IsItemHovered())
                    ImGui::SetTooltip("Record a consensus tag here, with the reason above");
                ImGui::SameLine();
                if (ImGui::SmallButton("no")) {
                    decision.nothingHappened = true;
                    out.push_back(cmd::Decide{decision});
                }
                ImGui::EndDisabled();
            }
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    if (!haveReason && !comparison.disagreements.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetColorU32(ImGuiCol_TextDisabled));
        ImGui::TextWrapped("Write the reason first: every decision keeps it, and the original tags stay as they are.");
        ImGui::PopStyleColor();
    }
    if (!session.decisions().empty()) {
        ImGui::TextUnformatted("Decisions");
        for (const review::Decision& decision : session.decisions())
            ImGui::TextWrapped("%s %s: %s (%s, by %s)", formatMediaTime(decision.startUs).c_str(), decision.code.c_str(),
                               decision.annotationUuid ? "consensus tag" : "did not happen", decision.reason.c_str(),
                               decision.decidedBy.c_str());
    }
    // Last, so the controls above keep their places (window tests click them).
    if (session.confusion() && ImGui::CollapsingHeader("Confusion table", ImGuiTreeNodeFlags_DefaultOpen))
        drawConfusionTable(session, state);
}

} // namespace ui
