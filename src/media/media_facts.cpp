#include "media/media_facts.hpp"

#include <cmath>
#include <cstdio>

namespace media {

std::string clockText(double seconds, bool roundToNearest)
{
    if (!(seconds > 0))
        seconds = 0;
    double hundredths = seconds * 100.0;
    // a hair of tolerance: 3.04 s is 303.99999... hundredths in binary
    auto total = static_cast<long long>(roundToNearest ? std::llround(hundredths) : std::floor(hundredths + 1e-6));
    long long h = total / 360000, m = total / 6000 % 60, s = total / 100 % 60, c = total % 100;
    char text[48];
    if (h > 0)
        std::snprintf(text, sizeof text, "%lld:%02lld:%02lld.%02lld", h, m, s, c);
    else
        std::snprintf(text, sizeof text, "%02lld:%02lld.%02lld", m, s, c);
    return text;
}

std::string incompleteRecordingText(const MediaFacts& facts)
{
    if (facts.complete)
        return {};
    std::string text = "recording incomplete: ends at " + clockText(facts.endsAtS);
    if (facts.promisedS > facts.endsAtS)
        return text + " of " + clockText(facts.promisedS, true);
    return text + ", the rest of the recording is missing";
}

} // namespace media
