// libFuzzer harness: the codebook file format (review::parseCodebook, the pure parse).
// Properties: no crash, leak or hang; a refusal is InvalidInput with "line N: ..." naming
// the input; a codebook that parses is written (codebookToJson) as text that parses to
// the same codes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.hpp"
#include "review/codebook.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto book = review::parseCodebook(text, "fuzz-input.json");
    if (!book) {
        FUZZ_CHECK(book.error().code == common::ErrorCode::InvalidInput);
        FUZZ_CHECK(book.error().context == "fuzz-input.json");
        FUZZ_CHECK(book.error().message.rfind("line ", 0) == 0);
        return 0;
    }
    auto again = review::parseCodebook(review::codebookToJson(*book), "written.json");
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(again->codes.size() == book->codes.size());
    for (size_t i = 0; i < book->codes.size(); ++i)
        FUZZ_CHECK(again->codes[i].id == book->codes[i].id);
    return 0;
}
