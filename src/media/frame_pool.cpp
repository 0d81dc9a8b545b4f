#include "media/frame_pool.hpp"

#include <algorithm>

#include <sys/mman.h>

extern "C" {
#include <libavutil/imgutils.h>
#include <libavutil/pixdesc.h>
}

namespace media {
namespace {

constexpr size_t kPlaneAlign = 64;     // av_malloc's alignment: SIMD loads assume it
constexpr size_t kPlanePadding = 128;  // decoders may read (not write) past a plane's end

size_t alignUp(size_t value, size_t align) { return (value + align - 1) / align * align; }

} // namespace

FramePool* FramePool::create(size_t budgetBytes, int maxSlots) { return new FramePool(budgetBytes, maxSlots); }

FramePool::FramePool(size_t budgetBytes, int maxSlots) : m_budgetBytes(budgetBytes), m_maxSlots(maxSlots) {}

FramePool::~FramePool()
{
    if (m_arena)
        munmap(m_arena, m_arenaBytes);
}

void FramePool::release() { unref(); }

void FramePool::unref()
{
    if (m_refs.fetch_sub(1, std::memory_order_acq_rel) == 1)
        delete this;
}

void FramePool::attach(AVCodecContext* codec)
{
    if (!(codec->codec->capabilities & AV_CODEC_CAP_DR1))
        return;
    codec->opaque = this;
    codec->get_buffer2 = &FramePool::getBuffer;
#if FF_API_THREAD_SAFE_CALLBACKS
    // FFmpeg 5.1 still asks custom allocators to say they are thread-safe (ours is:
    // m_mutex); without it, frame threading warns on every open.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    codec->thread_safe_callbacks = 1;
#pragma GCC diagnostic pop
#endif
}

int FramePool::freeSlots() const
{
    std::lock_guard lock(m_mutex);
    return static_cast<int>(m_free.size());
}

// The same plane geometry FFmpeg's default allocator (libavcodec/decode.c) uses: the
// decoder's aligned dimensions, and a width grown until every line size meets the
// decoder's stride alignment.
bool FramePool::layoutFor(AVCodecContext* codec, const AVFrame& frame, int linesize[4], size_t planeOffset[4],
                          size_t& bytes) const
{
    auto format = static_cast<AVPixelFormat>(frame.format);
    const AVPixFmtDescriptor* desc = av_pix_fmt_desc_get(format);
    if (!desc || (desc->flags & (AV_PIX_FMT_FLAG_PAL | AV_PIX_FMT_FLAG_HWACCEL)) || frame.width <= 0
        || frame.height <= 0)
        return false;
    int w = frame.width, h = frame.height;
    int strideAlign[AV_NUM_DATA_POINTERS];
    avcodec_align_dimensions2(codec, &w, &h, strideAlign);
    for (int attempt = 0; attempt < 16; ++attempt) {
        if (av_image_fill_linesizes(linesize, format, w) < 0)
            return false;
        bool aligned = true;
        for (int i = 0; i < 4; ++i)
            if (strideAlign[i] > 0 && linesize[i] % strideAlign[i] != 0)
                aligned = false;
        if (aligned)
            break;
        w += w & ~(w - 1);
    }
    ptrdiff_t strides[4] = {linesize[0], linesize[1], linesize[2], linesize[3]};
    size_t sizes[4] = {};
    if (av_image_fill_plane_sizes(sizes, format, h, strides) < 0)
        return false;
    size_t offset = 0;
    for (int i = 0; i < 4; ++i) {
        planeOffset[i] = offset;
        if (sizes[i])
            offset = alignUp(offset + sizes[i] + kPlanePadding, kPlaneAlign);
    }
    bytes = offset;
    return true;
}

int FramePool::getBuffer(AVCodecContext* codec, AVFrame* frame, int flags)
{
    auto* pool = static_cast<FramePool*>(codec->opaque);
    if (pool && pool->fill(codec, frame) == 0)
        return 0;
    if (pool)
        pool->m_fallbacks.fetch_add(1, std::memory_order_relaxed);
    return avcodec_default_get_buffer2(codec, frame, flags);
}

int FramePool::fill(AVCodecContext* codec, AVFrame* frame)
{
    int linesize[4] = {};
    size_t offsets[4] = {};
    size_t bytes = 0;
    if (!layoutFor(codec, *frame, linesize, offsets, bytes))
        return -1;

    int slot = -1;
    uint8_t* base = nullptr;
    {
        std::lock_guard lock(m_mutex);
        if (!m_arena) {
            // First picture: now the geometry is known, map and touch the whole arena.
            size_t slots = std::min<size_t>(static_cast<size_t>(m_maxSlots), std::max<size_t>(m_budgetBytes / bytes, 8));
            size_t total = slots * bytes;
            void* memory = mmap(nullptr, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
            if (memory == MAP_FAILED)
                return -1;
            m_arena = static_cast<uint8_t*>(memory);
            m_arenaBytes = total;
            m_slotBytes = bytes;
            m_free.reserve(slots);
            for (int i = static_cast<int>(slots) - 1; i >= 0; --i)
                m_free.push_back(i);
            m_slotCount.store(static_cast<int>(slots));
        }
        if (bytes > m_slotBytes || m_free.empty())
            return -1;
        slot = m_free.back();
        m_free.pop_back();
        base = m_arena + static_cast<size_t>(slot) * m_slotBytes;
    }

    m_refs.fetch_add(1, std::memory_order_relaxed);
    frame->buf[0] = av_buffer_create(base, m_slotBytes, &FramePool::returnSlot, this, 0);
    if (!frame->buf[0]) {
        returnSlot(this, base);
        return -1;
    }
    for (int i = 0; i < 4; ++i) {
        frame->linesize[i] = linesize[i];
        frame->data[i] = linesize[i] ? base + offsets[i] : nullptr;
    }
    frame->extended_data = frame->data;
    return 0;
}

void FramePool::returnSlot(void* opaque, uint8_t* data)
{
    auto* pool = static_cast<FramePool*>(opaque);
    {
        std::lock_guard lock(pool->m_mutex);
        pool->m_free.push_back(static_cast<int>(static_cast<size_t>(data - pool->m_arena) / pool->m_slotBytes));
    }
    pool->unref();
}

} // namespace media
