#include "media/probe.hpp"

#include <cmath>
#include <fstream>
#include <system_error>

#include <unistd.h>

extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/display.h>
#include <libavutil/pixdesc.h>
}

#include "media/av_error.hpp"
#include "media/av_ptr.hpp"

namespace media {
namespace {

using common::ErrorCode;
using common::makeError;

bool startsWithMp4Box(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    char head[12] = {};
    in.read(head, sizeof head);
    std::string type(head + 4, 4);
    return in.gcount() == 12 && (type == "ftyp" || type == "mdat" || type == "free" || type == "wide");
}

int rotationOf(const AVStream& stream)
{
    const uint8_t* matrix = av_stream_get_side_data(&stream, AV_PKT_DATA_DISPLAYMATRIX, nullptr);
    if (!matrix)
        return 0;
    double degrees = -av_display_rotation_get(reinterpret_cast<const int32_t*>(matrix));
    if (std::isnan(degrees))
        return 0;
    int quarter = static_cast<int>(std::lround(degrees / 90.0));
    return ((quarter % 4) + 4) % 4 * 90;
}

std::optional<std::string> creationTimeOf(const AVFormatContext& format, const AVStream* video)
{
    if (const AVDictionaryEntry* e = av_dict_get(format.metadata, "creation_time", nullptr, 0))
        return std::string(e->value);
    if (video)
        if (const AVDictionaryEntry* e = av_dict_get(video->metadata, "creation_time", nullptr, 0))
            return std::string(e->value);
    return std::nullopt;
}

const char* orUnknown(const char* name) { return name ? name : "unknown"; }

common::Result<MediaFacts> describe(const std::filesystem::path& path, AVFormatContext& format,
                                    const FrameIndex* index)
{
    MediaFacts facts;
    facts.path = path.string();
    facts.format = format.iformat->name;
    facts.formatLong = format.iformat->long_name ? format.iformat->long_name : "";
    std::error_code ec;
    facts.fileSize = static_cast<int64_t>(std::filesystem::file_size(path, ec));
    facts.bitRate = format.bit_rate;
    if (format.duration != AV_NOPTS_VALUE)
        facts.durationS = format.duration / double(AV_TIME_BASE);

    int videoIndex = av_find_best_stream(&format, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    int audioIndex = av_find_best_stream(&format, AVMEDIA_TYPE_AUDIO, -1, videoIndex, nullptr, 0);
    const AVStream* videoStream = videoIndex >= 0 ? format.streams[videoIndex] : nullptr;

    if (videoStream) {
        const AVCodecParameters& par = *videoStream->codecpar;
        VideoFacts v;
        v.streamIndex = videoIndex;
        v.codec = avcodec_get_name(par.codec_id);
        if (const char* profile = avcodec_profile_name(par.codec_id, par.profile))
            v.profile = profile;
        v.width = par.width;
        v.height = par.height;
        AVRational sar = av_guess_sample_aspect_ratio(&format, const_cast<AVStream*>(videoStream), nullptr);
        if (sar.num > 0 && sar.den > 0) {
            v.sarNum = sar.num;
            v.sarDen = sar.den;
        }
        v.rotation = rotationOf(*videoStream);
        auto pixFmt = static_cast<AVPixelFormat>(par.format);
        v.pixFmt = orUnknown(av_get_pix_fmt_name(pixFmt));
        if (const AVPixFmtDescriptor* desc = av_pix_fmt_desc_get(pixFmt))
            v.bitDepth = desc->comp[0].depth;
        v.colorSpace = orUnknown(av_color_space_name(par.color_space));
        v.colorRange = par.color_range == AVCOL_RANGE_UNSPECIFIED ? "unknown" : orUnknown(av_color_range_name(par.color_range));
        v.timeBaseNum = videoStream->time_base.num;
        v.timeBaseDen = videoStream->time_base.den;
        if (index) {
            v.frames = index->frameCount();
            v.fps = index->meanFps();
            v.vfr = index->variableFrameRate();
            facts.durationS = index->durationUs() / 1e6;
            if (index->frameCount() > 0)
                facts.originUs = av_rescale_q((*index)[0].pts, videoStream->time_base, AVRational{1, 1000000});
        }
        facts.video = v;
    }
    if (audioIndex >= 0) {
        const AVStream* stream = format.streams[audioIndex];
        const AVCodecParameters& par = *stream->codecpar;
        AudioFacts a;
        a.streamIndex = audioIndex;
        a.codec = avcodec_get_name(par.codec_id);
        a.sampleRate = par.sample_rate;
        a.channels = par.ch_layout.nb_channels;
        char layout[128] = {};
        if (av_channel_layout_describe(&par.ch_layout, layout, sizeof layout) > 0)
            a.channelLayout = layout;
        facts.audio = a;
        if (!videoStream && stream->start_time != AV_NOPTS_VALUE)
            facts.originUs = av_rescale_q(stream->start_time, stream->time_base, AVRational{1, 1000000});
    }
    facts.creationTime = creationTimeOf(format, videoStream);
    if (!facts.video) {
        if (facts.audio)
            return makeError(ErrorCode::InvalidInput, "the file holds only sound, no video", path.string());
        return makeError(ErrorCode::InvalidInput, "the file holds no video that bwv-review can read", path.string());
    }
    return facts;
}

} // namespace

common::Result<AVFormatContext*> openInput(const std::filesystem::path& path)
{
    installLogCapture();
    std::error_code ec;
    auto status = std::filesystem::status(path, ec);
    if (!std::filesystem::exists(status))
        return makeError(ErrorCode::NotFound, "the file does not exist", path.string());
    if (std::filesystem::is_directory(status))
        return makeError(ErrorCode::InvalidInput, "this is a folder, not a video file", path.string());
    if (::access(path.c_str(), R_OK) != 0)
        return makeError(ErrorCode::PermissionDenied, "you do not have permission to read this file", path.string());
    if (std::filesystem::is_regular_file(status) && std::filesystem::file_size(path, ec) == 0)
        return makeError(ErrorCode::InvalidInput, "the file is empty (0 bytes)", path.string());

    clearLastLog();
    AVFormatContext* raw = nullptr;
    int rc = avformat_open_input(&raw, path.c_str(), nullptr, nullptr);
    if (rc < 0) {
        if (rc == AVERROR_INVALIDDATA && lastLogLine().find("moov atom not found") != std::string::npos
            && startsWithMp4Box(path))
            return makeError(ErrorCode::InvalidInput,
                             "the recording is incomplete: the file was cut off before its index was written "
                             "(\"moov atom not found\"); copy it again from the original",
                             path.string());
        if (rc == AVERROR_INVALIDDATA)
            return makeError(ErrorCode::InvalidInput, "this is not a video file that bwv-review can read, or it is damaged",
                             path.string());
        return avError(rc, "the file cannot be opened", path);
    }
    FormatContextPtr format(raw);
    rc = avformat_find_stream_info(format.get(), nullptr);
    if (rc < 0) {
        if (startsWithMp4Box(path))
            return makeError(ErrorCode::InvalidInput, "the video is damaged: its stream information cannot be read",
                             path.string());
        return avError(rc, "the video's stream information cannot be read", path);
    }
    return format.release();
}

common::Result<MediaFacts> probe(const std::filesystem::path& path, bool useIndexCache)
{
    auto opened = openInput(path);
    if (!opened)
        return opened.error();
    FormatContextPtr format(opened.value());
    int videoIndex = av_find_best_stream(format.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (videoIndex < 0)
        return describe(path, *format, nullptr); // explains what the file holds instead
    auto index = FrameIndex::build(path, videoIndex, useIndexCache);
    if (!index)
        return index.error();
    return describe(path, *format, &index.value());
}

common::Result<MediaFacts> probe(const std::filesystem::path& path, const FrameIndex& index)
{
    auto opened = openInput(path);
    if (!opened)
        return opened.error();
    FormatContextPtr format(opened.value());
    return describe(path, *format, &index);
}

} // namespace media
