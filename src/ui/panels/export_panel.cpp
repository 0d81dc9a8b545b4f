// The Export tab: what leaves the panel, checked before it is written.
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <imgui.h>
#include <imgui_stdlib.h> // after imgui.h: it needs IMGUI_API

#include "exchange/exports.hpp"
#include "ui/panels/panels.hpp"
#include "ui/tagging_session.hpp"

namespace ui {

namespace {

struct ExportFormat {
    const char* id;
    const char* label;
    const char* extension;
    const char* explanation;
};

constexpr ExportFormat kExportFormats[] = {
    {"csv", "Research CSV (all encounters)", ".csv",
     "One row per tag, and a second file with one row per encounter. For R, SPSS, Excel."},
    {"json", "JSON (everything)", ".json", "Codebooks, encounters, screenings, tags and feedback in one file."},
    {"boris", "BORIS events (TSV)", ".tsv", "Tabular events as BORIS writes them."},
    {"eaf", "ELAN (this encounter)", ".eaf", "One tier per coder and group, the codebook as controlled vocabulary."},
    {"report", "Feedback report of the screening (PDF)", ".pdf",
     "The chair's report to hand to the police: ratings with their spread, points, questions, GOWISELY, "
     "police actions carried forward."},
    {"report", "Feedback report of the screening (XLSX)", ".xlsx", "The same tables, one sheet each."},
    {"rollup", "Quarterly roll-up of the screening's quarter (PDF)", ".pdf",
     "Every screening held in the quarter: encounters by rating, codes, themes, GOWISELY, safeguarding, open "
     "police actions."},
    {"rollup", "Quarterly roll-up of the screening's quarter (XLSX)", ".xlsx", "The same tables, one sheet each."},
    {"boris", "BORIS project (opens in BORIS)", ".boris",
     "The codebook as ethogram, one observation per coder with each camera and its offset."},
};

} // namespace

void drawExportTab(const TaggingSession& session, ExportState& state, CommandSink& out)
{
    const ExportFormat& format = kExportFormats[std::clamp(state.format, 0, static_cast<int>(std::size(kExportFormats)) - 1)];
    ImGui::TextWrapped("Everything exported is pseudonymised: coders by pseudonym, encounters and footage by a keyed "
                       "hash. No footage or stills leave the tool.");
    ImGui::BeginDisabled(state.running || state.checking);
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##format", format.label)) {
        for (int i = 0; i < static_cast<int>(std::size(kExportFormats)); ++i)
            if (ImGui::Selectable(kExportFormats[i].label, i == state.format)) {
                state.format = i;
                state.checked = false;
            }
        ImGui::EndCombo();
    }
    const ExportFormat& chosen = kExportFormats[state.format];
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetColorU32(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", chosen.explanation);
    ImGui::PopStyleColor();
    if (state.outFormat != state.format) {
        // A suggestion: the home folder, the format and the encounter or screening.
        const char* home = std::getenv("HOME");
        std::string name = std::string("bwv-review-") + chosen.id;
        if (std::string(chosen.id) == "eaf")
            name += "-" + session.encounter().reference;
        else if (std::string(chosen.id) == "report")
            name += "-" + session.screeningName();
        else if (std::string(chosen.id) == "rollup")
            name += "-" + session.screeningQuarter();
        for (char& c : name)
            if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_')
                c = '-'; // a screening's name may hold spaces or slashes
        state.out = (std::filesystem::path(home ? home : ".") / (name + chosen.extension)).string();
        state.outFormat = state.format;
    }
    ImGui::TextUnformatted("File");
    ImGui::SetNextItemWidth(-1);
    ImGui::InputText("##export-out", &state.out);
    const std::string id = chosen.id;
    bool research = id == "csv" || id == "json" || id == "boris";
    bool needsScreening = id == "report" || id == "rollup";
    if (needsScreening && (session.screeningRef().empty() || (id == "rollup" && session.screeningQuarter().empty()))) {
        ImGui::TextWrapped(id == "report" ? "Open the encounter from its screening (--screening) for its feedback report."
                                          : "The roll-up needs a screening with a date: open the encounter from one.");
        return;
    }
    if (research && !session.screeningRef().empty()) {
        if (ImGui::Checkbox(("Only the encounters of " + session.screeningName()).c_str(), &state.screeningOnly))
            state.checked = false;
    }
    if (ImGui::Checkbox("Replace what looks like personal details in free text", &state.redact))
        state.checked = false;
    if ((id == "csv" || id == "json") && !session.cues().empty()
        && ImGui::Checkbox("Add the transcript lines each tag covers", &state.withTranscript))
        state.checked = false;
    ImGui::EndDisabled();

    exchange::ExportRequest request;
    request.format = chosen.id;
    request.out = state.out;
    request.redact = state.redact;
    request.withTranscript = (id == "csv" || id == "json") && state.withTranscript;
    request.encounter = session.encounter().uuid;
    request.document = std::string(chosen.extension) == ".xlsx" ? "xlsx" : "pdf";
    if (research && state.screeningOnly && !session.screeningRef().empty())
        request.screening = session.screeningRef();
    if (id == "report")
        request.screening = session.screeningRef();
    if (id == "rollup")
        request.quarter = session.screeningQuarter();

    // Said before anything is written: the file may not be the database, its backups or
    // registered footage, and an existing file is replaced only when the person says so.
    request.replaceExisting = false;
    auto writable = exchange::checkOutputs(request);
    if (!writable) {
        exchange::ExportRequest replacing = request;
        replacing.replaceExisting = true;
        if (exchange::checkOutputs(replacing)) {
            // Ticked for one file name only: naming another existing file asks again.
            if (state.replaceFor != state.out)
                state.replace = false;
            if (ImGui::Checkbox("A file of this name is there already: replace it", &state.replace))
                state.replaceFor = state.out;
            request.replaceExisting = state.replace;
            writable = exchange::checkOutputs(request);
        } else {
            ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 120, 100, 255));
            ImGui::TextWrapped("%s", writable.error().describe().c_str());
            ImGui::PopStyleColor();
        }
    }

    // The chair sees what the free-text check found before anything is written.
    if (!state.checked) {
        ImGui::BeginDisabled(state.checking || !writable);
        if (ImGui::Button(state.checking ? "Checking free text..." : "Check free text"))
            out.push_back(cmd::CheckExport{request});
        ImGui::EndDisabled();
    } else {
        if (state.notices.empty()) {
            ImGui::TextColored(ImVec4(0.6f, 0.9f, 0.6f, 1), "No free text looks like personal details.");
        } else {
            ImGui::TextColored(ImVec4(1.0f, 0.75f, 0.4f, 1), "%zu notes look like personal details%s:", state.notices.size(),
                               state.redact ? " (they will be replaced)" : "");
            ImGui::BeginChild("##notices", ImVec2(0, ImGui::GetTextLineHeightWithSpacing() * 5), true);
            for (const std::string& notice : state.notices)
                ImGui::TextWrapped("%s", notice.c_str());
            ImGui::EndChild();
        }
        if (state.running) {
            char overlay[32];
            std::snprintf(overlay, sizeof overlay, "%.0f%%", state.progress * 100);
            ImGui::ProgressBar(static_cast<float>(state.progress), ImVec2(-1, 0), overlay);
            if (ImGui::Button("Cancel"))
                out.push_back(cmd::CancelExport{});
        } else {
            ImGui::BeginDisabled(!writable);
            if (ImGui::Button("Export"))
                out.push_back(cmd::StartExport{request});
            ImGui::EndDisabled();
        }
    }
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetColorU32(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("Written whole or not at all, never over the database, its backups or registered footage.");
    ImGui::PopStyleColor();
    if (!state.result.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, state.resultIsError ? IM_COL32(255, 120, 100, 255) : IM_COL32(150, 220, 150, 255));
        ImGui::TextWrapped("%s", state.result.c_str());
        ImGui::PopStyleColor();
    }
}

} // namespace ui
