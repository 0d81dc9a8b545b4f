#include "player/audio_output.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <deque>
#include <mutex>
#include <vector>

#include <SDL.h>

#include "player/media_clock.hpp"

namespace player {
namespace {

struct Chunk {
    int64_t mediaUs = 0;
    double usPerSample = 0;
    std::vector<float> samples;
    size_t readFrames = 0;   // frames already handed to the device
};

std::mutex g_sdlMutex; // guards SDL audio subsystem init/quit across players
int g_sdlUsers = 0;

common::Status initSdlAudio(std::string& driver)
{
    std::lock_guard lock(g_sdlMutex);
    if (g_sdlUsers == 0) {
        if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
            // No sound server or card: SDL's dummy driver still paces the clock.
            if (SDL_AudioInit("dummy") != 0)
                return common::makeError(common::ErrorCode::Io, std::string("no sound output: ") + SDL_GetError());
        }
    }
    ++g_sdlUsers;
    const char* name = SDL_GetCurrentAudioDriver();
    driver = name ? name : "unknown";
    return {};
}

void quitSdlAudio()
{
    std::lock_guard lock(g_sdlMutex);
    if (--g_sdlUsers == 0) {
        SDL_AudioQuit();
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
    }
}

} // namespace

struct AudioOutput::Impl {
    SDL_AudioDeviceID device = 0;
    int sampleRate = 48000;
    int channels = 2;
    int deviceFrames = 1024;  // samples per channel in one device buffer
    std::string driver;

    mutable std::mutex mutex; // guards everything below
    std::deque<Chunk> chunks;
    int64_t queuedFrames = 0;
    uint64_t serial = 0;
    float volume = 1.0f;
    bool paused = true;
    // The clock: at wall time `clockWallUs`, the device had been handed data up to media
    // time `clockMediaUs` (start of the last callback's data); valid while data flows.
    bool clockValid = false;
    int64_t clockWallUs = 0;
    int64_t clockMediaUs = 0;
    int64_t clockEndMediaUs = 0; // media time at the end of what the last callback wrote
    double clockUsPerSample = 0;

    static void callback(void* user, Uint8* stream, int bytes)
    {
        static_cast<Impl*>(user)->fill(reinterpret_cast<float*>(stream), bytes / static_cast<int>(sizeof(float)));
    }

    void fill(float* out, int count)
    {
        int frames = count / channels;
        int64_t now = steadyNowUs();
        std::lock_guard lock(mutex);
        int written = 0;
        bool first = true;
        while (written < frames && !chunks.empty()) {
            Chunk& chunk = chunks.front();
            size_t available = chunk.samples.size() / static_cast<size_t>(channels) - chunk.readFrames;
            size_t take = std::min(available, static_cast<size_t>(frames - written));
            if (first) {
                clockMediaUs = chunk.mediaUs + static_cast<int64_t>(std::llround(static_cast<double>(chunk.readFrames) * chunk.usPerSample));
                clockUsPerSample = chunk.usPerSample;
                clockWallUs = now;
                first = false;
            }
            const float* src = chunk.samples.data() + chunk.readFrames * static_cast<size_t>(channels);
            float* dst = out + static_cast<size_t>(written) * static_cast<size_t>(channels);
            for (size_t i = 0; i < take * static_cast<size_t>(channels); ++i)
                dst[i] = src[i] * volume;
            chunk.readFrames += take;
            written += static_cast<int>(take);
            queuedFrames -= static_cast<int64_t>(take);
            clockEndMediaUs = chunk.mediaUs + static_cast<int64_t>(std::llround(static_cast<double>(chunk.readFrames) * chunk.usPerSample));
            if (chunk.readFrames * static_cast<size_t>(channels) >= chunk.samples.size())
                chunks.pop_front();
        }
        clockValid = written > 0;
        if (written < frames)
            std::memset(out + static_cast<size_t>(written) * static_cast<size_t>(channels), 0,
                        sizeof(float) * static_cast<size_t>(frames - written) * static_cast<size_t>(channels));
    }
};

