#include "exchange/still_masks.hpp"

#include <algorithm>
#include <cmath>

namespace exchange {
namespace {

void blurOne(media::RgbImage& image, review::MaskShape shape, const review::MaskBox& box)
{
    const int w = image.width, h = image.height, channels = image.channels;
    const int cell = review::maskCellPixels(box, w, h);
    const double originX = box.x * w, originY = box.y * h;
    const int x0 = std::max(0, static_cast<int>(std::floor(originX)));
    const int y0 = std::max(0, static_cast<int>(std::floor(originY)));
    const int x1 = std::min(w, static_cast<int>(std::ceil((box.x + box.w) * w)));
    const int y1 = std::min(h, static_cast<int>(std::ceil((box.y + box.h) * h)));
    // Cells are laid from the box's corner; each takes the mean of the whole cell, so a
    // pixel's colour says nothing finer than the cell it sits in.
    for (double cy = originY; cy < y1; cy += cell)
        for (double cx = originX; cx < x1; cx += cell) {
            const int cx0 = std::max(x0, static_cast<int>(std::floor(cx)));
            const int cy0 = std::max(y0, static_cast<int>(std::floor(cy)));
            const int cx1 = std::min(w, static_cast<int>(std::floor(cx + cell)));
            const int cy1 = std::min(h, static_cast<int>(std::floor(cy + cell)));
            if (cx1 <= cx0 || cy1 <= cy0)
                continue;
            long long sum[4] = {0, 0, 0, 0};
            for (int y = cy0; y < cy1; ++y)
                for (int x = cx0; x < cx1; ++x)
                    for (int c = 0; c < channels; ++c)
                        sum[c] += image.pixels[(static_cast<std::size_t>(y) * w + x) * channels + c];
            const long long count = static_cast<long long>(cx1 - cx0) * (cy1 - cy0);
            for (int y = cy0; y < cy1; ++y)
                for (int x = cx0; x < cx1; ++x) {
                    if (!review::maskContains(shape, box, (x + 0.5) / w, (y + 0.5) / h))
                        continue;
                    for (int c = 0; c < channels; ++c)
                        image.pixels[(static_cast<std::size_t>(y) * w + x) * channels + c] =
                            static_cast<uint8_t>((sum[c] + count / 2) / count);
                }
        }
}

} // namespace

int blurMasks(media::RgbImage& image, const std::vector<review::Mask>& masks, int64_t mediaUs)
{
    int applied = 0;
    for (const review::Mask& mask : masks)
        if (auto box = review::maskBoxAt(mask, mediaUs)) {
            blurOne(image, mask.shape, *box);
            ++applied;
        }
    return applied;
}

} // namespace exchange
