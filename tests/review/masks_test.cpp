// Privacy masks in review (issue 14): where a mask is at a moment (keyframes interpolated
// in a straight line, held before the first and after the last, nothing outside its span),
// what a box given on the command line may be, and moving a mask: audited, sealed.
#include <doctest/doctest.h>

#include <fstream>

#include "review/audit_log.hpp"
#include "review/footage.hpp"
#include "review/masks.hpp"
#include "scratch.hpp"

using review_test::Scratch;

TEST_CASE("a mask's box at a moment: straight lines between keyframes, nothing outside its span")
{
    review::Mask mask;
    mask.fromUs = 1000000;
    mask.toUs = 9000000;
    mask.keyframes = {{2000000, {0.0, 0.0, 0.2, 0.2}}, {4000000, {0.4, 0.2, 0.2, 0.4}}, {8000000, {0.8, 0.6, 0.1, 0.1}}};
    auto at = [&](int64_t us) { return review::maskBoxAt(mask, us); };
    CHECK_FALSE(at(999999));                      // before the span
    CHECK_FALSE(at(9000000));                     // the span is half-open
    CHECK(at(1000000)->x == 0.0);                 // held before the first keyframe
    CHECK(at(3000000)->x == doctest::Approx(0.2)); // halfway from the first to the second
    CHECK(at(3000000)->h == doctest::Approx(0.3));
    CHECK(at(6000000)->x == doctest::Approx(0.6)); // halfway from the second to the third
    CHECK(at(6000000)->y == doctest::Approx(0.4));
    CHECK(at(8500000)->x == doctest::Approx(0.8)); // held after the last
}

TEST_CASE("a box is four fractions inside the picture; an ellipse holds its centre, not its corners")
{
    auto box = review::parseMaskBox("0.25, 0.1,0.2,0.3");
    REQUIRE(box.ok());
    CHECK(box->x == 0.25);
    CHECK(box->h == 0.3);
    CHECK(review::parseMaskBox("0.1,0.1,0.9,0.9").ok()); // adds up to 1 in decimal
    for (const char* bad : {"", "0.1,0.1,0.2", "0.1,0.1,0.2,0.2,0.1", "a,b,c,d", "0.5,0.5,0.6,0.1", "-0.1,0,0.2,0.2",
                            "0,0,0,0.2", "nan,0,0.1,0.1", "inf,0,0.1,0.1", "0x1p-2,0,0.1,0.1"}) {
        CAPTURE(bad);
        auto refused = review::parseMaskBox(bad);
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().code == common::ErrorCode::InvalidInput);
        CHECK(refused.error().context == "--box");
    }
    const review::MaskBox b{0.2, 0.2, 0.4, 0.2};
    CHECK(review::maskContains(review::MaskShape::Ellipse, b, 0.4, 0.3));
    CHECK_FALSE(review::maskContains(review::MaskShape::Ellipse, b, 0.21, 0.21));
    CHECK(review::maskContains(review::MaskShape::Rect, b, 0.21, 0.21));
    CHECK_FALSE(review::maskContains(review::MaskShape::Rect, b, 0.61, 0.3));
    CHECK(review::maskCellPixels(b, 1000, 1000) == 33); // 200 px high: six cells
    CHECK(review::maskCellPixels({0, 0, 0.01, 0.01}, 640, 360) == 4);
}

TEST_CASE("moving a mask adds or replaces a keyframe inside its span, audited and sealed")
{
    Scratch scratch;
    auto ws = review_test::open(scratch.db());
    const auto camera = scratch.dir / "camera.bin";
    std::ofstream(camera) << "camera A"; // registered by its hash
    REQUIRE(review::addFootage(ws, camera, {std::string("E1"), "A", 0}).ok());
    review::NewMask still;
    still.fromUs = 0;
    still.toUs = 4000000;
    still.box = {0.1, 0.1, 0.2, 0.2};
    auto added = review::addMask(ws, camera.string(), still);
    REQUIRE(added.ok());
    CHECK(added->keyframes.size() == 1);

    auto moved = review::moveMask(ws, added->uuid.substr(0, 8), 2000000, {0.5, 0.1, 0.2, 0.2});
    REQUIRE(moved.ok());
    REQUIRE(moved->keyframes.size() == 2);
    CHECK(review::maskBoxAt(*moved, 1000000)->x == doctest::Approx(0.3));
    // Again at the same moment: replaced, not added.
    moved = review::moveMask(ws, added->uuid, 2000000, {0.7, 0.1, 0.2, 0.2});
    REQUIRE(moved.ok());
    CHECK(moved->keyframes.size() == 2);
    auto listed = review::listMasks(ws, camera.string());
    REQUIRE(listed.ok());
    REQUIRE(listed->size() == 1);
    CHECK(listed->front().keyframes.back().box.x == 0.7); // as stored, read back
    // Outside the span, or off the picture: refused, nothing changed.
    auto late = review::moveMask(ws, added->uuid, 5000000, {0.1, 0.1, 0.2, 0.2});
    REQUIRE_FALSE(late.ok());
    CHECK(late.error().code == common::ErrorCode::InvalidInput);
    CHECK_FALSE(review::moveMask(ws, added->uuid, 1000000, {0.9, 0.1, 0.2, 0.2}).ok());
    CHECK(review::listMasks(ws, camera.string())->front().keyframes.size() == 2);

    auto moves = review::listAudit(ws, {});
    REQUIRE(moves.ok());
    int count = 0;
    for (const review::AuditEntry& e : *moves)
        count += e.action == "mask.moved";
    CHECK(count == 2);
    auto verdict = review::verifyAudit(ws);
    REQUIRE(verdict.ok());
    CHECK(verdict->ok());
}
