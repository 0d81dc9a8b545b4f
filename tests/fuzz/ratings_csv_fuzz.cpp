// libFuzzer harness: the ratings-matrix CSV (analysis::parseRatingsCsv). Properties: no
// crash, leak or hang; a refusal is InvalidInput with "FILE:LINE" context; a matrix that
// parses is consistent (every cell a category index or missing).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "analysis/ratings_matrix.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto matrix = analysis::parseRatingsCsv(text, "fuzz-input.csv");
    if (!matrix) {
        FUZZ_CHECK(matrix.error().code == common::ErrorCode::InvalidInput);
        FUZZ_CHECK(matrix.error().context.rfind("fuzz-input.csv", 0) == 0);
        return 0;
    }
    const auto categories = static_cast<int>(matrix->categoryCount());
    for (size_t u = 0; u < matrix->unitCount(); ++u)
        for (size_t r = 0; r < matrix->raterCount(); ++r) {
            int c = matrix->at(u, r);
            FUZZ_CHECK(c == analysis::RatingsMatrix::kMissing || (c >= 0 && c < categories));
            if (c >= 0 && matrix->numeric())
                (void)matrix->categoryValue(c);
        }
    return 0;
}
