#pragma once

#include <cstdio>
#include <cstdlib>

// A property a harness checks beyond "no crash": when it fails, libFuzzer saves the input
// as a crash, and the replay test fails on it.
#define FUZZ_CHECK(condition)                                                                      \
    do {                                                                                           \
        if (!(condition)) {                                                                        \
            std::fprintf(stderr, "%s:%d: fuzz check failed: %s\n", __FILE__, __LINE__, #condition); \
            std::abort();                                                                          \
        }                                                                                          \
    } while (0)
