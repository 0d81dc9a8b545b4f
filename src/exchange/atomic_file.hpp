#pragma once

#include <cstdio>
#include <filesystem>
#include <string_view>

#include "common/result.hpp"

namespace exchange {

// A file written under a temporary name beside its target and renamed over it once
// complete and flushed to disk: a reader, or a crash, never sees half an export, and a
// failed export leaves the old file untouched. Not copyable; one thread.
class AtomicFile {
public:
    // Opens the temporary file; fails (naming the target) when its folder is not writable.
    static common::Result<AtomicFile> create(const std::filesystem::path& target);

    AtomicFile(AtomicFile&& other) noexcept;
    AtomicFile& operator=(AtomicFile&&) = delete;
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    // Removes the temporary file unless commit() succeeded.
    ~AtomicFile();

    std::FILE* stream() { return m_file; }
    void write(std::string_view text) { std::fwrite(text.data(), 1, text.size(), m_file); }

    // Flushes, syncs and renames over the target.
    common::Status commit();

private:
    AtomicFile(std::FILE* file, std::filesystem::path temp, std::filesystem::path target)
        : m_file(file), m_temp(std::move(temp)), m_target(std::move(target)) {}
    std::FILE* m_file = nullptr;
    std::filesystem::path m_temp;
    std::filesystem::path m_target;
};

} // namespace exchange
