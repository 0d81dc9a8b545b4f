#pragma once

#include <cstdint>
#include <vector>

#include "media/frame_image.hpp"
#include "review/masks.hpp"

namespace exchange {

// Privacy masks on a still (`frame --png`, issue 14): every mask in force at media time
// `mediaUs` blurs its shape on `image` (the picture as shown, rotation applied) into cells
// of review::maskCellPixels, each the mean of the picture under it: what the window's
// shader draws, computed exactly. Returns how many masks were applied.
int blurMasks(media::RgbImage& image, const std::vector<review::Mask>& masks, int64_t mediaUs);

} // namespace exchange
