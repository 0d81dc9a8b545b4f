#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <set>

#include <imgui.h>
#include <imgui_stdlib.h> // after imgui.h: it needs IMGUI_API

#include "analysis/summary.hpp"
#include "review/encounter_form.hpp"
#include "review/feedback.hpp"
#include "review/ids.hpp"
#include "ui/panels/panels.hpp"
#include "ui/tagging_session.hpp"
#include "ui/time_format.hpp"

namespace ui {
namespace {

constexpr double kTypingPauseSeconds = 0.6;

const char* const kSubjectIds[] = {"officer", "person", "other_officer", "bystander"};
const char* const kSubjectLabels[] = {"officer", "person", "other officer", "bystander"};

std::string subjectLabel(const std::optional<std::string>& subject)
{
    if (!subject)
        return "none";
    for (size_t i = 0; i < std::size(kSubjectIds); ++i)
        if (*subject == kSubjectIds[i])
            return kSubjectLabels[i];
    return *subject;
}

std::string intensityLabel(std::optional<int> intensity)
{
    return intensity ? std::to_string(*intensity) : "none";
}

// "good_practice" -> "good practice"
std::string words(std::string_view id)
{
    std::string text(id);
    std::replace(text.begin(), text.end(), '_', ' ');
    return text;
}

// Subject / intensity pickers shared by the codes tab (next tags) and the tag editor.
bool subjectCombo(const char* id, std::optional<std::string>& subject, const char* prefix = "")
{
    bool changed = false;
    if (ImGui::BeginCombo(id, (prefix + subjectLabel(subject)).c_str())) {
        if (ImGui::Selectable("none", !subject)) {
            subject.reset();
            changed = true;
        }
        for (size_t i = 0; i < std::size(kSubjectIds); ++i)
            if (ImGui::Selectable(kSubjectLabels[i], subject && *subject == kSubjectIds[i])) {
                subject = kSubjectIds[i];
                changed = true;
            }
        ImGui::EndCombo();
    }
    return changed;
}

bool intensityCombo(const char* id, std::optional<int>& intensity, const char* prefix = "")
{
    bool changed = false;
    if (ImGui::BeginCombo(id, (prefix + intensityLabel(intensity)).c_str())) {
        if (ImGui::Selectable("none", !intensity)) {
            intensity.reset();
            changed = true;
        }
        for (int i = 1; i <= 3; ++i)
            if (ImGui::Selectable(std::to_string(i).c_str(), intensity && *intensity == i)) {
                intensity = i;
                changed = true;
            }
        ImGui::EndCombo();
    }
    return changed;
}

// A free-text field of a form: edits wait for a pause in typing (flushForm) or for the
// field to lose focus.
void textField(FormState& state, const std::string& id, const std::string& saved, bool multiline, bool feedback,
               CommandSink& out)
{
    auto [it, inserted] = state.buffers.try_emplace(id, saved);
    std::string& buffer = it->second;
    std::string label = "##" + id;
    ImGui::SetNextItemWidth(-1);
    bool changed = multiline ? ImGui::InputTextMultiline(label.c_str(), &buffer, ImVec2(-1, ImGui::GetTextLineHeight() * 3.5f))
                             : ImGui::InputText(label.c_str(), &buffer);
    if (changed) {
        if (!state.pendingField.empty() && state.pendingField != id)
            flushForm(state, feedback, true, out);
        state.pendingField = id;
        state.pendingSince = ImGui::GetTime();
    }
    if (ImGui::IsItemDeactivated() && state.pendingField == id)
        flushForm(state, feedback, true, out);
    else if (!ImGui::IsItemActive() && state.pendingField != id && buffer != saved)
        buffer = saved; // changed elsewhere (the command line, another member's window)
}

void emitSave(bool feedback, const std::string& field, const std::string& value, CommandSink& out)
{
    if (feedback)
        out.push_back(cmd::SaveFeedback{field, value});
    else
        out.push_back(cmd::SaveEncounterField{field, value});
}

// One choice among several: a combo, "(not answered)" first.
void choiceField(const std::string& id, const std::vector<std::string_view>& choices, const std::string& saved, bool feedback,
                 CommandSink& out, const char* hint = nullptr)
{
    std::string label = "##" + id;
    std::string shown = saved.empty() ? (hint ? hint : "(not answered)") : words(saved);
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo(label.c_str(), shown.c_str())) {
        if (ImGui::Selectable("(not answered)", saved.empty()))
            emitSave(feedback, id, "", out);
        for (std::string_view choice : choices)
            if (ImGui::Selectable(words(choice).c_str(), saved == choice))
                emitSave(feedback, id, std::string(choice), out);
        ImGui::EndCombo();
    }
}

// Several choices: a checkbox each, saved as the comma-joined list.
void choicesField(const std::string& id, const std::vector<std::string>& choices, const std::vector<std::string>& labels,
                  const std::string& saved, bool feedback, CommandSink& out)
{
    std::set<std::string> chosen;
    size_t start = 0;
    while (start < saved.size()) {
        size_t comma = saved.find(',', start);
        std::string item = saved.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!item.empty())
            chosen.insert(item);
        if (comma == std::string::npos)
            break;
        start = comma + 1;
    }
    for (size_t i = 0; i < choices.size(); ++i) {
        bool on = chosen.count(choices[i]) > 0;
        std::string label = labels[i] + "##" + id + choices[i];
        if (ImGui::Checkbox(label.c_str(), &on)) {
            std::string value;
            for (const std::string& c : choices)
                if ((c == choices[i]) ? on : chosen.count(c) > 0)
                    value += (value.empty() ? "" : ",") + c;
            emitSave(feedback, id, value, out);
        }
    }
}

} // namespace

