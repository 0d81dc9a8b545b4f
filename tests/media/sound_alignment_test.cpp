// GCC-PHAT on synthetic sound with a known lag (issue 13): the pure part of footage align.
#include <doctest/doctest.h>

#include <cmath>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "media/sound_alignment.hpp"

namespace {

constexpr int kRate = 8000;

// Noise in bursts, like speech: loud stretches and pauses, so the sound has structure.
std::vector<float> scene(size_t length, unsigned seed)
{
    std::mt19937 random(seed);
    std::normal_distribution<float> noise(0.0f, 0.3f);
    std::vector<float> out(length);
    for (size_t i = 0; i < length; ++i) {
        const double t = double(i) / kRate;
        const float envelope = std::sin(2 * M_PI * 1.3 * t) * std::sin(2 * M_PI * 0.37 * t) > 0 ? 1.0f : 0.15f;
        out[i] = envelope * noise(random);
    }
    return out;
}

// `from`..`from + length` of `source` at `gain`, plus a camera's own hiss.
std::vector<float> camera(const std::vector<float>& source, size_t from, size_t length, float gain, unsigned seed)
{
    std::mt19937 random(seed);
    std::normal_distribution<float> hiss(0.0f, 0.05f);
    std::vector<float> out(length);
    for (size_t i = 0; i < length; ++i)
        out[i] = gain * source[from + i] + hiss(random);
    return out;
}

} // namespace

TEST_CASE("gccPhat finds a known lag, positive and negative, between two noisy recordings of one scene")
{
    const std::vector<float> s = scene(20 * kRate, 1);
    // B starts 2345 samples after A: b[n] = a[n + 2345].
    const std::vector<float> a = camera(s, 1000, 12 * kRate, 0.8f, 2);
    const std::vector<float> b = camera(s, 1000 + 2345, 10 * kRate, 0.3f, 3);
    auto later = media::gccPhat(a, b, kRate, -4 * kRate, 4 * kRate);
    REQUIRE(later.found);
    CHECK(std::abs(later.lag - 2345) < 0.5);
    CHECK(later.peakRatio > 2.0);
    CHECK(later.peakSigma > 10.0);

    // Swapped: A starts after B, so the lag is negative.
    auto earlier = media::gccPhat(b, a, kRate, -4 * kRate, 4 * kRate);
    REQUIRE(earlier.found);
    CHECK(std::abs(earlier.lag + 2345) < 0.5);
    CHECK(earlier.peakRatio > 2.0);

    // A lag outside the searched range is not found there.
    auto narrow = media::gccPhat(a, b, kRate, -100, 100);
    REQUIRE(narrow.found);
    CHECK(narrow.peakRatio < 2.0);
}

TEST_CASE("gccPhat gives no clear peak for unrelated sound, and nothing for silence")
{
    const std::vector<float> a = camera(scene(12 * kRate, 7), 0, 12 * kRate, 1.0f, 8);
    const std::vector<float> b = camera(scene(10 * kRate, 9), 0, 10 * kRate, 1.0f, 10);
    auto unrelated = media::gccPhat(a, b, kRate, -4 * kRate, 4 * kRate);
    REQUIRE(unrelated.found);
    CHECK(unrelated.peakRatio < 1.5);
    CHECK(unrelated.peakSigma < 8.0);

    const std::vector<float> silence(5 * kRate, 0.0f);
    CHECK_FALSE(media::gccPhat(a, silence, kRate, -kRate, kRate).found);
    CHECK_FALSE(media::gccPhat({}, b, kRate, -kRate, kRate).found);
    CHECK(media::rmsOf(silence) == 0.0);
}

TEST_CASE("creation times as cameras write them")
{
    CHECK(media::creationTimeUs("1970-01-01T00:00:01Z") == 1'000'000);
    CHECK(media::creationTimeUs("2024-05-02T10:00:03.250000Z").value() - media::creationTimeUs("2024-05-02T10:00:00Z").value()
          == 3'250'000);
    CHECK(media::creationTimeUs("2024-05-02T11:00:00+01:00") == media::creationTimeUs("2024-05-02T10:00:00Z"));
    CHECK_FALSE(media::creationTimeUs("yesterday").has_value());
}

TEST_CASE("recordings opened together start where their clocks say, against the earliest")
{
    using Clocks = std::vector<std::optional<std::string>>;
    const auto offsets = media::offsetsFromClocks(
        Clocks{"2024-05-02T10:15:31.500000Z", "2024-05-02T10:15:30.000000Z", std::nullopt, "not a time"});
    REQUIRE(offsets.size() == 4);
    CHECK(offsets[0] == 1500000);
    CHECK(offsets[1] == 0);
    CHECK_FALSE(offsets[2]);
    CHECK_FALSE(offsets[3]);
    // Across a zone and midnight: 23:59:59 at +01:00 is 22:59:59 UTC, an hour before 23:59:59Z.
    const auto zoned = media::offsetsFromClocks(Clocks{"2024-05-02T23:59:59+01:00", "2024-05-02T23:59:59Z"});
    CHECK(zoned[0] == 0);
    CHECK(zoned[1] == 3600000000LL);
    // One clock alone says nothing about the others.
    for (const auto& offset : media::offsetsFromClocks(Clocks{"2024-05-02T10:15:30Z", std::nullopt}))
        CHECK_FALSE(offset);
}
