#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>
#include <utility>

#include "common/result.hpp"

namespace common {

// A long job on its own thread, with a name, atomic progress (0..1) and cancellation.
// The owner (usually the UI thread) polls ready() and take()s the result; `onDone`, if
// given, runs on the worker when it finishes, to wake the owner (glfwPostEmptyEvent).
// Destroying the job cancels it and waits for the thread.
template <typename T>
class BackgroundJob {
public:
    using Work = std::function<Result<T>(std::stop_token, std::atomic<double>& progress)>;

    BackgroundJob(std::string name, Work work, std::function<void()> onDone = {})
        : m_name(std::move(name))
    {
        m_thread = std::jthread([this, work = std::move(work), onDone = std::move(onDone)](std::stop_token stop) {
            std::optional<Result<T>> result;
            try {
                result.emplace(work(stop, m_progress));
            } catch (const std::exception& e) {
                result.emplace(makeError(ErrorCode::Internal, e.what(), m_name));
            }
            {
                std::lock_guard lock(m_mutex); // guards m_result
                m_result = std::move(result);
            }
            m_ready.store(true, std::memory_order_release);
            if (onDone)
                onDone();
        });
    }
    ~BackgroundJob() { cancel(); }
    BackgroundJob(const BackgroundJob&) = delete;
    BackgroundJob& operator=(const BackgroundJob&) = delete;

    const std::string& name() const { return m_name; }
    double progress() const { return m_progress.load(std::memory_order_relaxed); }
    bool ready() const { return m_ready.load(std::memory_order_acquire); }
    void cancel() { m_thread.request_stop(); }
    void wait() { if (m_thread.joinable()) m_thread.join(); }

    // The result once ready(); empty before, and after the first take().
    std::optional<Result<T>> take()
    {
        if (!ready())
            return std::nullopt;
        std::lock_guard lock(m_mutex);
        return std::exchange(m_result, std::nullopt);
    }

private:
    std::string m_name;
    std::atomic<double> m_progress{0.0};
    std::atomic<bool> m_ready{false};
    std::mutex m_mutex;
    std::optional<Result<T>> m_result;
    std::jthread m_thread; // last: starts after the members above exist, joins first
};

} // namespace common
