#pragma once

#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace common {

// Every file the tool writes for a person (exports, reports, `frame --png`, codebook files,
// screenshots) goes through OutputFile; the daily backup shares its last step,
// moveIntoPlace. It refuses, before writing a byte:
//   - a protected file: the open database with its -wal, -shm and -journal, anything in its
//     backups folder, registered footage, and the files the same command reads. Compared by
//     device and inode where the file exists (a link or another spelling of the name is
//     caught), and by folder and name for the database's companions that may not exist yet;
//   - an existing file, unless the person asked to replace it (`--force`, the window's
//     "Replace it");
//   - anything that is not a regular file (a folder, a FIFO, a device).
// It then writes under a temporary name beside the target, syncs, and renames over the
// target without replacing anything that appeared meanwhile (unless replacing was asked):
// a reader or a crash never sees half a file, and a refused or failed write leaves the
// target as it was. Refusals are ErrorCode::InvalidInput (exit 3) with one sentence.

// What the protected file is, for the sentence: "the output FILE is <what>".
void protectFile(const std::filesystem::path& file, std::string what);
// Every file inside `folder` (not below it) is protected.
void protectFolder(const std::filesystem::path& folder, std::string what);
// The database and its companions; its backups folder.
void protectDatabase(const std::filesystem::path& database, const std::filesystem::path& backups);
// Tests: one process plays several commands.
void forgetProtectedFiles();

// The absolute name with links resolved as far as the file exists; never throws. Two
// spellings of one file name give the same path.
std::filesystem::path canonicalName(const std::filesystem::path& file);

struct OutputPolicy {
    bool replaceExisting = false; // --force
};

// The same checks OutputFile::create makes, for a window that wants to say so before
// writing. Ok when `target` may be written.
Status checkOutputTarget(const std::filesystem::path& target, const OutputPolicy& policy);

class OutputFile {
public:
    // Checks the target and opens the temporary file beside it.
    static Result<OutputFile> create(const std::filesystem::path& target, const OutputPolicy& policy = {});

    OutputFile(OutputFile&& other) noexcept;
    OutputFile& operator=(OutputFile&&) = delete;
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;
    // Removes the temporary file unless commit() succeeded.
    ~OutputFile();

    std::FILE* stream() { return m_file; }
    void write(std::string_view text) { std::fwrite(text.data(), 1, text.size(), m_file); }
    // For writers that insist on a file name of their own (libxlsxwriter, stb): they write
    // here after closeStream(), and commit() syncs and renames it.
    const std::filesystem::path& temporaryPath() const { return m_temp; }
    void closeStream();
    const std::filesystem::path& target() const { return m_target; }

    // Flushes, syncs and renames over the target.
    Status commit();

private:
    OutputFile(std::FILE* file, std::filesystem::path temp, std::filesystem::path target, OutputPolicy policy)
        : m_file(file), m_temp(std::move(temp)), m_target(std::move(target)), m_policy(policy) {}
    std::FILE* m_file = nullptr;
    std::filesystem::path m_temp;
    std::filesystem::path m_target;
    OutputPolicy m_policy;
};

// A whole text file in one call.
Status writeOutputFile(const std::filesystem::path& target, std::string_view contents, const OutputPolicy& policy = {});

// Syncs `temporary` and renames it to `target`, without replacing an existing target
// unless the policy says so; removes `temporary` on failure. OutputFile::commit and the
// daily backup end here.
Status moveIntoPlace(const std::filesystem::path& temporary, const std::filesystem::path& target,
                     const OutputPolicy& policy);

} // namespace common
