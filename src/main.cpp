// bwv-review: one executable. A command-line command when the first word names one
// (probe, framehash, footage, tag, ...); otherwise the review window (`gui`, `demo`).
#include <sys/stat.h>

#include "cli/cli.hpp"
#include "ui/app.hpp"

int main(int argc, char** argv)
{
    // Everything bwv-review writes (database, backups, exports, stills) is for its owner
    // alone: files 0600, folders 0700.
    umask(077);
    if (cli::handles(argc, argv))
        return cli::run(argc, argv);
    return ui::run(argc, argv);
}