AudioOutput::AudioOutput(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

AudioOutput::~AudioOutput()
{
    if (m_impl->device) {
        SDL_CloseAudioDevice(m_impl->device);
        quitSdlAudio();
    }
}

common::Result<std::unique_ptr<AudioOutput>> AudioOutput::open(int sampleRate, int channels)
{
    auto impl = std::make_unique<Impl>();
    if (auto status = initSdlAudio(impl->driver); !status)
        return status.error();
    SDL_AudioSpec want{};
    want.freq = sampleRate;
    want.format = AUDIO_F32SYS;
    want.channels = static_cast<Uint8>(channels);
    want.samples = 1024;
    want.callback = &Impl::callback;
    want.userdata = impl.get();
    SDL_AudioSpec have{};
    impl->device = SDL_OpenAudioDevice(nullptr, 0, &want, &have, 0);
    if (impl->device == 0) {
        // A real driver that initialised but has no usable device: retry with dummy.
        quitSdlAudio();
        {
            std::lock_guard lock(g_sdlMutex);
            if (g_sdlUsers == 0) {
                SDL_AudioQuit();
                if (SDL_AudioInit("dummy") == 0)
                    ++g_sdlUsers;
            } else {
                ++g_sdlUsers;
            }
        }
        impl->device = SDL_OpenAudioDevice(nullptr, 0, &want, &have, 0);
        if (impl->device == 0) {
            quitSdlAudio();
            return common::makeError(common::ErrorCode::Io, std::string("cannot open the sound output: ") + SDL_GetError());
        }
        impl->driver = "dummy";
    }
    impl->sampleRate = have.freq;
    impl->channels = have.channels;
    impl->deviceFrames = have.samples > 0 ? have.samples : 1024;
    return std::unique_ptr<AudioOutput>(new AudioOutput(std::move(impl)));
}

int AudioOutput::sampleRate() const { return m_impl->sampleRate; }
int AudioOutput::channels() const { return m_impl->channels; }
const std::string& AudioOutput::driver() const { return m_impl->driver; }

void AudioOutput::push(uint64_t serial, int64_t mediaUs, double usPerSample, const float* samples, int frames)
{
    if (frames <= 0)
        return;
    Chunk chunk;
    chunk.mediaUs = mediaUs;
    chunk.usPerSample = usPerSample;
    chunk.samples.assign(samples, samples + static_cast<size_t>(frames) * static_cast<size_t>(m_impl->channels));
    std::lock_guard lock(m_impl->mutex);
    if (serial != m_impl->serial)
        return;
    m_impl->queuedFrames += frames;
    m_impl->chunks.push_back(std::move(chunk));
}

int64_t AudioOutput::queuedUs() const
{
    std::lock_guard lock(m_impl->mutex);
    return m_impl->queuedFrames * 1000000 / m_impl->sampleRate;
}

void AudioOutput::flush(uint64_t serial)
{
    std::lock_guard lock(m_impl->mutex);
    m_impl->chunks.clear();
    m_impl->queuedFrames = 0;
    m_impl->serial = serial;
    m_impl->clockValid = false;
}

void AudioOutput::setPaused(bool paused)
{
    {
        std::lock_guard lock(m_impl->mutex);
        if (m_impl->paused == paused)
            return;
        m_impl->paused = paused;
        m_impl->clockValid = false;
    }
    SDL_PauseAudioDevice(m_impl->device, paused ? 1 : 0);
}

void AudioOutput::setVolume(float volume)
{
    std::lock_guard lock(m_impl->mutex);
    m_impl->volume = std::clamp(volume, 0.0f, 1.0f);
}

std::optional<int64_t> AudioOutput::clock(int64_t nowUs) const
{
    std::lock_guard lock(m_impl->mutex);
    const Impl& s = *m_impl;
    if (!s.clockValid || s.paused)
        return std::nullopt;
    // The data of the last callback starts playing once the device buffer ahead of it
    // has been heard: one device buffer of latency.
    double speedFactor = s.clockUsPerSample * s.sampleRate / 1e6;
    int64_t heard = s.clockMediaUs - static_cast<int64_t>(std::llround(s.deviceFrames * s.clockUsPerSample))
                  + static_cast<int64_t>(std::llround(static_cast<double>(nowUs - s.clockWallUs) * speedFactor));
    return std::min(heard, s.clockEndMediaUs);
}

} // namespace player
