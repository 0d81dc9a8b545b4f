#pragma once

#include <filesystem>

namespace common {

// Per-user folders, following the XDG base directory spec. Created on first use.
// $XDG_DATA_HOME/bwv-review (default ~/.local/share/bwv-review): the database, backups.
std::filesystem::path dataDir();
// $XDG_CACHE_HOME/bwv-review (default ~/.cache/bwv-review): frame indexes, demo footage.
std::filesystem::path cacheDir();
// $XDG_CONFIG_HOME/bwv-review (default ~/.config/bwv-review): window layout, settings.
std::filesystem::path configDir();

} // namespace common
