#include "common/paths.hpp"

#include <cstdlib>
#include <system_error>

namespace common {
namespace {

std::filesystem::path xdgDir(const char* variable, const char* fallbackUnderHome)
{
    std::filesystem::path base;
    if (const char* value = std::getenv(variable); value && *value)
        base = value;
    else if (const char* home = std::getenv("HOME"); home && *home)
        base = std::filesystem::path(home) / fallbackUnderHome;
    else
        base = std::filesystem::temp_directory_path();
    std::filesystem::path dir = base / "bwv-review";
    std::error_code ignored; // a folder we cannot create shows up as an error where it is used
    std::filesystem::create_directories(dir, ignored);
    return dir;
}

} // namespace

std::filesystem::path dataDir() { return xdgDir("XDG_DATA_HOME", ".local/share"); }
std::filesystem::path cacheDir() { return xdgDir("XDG_CACHE_HOME", ".cache"); }
std::filesystem::path configDir() { return xdgDir("XDG_CONFIG_HOME", ".config"); }

} // namespace common
