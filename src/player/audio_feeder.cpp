#include "player/audio_feeder.hpp"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "media/audio_reader.hpp"
#include "player/audio_output.hpp"
#include "player/tempo_filter.hpp"

namespace player {
namespace {

constexpr int64_t kQueueTargetUs = 200000;

} // namespace

struct AudioFeeder::Impl {
    AudioOutput& output;
    std::filesystem::path path;

    std::mutex mutex; // guards the command fields
    std::condition_variable changed;
    bool stopThread = false;
    bool active = false;
    uint64_t serial = 0;
    uint64_t commandId = 0;
    int64_t startUs = 0;
    double speed = 1.0;

    std::atomic<bool> ended{false};
    std::atomic<bool> usable{true};
    std::jthread thread;

    explicit Impl(AudioOutput& out, std::filesystem::path p) : output(out), path(std::move(p)) {}
    void run();
};

AudioFeeder::AudioFeeder(AudioOutput& output, std::filesystem::path path)
    : m_impl(std::make_unique<Impl>(output, std::move(path)))
{
    m_impl->thread = std::jthread([impl = m_impl.get()] { impl->run(); });
}

AudioFeeder::~AudioFeeder()
{
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->stopThread = true;
    }
    m_impl->changed.notify_all();
    if (m_impl->thread.joinable())
        m_impl->thread.join();
}

void AudioFeeder::start(uint64_t serial, int64_t mediaUs, double speed)
{
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->active = true;
        m_impl->serial = serial;
        m_impl->startUs = mediaUs;
        m_impl->speed = speed;
        ++m_impl->commandId;
        m_impl->ended = false;
    }
    m_impl->changed.notify_all();
}

void AudioFeeder::stop()
{
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->active = false;
        ++m_impl->commandId;
    }
    m_impl->changed.notify_all();
}

bool AudioFeeder::ended() const { return m_impl->ended.load(); }
bool AudioFeeder::usable() const { return m_impl->usable.load(); }

void AudioFeeder::Impl::run()
{
    auto reader = media::AudioReader::open(path, output.sampleRate(), output.channels());
    if (!reader) {
        usable = false;
        return;
    }
    TempoFilter filter(output.sampleRate(), output.channels());
    uint64_t handled = 0;
    uint64_t mySerial = 0;
    bool feeding = false;
    double mySpeed = 1.0;
    int64_t segmentStartUs = 0;
    int64_t produced = 0;   // output samples since segment start
    std::vector<float> out;

    for (;;) {
        {
            std::unique_lock lock(mutex);
            changed.wait_for(lock, std::chrono::milliseconds(10), [&] { return stopThread || commandId != handled; });
            if (stopThread)
                return;
            if (commandId != handled) {
                handled = commandId;
                feeding = active;
                if (feeding) {
                    mySerial = serial;
                    mySpeed = speed;
                    segmentStartUs = startUs;
                    produced = 0;
                    lock.unlock();
                    if (auto status = (*reader)->seek(segmentStartUs); !status)
                        feeding = false;
                    if (auto status = filter.configure(mySpeed); !status)
                        feeding = false;
                }
            }
        }
        if (!feeding)
            continue;
        double usPerSample = mySpeed * 1e6 / output.sampleRate();
        while (output.queuedUs() < kQueueTargetUs) {
            {
                std::lock_guard lock(mutex);
                if (commandId != handled || stopThread)
                    break;
            }
            auto chunk = (*reader)->read();
            if (!chunk || chunk->endOfStream) {
                ended = true;
                feeding = false;
                break;
            }
            out.clear();
            if (auto status = filter.process(chunk->samples.data(), chunk->frames, out); !status) {
                feeding = false;
                break;
            }
            int frames = static_cast<int>(out.size() / static_cast<size_t>(output.channels()));
            if (frames > 0) {
                int64_t mediaUs = segmentStartUs + static_cast<int64_t>(static_cast<double>(produced) * usPerSample);
                output.push(mySerial, mediaUs, usPerSample, out.data(), frames);
                produced += frames;
            }
        }
    }
}

} // namespace player
