// Footage: streamed SHA-256 (checked against sha256sum), registration that tolerates a
// file the media layer cannot read, verify finding changed and missing files.
#include <doctest/doctest.h>

#include <fstream>
#include <random>

#include "review/audit_log.hpp"
#include "review/encounter.hpp"
#include "media/byte_source.hpp"
#include "review/footage.hpp"
#include "review/sha256.hpp"
#include "scratch.hpp"
#include "test_support.hpp"

using review_test::Scratch;

namespace {

void writeBytes(const std::filesystem::path& path, size_t size, unsigned seed)
{
    std::mt19937 random(seed);
    std::string bytes(size, '\0');
    for (char& c : bytes)
        c = static_cast<char>(random());
    std::ofstream(path, std::ios::binary) << bytes;
}

std::string sha256sum(const std::filesystem::path& path)
{
    auto result = test_support::runCommand({"sha256sum", path.string()});
    REQUIRE(result.exitCode == 0);
    return result.out.substr(0, 64);
}

} // namespace

TEST_CASE("footage is hashed with SHA-256, streamed, with progress")
{
    Scratch scratch;
    const auto file = scratch.dir / "bytes.bin";
    writeBytes(file, 3 * 1024 * 1024 + 17, 1);
    int64_t lastDone = 0, total = 0;
    int calls = 0;
    auto hash = review::sha256File(file, [&](int64_t done, int64_t all) {
        CHECK(done > lastDone);
        lastDone = done;
        total = all;
        ++calls;
    });
    REQUIRE(hash.ok());
    CHECK(*hash == sha256sum(file));
    CHECK(calls >= 4);
    CHECK(lastDone == total);
    CHECK(total == 3 * 1024 * 1024 + 17);
    CHECK(review::sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

    auto missing = review::sha256File(scratch.dir / "nope.mp4");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == common::ErrorCode::NotFound);
    CHECK(missing.error().describe() == (scratch.dir / "nope.mp4").string() + ": the file does not exist");

    std::stop_source stop;
    stop.request_stop();
    CHECK(review::sha256File(file, {}, stop.get_token()).error().code == common::ErrorCode::Cancelled);
}

TEST_CASE("footage the media layer cannot read is still registered by its hash; verify finds changes")
{
    Scratch scratch;
    auto ws = review_test::open(scratch.db());
    const auto file = scratch.dir / "garbage.mp4";
    writeBytes(file, 200000, 2);
    review::FootageLink link{std::string("E7"), "Officer A", 2500000};
    auto added = review::addFootage(ws, file, link);
    REQUIRE_MESSAGE(added.ok(), added.error().describe());
    CHECK_FALSE(added->alreadyKnown);
    CHECK(added->footage.sha256 == sha256sum(file));
    CHECK(added->footage.sizeBytes == 200000);
    CHECK(added->footage.probeError.has_value());
    CHECK_FALSE(added->footage.durationUs.has_value());

    // The link made the encounter.
    auto encounter = review::findEncounter(ws, "E7");
    REQUIRE(encounter.ok());
    REQUIRE(encounter->footage.size() == 1);
    CHECK(encounter->footage[0].label == "Officer A");
    CHECK(encounter->footage[0].offsetUs == 2500000);

    // The same content at another path is the same footage, moved.
    const auto moved = scratch.dir / "moved.mp4";
    std::filesystem::rename(file, moved);
    auto again = review::addFootage(ws, moved);
    REQUIRE(again.ok());
    CHECK(again->alreadyKnown);
    CHECK(again->footage.uuid == added->footage.uuid);
    CHECK(review::listFootage(ws)->size() == 1);
    CHECK(review::findFootage(ws, moved.string())->uuid == added->footage.uuid);

    auto checks = review::verifyFootage(ws, {});
    REQUIRE(checks.ok());
    REQUIRE(checks->size() == 1);
    CHECK(checks->front().verdict == review::FootageCheck::Verdict::Ok);

    {
        std::fstream edit(moved, std::ios::in | std::ios::out | std::ios::binary);
        edit.seekp(1000);
        edit.put('\x42');
        edit.put('\x43');
    }
    checks = review::verifyFootage(ws, {added->footage.uuid});
    REQUIRE(checks.ok());
    CHECK(checks->front().verdict == review::FootageCheck::Verdict::Changed);
    std::filesystem::remove(moved);
    checks = review::verifyFootage(ws, {});
    CHECK(checks->front().verdict == review::FootageCheck::Verdict::Missing);
    CHECK(review::verifyAudit(ws)->ok());

    CHECK(review::addFootage(ws, scratch.dir / "absent.mp4").error().code == common::ErrorCode::NotFound);
}

