#include "media/probe.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/display.h>
#include <libavutil/pixdesc.h>
}

#include "media/av_error.hpp"
#include "media/av_io.hpp"
#include "media/av_ptr.hpp"

namespace media {
namespace {

using common::ErrorCode;
using common::makeError;

bool startsWithMp4Box(const ByteSource& source)
{
    uint8_t head[12] = {};
    if (source.read(0, head, sizeof head) != static_cast<int>(sizeof head))
        return false;
    std::string type(reinterpret_cast<const char*>(head) + 4, 4);
    return type == "ftyp" || type == "mdat" || type == "free" || type == "wide";
}

common::Error tooLarge(int64_t width, int64_t height, const std::string& name)
{
    return makeError(ErrorCode::InvalidInput,
                     "the picture is " + std::to_string(width) + "x" + std::to_string(height)
                         + " pixels, larger than bwv-review opens (at most " + std::to_string(kMaxPictureSide)
                         + " pixels a side and 64 megapixels); the file is damaged or not a camera recording",
                     name);
}

bool beyondLimit(int64_t width, int64_t height)
{
    return width > kMaxPictureSide || height > kMaxPictureSide || width * height > kMaxPicturePixels;
}

// FFmpeg refuses a picture over max_pixels (or over its own limits) with a log line
// ("Picture size 16000x16000 exceeds specified max pixel count ...", "... is invalid") and
// a bare EINVAL, or a stranger code (a 60000x60000 y4m gave EBUSY): the words come from here.
std::optional<common::Error> tooLargeFromLog(const std::string& name)
{
    unsigned long width = 0, height = 0;
    std::string line = recentLogLine("Picture size ");
    if (std::sscanf(line.c_str(), "Picture size %lux%lu", &width, &height) == 2
        && beyondLimit(static_cast<int64_t>(width), static_cast<int64_t>(height)))
        return tooLarge(static_cast<int64_t>(width), static_cast<int64_t>(height), name);
    return std::nullopt;
}

// Pictures beyond the limit are refused before anything decodes them: a 69-byte PNG that
// claims 16000x16000 would otherwise cost gigabytes.
std::optional<common::Error> checkPictureSizes(const AVFormatContext& format, const std::string& name)
{
    for (unsigned i = 0; i < format.nb_streams; ++i) {
        const AVStream& stream = *format.streams[i];
        if (stream.codecpar->codec_type != AVMEDIA_TYPE_VIDEO || (stream.disposition & AV_DISPOSITION_ATTACHED_PIC))
            continue;
        if (beyondLimit(stream.codecpar->width, stream.codecpar->height))
            return tooLarge(stream.codecpar->width, stream.codecpar->height, name);
    }
    return std::nullopt;
}

bool hasUnsizedVideo(const AVFormatContext& format)
{
    for (unsigned i = 0; i < format.nb_streams; ++i) {
        const AVStream& stream = *format.streams[i];
        if (stream.codecpar->codec_type == AVMEDIA_TYPE_VIDEO && !(stream.disposition & AV_DISPOSITION_ATTACHED_PIC)
            && (stream.codecpar->width <= 0 || stream.codecpar->height <= 0))
            return true;
    }
    return false;
}

// avformat_find_stream_info decodes a few pictures of each stream; max_pixels makes the
// decoders refuse an oversized one before allocating it.
int findStreamInfo(AVFormatContext& format)
{
    std::vector<AVDictionary*> options(format.nb_streams, nullptr);
    for (AVDictionary*& o : options)
        av_dict_set_int(&o, "max_pixels", kMaxPicturePixels, 0);
    int rc = avformat_find_stream_info(&format, options.empty() ? nullptr : options.data());
    for (AVDictionary*& o : options)
        av_dict_free(&o);
    return rc;
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

common::Result<MediaFacts> describe(const ByteSource& source, AVFormatContext& format, const FrameIndex* index)
{
    const std::string& path = source.name();
    MediaFacts facts;
    facts.path = path;
    facts.format = format.iformat->name;
    facts.formatLong = format.iformat->long_name ? format.iformat->long_name : "";
    facts.fileSize = source.size();
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
            facts.complete = index->complete();
            facts.endsAtS = facts.durationS;
            facts.promisedS = index->promisedDurationUs() / 1e6;
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
    if (facts.audio && videoStream) {
        const AVStream* stream = format.streams[audioIndex];
        // Priming samples put AAC a few ms before the picture: that is not a late start.
        if (stream->start_time != AV_NOPTS_VALUE)
            facts.audio->startsAtS = std::max<double>(
                0, static_cast<double>(av_rescale_q(stream->start_time, stream->time_base, AVRational{1, 1000000}) - facts.originUs) / 1e6);
    }
    facts.creationTime = creationTimeOf(format, videoStream);
    if (!facts.video) {
        if (facts.audio)
            return makeError(ErrorCode::InvalidInput, "the file holds only sound, no video", path);
        return makeError(ErrorCode::InvalidInput, "the file holds no video that bwv-review can read", path);
    }
    return facts;
}

} // namespace

common::Result<AVFormatContext*> openInput(const SourceRef& source)
{
    installLogCapture();
    const std::string& name = source->name();
    if (source->size() == 0)
        return makeError(ErrorCode::InvalidInput, "the file is empty (0 bytes)", name);
    AVFormatContext* raw = newInputContext(source);
    if (!raw)
        return makeError(ErrorCode::Internal, "out of memory while opening the file", name);
    AVIOContext* io = raw->pb;

    clearLastLog();
    // No url: the container is recognised by its bytes alone, never by a name's extension
    // (which would pick demuxers that open further files by pattern).
    int rc = avformat_open_input(&raw, nullptr, nullptr, nullptr);
    if (rc < 0) {
        freeUnopenedIo(io); // FFmpeg freed the context, not our AVIOContext
        if (source->ioFailure())
            return avError(rc, "the file cannot be opened", name, source.get());
        if (auto large = tooLargeFromLog(name))
            return *large;
        if (lastLogLine().find("moov atom not found") != std::string::npos && startsWithMp4Box(*source))
            return makeError(ErrorCode::InvalidInput,
                             "the recording is incomplete: the file was cut off before its index was written "
                             "(\"moov atom not found\"); copy it again from the original",
                             name);
        if (rc == AVERROR_INVALIDDATA || rc == AVERROR_DEMUXER_NOT_FOUND)
            return makeError(ErrorCode::InvalidInput, "this is not a video file that bwv-review can read, or it is damaged",
                             name);
        return avError(rc, "the file cannot be opened", name, source.get());
    }
    FormatContextPtr format(raw);
    if (auto large = checkPictureSizes(*format, name))
        return *large;
    rc = findStreamInfo(*format);
    if (auto large = checkPictureSizes(*format, name))
        return *large;
    // A decoder that refused an oversized picture leaves the stream without a size.
    if (rc < 0 || hasUnsizedVideo(*format))
        if (auto large = tooLargeFromLog(name))
            return *large;
    if (rc < 0) {
        if (!source->ioFailure() && startsWithMp4Box(*source))
            return makeError(ErrorCode::InvalidInput, "the video is damaged: its stream information cannot be read", name);
        return avError(rc, "the video's stream information cannot be read", name, source.get());
    }
    return format.release();
}

common::Result<AVFormatContext*> openInput(const std::filesystem::path& path)
{
    auto source = openSource(path);
    if (!source)
        return source.error();
    return openInput(source.value());
}

common::Result<MediaFacts> probe(const SourceRef& source, bool useIndexCache)
{
    auto opened = openInput(source);
    if (!opened)
        return opened.error();
    FormatContextPtr format(opened.value());
    int videoIndex = av_find_best_stream(format.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (videoIndex < 0)
        return describe(*source, *format, nullptr); // explains what the file holds instead
    auto index = FrameIndex::build(source, videoIndex, useIndexCache);
    if (!index)
        return index.error();
    return describe(*source, *format, &index.value());
}

common::Result<MediaFacts> probe(const SourceRef& source, const FrameIndex& index)
{
    auto opened = openInput(source);
    if (!opened)
        return opened.error();
    FormatContextPtr format(opened.value());
    return describe(*source, *format, &index);
}

common::Result<MediaFacts> probe(const std::filesystem::path& path, bool useIndexCache)
{
    auto source = openSource(path);
    if (!source)
        return source.error();
    return probe(source.value(), useIndexCache);
}

common::Result<MediaFacts> probe(const std::filesystem::path& path, const FrameIndex& index)
{
    auto source = openSource(path);
    if (!source)
        return source.error();
    return probe(source.value(), index);
}

} // namespace media
