#include "ui/app.hpp"

#include <cstdio>

namespace ui {

int run(int, char**)
{
    std::fputs("bwv-review: the review window is not built yet; try `bwv-review --help`.\n", stderr);
    return 1;
}

} // namespace ui
