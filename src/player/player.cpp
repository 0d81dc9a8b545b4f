#include "player/player.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <atomic>
#include <mutex>

#include "media/video_reader.hpp"
#include "player/audio_feeder.hpp"
#include "player/audio_output.hpp"
#include "player/camera_decoder.hpp"
#include "player/frame_sync.hpp"
#include "player/media_clock.hpp"
#include "player/speed.hpp"

namespace player {
namespace {

constexpr int64_t kPrimeTimeoutUs = 300000;
constexpr size_t kPendingCapacity = 6;

} // namespace

// The clock, read by the decode threads to know how far behind they are.
struct Player::Shared {
    mutable std::mutex mutex; // guards clock
    MediaClock clock;

    int64_t now(int64_t wallUs) const
    {
        std::lock_guard lock(mutex);
        return clock.time(wallUs);
    }
};

struct Player::Camera {
    CameraInfo info;
    std::atomic<int64_t> offsetUs{0};           // read by the decode thread
    std::unique_ptr<CameraDecoder> decoder;
    std::deque<DecodedFrame> pending;
    uint64_t serial = 0;
    bool still = true;
    int64_t stillTarget = -1;                    // Still: the frame asked for
    media::VideoFrameRef shown;
    int64_t shownNumber = -1;
    int64_t lastPlayed = -1;                     // Playing: last frame presented in this run
    std::optional<common::Error> error;
};

struct Player::Sound {
    std::unique_ptr<AudioOutput> output;
    std::unique_ptr<AudioFeeder> feeder; // destroyed before the output it feeds
    bool openFailed = false;
};

Player::Player(Options options)
    : m_options(std::move(options)), m_shared(std::make_unique<Shared>()), m_sound(std::make_unique<Sound>())
{
}

Player::~Player()
{
    clear();
}


void Player::clear()
{
    Sound& sound = *m_sound;
    sound.feeder.reset();
    sound.output.reset();
    m_cameras.clear(); // joins the decode threads
    m_soundCamera = -1;
    m_state = State::Still;
    m_positionUs = 0;
    {
        std::lock_guard lock(m_shared->mutex);
        m_shared->clock = MediaClock();
    }
}

common::Status Player::addCamera(std::unique_ptr<media::VideoReader> reader, const std::filesystem::path& path)
{
    if (!reader)
        return common::makeError(common::ErrorCode::Internal, "no reader", path.string());
    if (static_cast<int>(m_cameras.size()) >= kMaxCameras)
        return common::makeError(common::ErrorCode::Unsupported,
                                 "at most " + std::to_string(kMaxCameras) + " cameras play together", path.string());
    if (reader->frameCount() <= 0)
        return common::makeError(common::ErrorCode::InvalidInput, "the file has no video frames", path.string());
    auto camera = std::make_unique<Camera>();
    camera->info.path = path;
    camera->info.facts = reader->facts();
    camera->info.index = std::make_shared<const media::FrameIndex>(reader->index());
    double fps = camera->info.index->meanFps();
    camera->info.fps = fps > 0 ? fps : 30.0;
    camera->info.frameDurationUs = static_cast<int64_t>(std::llround(1e6 / camera->info.fps));
    camera->info.durationUs = camera->info.index->durationUs();
    int i = static_cast<int>(m_cameras.size());
    Camera* raw = camera.get();
    Shared* shared = m_shared.get();
    auto mediaNow = [shared, raw] { return shared->now(steadyNowUs()) - raw->offsetUs.load(); };
    camera->decoder = std::make_unique<CameraDecoder>(std::move(reader), mediaNow, m_options.wake, 6);
    bool hasAudio = camera->info.facts.audio.has_value();
    m_cameras.push_back(std::move(camera));
    if (m_soundCamera < 0 && hasAudio)
        setSoundCamera(i);
    // Show this camera's frame at the current time.
    restart(m_positionUs, playing());
    return {};
}

int Player::cameraCount() const { return static_cast<int>(m_cameras.size()); }
const CameraInfo& Player::camera(int i) const { return m_cameras.at(static_cast<size_t>(i))->info; }

void Player::setSoundCamera(int camera)
{
    if (camera < 0 || camera >= cameraCount() || !m_cameras[static_cast<size_t>(camera)]->info.facts.audio)
        return;
    Sound& sound = *m_sound;
    sound.feeder.reset();
    m_soundCamera = camera;
    if (!m_options.audio)
        return;
    if (!sound.output && !sound.openFailed) {
        auto output = AudioOutput::open();
        if (output) {
            sound.output = std::move(*output);
            sound.output->setVolume(m_volume);
        } else {
            sound.openFailed = true;
        }
    }
    if (sound.output)
        sound.feeder = std::make_unique<AudioFeeder>(*sound.output, m_cameras[static_cast<size_t>(camera)]->info.path);
    if (playing())
        restart(m_positionUs, true);
}

void Player::setOffsetUs(int camera, int64_t offsetUs)
{
    if (camera < 0 || camera >= cameraCount())
        return;
    Camera& cam = *m_cameras[static_cast<size_t>(camera)];
    cam.info.offsetUs = offsetUs;
    cam.offsetUs = offsetUs;
    restart(m_positionUs, playing());
}

int64_t Player::nudgeOffset(int camera, int frames)
{
    if (camera < 0 || camera >= cameraCount())
        return 0;
    const CameraInfo& info = m_cameras[static_cast<size_t>(camera)]->info;
    const media::FrameIndex* index = info.index.get();
    if (!index || index->frameCount() < 2 || frames == 0) {
        setOffsetUs(camera, info.offsetUs + static_cast<int64_t>(frames) * info.frameDurationUs);
        return info.offsetUs;
    }
    const int64_t last = index->frameCount() - 1;
    const int64_t shown = std::clamp<int64_t>(index->frameAtTime(std::max<int64_t>(0, m_positionUs - info.offsetUs)), 0, last);
    const int64_t target = shown - frames;
    int64_t offset;
    if (target >= 0 && target <= last)
        offset = m_positionUs - index->firstMicrosecondOf(target);
    else // past either end of the recording: step by the edge frame's own duration
        offset = info.offsetUs + frames * (target < 0 ? index->timeUs(1) - index->timeUs(0) : index->timeUs(last) - index->timeUs(last - 1));
    setOffsetUs(camera, offset);
    return offset;
}

int64_t Player::timelineStartUs() const
{
    if (m_cameras.empty())
        return 0;
    int64_t start = INT64_MAX;
    for (const auto& cam : m_cameras)
        start = std::min(start, cam->info.offsetUs);
    return start;
}

int64_t Player::timelineEndUs() const
{
    int64_t end = 0;
    for (const auto& cam : m_cameras)
        end = std::max(end, cam->info.offsetUs + cam->info.durationUs);
    return end;
}

int64_t Player::currentFrame() const
{
    if (m_cameras.empty())
        return -1;
    const Camera& cam = *m_cameras.front();
    if (cam.still && cam.stillTarget >= 0)
        return cam.stillTarget;
    return cam.shownNumber;
}

int64_t Player::cameraTimeAt(int camera, int64_t timelineUs) const
{
    return timelineUs - m_cameras[static_cast<size_t>(camera)]->info.offsetUs;
}

bool Player::wantAudio() const
{
    if (m_soundCamera < 0 || m_muted || m_direction < 0 || !speedHasSound(m_speed))
        return false;
    Sound& sound = *m_sound;
    return sound.output && sound.feeder && sound.feeder->usable();
}

void Player::startAudio(int64_t timelineUs)
{
    Sound& sound = *m_sound;
    if (!sound.output)
        return;
    sound.output->flush(m_serial);
    if (wantAudio() && m_state != State::Still) {
        sound.feeder->start(m_serial, cameraTimeAt(m_soundCamera, timelineUs), m_speed);
        sound.output->setPaused(false);
    } else {
        if (sound.feeder)
            sound.feeder->stop();
        sound.output->setPaused(true);
    }
}

void Player::startDecoders(int64_t timelineUs)
{
    for (size_t i = 0; i < m_cameras.size(); ++i) {
        Camera& cam = *m_cameras[i];
        const media::FrameIndex& index = *cam.info.index;
        int64_t t = cameraTimeAt(static_cast<int>(i), timelineUs);
        int64_t first = index.frameAtTime(t);
        if (m_direction > 0 && first == cam.shownNumber && index.timeUs(first) < t + 1)
            first += (index.timeUs(first) < t) ? 1 : 0;
        cam.serial = m_serial;
        cam.still = false;
        cam.stillTarget = -1;
        cam.lastPlayed = -1;
        cam.pending.clear();
        // Frames closer together (in wall time) than 3/4 of a refresh could never all be
        // shown: as decidePresentation skips them, the decoder need not make them.
        double wallUs = static_cast<double>(cam.info.frameDurationUs) / std::max(1e-9, m_speed);
        bool skip = m_direction > 0 && wallUs < 0.75 * static_cast<double>(m_options.refreshUs);
        cam.decoder->request({m_serial, DecodeRequest::Mode::Play, std::clamp<int64_t>(first, 0, index.frameCount() - 1), m_direction,
                              skip});
    }
}

void Player::requestStill(int64_t timelineUs, int64_t exactFrameOfCamera0)
{
    for (size_t i = 0; i < m_cameras.size(); ++i) {
        Camera& cam = *m_cameras[i];
        const media::FrameIndex& index = *cam.info.index;
        int64_t target = (i == 0 && exactFrameOfCamera0 >= 0)
                             ? exactFrameOfCamera0
                             : index.frameAtTime(cameraTimeAt(static_cast<int>(i), timelineUs));
        target = std::clamp<int64_t>(target, 0, index.frameCount() - 1);
        cam.serial = m_serial;
        cam.still = true;
        cam.stillTarget = target;
        cam.pending.clear();
        if (cam.shownNumber == target && cam.shown)
            continue; // already on screen
        cam.decoder->request({m_serial, DecodeRequest::Mode::Still, target, 1});
    }
}

// Moves every camera to `timelineUs` with a new serial; playing or still.
void Player::restart(int64_t timelineUs, bool keepPlaying)
{
    if (m_cameras.empty())
        return;
    ++m_serial;
    int64_t now = steadyNowUs();
    timelineUs = std::clamp(timelineUs, timelineStartUs(), std::max(timelineStartUs(), timelineEndUs() - 1));
    m_positionUs = timelineUs;
    {
        std::lock_guard lock(m_shared->mutex);
        m_shared->clock.set(timelineUs, now);
        m_shared->clock.setSpeed(m_speed * m_direction, now);
        m_shared->clock.setRunning(false, now); // Priming holds the clock
    }
    if (keepPlaying) {
        m_state = State::Priming;
        m_primeDeadlineUs = now + (wantAudio() ? kPrimeTimeoutUs : 0);
        startDecoders(timelineUs);
    } else {
        m_state = State::Still;
        requestStill(timelineUs, -1);
    }
    startAudio(timelineUs);
    m_clockSource = ClockSource::Monotonic;
}

void Player::play()
{
    if (m_cameras.empty() || playing())
        return;
    int64_t t = m_positionUs;
    // From the end, play again from the start (forward) or from the end (reverse).
    if (m_direction > 0 && t >= timelineEndUs() - m_cameras.front()->info.frameDurationUs)
        t = timelineStartUs();
    restart(t, true);
}

void Player::pause()
{
    if (!playing())
        return;
    // Stop on the frame camera 0 shows, so the frame number and the time agree.
    int64_t t = m_positionUs;
    Camera& first = *m_cameras.front();
    if (first.shown)
        t = first.shown->timeUs() + first.info.offsetUs;
    m_direction = m_direction < 0 ? 1 : m_direction;
    ++m_serial;
    m_state = State::Still;
    m_positionUs = t;
    {
        std::lock_guard lock(m_shared->mutex);
        m_shared->clock.set(t, steadyNowUs());
        m_shared->clock.setRunning(false, steadyNowUs());
    }
    requestStill(t, first.shownNumber);
    startAudio(t);
}

void Player::togglePlay()
{
    if (playing())
        pause();
    else
        play();
}

void Player::setSpeed(double speed)
{
    double clamped = clampSpeed(speed);
    if (std::fabs(clamped - m_speed) < 1e-9)
        return;
    m_speed = clamped;
    if (playing())
        restart(m_positionUs, true);
}

void Player::setMuted(bool muted)
{
    if (muted == m_muted)
        return;
    m_muted = muted;
    if (playing())
        restart(m_positionUs, true);
}

void Player::setVolume(float volume)
{
    m_volume = volume;
    if (auto& output = m_sound->output)
        output->setVolume(volume);
}

void Player::shuttleForward()
{
    if (!playing() || m_direction < 0) {
        m_direction = 1;
        m_speed = 1.0;
        restart(m_positionUs, true);
    } else {
        setSpeed(fasterSpeed(m_speed));
    }
}

void Player::shuttleBackward()
{
    if (!playing() || m_direction > 0) {
        m_direction = -1;
        m_speed = 1.0;
        restart(m_positionUs, true);
    } else {
        setSpeed(fasterSpeed(m_speed));
    }
}

void Player::seek(int64_t timelineUs)
{
    restart(timelineUs, playing());
}

void Player::seekToFrame(int64_t frame)
{
    if (m_cameras.empty())
        return;
    const Camera& first = *m_cameras.front();
    frame = std::clamp<int64_t>(frame, 0, first.info.index->frameCount() - 1);
    int64_t t = first.info.index->timeUs(frame) + first.info.offsetUs;
    if (playing()) {
        restart(t, true);
        return;
    }
    ++m_serial;
    m_positionUs = t;
    {
        std::lock_guard lock(m_shared->mutex);
        m_shared->clock.set(t, steadyNowUs());
    }
    requestStill(t, frame);
}

void Player::step(int frames)
{
    if (m_cameras.empty())
        return;
    if (playing())
        pause();
    int64_t base = currentFrame();
    if (base < 0)
        base = m_cameras.front()->info.index->frameAtTime(cameraTimeAt(0, m_positionUs));
    seekToFrame(base + frames);
}

bool Player::update()
{
    if (m_cameras.empty())
        return false;
    int64_t now = steadyNowUs();
    Sound& sound = *m_sound;
    int64_t timeline;
    {
        std::lock_guard lock(m_shared->mutex);
        std::optional<int64_t> audio;
        if (m_state != State::Still && wantAudio() && sound.output)
            audio = sound.output->clock(now);
        if (m_state == State::Priming && (audio || now >= m_primeDeadlineUs)) {
            m_shared->clock.setRunning(true, now);
            m_state = State::Playing;
        }
        if (m_state == State::Playing && audio) {
            // Invariant 3: the monotonic clock follows the audio clock while it is master.
            m_shared->clock.set(*audio + m_cameras[static_cast<size_t>(m_soundCamera)]->info.offsetUs, now);
            m_clockSource = ClockSource::Audio;
        } else {
            m_clockSource = ClockSource::Monotonic;
        }
        timeline = m_shared->clock.time(now);
    }

    bool changed = false;
    if (m_state == State::Still) {
        for (size_t i = 0; i < m_cameras.size(); ++i)
            presentStill(static_cast<int>(i), changed);
        return changed;
    }

    // The end (or the start, in reverse): stop on the last frame.
    int64_t start = timelineStartUs();
    int64_t end = timelineEndUs();
    bool atEnd = m_direction > 0 ? timeline >= end : timeline <= start;
    timeline = std::clamp(timeline, start, std::max(start, end - 1));
    m_positionUs = timeline;
    for (size_t i = 0; i < m_cameras.size(); ++i)
        presentPlaying(static_cast<int>(i), timeline, now, changed);
    if (atEnd && m_state == State::Playing)
        pause();
    return changed;
}

void Player::presentStill(int i, bool& changed)
{
    Camera& cam = *m_cameras[static_cast<size_t>(i)];
    cam.decoder->take(cam.pending, kPendingCapacity);
    for (auto& decoded : cam.pending) {
        if (decoded.serial != cam.serial || decoded.number != cam.stillTarget)
            continue;
        if (decoded.error) {
            cam.error = decoded.error;
        } else {
            cam.error.reset();
            cam.shown = decoded.frame;
            cam.shownNumber = decoded.number;
            ++m_stats.framesPresented;
            if (m_stats.firstPresentUs < 0)
                m_stats.firstPresentUs = steadyNowUs();
        }
        changed = true;
    }
    cam.pending.clear();
}

void Player::presentPlaying(int i, int64_t timelineUs, int64_t nowUs, bool& changed)
{
    Camera& cam = *m_cameras[static_cast<size_t>(i)];
    cam.decoder->take(cam.pending, kPendingCapacity);
    std::erase_if(cam.pending, [&](const DecodedFrame& f) { return f.serial != cam.serial; });
    if (cam.pending.empty() || m_state != State::Playing) {
        // Priming: show the first frame at once so a seek lands visibly.
        if (!cam.pending.empty() && !cam.shown && cam.pending.front().frame) {
            cam.shown = cam.pending.front().frame;
            cam.shownNumber = cam.pending.front().number;
            cam.pending.pop_front();
            ++m_stats.framesPresented;
            if (m_stats.firstPresentUs < 0)
                m_stats.firstPresentUs = nowUs;
            changed = true;
        }
        return;
    }
    const media::FrameIndex& index = *cam.info.index;
    int64_t t = timelineUs - cam.info.offsetUs;
    int64_t times[kPendingCapacity + 8];
    size_t n = std::min(cam.pending.size(), std::size(times));
    for (size_t k = 0; k < n; ++k)
        times[k] = index.timeUs(cam.pending[k].number);
    SyncDecision decision = decidePresentation({times, n}, t, m_direction > 0, m_speed, m_options.refreshUs);
    if (decision.present < 0)
        return;
    DecodedFrame& chosen = cam.pending[static_cast<size_t>(decision.present)];
    m_stats.framesDropped += decision.dropped;
    m_stats.framesSkipped += decision.discarded - decision.dropped;
    // Frames the decode thread jumped over to catch up never reached the queue: drops too,
    // unless they come faster than the display could show them (the decoder then skips
    // non-reference pictures on purpose, as decidePresentation would).
    if (cam.lastPlayed >= 0) {
        int64_t gap = std::llabs(chosen.number - cam.lastPlayed) - 1;
        double wallUs = static_cast<double>(cam.info.frameDurationUs) / std::max(1e-9, m_speed);
        bool fasterThanDisplay = wallUs < 0.75 * static_cast<double>(m_options.refreshUs);
        if (gap > decision.discarded) {
            if (fasterThanDisplay)
                m_stats.framesSkipped += gap - decision.discarded;
            else
                m_stats.framesDropped += gap - decision.discarded;
        }
    }
    cam.lastPlayed = chosen.number;
    if (chosen.error) {
        cam.error = chosen.error;
    } else {
        cam.error.reset();
        cam.shown = chosen.frame;
        cam.shownNumber = chosen.number;
        ++m_stats.framesPresented;
        if (m_stats.firstPresentUs < 0)
            m_stats.firstPresentUs = nowUs;
        if (i == m_soundCamera && m_clockSource == ClockSource::Audio) {
            double driftMs = std::fabs(static_cast<double>(t - times[decision.present])) / 1000.0 / std::max(1.0, m_speed);
            m_stats.avDriftMaxMs = std::max(m_stats.avDriftMaxMs, driftMs);
            m_driftSumMs += driftMs;
            ++m_driftCount;
            m_stats.avDriftMeanMs = m_driftSumMs / static_cast<double>(m_driftCount);
        }
    }
    changed = true;
    cam.pending.erase(cam.pending.begin(), cam.pending.begin() + decision.present + 1);
}

bool Player::settled() const
{
    if (playing())
        return true;
    for (const auto& cam : m_cameras)
        if (cam->still && cam->stillTarget >= 0 && cam->shownNumber != cam->stillTarget && !cam->error)
            return false;
    return true;
}

int64_t Player::untilNextUpdateUs() const
{
    if (m_state == State::Still || m_cameras.empty())
        return 100000;
    if (m_state == State::Priming)
        return 2000;
    int64_t t = m_positionUs;
    int64_t best = 20000;
    for (size_t i = 0; i < m_cameras.size(); ++i) {
        const Camera& cam = *m_cameras[i];
        if (cam.pending.empty())
            continue;
        int64_t times[1] = {cam.info.index->timeUs(cam.pending.front().number)};
        best = std::min(best, untilNextDueUs(times, t - cam.info.offsetUs, m_direction > 0, m_speed, best));
    }
    return best;
}

const media::VideoFrameRef& Player::shown(int camera) const
{
    return m_cameras.at(static_cast<size_t>(camera))->shown;
}

const std::optional<common::Error>& Player::cameraError(int camera) const
{
    return m_cameras.at(static_cast<size_t>(camera))->error;
}

PlayStats Player::stats() const { return m_stats; }

void Player::resetStats()
{
    m_stats = PlayStats();
    m_driftSumMs = 0;
    m_driftCount = 0;
}

bool Player::soundPlaying() const
{
    return m_state != State::Still && wantAudio() && m_clockSource == ClockSource::Audio;
}

std::string Player::audioDriver() const
{
    const Sound& sound = *m_sound;
    return sound.output ? sound.output->driver() : std::string("none");
}

} // namespace player
