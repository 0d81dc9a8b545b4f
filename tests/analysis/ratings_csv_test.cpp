#include <doctest/doctest.h>

#include <string>

#include "analysis/ratings_matrix.hpp"

using namespace analysis;

TEST_CASE("a unit id column is recognised by its header")
{
    for (const char* name : {"subject", "Unit", "ID"}) {
        std::string text = std::string(name) + ",r1,r2\nu1,1,2\nu2,2,2\n";
        auto m = parseRatingsCsv(text, "x.csv");
        REQUIRE(m.ok());
        CHECK(m->raterCount() == 2);
        CHECK(m->unitIds() == std::vector<std::string>{"u1", "u2"});
    }
    auto m = parseRatingsCsv("r1,r2,r3\n1,2,3\n", "x.csv");
    REQUIRE(m.ok());
    CHECK(m->raterCount() == 3);
}

TEST_CASE("empty cells are missing; numbers are ordered by value; quotes and CRLF work")
{
    auto m = parseRatingsCsv("\"subject\",\"a\",\"b\"\r\n1,10,\r\n2,9,\"2\"\r\n3,, 10 \r\n", "x.csv");
    REQUIRE(m.ok());
    CHECK(m->numeric());
    CHECK(m->categories() == std::vector<std::string>{"2", "9", "10"});
    CHECK(m->at(0, 1) == RatingsMatrix::kMissing);
    CHECK(m->at(2, 0) == RatingsMatrix::kMissing);
    CHECK(m->at(2, 1) == 2);
}

TEST_CASE("text labels, with commas and quotes inside quoted fields")
{
    auto m = parseRatingsCsv("a,b\n\"calm, polite\",\"said \"\"no\"\"\"\ncalm,calm\n", "x.csv");
    REQUIRE(m.ok());
    CHECK_FALSE(m->numeric());
    CHECK(m->categoryCount() == 3);
}

TEST_CASE("bad CSV: the file, the line and the problem")
{
    auto wrongCount = parseRatingsCsv("a,b\n1,2\n1,2,3\n", "ratings.csv");
    REQUIRE_FALSE(wrongCount.ok());
    CHECK(wrongCount.error().context == "ratings.csv:3");
    CHECK(wrongCount.error().message.find("3 fields") != std::string::npos);

    auto unclosed = parseRatingsCsv("a,b\n1,2\n\"1,2\n", "r.csv");
    REQUIRE_FALSE(unclosed.ok());
    CHECK(unclosed.error().context == "r.csv:3");

    auto oneRater = parseRatingsCsv("subject,a\n1,2\n", "r.csv");
    REQUIRE_FALSE(oneRater.ok());
    CHECK(oneRater.error().context == "r.csv:1");

    CHECK_FALSE(parseRatingsCsv("", "r.csv").ok());
    CHECK_FALSE(parseRatingsCsv("a,b\n", "r.csv").ok());
    CHECK_FALSE(parseRatingsCsv("a,b\n,\n,\n", "r.csv").ok());
    auto stray = parseRatingsCsv("a,b\n1,x\"y\n", "r.csv");
    REQUIRE_FALSE(stray.ok());
    CHECK(stray.error().context == "r.csv:2");
}

TEST_CASE("a missing file is NotFound")
{
    auto m = readRatingsCsv("/nonexistent/ratings.csv");
    REQUIRE_FALSE(m.ok());
    CHECK(m.error().code == common::ErrorCode::NotFound);
}
