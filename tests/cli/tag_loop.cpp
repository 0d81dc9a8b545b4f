// Test helper for store_crash_test: adds tags to encounter E1 of DATABASE as CODER until
// killed, printing each tag's UUID (flushed) only after addAnnotation() has returned.
// A separate program, so the kills hit a plain process rather than a fork of the test.
#include <cstdio>
#include <string>

#include "review/annotation.hpp"
#include "review/workspace.hpp"
#include "review_support.hpp"

int main(int argc, char** argv)
{
    if (argc != 3) {
        std::fprintf(stderr, "usage: tag_loop DATABASE CODER\n");
        return 2;
    }
    auto ws = test_support::signedIn(argv[1], argv[2]);
    if (!ws) {
        std::fprintf(stderr, "%s\n", ws.error().describe().c_str());
        return 3;
    }
    for (int i = 0;; ++i) {
        review::NewAnnotation tag;
        tag.encounterRef = "E1";
        tag.code = i % 2 ? "ESC.01" : "DEE.05";
        tag.startUs = i * 1000;
        if (i % 2)
            tag.endUs = tag.startUs + 500;
        auto added = review::addAnnotation(*ws, tag);
        if (!added) {
            std::fprintf(stderr, "%s\n", added.error().describe().c_str());
            return 4;
        }
        std::printf("%s\n", added->uuid.c_str());
        std::fflush(stdout);
    }
}
