#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <vector>

extern "C" {
#include <libavcodec/avcodec.h>
}

namespace media {

// Decoded-picture memory for one VideoReader: a fixed arena of equal slots, mapped and
// touched once (MAP_POPULATE) when the first picture's geometry is known, handed to the
// decoder through AVCodecContext::get_buffer2 so pictures are decoded straight into it.
// Fresh memory costs a page fault per 4 KiB on first touch, which on virtual machines
// makes a decoder that allocates per frame 2-3x slower; this pays that cost once.
//
// Reference counted by hand: the reader holds one reference and every buffer handed out
// holds one, so frames may outlive the reader. get_buffer2 runs on the decoder's worker
// threads: the free list is guarded by m_mutex; nothing else is shared.
class FramePool {
public:
    // At most `budgetBytes` of slots, and no more than `maxSlots`.
    static FramePool* create(size_t budgetBytes, int maxSlots);
    void release(); // the owner's reference

    // Install as `codec`'s allocator (only for decoders that allow it: AV_CODEC_CAP_DR1).
    void attach(AVCodecContext* codec);

    int slotCount() const { return m_slotCount.load(); }
    int freeSlots() const;
    int64_t fallbacks() const { return m_fallbacks.load(); }

private:
    FramePool(size_t budgetBytes, int maxSlots);
    ~FramePool();

    static int getBuffer(AVCodecContext* codec, AVFrame* frame, int flags);
    static void returnSlot(void* opaque, uint8_t* data);
    int fill(AVCodecContext* codec, AVFrame* frame);
    bool layoutFor(AVCodecContext* codec, const AVFrame& frame, int linesize[4], size_t planeOffset[4],
                   size_t& bytes) const;
    void unref();

    const size_t m_budgetBytes;
    const int m_maxSlots;
    std::atomic<int> m_refs{1};
    std::atomic<int> m_slotCount{0};
    std::atomic<int64_t> m_fallbacks{0};

    mutable std::mutex m_mutex; // guards everything below
    uint8_t* m_arena = nullptr;
    size_t m_arenaBytes = 0;
    size_t m_slotBytes = 0;
    std::vector<int> m_free; // slot numbers
};

} // namespace media
