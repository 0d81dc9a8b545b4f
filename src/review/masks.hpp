#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace review {

class Workspace;

// Privacy masks (issue 14): a rectangle or ellipse over part of a footage file's picture for
// a span of its media time, moving between keyframes, so that a bystander or a child is
// blurred on the shared screen. Masks are only drawn (shaders/video.frag in the window,
// exchange/still_masks for `frame --png`), never burnt into a file. Only a chair or a lead
// draws, removes or lifts them (Action::MaskFootage); lifting is written to the audit log.
//
// Data flow: addMask/removeMask (CLI `mask`, the window's mask tool) -> table `mask`
// (keyframes as JSON) -> listMasks/masksOfRecording -> maskBoxAt(mask, media time) per
// shown frame -> the shader's uniforms, or blurStill() on a PNG's pixels.

enum class MaskShape { Rect, Ellipse };
const char* maskShapeName(MaskShape shape); // "rect", "ellipse"

// In fractions of the picture as shown (the file's rotation applied), from its top left.
struct MaskBox {
    double x = 0, y = 0, w = 0, h = 0;
};

struct MaskKeyframe {
    int64_t atUs = 0; // media time of the footage
    MaskBox box;
};

struct Mask {
    int64_t id = 0;
    std::string uuid;
    int64_t footageId = 0;
    std::string footageUuid;
    MaskShape shape = MaskShape::Rect;
    int64_t fromUs = 0, toUs = 0;         // shown over [fromUs, toUs) of media time
    std::vector<MaskKeyframe> keyframes;  // sorted by time, at least one
    int64_t createdUs = 0;
};

struct NewMask {
    MaskShape shape = MaskShape::Rect;
    int64_t fromUs = 0, toUs = 0;
    MaskBox box;                  // at fromUs
    std::optional<MaskBox> toBox; // at toUs, moving in a straight line; none: still
};

// "rect"/"ellipse"; InvalidInput otherwise.
common::Result<MaskShape> parseMaskShape(std::string_view text);
// "X,Y,W,H" in fractions of the picture: each a number, the box inside the picture and not
// empty. InvalidInput with one sentence naming `option` otherwise.
common::Result<MaskBox> parseMaskBox(std::string_view text, std::string_view option = "--box");

// Registers a mask on footage (UUID, SHA-256 or path). Refused: a span that is empty or
// outside the recording, a box outside the picture. Audit: mask.change naming the mask.
common::Result<Mask> addMask(Workspace& ws, const std::string& footageRef, const NewMask& mask);
// Removes a mask by its UUID (or the first 8 or more characters of it, when they name one).
common::Result<Mask> removeMask(Workspace& ws, const std::string& maskRef);
// Moves a mask (same ways of naming it): at media time `atUs`, inside its span, it covers
// `box`; between keyframes it moves in a straight line. A keyframe already at `atUs` is
// replaced. Audit: mask.moved.
common::Result<Mask> moveMask(Workspace& ws, const std::string& maskRef, int64_t atUs, const MaskBox& box);
// Masks in force: of one footage file, or of all when `footageRef` is empty.
common::Result<std::vector<Mask>> listMasks(Workspace& ws, const std::string& footageRef = {});
common::Result<std::vector<Mask>> masksOfFootage(Workspace& ws, int64_t footageId);

// Showing a masked area (the window's "Show masked areas", `frame --unmasked`): needs a
// chair or a lead; written to the audit log as mask.shown naming the footage and `where`.
common::Status recordMasksShown(Workspace& ws, int64_t footageId, std::string_view where);

// For `frame --png` given --db: the masks in force on the registered recording that `file`
// is (by size and quick fingerprint), without signing in (masks hold no free text).
// Empty when the file is not registered there or nothing masks it.
common::Result<std::vector<Mask>> masksOfRecording(const std::filesystem::path& database,
                                                   const std::filesystem::path& file);

// Where `mask` is at `mediaUs`: the keyframes' boxes interpolated in a straight line (held
// before the first and after the last); none outside [fromUs, toUs).
std::optional<MaskBox> maskBoxAt(const Mask& mask, int64_t mediaUs);
// Whether the point (fx, fy), in fractions of the picture, lies inside the shape.
bool maskContains(MaskShape shape, const MaskBox& box, double fx, double fy);
// The side of a blur cell in picture pixels for a box on a `width` x `height` picture: six
// cells across the box's shorter side, at least 4 pixels. The shader and blurStill share it.
int maskCellPixels(const MaskBox& box, int width, int height);

} // namespace review
