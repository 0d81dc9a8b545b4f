// bwv-review: one executable. A command-line command when the first word names one
// (probe, framehash, footage, tag, ...); otherwise the review window (`gui`, `demo`).
#include "cli/cli.hpp"
#include "ui/app.hpp"

int main(int argc, char** argv)
{
    if (cli::handles(argc, argv))
        return cli::run(argc, argv);
    return ui::run(argc, argv);
}