void flushForm(FormState& state, bool feedback, bool all, CommandSink& out)
{
    if (state.pendingField.empty())
        return;
    if (!all && ImGui::GetTime() - state.pendingSince < kTypingPauseSeconds)
        return;
    emitSave(feedback, state.pendingField, state.buffers[state.pendingField], out);
    state.pendingField.clear();
}

void drawCodesTab(const TaggingSession& session, const SidePanelState& state, const Fonts& fonts, CommandSink& out)
{
    const review::Codebook& codebook = session.codebook();
    ImGui::TextDisabled("%s, coding as %s", session.encounter().reference.c_str(), session.coder().c_str());
    ImGui::TextDisabled("codebook %s v%d", codebook.name.c_str(), codebook.version);

    // What the next tag gets (S and I cycle them).
    std::optional<std::string> subject = session.nextSubject();
    std::optional<int> intensity = session.nextIntensity();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Subject (S)");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7.5f);
    if (subjectCombo("##next-subject", subject))
        out.push_back(cmd::SetNextSubject{subject});
    ImGui::SameLine();
    ImGui::TextUnformatted("Intensity (I)");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    if (intensityCombo("##next-intensity", intensity))
        out.push_back(cmd::SetNextIntensity{intensity});

    // Blind coding: what this coder sees, and the pass.
    const review::BlindCodingStatus& blind = session.blindCoding();
    if (blind.blind) {
        bool done = false;
        for (const review::CodingPass& pass : blind.passes)
            if (pass.coder == session.coder() && pass.doneUs)
                done = true;
        ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(150, 200, 255, 255));
        ImGui::TextWrapped(done ? "Blind coding: your pass is done. You see every coder's tags; yours stay as they are "
                                  "unless you reopen your pass."
                                : "Blind coding: you see only your own tags until you mark your pass done.");
        ImGui::PopStyleColor();
        if (!done && ImGui::Button("My pass is done"))
            out.push_back(cmd::MarkPassDone{});
        if (done && ImGui::Button("Reopen my pass"))
            out.push_back(cmd::ReopenPass{});
    }

    for (const auto& [code, open] : session.openIntervals()) {
        ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 200, 90, 255));
        ImGui::TextWrapped("Recording %s since %s: press its key again to end it", code.c_str(), formatMediaTime(open.startUs).c_str());
        ImGui::PopStyleColor();
    }
    (void)state;

    ImGui::BeginChild("##codes", ImVec2(0, 0), false);
    float codeWidth = 0, keyWidth = 0;
    ImGui::PushFont(fonts.mono);
    for (const review::Code& code : codebook.codes)
        keyWidth = std::max(keyWidth, code.hotkey ? ImGui::CalcTextSize(code.hotkey->c_str()).x : 0.0f);
    ImGui::PopFont();
    for (const review::Code& code : codebook.codes)
        codeWidth = std::max(codeWidth, ImGui::CalcTextSize(code.id.c_str()).x);
    codeWidth += ImGui::GetTextLineHeight() * 1.3f + ImGui::GetStyle().ItemSpacing.x;
    for (const review::CodeGroup& group : codebook.groups) {
        std::string header = group.id + "  " + group.label;
        if (!ImGui::CollapsingHeader(header.c_str(), ImGuiTreeNodeFlags_DefaultOpen))
            continue;
        if (!ImGui::BeginTable(group.id.c_str(), 3, ImGuiTableFlags_SizingFixedFit))
            continue;
        // Same column widths in every group, so the keys line up down the panel.
        ImGui::TableSetupColumn("code", ImGuiTableColumnFlags_WidthFixed, codeWidth);
        ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("key", ImGuiTableColumnFlags_WidthFixed, keyWidth);
        for (const review::Code& code : codebook.codes) {
            if (code.group != group.id || !code.isTaggable())
                continue;
            uint32_t colour = session.colourOf(code.id);
            bool recording = session.openIntervals().count(code.id) > 0;
            ImGui::PushID(code.id.c_str());
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            // A swatch in the code's colour (long for intervals, short for points), its id.
            ImVec2 p = ImGui::GetCursorScreenPos();
            float h = ImGui::GetTextLineHeight();
            ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + 2), ImVec2(p.x + h * (code.isInterval() ? 1.2f : 0.45f), p.y + h - 2),
                                                      colour, 2.0f);
            ImGui::Dummy(ImVec2(h * 1.3f, h));
            ImGui::SameLine();
            if (recording)
                ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 200, 90, 255));
            // The whole row is the button.
            if (ImGui::Selectable(code.id.c_str(), recording, ImGuiSelectableFlags_SpanAllColumns))
                out.push_back(cmd::Tag{code.id});
            bool hovered = ImGui::IsItemHovered();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted((code.label + (recording ? "  (recording)" : "")).c_str());
            if (recording)
                ImGui::PopStyleColor();
            ImGui::TableNextColumn();
            ImGui::PushFont(fonts.mono);
            ImGui::TextDisabled("%s", code.hotkey ? code.hotkey->c_str() : "");
            ImGui::PopFont();
            if (hovered) {
                ImGui::BeginTooltip();
                ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
                ImGui::Text("%s %s", code.id.c_str(), code.label.c_str());
                if (!code.definition.empty())
                    ImGui::TextUnformatted(code.definition.c_str());
                if (!code.source.empty())
                    ImGui::TextDisabled("%s", code.source.c_str());
                ImGui::TextDisabled("%s", code.isInterval() ? "interval: press once to start, again to end" : "point");
                ImGui::PopTextWrapPos();
                ImGui::EndTooltip();
            }
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    ImGui::EndChild();
}