TEST_CASE("a real clip made with ffmpeg is registered; opening it is logged")
{
    Scratch scratch;
    const auto clip = scratch.dir / "clip.mp4";
    auto made = test_support::runCommand({"ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=25:duration=1",
                                          "-c:v", "libx264", "-pix_fmt", "yuv420p", "-y", clip.string()});
    if (made.exitCode != 0) {
        MESSAGE("ffmpeg could not make a clip: " << made.err);
        return;
    }
    auto ws = review_test::open(scratch.db());
    auto added = review::addFootage(ws, clip);
    REQUIRE_MESSAGE(added.ok(), added.error().describe());
    CHECK(added->footage.sha256 == sha256sum(clip));
    if (!added->footage.probeError) { // media facts, when the media layer reads the clip
        CHECK(added->footage.width == 160);
        CHECK(added->footage.height == 120);
    }
    REQUIRE(review::recordFootageOpened(ws, added->footage.id).ok());
    auto last = ws.db().prepare("SELECT action, item FROM audit_entry ORDER BY id DESC LIMIT 1");
    REQUIRE(*last->step());
    CHECK(last->getText(0) == "footage.opened");
    CHECK(last->getText(1) == added->footage.uuid);
}

TEST_CASE("the hash reads the one descriptor opened: a deleted file still hashes, a file cut or grown meanwhile is refused")
{
    Scratch scratch;
    const auto file = scratch.dir / "recording.mp4";
    writeBytes(file, 2 * 1024 * 1024 + 5, 3);
    const std::string expected = sha256sum(file);

    auto source = media::openSource(file);
    REQUIRE(source.ok());
    std::filesystem::remove(file); // deleted while footage add would be hashing it
    auto hash = review::sha256Source(**source);
    REQUIRE_MESSAGE(hash.ok(), hash.error().describe());
    CHECK(*hash == expected);

    writeBytes(file, 2 * 1024 * 1024 + 5, 3);
    source = media::openSource(file);
    REQUIRE(source.ok());
    std::filesystem::resize_file(file, 1024 * 1024); // cut while being read
    auto cut = review::sha256Source(**source);
    REQUIRE_FALSE(cut.ok());
    CHECK(cut.error().code == common::ErrorCode::InvalidInput);
    CHECK(cut.error().message.find("the file changed while it was being read") == 0);

    writeBytes(file, 1000, 4);
    source = media::openSource(file);
    REQUIRE(source.ok());
    std::ofstream(file, std::ios::binary | std::ios::app) << "more"; // still being copied
    auto grown = review::sha256Source(**source);
    REQUIRE_FALSE(grown.ok());
    CHECK(grown.error().message.find("the file changed while it was being read") == 0);
}

TEST_CASE("opening registered footage: size and the first and last MiB at once, the full hash after; each mismatch logged")
{
    Scratch scratch;
    auto ws = review_test::open(scratch.db());
    const auto file = scratch.dir / "camera-a.mp4";
    const std::size_t size = 3 * 1024 * 1024 + 11;
    writeBytes(file, size, 5);
    auto added = review::addFootage(ws, file, {std::string("E1"), "Officer A", 0});
    REQUIRE_MESSAGE(added.ok(), added.error().describe());
    REQUIRE(added->footage.fingerprint.has_value());
    const int64_t id = added->footage.id;
    auto mismatches = [&] {
        review::AuditFilter filter;
        filter.action = "footage.mismatch";
        return review::listAudit(ws, filter)->size();
    };

    auto same = review::checkFootageIdentity(ws, id, file);
    REQUIRE(same.ok());
    CHECK_FALSE(same->differs);
    CHECK(same->fingerprinted);
    CHECK(*review::checkFootageHash(ws, id, sha256sum(file)));
    CHECK(mismatches() == 0);

    auto flip = [&](std::size_t at) {
        std::fstream edit(file, std::ios::in | std::ios::out | std::ios::binary);
        edit.seekg(static_cast<std::streamoff>(at));
        char c = static_cast<char>(edit.get());
        edit.seekp(static_cast<std::streamoff>(at));
        edit.put(static_cast<char>(c ^ 0x5a));
    };
    // One byte in the last MiB: found at once.
    flip(size - 100);
    auto last = review::checkFootageIdentity(ws, id, file);
    REQUIRE(last.ok());
    CHECK(last->differs);
    CHECK(last->why == "its first or last megabyte differs from the registered recording");
    CHECK(mismatches() == 1);
    flip(size - 100);
    // One byte in the middle: the quick check cannot see it, the full hash does.
    flip(size / 2);
    auto middle = review::checkFootageIdentity(ws, id, file);
    REQUIRE(middle.ok());
    CHECK_FALSE(middle->differs);
    CHECK_FALSE(*review::checkFootageHash(ws, id, sha256sum(file)));
    CHECK(mismatches() == 2);
    // Another size, and a file that is gone.
    std::ofstream(file, std::ios::binary | std::ios::app) << "x";
    auto longer = review::checkFootageIdentity(ws, id, file);
    REQUIRE(longer.ok());
    CHECK(longer->differs);
    CHECK(longer->why == "it holds " + std::to_string(size + 1) + " bytes, the registered recording " + std::to_string(size));
    std::filesystem::remove(file);
    auto gone = review::checkFootageIdentity(ws, id, file);
    REQUIRE(gone.ok());
    CHECK(gone->differs);
    CHECK(mismatches() == 4);
    CHECK(review::verifyAudit(ws)->ok());
}
