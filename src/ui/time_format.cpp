#include "ui/time_format.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <vector>

namespace ui {

std::string formatMediaTime(int64_t us)
{
    bool negative = us < 0;
    int64_t a = negative ? -us : us;
    int64_t ms = a / 1000;
    char text[48];
    std::snprintf(text, sizeof text, "%s%02lld:%02lld:%02lld.%03lld", negative ? "-" : "",
                  static_cast<long long>(ms / 3600000), static_cast<long long>(ms / 60000 % 60),
                  static_cast<long long>(ms / 1000 % 60), static_cast<long long>(ms % 1000));
    return text;
}

std::optional<std::string> wallClockAt(const std::string& creationTime, int64_t us)
{
    int year = 0, month = 0, day = 0, hour = 0, minute = 0;
    double second = 0;
    if (std::sscanf(creationTime.c_str(), "%d-%d-%d%*[T ]%d:%d:%lf", &year, &month, &day, &hour, &minute, &second) != 6)
        return std::nullopt;
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = 0;
    time_t base = timegm(&tm);
    if (base == static_cast<time_t>(-1))
        return std::nullopt;
    int64_t totalMs = static_cast<int64_t>(base) * 1000 + static_cast<int64_t>(std::llround(second * 1000.0)) + us / 1000;
    time_t whole = static_cast<time_t>(totalMs / 1000);
    std::tm out{};
    gmtime_r(&whole, &out);
    bool utc = creationTime.find('Z') != std::string::npos || creationTime.find("+00") != std::string::npos;
    char text[64];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d %02d:%02d:%02d.%03d%s", out.tm_year + 1900, out.tm_mon + 1, out.tm_mday,
                  out.tm_hour, out.tm_min, out.tm_sec, static_cast<int>(totalMs % 1000), utc ? " UTC" : "");
    return std::string(text);
}

std::optional<GoToTarget> parseGoTo(const std::string& raw)
{
    std::string text;
    for (char c : raw)
        if (!std::isspace(static_cast<unsigned char>(c)))
            text += c;
    if (text.empty())
        return std::nullopt;
    GoToTarget target;
    bool digitsOnly = true;
    for (char c : text)
        digitsOnly = digitsOnly && std::isdigit(static_cast<unsigned char>(c));
    if (digitsOnly) {
        target.isFrame = true;
        target.frame = std::stoll(text);
        return target;
    }
    std::vector<std::string> parts;
    std::string part;
    for (char c : text) {
        if (c == ':') {
            parts.push_back(part);
            part.clear();
        } else if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
            part += c;
        } else {
            return std::nullopt;
        }
    }
    parts.push_back(part);
    for (const auto& p : parts)
        if (p.empty())
            return std::nullopt;
    try {
        double seconds = 0;
        if (parts.size() == 4) { // HH:MM:SS:FF
            seconds = std::stod(parts[0]) * 3600 + std::stod(parts[1]) * 60 + std::stod(parts[2]);
            target.extraFrames = std::stoll(parts[3]);
        } else if (parts.size() <= 3) {
            for (const auto& p : parts)
                seconds = seconds * 60 + std::stod(p);
        } else {
            return std::nullopt;
        }
        target.timeUs = static_cast<int64_t>(std::llround(seconds * 1e6));
    } catch (const std::exception&) {
        return std::nullopt;
    }
    return target;
}

} // namespace ui
