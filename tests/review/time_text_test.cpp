#include <doctest/doctest.h>

#include "review/time_text.hpp"

TEST_CASE("seconds are parsed to exact microseconds")
{
    CHECK(*review::parseSeconds("12") == 12000000);
    CHECK(*review::parseSeconds("12.5") == 12500000);
    CHECK(*review::parseSeconds("0.000040") == 40);
    CHECK(*review::parseSeconds("1:02.5") == 62500000);
    CHECK(*review::parseSeconds("1:00:03") == 3603000000);
    CHECK(*review::parseSeconds("-3.25") == -3250000);
    CHECK_FALSE(review::parseSeconds("").ok());
    CHECK_FALSE(review::parseSeconds("1.2345678").ok());
    CHECK_FALSE(review::parseSeconds("12s").ok());
    CHECK_FALSE(review::parseSeconds("1:75").ok());
    CHECK_FALSE(review::parseSeconds(".").ok());
    CHECK(review::formatSeconds(12500000) == "12.500000");
    CHECK(review::formatSeconds(-40) == "-0.000040");
    CHECK(review::isIsoDate("2024-02-29"));
    CHECK_FALSE(review::isIsoDate("2023-02-29"));
    CHECK_FALSE(review::isIsoDate("2023-13-01"));
}
