// libFuzzer harness: ELAN EAF import (exchange::parseEaf). Properties: no crash, leak or
// hang; a refusal is InvalidInput naming the input; a document that parses and passes
// checkEaf is written as EAF 3.0 text that parses again.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "exchange/eaf_io.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    std::string_view xml(reinterpret_cast<const char*>(data), size);
    auto doc = exchange::parseEaf(xml, "fuzz-input.eaf");
    if (!doc) {
        FUZZ_CHECK(doc.error().code == common::ErrorCode::InvalidInput);
        FUZZ_CHECK(doc.error().context == "fuzz-input.eaf");
        return 0;
    }
    if (!exchange::checkEaf(*doc))
        return 0;
    auto text = exchange::eafToString(*doc);
    FUZZ_CHECK(text.ok());
    auto again = exchange::parseEaf(*text, "written.eaf");
    FUZZ_CHECK(again.ok());
    return 0;
}
