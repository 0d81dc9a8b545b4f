#include "review/time_text.hpp"

#include <chrono>

#include <cinttypes>
#include <cstdio>
#include <cstdlib>

namespace review {

common::Result<int64_t> parseSeconds(std::string_view text)
{
    auto bad = [&](const std::string& why) {
        return common::makeError(common::ErrorCode::Usage, "\"" + std::string(text) + "\" is not a time in seconds: " + why);
    };
    std::string_view rest = text;
    bool negative = false;
    if (!rest.empty() && (rest[0] == '-' || rest[0] == '+')) {
        negative = rest[0] == '-';
        rest.remove_prefix(1);
    }
    // Up to three ':'-separated fields (H:MM:SS, M:SS, S); only the last has decimals.
    int64_t fields[3] = {0, 0, 0};
    int count = 0;
    size_t i = 0;
    for (;;) {
        if (count == 3)
            return bad("write it as seconds, M:SS or H:MM:SS");
        size_t begin = i;
        int64_t value = 0;
        for (; i < rest.size() && rest[i] >= '0' && rest[i] <= '9'; ++i) {
            value = value * 10 + (rest[i] - '0');
            if (value > 100000000000LL)
                return bad("it is too large");
        }
        if (i == begin)
            return bad("a number is missing");
        fields[count++] = value;
        if (i < rest.size() && rest[i] == ':') {
            ++i;
            continue;
        }
        break;
    }
    int64_t micros = 0;
    if (i < rest.size() && rest[i] == '.') {
        ++i;
        int decimals = 0;
        for (; i < rest.size() && rest[i] >= '0' && rest[i] <= '9'; ++i) {
            if (++decimals > 6)
                return bad("give at most 6 decimals (microseconds)");
            micros = micros * 10 + (rest[i] - '0');
        }
        for (; decimals < 6; ++decimals)
            micros *= 10;
    }
    if (i != rest.size())
        return bad("use digits and one decimal point");
    int64_t whole = 0;
    for (int f = 0; f < count; ++f) {
        if (f > 0 && fields[f] >= 60)
            return bad("minutes and seconds after a colon must be below 60");
        whole = whole * 60 + fields[f];
    }
    int64_t us = whole * 1000000 + micros;
    return negative ? -us : us;
}

std::string formatSeconds(int64_t us)
{
    char text[40];
    int64_t magnitude = us < 0 ? -us : us;
    std::snprintf(text, sizeof text, "%s%" PRId64 ".%06" PRId64, us < 0 ? "-" : "", magnitude / 1000000,
                  magnitude % 1000000);
    return text;
}

bool isIsoDate(std::string_view text)
{
    if (text.size() != 10 || text[4] != '-' || text[7] != '-')
        return false;
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (text[i] < '0' || text[i] > '9')
            return false;
    int year = std::atoi(std::string(text.substr(0, 4)).c_str());
    int month = std::atoi(std::string(text.substr(5, 2)).c_str());
    int day = std::atoi(std::string(text.substr(8, 2)).c_str());
    static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1])
        return false;
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return !(month == 2 && day == 29 && !leap);
}

common::Result<int64_t> parseIsoDate(std::string_view text)
{
    if (!isIsoDate(text))
        return common::makeError(common::ErrorCode::Usage,
                                 "\"" + std::string(text) + "\" is not a date: write it as YYYY-MM-DD");
    int year = std::atoi(std::string(text.substr(0, 4)).c_str());
    unsigned month = static_cast<unsigned>(std::atoi(std::string(text.substr(5, 2)).c_str()));
    unsigned day = static_cast<unsigned>(std::atoi(std::string(text.substr(8, 2)).c_str()));
    const std::chrono::sys_days date = std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{day};
    return static_cast<int64_t>(date.time_since_epoch().count()) * 86'400'000'000LL;
}

} // namespace review
