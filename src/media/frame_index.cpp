#include "media/frame_index.hpp"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <system_error>

#include <unistd.h>

extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/mathematics.h>
}

#include "common/paths.hpp"
#include "media/av_error.hpp"
#include "media/av_ptr.hpp"
#include "media/byte_source.hpp"
#include "media/decoder.hpp"
#include "media/probe.hpp"

namespace media {
namespace {

using common::ErrorCode;
using common::makeError;

// Bump the version whenever the way entries are derived changes: old caches are then ignored.
constexpr char kMagic[8] = {'B', 'W', 'V', 'I', 'D', 'X', '0', '5'};
constexpr size_t kHashSpan = 1 << 20;

uint64_t fnv1a(const uint8_t* data, size_t size, uint64_t hash)
{
    for (size_t i = 0; i < size; ++i) {
        hash ^= data[i];
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

// Size, mtime (ns) and the first and last MiB: any edit of a file changes at least one,
// short of someone forging all three on purpose (the SHA-256 check covers that). Read
// from the source, so the key describes the bytes that are indexed. 0 (no cache) for
// sources that are not files.
uint64_t cacheKey(const ByteSource& source, int streamIndex)
{
    auto identity = source.identity();
    if (!identity)
        return 0;
    uint64_t hash = 0xcbf29ce484222325ULL;
    int64_t facts[4] = {identity->size, identity->mtimeSec, identity->mtimeNsec, streamIndex};
    hash = fnv1a(reinterpret_cast<const uint8_t*>(facts), sizeof facts, hash);
    std::vector<uint8_t> buffer(kHashSpan);
    auto hashSpan = [&](int64_t from) {
        int got = source.read(from, buffer.data(), static_cast<int>(buffer.size()));
        if (got > 0)
            hash = fnv1a(buffer.data(), static_cast<size_t>(got), hash);
        return got >= 0;
    };
    if (!hashSpan(0))
        return 0;
    if (identity->size > static_cast<int64_t>(kHashSpan) && !hashSpan(identity->size - static_cast<int64_t>(kHashSpan)))
        return 0;
    return hash == 0 ? 1 : hash;
}

std::filesystem::path cachePath(uint64_t key)
{
    char name[32];
    std::snprintf(name, sizeof name, "%016llx.idx", static_cast<unsigned long long>(key));
    return common::cacheDir() / "index" / name;
}

template <typename T>
void put(std::vector<uint8_t>& out, const T& value)
{
    size_t at = out.size();
    out.resize(at + sizeof value);
    std::memcpy(out.data() + at, &value, sizeof value);
}

template <typename T>
bool take(const std::vector<uint8_t>& in, size_t& at, T& value)
{
    if (at + sizeof value > in.size())
        return false;
    std::memcpy(&value, in.data() + at, sizeof value);
    at += sizeof value;
    return true;
}

void writeCache(const std::filesystem::path& file, const std::vector<uint8_t>& bytes)
{
    // Written aside and renamed: a reader never sees half a file. A cache that cannot be
    // written only costs a rescan next time.
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    std::filesystem::path temp = file;
    temp += ".tmp" + std::to_string(::getpid());
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
        if (!out)
            return (void)std::filesystem::remove(temp, ec);
    }
    std::filesystem::rename(temp, file, ec);
    if (ec)
        std::filesystem::remove(temp, ec);
}

// Decodes the whole stream and takes each picture's best-effort timestamp and key flag.
common::Result<std::vector<FrameIndexEntry>> decodeScan(const SourceRef& source, int streamIndex,
                                                        std::stop_token stop, const FrameIndex::Progress& progress)
{
    const std::string& path = source->name();
    // A fresh context: seeking back to the start does not reset every demuxer's clock.
    auto opened = openInput(source);
    if (!opened)
        return opened.error();
    FormatContextPtr owner(opened.value());
    AVFormatContext& format = *owner;
    keepOnlyStream(format, streamIndex);
    auto codec = openDecoder(*format.streams[streamIndex], 2, path);
    if (!codec)
        return codec.error();
    DecodeLoop loop(format, **codec, streamIndex);
    FramePtr frame = makeFrame();
    const double fileSize = static_cast<double>(source->size());
    std::vector<FrameIndexEntry> entries;
    for (int64_t count = 0; loop.next(*frame); ++count) {
        if ((count & 255) == 0) {
            if (stop.stop_requested())
                return makeError(ErrorCode::Cancelled, "building the frame index was cancelled", path);
            if (progress && fileSize > 0 && loop.lastPosition() > 0)
                progress(std::min(1.0, static_cast<double>(loop.lastPosition()) / fileSize));
        }
        FrameIndexEntry e;
        e.pts = frame->best_effort_timestamp;
        e.dts = frame->pkt_dts;
        e.pos = frame->pkt_pos;
        e.key = frame->key_frame != 0;
        if (e.pts == AV_NOPTS_VALUE && !entries.empty()) {
            // The last pictures flushed out of a delayed decoder carry no stamp: one
            // frame step after the previous, as ffmpeg counts them too.
            int64_t step = entries.size() >= 2 ? entries.back().pts - entries[entries.size() - 2].pts : 1;
            e.pts = entries.back().pts + std::max<int64_t>(step, 1);
        }
        if (e.pts != AV_NOPTS_VALUE && (entries.empty() || e.pts > entries.back().pts))
            entries.push_back(e);
        av_frame_unref(frame.get());
    }
    if (entries.empty())
        return makeError(ErrorCode::InvalidInput, "no picture in the video can be decoded", path);
    return entries;
}

// What the container says is there, to hold against what a scan reads (#10: an MP4 cut
// at half its length played as a complete 3 s recording).
struct Promise {
    bool bytesMissing = false; // a packet the index lists lies (partly) beyond the end of the file
    int64_t packets = 0;       // packets the sample table counts, 0 when the container has no table
    int64_t durationUs = 0;    // the stream's declared duration, 0 when it declares none
};

Promise promiseOf(const AVFormatContext& format, AVStream& stream, int64_t fileSize)
{
    Promise promise;
    // Every demuxer that builds an index from the header (MP4/MOV sample tables, AVI idx1,
    // Matroska cues) promises those bytes; an entry past the end means the file was cut.
    // Entries added while reading lie within the file by construction.
    const int entries = avformat_index_get_entries_count(&stream);
    for (int i = 0; i < entries; ++i) {
        const AVIndexEntry* e = avformat_index_get_entry(&stream, i);
        if (e && e->pos >= 0 && e->pos + e->size > fileSize) {
            promise.bytesMissing = true;
            break;
        }
    }
    // MP4/MOV: the index is the sample table, as the edit lists leave it (samples before
    // an edit's keyframe are dropped from it, those outside an edit flagged discard and
    // still read), so every entry must come out as a packet. nb_frames would count the
    // dropped samples too: a file whose edit starts late is not cut. Other containers'
    // indexes hold keyframes only (cues) or may list chunks that are never returned.
    if (std::strncmp(format.iformat->name, "mov,", 4) == 0)
        promise.packets = entries;
    if (stream.duration != AV_NOPTS_VALUE && stream.duration > 0)
        promise.durationUs = av_rescale_q(stream.duration, stream.time_base, AVRational{1, 1000000});
    else if (format.duration != AV_NOPTS_VALUE && format.duration > 0
             && format.duration_estimation_method != AVFMT_DURATION_FROM_BITRATE)
        promise.durationUs = av_rescale_q(format.duration, AVRational{1, AV_TIME_BASE}, AVRational{1, 1000000});
    return promise;
}

} // namespace

common::Result<FrameIndex> FrameIndex::build(const std::filesystem::path& path, int streamIndex, bool useCache,
                                             std::stop_token stop, const Progress& progress)
{
    auto source = openSource(path);
    if (!source)
        return source.error();
    return build(source.value(), streamIndex, useCache, std::move(stop), progress);
}

common::Result<FrameIndex> FrameIndex::build(const SourceRef& source, int streamIndex, bool useCache,
                                             std::stop_token stop, const Progress& progress)
{
    const std::string& path = source->name();
    auto opened = openInput(source);
    if (!opened)
        return opened.error();
    FormatContextPtr format(opened.value());
    if (streamIndex < 0)
        streamIndex = av_find_best_stream(format.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (streamIndex < 0 || streamIndex >= static_cast<int>(format->nb_streams)
        || format->streams[streamIndex]->codecpar->codec_type != AVMEDIA_TYPE_VIDEO)
        return makeError(ErrorCode::InvalidInput, "the file has no video stream", path);

    uint64_t key = useCache ? cacheKey(*source, streamIndex) : 0;
    if (key) {
        std::ifstream in(cachePath(key), std::ios::binary);
        if (in) {
            std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            FrameIndex cached;
            if (deserialise(bytes, key, cached)) {
                cached.m_fromCache = true;
                return cached;
            }
        }
    }

    FrameIndex index;
    index.m_streamIndex = streamIndex;
    AVStream* stream = format->streams[streamIndex];
    index.m_timeBaseNum = stream->time_base.num;
    index.m_timeBaseDen = stream->time_base.den;
    if (index.m_timeBaseNum <= 0 || index.m_timeBaseDen <= 0)
        return makeError(ErrorCode::InvalidInput, "the video is damaged: its time base is invalid", path);
    keepOnlyStream(*format, streamIndex);

    const double fileSize = static_cast<double>(source->size());
    PacketPtr packet = makePacket();
    struct Scanned {
        FrameIndexEntry entry;
        int64_t duration;
    };
    std::vector<Scanned> scanned;
    int64_t previousPts = AV_NOPTS_VALUE, previousDuration = 0;
    int64_t missingPts = 0;
    int64_t packetsRead = 0; // of the stream, discarded ones included: what the sample table counts
    clearLastLog();          // for the demuxer's "File ended prematurely" below
    for (int64_t count = 0;; ++count) {
        if ((count & 255) == 0) {
            if (stop.stop_requested())
                return makeError(ErrorCode::Cancelled, "building the frame index was cancelled", path);
            if (progress && fileSize > 0 && packet->pos > 0)
                progress(std::min(1.0, static_cast<double>(packet->pos) / fileSize));
        }
        int rc = av_read_frame(format.get(), packet.get());
        if (rc == AVERROR_EOF)
            break;
        if (rc < 0) {
            // A damaged tail: keep what was read, as a player would. An error at the
            // very start means there is nothing to play.
            if (scanned.empty() || source->ioFailure())
                return avError(rc, "the video cannot be read", path, source.get());
            break;
        }
        if (packet->stream_index == streamIndex)
            ++packetsRead;
        if (packet->stream_index == streamIndex && !(packet->flags & AV_PKT_FLAG_DISCARD)) {
            FrameIndexEntry e;
            // Containers without presentation stamps (AVI) carry decode stamps only; the
            // decoder's best-effort timestamp then follows the decode stamps.
            if (packet->pts == AV_NOPTS_VALUE)
                ++missingPts;
            e.pts = packet->pts != AV_NOPTS_VALUE ? packet->pts : packet->dts;
            if (e.pts == AV_NOPTS_VALUE)
                e.pts = previousPts == AV_NOPTS_VALUE ? 0 : previousPts + std::max<int64_t>(previousDuration, 1);
            e.dts = packet->dts;
            e.pos = packet->pos;
            e.key = (packet->flags & AV_PKT_FLAG_KEY) != 0;
            scanned.push_back({e, packet->duration});
            previousPts = e.pts;
            previousDuration = packet->duration;
        }
        av_packet_unref(packet.get());
    }
    if (scanned.empty())
        return makeError(ErrorCode::InvalidInput, "the video stream holds no frames", path);
    // Matroska's cues point at clusters only, so a cut inside the last indexed cluster
    // leaves no entry past the end; the demuxer then says the file ended inside an
    // element it had begun.
    const bool endedInsideElement = !recentLogLine("File ended prematurely").empty();
    const Promise promise = promiseOf(*format, *stream, source->size());

    if (missingPts > 0) {
        // Containers without presentation stamps (AVI): the decoder derives them, and with
        // packed B-frames its stamps differ from the decode stamps, so ask the decoder.
        auto decodedIndex = decodeScan(source, streamIndex, stop, progress);
        if (!decodedIndex)
            return decodedIndex.error();
        index.m_entries = std::move(decodedIndex.value());
        index.m_lastDuration = scanned.back().duration;
    } else {
        std::stable_sort(scanned.begin(), scanned.end(),
                         [](const Scanned& a, const Scanned& b) { return a.entry.pts < b.entry.pts; });
        index.m_entries.reserve(scanned.size());
        for (const Scanned& s : scanned)
            index.m_entries.push_back(s.entry);
        index.m_lastDuration = scanned.back().duration;
    }
    index.finish();
    index.m_complete = !promise.bytesMissing && !endedInsideElement
        && (promise.packets <= 0 || packetsRead >= promise.packets);
    index.m_promisedUs = promise.durationUs;
    if (progress)
        progress(1.0);
    if (key)
        writeCache(cachePath(key), index.serialise(key));
    return index;
}

void FrameIndex::finish()
{
    m_keyframes.clear();
    for (size_t i = 0; i < m_entries.size(); ++i)
        if (m_entries[i].key)
            m_keyframes.push_back(static_cast<int64_t>(i));
    if (m_lastDuration <= 0 && m_entries.size() >= 2)
        m_lastDuration = m_entries.back().pts - m_entries[m_entries.size() - 2].pts;
}

int64_t FrameIndex::timeUs(int64_t number) const
{
    if (m_entries.empty())
        return 0;
    return av_rescale_q(m_entries[static_cast<size_t>(number)].pts - m_entries.front().pts,
                        AVRational{m_timeBaseNum, m_timeBaseDen}, AVRational{1, 1000000});
}

int64_t FrameIndex::firstMicrosecondOf(int64_t number) const
{
    if (m_entries.empty())
        return 0;
    return av_rescale_q_rnd(m_entries[static_cast<size_t>(number)].pts - m_entries.front().pts,
                            AVRational{m_timeBaseNum, m_timeBaseDen}, AVRational{1, 1000000}, AV_ROUND_UP);
}

double FrameIndex::ptsToSeconds(int64_t pts) const
{
    int64_t first = m_entries.empty() ? 0 : m_entries.front().pts;
    return static_cast<double>(pts - first) * m_timeBaseNum / m_timeBaseDen;
}

int64_t FrameIndex::frameAtTime(int64_t time) const
{
    if (m_entries.empty())
        return -1;
    int64_t lo = 0, hi = frameCount() - 1;
    if (time <= 0)
        return 0;
    while (lo < hi) { // last frame with timeUs <= time
        int64_t mid = lo + (hi - lo + 1) / 2;
        if (timeUs(mid) <= time)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

int64_t FrameIndex::frameWithPts(int64_t pts) const
{
    auto it = std::lower_bound(m_entries.begin(), m_entries.end(), pts,
                               [](const FrameIndexEntry& e, int64_t value) { return e.pts < value; });
    if (it == m_entries.end() || it->pts != pts)
        return -1;
    return it - m_entries.begin();
}

int64_t FrameIndex::keyframeAtOrBefore(int64_t number) const
{
    auto it = std::upper_bound(m_keyframes.begin(), m_keyframes.end(), number);
    if (it == m_keyframes.begin())
        return -1;
    return *std::prev(it);
}

int64_t FrameIndex::durationUs() const
{
    if (m_entries.empty())
        return 0;
    return timeUs(frameCount() - 1)
        + av_rescale_q(m_lastDuration, AVRational{m_timeBaseNum, m_timeBaseDen}, AVRational{1, 1000000});
}

double FrameIndex::meanFps() const
{
    if (m_entries.size() < 2)
        return m_lastDuration > 0 ? double(m_timeBaseDen) / (double(m_lastDuration) * m_timeBaseNum) : 0.0;
    double span = ptsToSeconds(m_entries.back().pts);
    return span > 0 ? double(m_entries.size() - 1) / span : 0.0;
}

bool FrameIndex::variableFrameRate() const
{
    if (m_entries.size() < 3)
        return false;
    std::vector<int64_t> deltas;
    deltas.reserve(m_entries.size() - 1);
    for (size_t i = 1; i < m_entries.size(); ++i)
        deltas.push_back(m_entries[i].pts - m_entries[i - 1].pts);
    auto [lo, hi] = std::minmax_element(deltas.begin(), deltas.end());
    std::nth_element(deltas.begin(), deltas.begin() + static_cast<std::ptrdiff_t>(deltas.size() / 2), deltas.end());
    double median = static_cast<double>(deltas[deltas.size() / 2]);
    int64_t spread = *hi - *lo;
    // One tick of jitter is rounding in coarse time bases (Matroska's 1 ms), not VFR.
    return spread > 1 && median > 0 && static_cast<double>(spread) / median > 0.001;
}

std::vector<uint8_t> FrameIndex::serialise(uint64_t key) const
{
    std::vector<uint8_t> out;
    out.reserve(64 + m_entries.size() * 25);
    put(out, kMagic);
    put(out, key);
    put(out, static_cast<int32_t>(m_streamIndex));
    put(out, static_cast<int32_t>(m_timeBaseNum));
    put(out, static_cast<int32_t>(m_timeBaseDen));
    put(out, m_lastDuration);
    put(out, static_cast<uint8_t>(m_complete));
    put(out, m_promisedUs);
    put(out, static_cast<uint64_t>(m_entries.size()));
    for (const FrameIndexEntry& e : m_entries) {
        put(out, e.pts);
        put(out, e.dts);
        put(out, e.pos);
        put(out, static_cast<uint8_t>(e.key));
    }
    return out;
}

bool FrameIndex::deserialise(const std::vector<uint8_t>& bytes, uint64_t key, FrameIndex& out)
{
    if (bytes.size() < sizeof kMagic || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0)
        return false;
    size_t at = sizeof kMagic;
    uint64_t storedKey = 0, count = 0;
    int32_t stream = 0, num = 0, den = 0;
    int64_t lastDuration = 0, promisedUs = 0;
    uint8_t complete = 1;
    if (!take(bytes, at, storedKey) || storedKey != key || !take(bytes, at, stream) || !take(bytes, at, num)
        || !take(bytes, at, den) || !take(bytes, at, lastDuration) || !take(bytes, at, complete)
        || !take(bytes, at, promisedUs) || !take(bytes, at, count))
        return false;
    if (num <= 0 || den <= 0 || count == 0 || count > (bytes.size() - at) / 25 || (bytes.size() - at) != count * 25)
        return false;
    FrameIndex index;
    index.m_streamIndex = stream;
    index.m_timeBaseNum = num;
    index.m_timeBaseDen = den;
    index.m_lastDuration = lastDuration;
    index.m_complete = complete != 0;
    index.m_promisedUs = promisedUs;
    index.m_entries.resize(count);
    for (FrameIndexEntry& e : index.m_entries) {
        uint8_t keyFlag = 0;
        if (!take(bytes, at, e.pts) || !take(bytes, at, e.dts) || !take(bytes, at, e.pos) || !take(bytes, at, keyFlag))
            return false;
        e.key = keyFlag != 0;
    }
    if (!std::is_sorted(index.m_entries.begin(), index.m_entries.end(),
                        [](const FrameIndexEntry& a, const FrameIndexEntry& b) { return a.pts < b.pts; }))
        return false;
    index.finish();
    out = std::move(index);
    return true;
}

} // namespace media
