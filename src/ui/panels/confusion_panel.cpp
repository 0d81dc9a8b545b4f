// The confusion table in the Adjudicate tab (issue 12): a heat table of which code one
// coder gave where the other gave which. It reads TaggingSession::confusion(), which is
// rebuilt only when the tags or the tolerance change, so drawing costs nothing per frame
// beyond the cells.
#include <algorithm>
#include <string>

#include <imgui.h>

#include "ui/panels/panels.hpp"
#include "ui/tagging_session.hpp"

namespace ui {
namespace {

// "Officer raises voice  ESC.01": the words first, the id after (ids alone mean little
// to a panel); "nothing" stays as it is.
std::string rowLabel(const TaggingSession& session, const std::string& code)
{
    const review::Code* c = session.codebook().find(code);
    return c && !c->label.empty() ? c->label + "  " + code : code;
}

// Agreement (the diagonal) in green, confusion in red; the more pairs, the stronger.
ImU32 heat(std::size_t count, std::size_t most, bool diagonal)
{
    const float share = most ? static_cast<float>(count) / static_cast<float>(most) : 0.0f;
    const float alpha = 0.15f + 0.75f * share;
    return diagonal ? ImGui::GetColorU32(ImVec4(0.20f, 0.62f, 0.32f, alpha))
                    : ImGui::GetColorU32(ImVec4(0.80f, 0.28f, 0.20f, alpha));
}

} // namespace

void drawConfusionTable(const TaggingSession& session, AdjudicationState& state)
{
    const analysis::Confusion& confusion = *session.confusion();
    const int groups = static_cast<int>(confusion.groups.size());
    state.confusionGroup = std::clamp(state.confusionGroup, -1, groups - 1);
    const analysis::ConfusionTable& table =
        state.confusionGroup < 0 ? confusion.overall : confusion.groups[static_cast<std::size_t>(state.confusionGroup)];

    ImGui::TextWrapped("Rows: %s; columns: %s. %zu pairs: %zu of the same code, %zu of different codes, %zu with nothing.",
                       confusion.coderA.c_str(), confusion.coderB.c_str(), confusion.pairs.size(), confusion.sameCode,
                       confusion.crossCode, confusion.alone);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    const std::string shown = state.confusionGroup < 0 ? std::string("all codes") : "group " + table.group;
    if (ImGui::BeginCombo("##confusion-group", shown.c_str())) {
        if (ImGui::Selectable("all codes", state.confusionGroup < 0))
            state.confusionGroup = -1;
        for (int g = 0; g < groups; ++g)
            if (ImGui::Selectable(("group " + confusion.groups[static_cast<std::size_t>(g)].group).c_str(),
                                  state.confusionGroup == g))
                state.confusionGroup = g;
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    if (table.kappa)
        ImGui::Text("agreement %.1f%%, kappa %.3f", table.percentAgreement * 100.0, *table.kappa);
    else if (table.pairs)
        ImGui::Text("agreement %.1f%%, kappa n/a", table.percentAgreement * 100.0);
    else
        ImGui::TextDisabled("no pairs");
    if (ImGui::IsItemHovered() && !table.kappa && !table.kappaNote.empty())
        ImGui::SetTooltip("%s", table.kappaNote.c_str());

    std::size_t most = 0;
    for (const auto& row : table.counts)
        for (std::size_t count : row)
            most = std::max(most, count);
    const int columns = static_cast<int>(table.codes.size()) + 1;
    if (columns > 64) { // ImGui's limit; a codebook used this widely would not read as a table anyway
        ImGui::TextDisabled("%zu codes: too many to show as a table; see bwv-review stats confusion.", table.codes.size());
        return;
    }
    const float height = std::min(ImGui::GetFrameHeightWithSpacing() * static_cast<float>(columns + 1),
                                  std::max(ImGui::GetTextLineHeight() * 6, ImGui::GetContentRegionAvail().y));
    ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY
                            | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("##confusion", columns, flags, ImVec2(0, height)))
        return;
    ImGui::TableSetupScrollFreeze(1, 1);
    ImGui::TableSetupColumn((confusion.coderA + " \\ " + confusion.coderB).c_str());
    for (const std::string& code : table.codes)
        ImGui::TableSetupColumn(code.c_str());
    ImGui::TableHeadersRow();
    for (std::size_t i = 0; i < table.codes.size(); ++i) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(rowLabel(session, table.codes[i]).c_str());
        for (std::size_t j = 0; j < table.codes.size(); ++j) {
            ImGui::TableNextColumn();
            const std::size_t count = table.counts[i][j];
            if (count == 0) {
                ImGui::TextDisabled("0");
                continue;
            }
            ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, heat(count, most, i == j));
            ImGui::Text("%zu", count);
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("%s: %s, %s: %s (%zu)", confusion.coderA.c_str(), rowLabel(session, table.codes[i]).c_str(),
                                  confusion.coderB.c_str(), rowLabel(session, table.codes[j]).c_str(), count);
        }
    }
    ImGui::EndTable();
}

} // namespace ui
