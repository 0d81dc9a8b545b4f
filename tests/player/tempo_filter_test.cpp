#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "player/tempo_filter.hpp"

using namespace player;

namespace {

// Feeds `seconds` of a 440 Hz tone through the filter and returns the output length in
// seconds.
double outputSeconds(double speed, double seconds)
{
    constexpr int kRate = 48000;
    TempoFilter filter(kRate, 2);
    REQUIRE(filter.configure(speed).ok());
    std::vector<float> out;
    std::vector<float> chunk(1024 * 2);
    int total = static_cast<int>(seconds * kRate);
    for (int done = 0; done < total; done += 1024) {
        for (int i = 0; i < 1024; ++i) {
            float v = 0.3f * static_cast<float>(std::sin(2.0 * M_PI * 440.0 * (done + i) / kRate));
            chunk[static_cast<size_t>(2 * i)] = v;
            chunk[static_cast<size_t>(2 * i + 1)] = v;
        }
        REQUIRE(filter.process(chunk.data(), 1024, out).ok());
    }
    return static_cast<double>(out.size() / 2) / kRate;
}

} // namespace

TEST_CASE("atempo changes the duration by the speed")
{
    CHECK(outputSeconds(1.0, 2.0) == doctest::Approx(2.0).epsilon(0.01));
    // atempo holds back up to one window (~0.1 s of input) until flushed.
    CHECK(outputSeconds(2.0, 4.0) == doctest::Approx(2.0).epsilon(0.06));
    CHECK(outputSeconds(0.5, 2.0) == doctest::Approx(4.0).epsilon(0.06));
    CHECK(outputSeconds(0.25, 1.0) == doctest::Approx(4.0).epsilon(0.08));
    CHECK(outputSeconds(4.0, 4.0) == doctest::Approx(1.0).epsilon(0.1));
}

TEST_CASE("reconfiguring at run time starts a fresh chain")
{
    TempoFilter filter(48000, 2);
    REQUIRE(filter.configure(2.0).ok());
    CHECK(filter.speed() == doctest::Approx(2.0));
    REQUIRE(filter.configure(0.5).ok());
    CHECK(filter.speed() == doctest::Approx(0.5));
    REQUIRE(filter.configure(1.0).ok());
    std::vector<float> in(200, 0.5f), out;
    REQUIRE(filter.process(in.data(), 100, out).ok());
    CHECK(out.size() == 200); // 1x passes straight through
}