void drawTagListTab(const TaggingSession& session, TagListState& state, const PlayerSnapshot& snapshot,
                    const Fonts& fonts, CommandSink& out)
{
    const review::Codebook& codebook = session.codebook();
    std::set<std::string> coders;
    for (const review::Annotation& a : session.tags())
        coders.insert(a.coder);

    float half = ImGui::GetContentRegionAvail().x * 0.5f - ImGui::GetStyle().ItemSpacing.x;
    ImGui::SetNextItemWidth(half);
    if (ImGui::BeginCombo("##group-filter", state.group.empty() ? "every group" : state.group.c_str())) {
        if (ImGui::Selectable("every group", state.group.empty()))
            state.group.clear();
        for (const review::CodeGroup& g : codebook.groups)
            if (ImGui::Selectable((g.id + " " + g.label).c_str(), state.group == g.id))
                state.group = g.id;
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##coder-filter", state.coder.empty() ? "every coder" : state.coder.c_str())) {
        if (ImGui::Selectable("every coder", state.coder.empty()))
            state.coder.clear();
        for (const std::string& c : coders)
            if (ImGui::Selectable(c.c_str(), state.coder == c))
                state.coder = c;
        ImGui::EndCombo();
    }

    std::vector<const review::Annotation*> rows;
    for (const review::Annotation& a : session.tags()) {
        const review::Code* code = codebook.find(a.code);
        if (!state.group.empty() && (!code || code->group != state.group))
            continue;
        if (!state.coder.empty() && a.coder != state.coder)
            continue;
        rows.push_back(&a);
    }

    const review::Annotation* selected = nullptr;
    for (const review::Annotation* a : rows)
        if (a->uuid == state.selected)
            selected = a;
    float editorHeight = ImGui::GetFrameHeightWithSpacing() * 7.5f;
    ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV
                          | ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit;
    ImVec2 tableSize(0, std::max(ImGui::GetTextLineHeight() * 5, ImGui::GetContentRegionAvail().y - editorHeight));
    if (ImGui::BeginTable("##tags", 5, flags, tableSize)) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("Time", ImGuiTableColumnFlags_DefaultSort);
        ImGui::TableSetupColumn("Code");
        ImGui::TableSetupColumn("Coder");
        ImGui::TableSetupColumn("Subject");
        ImGui::TableSetupColumn("Comment", ImGuiTableColumnFlags_WidthStretch | ImGuiTableColumnFlags_NoSort);
        ImGui::TableHeadersRow();
        if (ImGuiTableSortSpecs* sort = ImGui::TableGetSortSpecs(); sort && sort->SpecsCount > 0) {
            const ImGuiTableColumnSortSpecs& spec = sort->Specs[0];
            bool ascending = spec.SortDirection == ImGuiSortDirection_Ascending;
            std::stable_sort(rows.begin(), rows.end(), [&](const review::Annotation* a, const review::Annotation* b) {
                auto key = [&](const review::Annotation* x) {
                    switch (spec.ColumnIndex) {
                    case 1: return x->code;
                    case 2: return x->coder;
                    case 3: return x->subject.value_or("");
                    default: return std::string();
                    }
                };
                bool less = spec.ColumnIndex == 0 ? a->startUs < b->startUs : key(a) < key(b);
                bool more = spec.ColumnIndex == 0 ? b->startUs < a->startUs : key(b) < key(a);
                return ascending ? less : more;
            });
        }
        // Only the rows on screen are laid out: an encounter can carry thousands of tags.
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(rows.size()));
        while (clipper.Step())
        for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
            const review::Annotation* a = rows[static_cast<size_t>(row)];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::PushID(a->uuid.c_str());
            bool isSelected = state.selected == a->uuid;
            ImGui::PushFont(fonts.mono);
            std::string time = formatMediaTime(a->startUs);
            if (ImGui::Selectable(time.c_str(), isSelected, ImGuiSelectableFlags_SpanAllColumns)) {
                state.selected = a->uuid;
                selected = a;
                out.push_back(cmd::SeekTime{a->startUs});
            }
            ImGui::PopFont();
            ImGui::TableNextColumn();
            ImGui::PushStyleColor(ImGuiCol_Text, session.colourOf(a->code));
            ImGui::TextUnformatted(a->code.c_str());
            ImGui::PopStyleColor();
            if (ImGui::IsItemHovered())
                if (const review::Code* code = codebook.find(a->code))
                    ImGui::SetTooltip("%s", code->label.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(a->coder.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(a->subject ? subjectLabel(a->subject).c_str() : "");
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(a->comment.c_str());
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    ImGui::TextDisabled("%zu of %zu tags", rows.size(), session.tags().size());

    if (!selected) {
        ImGui::TextWrapped("Click a tag to jump to it and edit it. Ctrl+Z undoes, Ctrl+Shift+Z redoes.");
        return;
    }
    const review::Annotation& a = *selected;
    const review::Code* code = codebook.find(a.code);
    bool own = a.coder == session.coder();
    ImGui::Separator();
    ImGui::BeginDisabled(!own);
    ImGui::SetNextItemWidth(-1);
    std::string codeText = a.code + (code ? " " + code->label : std::string());
    if (ImGui::BeginCombo("##edit-code", codeText.c_str())) {
        for (const review::Code& c : codebook.codes)
            if (code && c.kind == code->kind && ImGui::Selectable((c.id + " " + c.label).c_str(), c.id == a.code)) {
                review::AnnotationChange change;
                change.code = c.id;
                out.push_back(cmd::ChangeTag{a.uuid, change});
            }
        ImGui::EndCombo();
    }
    auto timeRow = [&](const char* name, int64_t us, bool end) {
        ImGui::PushID(name);
        ImGui::AlignTextToFramePadding();
        ImGui::Text("%-5s", name);
        ImGui::SameLine();
        ImGui::PushFont(fonts.mono);
        ImGui::TextUnformatted(formatMediaTime(us).c_str());
        ImGui::PopFont();
        ImGui::SameLine();
        if (ImGui::SmallButton("-1 frame"))
            out.push_back(cmd::NudgeTag{a.uuid, end, -1});
        ImGui::SameLine();
        if (ImGui::SmallButton("+1 frame"))
            out.push_back(cmd::NudgeTag{a.uuid, end, 1});
        ImGui::SameLine();
        if (ImGui::SmallButton("here"))
            out.push_back(cmd::TagHere{a.uuid, end});
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Set to the frame shown now");
        ImGui::PopID();
    };
    timeRow("start", a.startUs, false);
    if (a.endUs && code && code->isInterval())
        timeRow("end", *a.endUs, true);
    std::optional<std::string> subject = a.subject;
    std::optional<int> intensity = a.intensity;
    ImGui::SetNextItemWidth(half);
    if (subjectCombo("##edit-subject", subject, "subject: ")) {
        review::AnnotationChange change;
        change.subject = subject;
        out.push_back(cmd::ChangeTag{a.uuid, change});
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    if (intensityCombo("##edit-intensity", intensity, "intensity: ")) {
        review::AnnotationChange change;
        change.intensity = intensity;
        out.push_back(cmd::ChangeTag{a.uuid, change});
    }
    // The comment saves when typing pauses or the field is left.
    if (state.commentOf != a.uuid) {
        state.commentOf = a.uuid;
        state.comment = a.comment;
        state.commentEditedAt = -1;
    }
    ImGui::SetNextItemWidth(-1);
    if (ImGui::InputTextWithHint("##edit-comment", "comment", &state.comment))
        state.commentEditedAt = ImGui::GetTime();
    bool leave = ImGui::IsItemDeactivated();
    if (state.commentEditedAt >= 0 && (leave || ImGui::GetTime() - state.commentEditedAt > kTypingPauseSeconds)) {
        review::AnnotationChange change;
        change.comment = state.comment;
        out.push_back(cmd::ChangeTag{a.uuid, change});
        state.commentEditedAt = -1;
    } else if (state.commentEditedAt < 0 && !ImGui::IsItemActive()) {
        state.comment = a.comment;
    }
    if (ImGui::Button("Delete tag")) {
        out.push_back(cmd::DeleteTag{a.uuid});
        state.selected.clear();
    }
    ImGui::EndDisabled();
    if (!own)
        ImGui::TextDisabled("Tagged by %s: only they can change it.", a.coder.c_str());
    (void)snapshot;
}

void drawEncounterFormTab(const TaggingSession& session, FormState& state, CommandSink& out)
{
    const auto& fields = session.encounterFields();
    ImGui::TextWrapped("Encounter %s. Saved as you type.", session.encounter().reference.c_str());
    ImGui::BeginChild("##encounter-form");
    for (const review::FormField& field : review::encounterFormFields()) {
        std::string name(field.name);
        auto it = fields.find(name);
        std::string saved = it == fields.end() ? std::string() : it->second;
        ImGui::TextUnformatted(std::string(field.label).c_str());
        ImGui::PushID(name.c_str());
        switch (field.kind) {
        case review::FieldKind::Choice:
            choiceField(name, field.choices, saved, false, out);
            break;
        case review::FieldKind::Choices: {
            std::vector<std::string> choices, labels;
            for (std::string_view c : field.choices) {
                choices.emplace_back(c);
                labels.push_back(words(c));
            }
            choicesField(name, choices, labels, saved, false, out);
            break;
        }
        default:
            textField(state, name, saved, false, false, out);
            if (field.kind == review::FieldKind::Date && ImGui::IsItemHovered())
                ImGui::SetTooltip("YYYY-MM-DD");
            break;
        }
        ImGui::PopID();
    }
    // Codes the codebook asks once per encounter (yes / no / unclear, or their values).
    static const std::vector<std::string_view> kYesNoUnclear = {"yes", "no", "unclear"};
    for (const review::Code& code : session.codebook().codes) {
        if (code.kind != "encounter" && !code.onForm)
            continue;
        auto it = fields.find(code.id);
        std::string saved = it == fields.end() ? std::string() : it->second;
        ImGui::TextUnformatted((code.id + " " + code.label).c_str());
        std::vector<std::string_view> choices;
        for (const std::string& v : code.values)
            choices.push_back(v);
        choiceField(code.id, choices.empty() ? kYesNoUnclear : choices, saved, false, out);
    }
    ImGui::EndChild();
}

namespace {

// Independent assessment: submit, then see the other members' feedback as "Member n".
void drawSubmission(const TaggingSession& session, bool submitted, CommandSink& out)
{
    ImGui::Separator();
    if (!submitted) {
        ImGui::TextWrapped("When you have finished, submit your feedback: it is then final, and you see the other "
                           "members' tags and feedback on this encounter (without their names).");
        if (ImGui::Button("Submit my feedback"))
            out.push_back(cmd::SubmitFeedback{});
        return;
    }
    ImGui::TextWrapped("You submitted your feedback on %s: it is final.",
                       review::isoTime(*session.feedbackSubmittedUs()).c_str());
    for (const auto& [member, answers] : session.othersFeedback()) {
        if (!ImGui::CollapsingHeader(member.c_str()))
            continue;
        for (const review::FeedbackQuestion& q : review::feedbackQuestions())
            if (auto it = answers.find(std::string(q.id)); it != answers.end()) {
                ImGui::TextDisabled("%s:", std::string(q.label).c_str());
                ImGui::SameLine();
                ImGui::TextWrapped("%s", words(it->second).c_str());
            }
    }
}

} // namespace

void drawFeedbackFormTab(const TaggingSession& session, FormState& state, CommandSink& out)
{
    if (session.screeningRef().empty()) {
        ImGui::TextWrapped("This encounter is not part of a screening, so there is no feedback form. Add it to one "
                           "(bwv-review screening add NAME --encounter %s) and open it again.",
                           session.encounter().reference.c_str());
        return;
    }
    const auto& answers = session.feedback();
    auto fromTags = session.gowiselyFromTags();
    ImGui::TextWrapped("Your feedback on %s for %s. Saved as you type; the chair sees every member's answers.",
                       session.encounter().reference.c_str(), session.screeningName().c_str());
    const bool submitted = session.feedbackSubmittedUs().has_value();
    bool suggestions = false;
    for (const auto& [question, value] : fromTags)
        if (!answers.count(question))
            suggestions = true;
    if (suggestions) {
        ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(150, 200, 255, 255));
        ImGui::TextWrapped("GOWISELY answers in blue come from your PAC tags and are not saved yet.");
        ImGui::PopStyleColor();
        if (ImGui::Button("Keep the answers from my tags"))
            for (const auto& [question, value] : fromTags)
                if (!answers.count(question))
                    out.push_back(cmd::SaveFeedback{question, value});
    }
    ImGui::BeginChild("##feedback-form");
    ImGui::BeginDisabled(submitted);
    for (const review::FeedbackQuestion& q : review::feedbackQuestions()) {
        std::string id(q.id);
        auto it = answers.find(id);
        std::string saved = it == answers.end() ? std::string() : it->second;
        ImGui::TextUnformatted(std::string(q.label).c_str());
        ImGui::PushID(id.c_str());
        if (id == "safeguarding") {
            std::vector<std::string> choices, labels;
            for (const review::Code& c : session.codebook().codes)
                if (c.group == "SAF") {
                    choices.push_back(c.id);
                    labels.push_back(c.id + " " + c.label);
                }
            choicesField(id, choices, labels, saved, true, out);
        } else if (q.choices.empty()) {
            textField(state, id, saved, true, true, out);
        } else if (q.several) {
            std::vector<std::string> choices, labels;
            for (std::string_view c : q.choices) {
                choices.emplace_back(c);
                labels.push_back(words(c));
            }
            choicesField(id, choices, labels, saved, true, out);
        } else {
            auto suggested = fromTags.find(id);
            bool prefilled = saved.empty() && suggested != fromTags.end();
            if (prefilled)
                ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(150, 200, 255, 255));
            std::string hint = prefilled ? suggested->second + " (from your tags)" : std::string();
            choiceField(id, q.choices, saved, true, out, prefilled ? hint.c_str() : nullptr);
            if (prefilled)
                ImGui::PopStyleColor();
        }
        ImGui::PopID();
    }
    ImGui::EndDisabled();
    drawSubmission(session, submitted, out);
    ImGui::EndChild();
}

