#pragma once

#include <string>

extern "C" {
#include <libavutil/frame.h>
}

namespace media {

// MD5 of a decoded picture's planes packed without padding, in the decoder's own pixel
// format: the value `ffmpeg -f framemd5` prints for that frame (it hashes the rawvideo
// packet, i.e. av_image_copy_to_buffer with alignment 1). Lower-case hex.
std::string frameMd5(const AVFrame& frame);

} // namespace media
