#include "player/camera_decoder.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "media/video_reader.hpp"

namespace player {

struct CameraDecoder::Impl {
    std::unique_ptr<media::VideoReader> reader; // used only on the decode thread
    std::function<int64_t()> mediaNow;
    std::function<void()> wake;
    int capacity = 6;

    mutable std::mutex mutex; // guards request, output, stop
    std::condition_variable changed;
    DecodeRequest latest;
    bool hasRequest = false;
    std::deque<DecodedFrame> output;
    int outputOfSerial = 0; // frames of latest.serial in output
    bool stop = false;
    std::jthread thread;

    void run();
    void deliver(DecodedFrame decoded)
    {
        {
            std::lock_guard lock(mutex);
            if (decoded.serial != latest.serial)
                return;
            output.push_back(std::move(decoded));
            ++outputOfSerial;
        }
        if (wake)
            wake();
    }
};

CameraDecoder::CameraDecoder(std::unique_ptr<media::VideoReader> reader, std::function<int64_t()> mediaNow,
                             std::function<void()> wake, int queueCapacity)
    : m_impl(std::make_unique<Impl>())
{
    m_impl->reader = std::move(reader);
    m_impl->mediaNow = std::move(mediaNow);
    m_impl->wake = std::move(wake);
    m_impl->capacity = std::max(2, queueCapacity);
    m_impl->thread = std::jthread([impl = m_impl.get()] { impl->run(); });
}

CameraDecoder::~CameraDecoder()
{
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->stop = true;
    }
    m_impl->changed.notify_all();
    if (m_impl->thread.joinable())
        m_impl->thread.join();
}

void CameraDecoder::request(const DecodeRequest& request)
{
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->latest = request;
        m_impl->hasRequest = true;
        m_impl->outputOfSerial = 0;
        // Frames of older serials are useless now.
        std::erase_if(m_impl->output, [&](const DecodedFrame& f) { return f.serial != request.serial; });
    }
    m_impl->changed.notify_all();
}

void CameraDecoder::take(std::deque<DecodedFrame>& out, size_t limit)
{
    {
        std::lock_guard lock(m_impl->mutex);
        while (!m_impl->output.empty() && out.size() < limit) {
            out.push_back(std::move(m_impl->output.front()));
            m_impl->output.pop_front();
            m_impl->outputOfSerial = std::max(0, m_impl->outputOfSerial - 1);
        }
    }
    m_impl->changed.notify_all();
}

int CameraDecoder::queued() const
{
    std::lock_guard lock(m_impl->mutex);
    return static_cast<int>(m_impl->output.size());
}

void CameraDecoder::Impl::run()
{
    uint64_t handled = ~uint64_t(0);
    DecodeRequest current;
    int64_t next = 0;           // Play: the next frame to decode
    bool idleWorkPending = false;
    int64_t stillFrame = 0;
    const int64_t count = reader->frameCount();
    const media::FrameIndex& index = reader->index();

    for (;;) {
        {
            std::unique_lock lock(mutex);
            auto work = [&] {
                if (stop)
                    return true;
                if (hasRequest && latest.serial != handled)
                    return true;
                return current.mode == DecodeRequest::Mode::Play && outputOfSerial < capacity && next >= 0 && next < count;
            };
            if (idleWorkPending) {
                // Start prefetching once the user has paused for a moment; a request that
                // comes in meanwhile interrupts it (keepGoing below).
                (void)changed.wait_for(lock, std::chrono::milliseconds(80), work);
            } else {
                changed.wait(lock, work);
            }
            if (stop)
                return;
            if (hasRequest && latest.serial != handled) {
                current = latest;
                handled = latest.serial;
                next = current.frame;
                idleWorkPending = false;
                if (current.mode == DecodeRequest::Mode::Still)
                    stillFrame = current.frame;
            }
        }

        try {
            if (current.mode == DecodeRequest::Mode::Still) {
                if (handled == current.serial && next == stillFrame && next >= 0) {
                    auto frame = reader->frame(std::clamp<int64_t>(stillFrame, 0, count - 1));
                    DecodedFrame decoded{current.serial, stillFrame, {}, {}};
                    if (frame)
                        decoded.frame = *frame;
                    else
                        decoded.error = frame.error();
                    deliver(std::move(decoded));
                    next = -1; // done; what remains is idle work
                    idleWorkPending = true;
                } else if (idleWorkPending) {
                    idleWorkPending = false;
                    // Make stepping either way cheap: the GOP behind, a few frames ahead.
                    reader->prefetchBackward(stillFrame, [&] {
                        std::lock_guard lock(mutex);
                        return !stop && !(hasRequest && latest.serial != handled);
                    });
                    reader->decodeAhead(8);
                }
                continue;
            }

            // Play: decode `next`, then move on. Jump ahead when far behind the clock.
            if (mediaNow && current.direction > 0 && count > 0) {
                int64_t now = mediaNow();
                int64_t due = index.frameAtTime(now);
                if (due > next + 4) {
                    // Behind the clock. Inside a GOP every frame must be decoded anyway, so
                    // only a keyframe ahead saves work: jump to the first one after `due`
                    // when there is one within 2 s, else just past `due`.
                    int64_t target = std::min(count - 1, due + 2);
                    int64_t limit = index.frameAtTime(index.timeUs(due) + 2'000'000);
                    for (int64_t k = due + 1; k <= limit && k < count; ++k)
                        if (index[k].key) {
                            target = k;
                            break;
                        }
                    next = std::max(next, target);
                }
            }
            if (next < 0 || next >= count)
                continue;
            bool skipping = current.skipNonReference && current.direction > 0;
            auto frame = skipping ? reader->nextSkippingNonReference(next) : reader->frame(next);
            DecodedFrame decoded{current.serial, next, {}, {}};
            if (frame) {
                decoded.frame = *frame;
                decoded.number = (*frame)->number(); // skipping: the decoder chose which
            } else {
                decoded.error = frame.error();
            }
            next = decoded.number + current.direction;
            deliver(std::move(decoded));
        } catch (const std::exception& e) {
            deliver(DecodedFrame{current.serial, next, {}, common::makeError(common::ErrorCode::Internal, e.what(), "decode thread")});
            next = -1;
        }
    }
}

} // namespace player