void drawChartsTab(ChartState& state)
{
    int scope = state.allEncounters ? 1 : 0;
    if (ImGui::RadioButton("This encounter", &scope, 0) || ImGui::RadioButton("All encounters", &scope, 1)) {
        state.allEncounters = scope == 1;
        state.dirty = true;
    }
    if (state.allEncounters) {
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.5f);
        if (ImGui::BeginCombo("##by", state.by.empty() ? "all together" : words(state.by).c_str())) {
            if (ImGui::Selectable("all together", state.by.empty())) {
                state.by.clear();
                state.dirty = true;
            }
            for (const std::string& by : analysis::summaryByFields())
                if (ImGui::Selectable(words(by).c_str(), state.by == by)) {
                    state.by = by;
                    state.value.clear();
                    state.dirty = true;
                }
            ImGui::EndCombo();
        }
        if (!state.by.empty()) {
            ImGui::SameLine();
            ImGui::SetNextItemWidth(-1);
            if (ImGui::BeginCombo("##value", state.value.c_str())) {
                for (const std::string& v : state.values)
                    if (ImGui::Selectable(v.c_str(), state.value == v)) {
                        state.value = v;
                        state.dirty = true;
                    }
                ImGui::EndCombo();
            }
        }
    }
    if (!state.error.empty()) {
        ImGui::TextWrapped("%s", state.error.c_str());
        return;
    }
    ImGui::BeginChild("##charts");
    ImDrawList* draw = ImGui::GetWindowDrawList();
    for (const ChartData& chart : state.charts) {
        ImGui::Spacing();
        ImGui::TextUnformatted(chart.title.c_str());
        double top = 0;
        for (const ChartBar& bar : chart.bars)
            top = std::max(top, bar.value);
        float labelWidth = ImGui::GetFontSize() * 4.5f;
        float valueWidth = ImGui::GetFontSize() * 6.5f;
        for (const ChartBar& bar : chart.bars) {
            ImVec2 p = ImGui::GetCursorScreenPos();
            float h = ImGui::GetTextLineHeight();
            float full = std::max(10.0f, ImGui::GetContentRegionAvail().x - labelWidth - valueWidth);
            float w = top > 0 ? static_cast<float>(bar.value / top) * full : 0.0f;
            draw->AddText(p, ImGui::GetColorU32(ImGuiCol_Text), bar.label.c_str());
            draw->AddRectFilled(ImVec2(p.x + labelWidth, p.y + 1), ImVec2(p.x + labelWidth + std::max(1.0f, w), p.y + h - 1), bar.colour, 2.0f);
            draw->AddText(ImVec2(p.x + labelWidth + w + 4, p.y), ImGui::GetColorU32(ImGuiCol_TextDisabled), bar.text.c_str());
            ImGui::Dummy(ImVec2(labelWidth + full + valueWidth, h));
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("%s: %s", bar.label.c_str(), bar.text.c_str());
        }
        if (chart.bars.empty())
            ImGui::TextDisabled("nothing tagged yet");
    }
    ImGui::EndChild();
}

} // namespace ui
