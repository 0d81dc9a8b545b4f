// What the free-text check finds and what it leaves alone (the examples are the UK formats
// as published: DVLA registration formats, Royal Mail postcode format, Ofcom numbers
// reserved for drama, 07700 900xxx and 020 7946 0xxx).
#include <doctest/doctest.h>

#include <string>

#include "exchange/pii_scan.hpp"

using namespace exchange;

namespace {

std::string kinds(const std::string& text)
{
    std::string out;
    for (const PiiFinding& f : findPii(text))
        out += (out.empty() ? "" : "|") + std::string(piiKindName(f.kind)) + ":" + text.substr(f.offset, f.length);
    return out;
}

} // namespace

TEST_CASE("each kind is found")
{
    CHECK(kinds("mail jo.bloggs@example.co.uk now") == "email address:jo.bloggs@example.co.uk");
    CHECK(kinds("call 07700 900123 later") == "phone number:07700 900123");
    CHECK(kinds("call +44 7700 900123") == "phone number:+44 7700 900123");
    CHECK(kinds("office 020 7946 0018.") == "phone number:020 7946 0018");
    CHECK(kinds("lives at SW1A 1AA") == "postcode:SW1A 1AA");
    CHECK(kinds("near m1 1ae") == "postcode:m1 1ae");
    CHECK(kinds("car AB12 CDE stopped") == "vehicle registration:AB12 CDE");
    CHECK(kinds("car ab12cde stopped") == "vehicle registration:ab12cde");
    CHECK(kinds("old car A123 BCD") == "vehicle registration:A123 BCD");
    CHECK(kinds("older car ABC 123D") == "vehicle registration:ABC 123D");
    CHECK(kinds("spoke to Mr Jones") == "name:Mr Jones");
    CHECK(kinds("PC Patel arrived") == "name:PC Patel");
    CHECK(kinds("he said my name is Tyrone") == "name:my name is Tyrone");
    CHECK(kinds("then John Smith walked off") == "name:John Smith");
}

TEST_CASE("domain text is left alone")
{
    for (const char* text : {"ESC.01 at 12.5 s, intensity 2", "PAC.G given late; grounds were the smell of cannabis",
                             "Officer stayed calm. The person was searched under Misuse of Drugs Act s.23",
                             "Metropolitan Police Service, Lambeth", "Good practice: explained the grounds",
                             "at 1:02:03 the camera stops", "3 officers, 2 minutes", ""})
        CHECK_MESSAGE(findPii(text).empty(), text);
}

TEST_CASE("numbers that are not phone numbers")
{
    CHECK(findPii("reference 2024041200123").empty());
    CHECK(findPii("12345 678").empty());
}

TEST_CASE("redaction replaces every finding and keeps the rest")
{
    std::string text = "Mr Jones (07700 900123, AB12 CDE, SW1A 1AA, jo@example.org) was calm";
    auto found = findPii(text);
    CHECK(found.size() == 5);
    CHECK(redactPii(text, found) == "[name] ([phone], [vehicle registration], [postcode], [email]) was calm");
    CHECK(redactPii("nothing here", findPii("nothing here")) == "nothing here");
}
