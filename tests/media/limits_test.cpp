// #10: limits before allocation. What is not a regular file, and pictures beyond
// 8192x8192 / 64 megapixels, are refused (exit 3, one sentence) before anything decodes:
// no hang on a FIFO, no gigabytes for a PNG that only claims a size.
#include <doctest/doctest.h>

#include <fstream>

#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "media/probe.hpp"
#include "media/video_reader.hpp"
#include "media_test_support.hpp"

using namespace media_test;
using test_support::runCommand;

namespace {

std::filesystem::path workDir()
{
    std::filesystem::path dir = test_support::testDataDir() / "limits";
    std::filesystem::create_directories(dir);
    return dir;
}

// The four media commands on `file`, each under `timeout` so a hang fails the test
// (exit 124) instead of stalling it.
std::vector<std::vector<std::string>> mediaCommands(const std::filesystem::path& file)
{
    std::string exe = test_support::executable().string();
    std::string png = (workDir() / "never.png").string();
    return {{"timeout", "20", exe, "probe", file.string()},
            {"timeout", "20", exe, "framehash", file.string(), "0"},
            {"timeout", "20", exe, "frame", file.string(), "0", "--png", png},
            {"timeout", "20", exe, "bench", "decode", file.string()}};
}

void checkRefused(const std::filesystem::path& file, const std::string& sentence)
{
    for (const auto& argv : mediaCommands(file)) {
        CAPTURE(argv[3]);
        auto r = runCommand(argv);
        CHECK(r.exitCode == 3);
        CHECK(r.out.empty());
        CHECK(r.err == "bwv-review: error: " + file.string() + ": " + sentence + "\n");
    }
    CHECK_FALSE(std::filesystem::exists(workDir() / "never.png"));
}

void writeBytes(const std::filesystem::path& file, const std::string& bytes)
{
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << bytes;
}

const std::string kNotRegular = "bwv-review reads recordings only from regular files";

} // namespace

TEST_CASE("#10: a FIFO is refused at once by probe, framehash, frame and bench (no hang)")
{
    std::filesystem::path fifo = workDir() / "camera.mp4";
    std::filesystem::remove(fifo);
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    checkRefused(fifo, "this is a pipe (FIFO), not a video file; " + kNotRegular);
    CHECK(std::filesystem::is_fifo(fifo));
    std::filesystem::remove(fifo);
}

TEST_CASE("#10: a socket, a device and a folder are refused")
{
    std::filesystem::path socketPath = workDir() / "socket.mp4";
    std::filesystem::remove(socketPath);
    int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    REQUIRE(socketPath.string().size() < sizeof address.sun_path);
    std::snprintf(address.sun_path, sizeof address.sun_path, "%s", socketPath.c_str());
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    checkRefused(socketPath, "this is not a regular file; " + kNotRegular);
    ::close(fd);
    std::filesystem::remove(socketPath);

    checkRefused("/dev/null", "this is a device, not a video file; " + kNotRegular);
    checkRefused(workDir(), "this is a folder, not a video file");
}

TEST_CASE("#10: a 69-byte PNG that claims 16000x16000 is refused without the gigabytes")
{
    // The reproducer: signature, IHDR 16000x16000 RGB, a 4-byte IDAT, IEND.
    const unsigned char png[] = {
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
        0x3e, 0x80, 0x00, 0x00, 0x3e, 0x80, 0x08, 0x02, 0x00, 0x00, 0x00, 0xce, 0x1c, 0x48, 0x89, 0x00, 0x00, 0x00,
        0x0c, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x60, 0x60, 0x60, 0x00, 0x00, 0x00, 0x04, 0x00, 0x01, 0xc8,
        0xea, 0xeb, 0xf9, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};
    static_assert(sizeof png == 69);
    std::filesystem::path file = workDir() / "claims_16000.png";
    writeBytes(file, std::string(reinterpret_cast<const char*>(png), sizeof png));
    checkRefused(file, "the picture is 16000x16000 pixels, larger than bwv-review opens (at most 8192 pixels a side and "
                       "64 megapixels); the file is damaged or not a camera recording");
    CHECK(fileBytes(file) == std::string(reinterpret_cast<const char*>(png), sizeof png));

    // The largest child so far (each command above) stayed far below the 8 GB it took.
    rusage usage{};
    REQUIRE(::getrusage(RUSAGE_CHILDREN, &usage) == 0);
    CHECK(usage.ru_maxrss < 512 * 1024); // KiB
}

TEST_CASE("#10: a 60000x60000 y4m is refused as too large, not 'Device or resource busy'")
{
    std::filesystem::path file = workDir() / "huge.y4m";
    std::string bytes = "YUV4MPEG2 W60000 H60000 F30:1 Ip A1:1 C420jpeg\nFRAME\n" + std::string(100, '\x80');
    writeBytes(file, bytes);
    checkRefused(file, "the picture is 60000x60000 pixels, larger than bwv-review opens (at most 8192 pixels a side and "
                       "64 megapixels); the file is damaged or not a camera recording");
    CHECK(fileBytes(file) == bytes);
}

TEST_CASE("#10: the size limit: 8192 pixels a side opens, 8200 is refused from the header")
{
    for (int width : {8192, 8200}) {
        CAPTURE(width);
        std::filesystem::path file = workDir() / ("wide" + std::to_string(width) + ".mkv");
        if (!std::filesystem::exists(file)) {
            auto made = runCommand({"ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-f", "lavfi", "-i",
                                    "color=c=gray:s=" + std::to_string(width) + "x16:r=25:d=0.12", "-c:v", "png",
                                    file.string()});
            REQUIRE(made.exitCode == 0);
        }
        auto facts = media::probe(file, false);
        if (width <= media::kMaxPictureSide) {
            REQUIRE(facts.ok());
            CHECK(facts->video->width == width);
        } else {
            REQUIRE_FALSE(facts.ok());
            CHECK(facts.error().code == common::ErrorCode::InvalidInput);
            CHECK(facts.error().describe()
                  == file.string() + ": the picture is 8200x16 pixels, larger than bwv-review opens (at most 8192 pixels "
                                     "a side and 64 megapixels); the file is damaged or not a camera recording");
        }
    }
}

TEST_CASE("#10: what is read is the file that was checked, even if the path is swapped afterwards")
{
    std::filesystem::path path = workDir() / "swapped.mp4";
    std::filesystem::copy_file(fixture("h264_gop2s.mp4"), path, std::filesystem::copy_options::overwrite_existing);
    auto source = media::openSource(path);
    REQUIRE(source.ok());
    // Another file (garbage) takes the name between the check and the reads.
    std::filesystem::path other = workDir() / "other.tmp";
    std::filesystem::copy_file(fixture("garbage.mp4"), other, std::filesystem::copy_options::overwrite_existing);
    std::filesystem::rename(other, path);
    auto facts = media::probe(source.value(), false);
    REQUIRE_MESSAGE(facts.ok(), (facts.ok() ? "" : facts.error().describe()));
    CHECK(facts->video->frames == 180);
    CHECK(facts->fileSize == static_cast<int64_t>(std::filesystem::file_size(fixture("h264_gop2s.mp4"))));
    auto reader = media::VideoReader::open(source.value());
    REQUIRE(reader.ok());
    CHECK((*reader)->frame(179).ok());
    std::filesystem::remove(path);
}
