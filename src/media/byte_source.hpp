#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace media {

// The bytes of one recording, as FFmpeg reads them (through a custom AVIOContext, see
// av_io.hpp): a file opened once and checked on its descriptor, or a block of memory (the
// fuzzer, tests). Reads are positional, so several format contexts may share one source,
// each with its own position; a swapped or renamed path never changes what is read.
// Immutable after opening apart from the failure record; any thread may read.
class ByteSource {
public:
    // What identifies a file's content for the index cache: size and modification time.
    struct Identity {
        int64_t size = 0;
        int64_t mtimeSec = 0;
        int64_t mtimeNsec = 0;
    };

    virtual ~ByteSource() = default;

    // The name errors carry as context (the path as the user gave it).
    const std::string& name() const { return m_name; }
    virtual int64_t size() const = 0;
    // Reads up to `count` bytes at `offset` into `buffer`: the number read, 0 at the end,
    // or a negative AVERROR when the machine failed to read (recorded: ioFailure()).
    virtual int read(int64_t offset, uint8_t* buffer, int count) const = 0;
    // Size and mtime of a file; none for memory (then nothing is cached).
    virtual std::optional<Identity> identity() const { return std::nullopt; }

    // The first real read failure of the machine (errno), 0 when none: what tells
    // "the disk failed" (exit 1) from "the file's content is damaged" (exit 3).
    int ioFailure() const { return m_ioFailure.load(); }

protected:
    explicit ByteSource(std::string name) : m_name(std::move(name)) {}
    void recordFailure(int error) const
    {
        int none = 0;
        m_ioFailure.compare_exchange_strong(none, error);
    }

private:
    std::string m_name;
    mutable std::atomic<int> m_ioFailure{0};
};

using SourceRef = std::shared_ptr<const ByteSource>;

// Opens `path` read-only and without blocking (a FIFO would otherwise wait for a writer),
// then checks the opened descriptor: only a regular, non-empty file is accepted. Folders,
// FIFOs, sockets and devices are refused (InvalidInput), a missing file is NotFound, an
// unreadable one PermissionDenied; each error names the file. The check and every later
// read use the same descriptor, so a file swapped after the check cannot slip through.
common::Result<SourceRef> openSource(const std::filesystem::path& path);

// The bytes themselves, under `name` for errors.
SourceRef memorySource(std::string name, std::vector<uint8_t> bytes);

} // namespace media
