// The Audit tab, for chairs and administrators: who did what and when, newest first, with
// filters by person and action (as `bwv-review audit list`).
#include <imgui.h>
#include <imgui_stdlib.h> // after imgui.h: it needs IMGUI_API

#include "review/ids.hpp"
#include "ui/panels/panels.hpp"
#include "ui/tagging_session.hpp"

namespace ui {

void drawAuditTab(const TaggingSession& session, AuditTabState& state, CommandSink& out)
{
    if (!session.mayReadAudit()) {
        ImGui::TextWrapped("The audit log is for the chair and the administrator.");
        return;
    }
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.45f);
    state.dirty |= ImGui::InputTextWithHint("##audit-person", "person", &state.person);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    state.dirty |= ImGui::InputTextWithHint("##audit-action", "action (e.g. tag. or export)", &state.action);
    if (state.dirty) {
        out.push_back(cmd::RefreshAudit{state.person, state.action});
        state.dirty = false;
    }
    const auto& entries = session.auditEntries();
    ImGui::TextDisabled("%zu entries, newest first", entries.size());
    if (!ImGui::BeginTable("##audit", 4,
                           ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV
                               | ImGuiTableFlags_Resizable))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("When");
    ImGui::TableSetupColumn("Who");
    ImGui::TableSetupColumn("What");
    ImGui::TableSetupColumn("Details");
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(entries.size()));
    while (clipper.Step())
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const review::AuditEntry& e = entries[static_cast<size_t>(i)];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(review::isoTime(e.atUs).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(e.person.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(e.action.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(e.detail == "{}" ? e.item.c_str() : e.detail.c_str());
        }
    ImGui::EndTable();
}

} // namespace ui
