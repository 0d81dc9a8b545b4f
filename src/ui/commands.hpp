#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "exchange/exports.hpp"
#include "review/adjudication.hpp"
#include "review/annotation.hpp"
#include "review/masks.hpp"
#include "review/chair.hpp"

namespace ui {

// What panels and shortcuts ask for; the ReviewWindow applies them to the player and its
// own state (STYLE.md: draw code emits commands, never edits state itself).
namespace cmd {
struct TogglePlay {};
struct Pause {};
struct Step { int frames = 1; };
struct JumpBy { int64_t us = 0; };
struct SeekTime { int64_t timelineUs = 0; };
struct SeekFrame { int64_t frame = 0; };
struct GoToStart {};
struct GoToEnd {};
struct Faster {};
struct Slower {};
struct SetSpeed { double speed = 1.0; };
struct ShuttleForward {};
struct ShuttleBackward {};
struct ToggleMute {};
struct SetVolume { float volume = 1.0f; };
struct ZoomBy { float factor = 1.0f; };
struct ZoomFit {};
struct ZoomOneToOne {};
struct ResetPicture {};
struct ToggleHelp {};
struct ToggleBrowser {};
struct OpenGoTo {};
struct GoTo { std::string text; };
struct OpenFiles { std::vector<std::filesystem::path> paths; bool add = false; };
struct SelectCamera { int camera = 0; };
struct NextCamera {};
struct SetSoundCamera { int camera = 0; };
struct NudgeOffset { int camera = 0; int frames = 0; };
struct CloseOverlays {};
// Tagging (TaggingSession): a code's hotkey or button, the tag list's edits, the forms.
struct Tag { std::string code; };
struct Undo {};
struct Redo {};
struct CycleSubject {};
struct CycleIntensity {};
struct SetNextSubject { std::optional<std::string> subject; };
struct SetNextIntensity { std::optional<int> intensity; };
struct ChangeTag { std::string uuid; review::AnnotationChange change; };
struct NudgeTag { std::string uuid; bool end = false; int frames = 0; }; // by the selected camera's frames
struct TagHere { std::string uuid; bool end = false; }; // set its start / end to the frame shown
struct DeleteTag { std::string uuid; };
struct SaveEncounterField { std::string field; std::string value; };
struct SaveFeedback { std::string question; std::string value; };
// The Export tab: check the free text, then write (in the background, with progress).
struct CheckExport { exchange::ExportRequest request; };
struct StartExport { exchange::ExportRequest request; };
struct CancelExport {};
// Blind coding and adjudication.
struct MarkPassDone {};
struct ReopenPass {};
struct SetTolerance { double seconds = 1.0; };
struct Decide { review::NewDecision decision; };
// The chair's work.
struct SaveConsolidation { review::ConsolidationEdit edit; };
struct RaisePoliceAction { std::string request; };
struct RespondPoliceAction { std::string uuid; review::PoliceResponse response; };
// People: sign in, hand over to the next member, submit one's feedback, the Audit tab.
struct SignIn { std::string name; std::string passphrase; };
struct HandOver {};
struct SubmitFeedback {};
struct RefreshAudit { std::string person; std::string action; };
struct Quit {};
// Transcripts and privacy masks (issue 14).
struct TagCue { std::string code; int64_t cueId = 0; };   // an interval over the line (a point at its start)
struct LiftMasks { bool lift = false; };                  // show masked areas (audited) or blur them again
struct AddMask { int camera = 0; review::NewMask mask; }; // times in that camera's media time
struct RemoveMask { std::string uuid; };
struct MoveMask { std::string uuid; int64_t atUs = 0; review::MaskBox box; }; // at: the camera's media time
} // namespace cmd

using Command = std::variant<cmd::TogglePlay, cmd::Pause, cmd::Step, cmd::JumpBy, cmd::SeekTime, cmd::SeekFrame,
                             cmd::GoToStart, cmd::GoToEnd, cmd::Faster, cmd::Slower, cmd::SetSpeed,
                             cmd::ShuttleForward, cmd::ShuttleBackward, cmd::ToggleMute, cmd::SetVolume, cmd::ZoomBy,
                             cmd::ZoomFit, cmd::ZoomOneToOne, cmd::ResetPicture, cmd::ToggleHelp, cmd::ToggleBrowser,
                             cmd::OpenGoTo, cmd::GoTo, cmd::OpenFiles, cmd::SelectCamera, cmd::NextCamera,
                             cmd::SetSoundCamera, cmd::NudgeOffset, cmd::CloseOverlays, cmd::Quit, cmd::Tag, cmd::Undo,
                             cmd::Redo, cmd::CycleSubject, cmd::CycleIntensity, cmd::SetNextSubject,
                             cmd::SetNextIntensity, cmd::ChangeTag, cmd::NudgeTag, cmd::TagHere, cmd::DeleteTag,
                             cmd::SaveEncounterField, cmd::SaveFeedback, cmd::CheckExport, cmd::StartExport,
                             cmd::CancelExport, cmd::MarkPassDone, cmd::ReopenPass, cmd::SetTolerance, cmd::Decide,
                             cmd::SaveConsolidation, cmd::RaisePoliceAction, cmd::RespondPoliceAction, cmd::SignIn,
                             cmd::HandOver, cmd::SubmitFeedback, cmd::RefreshAudit, cmd::TagCue, cmd::LiftMasks,
                             cmd::AddMask, cmd::RemoveMask, cmd::MoveMask>;

using CommandSink = std::vector<Command>;

} // namespace ui
