#pragma once

// A small database for the export tests, built through the review API:
//  encounter MPS-24-0412 (Lambeth, grounds summary naming a person and a phone number)
//    alice: ESC.01 10-20 s (officer, intensity 2, "raised voice"),
//           DEE.01 at 25 s ("explained; car AB12 CDE, lives SW1A 1AA")
//    bob:   ESC.01 11-19.5 s, DEE.01 at 26 s, DEE.05 at 30 s (deleted)
//  encounter MPS-24-0398 (Hackney)
//    alice: PAC.G at 5 s
// Live tags: 5, of which 2 intervals.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "review_support.hpp"
#include "review/annotation.hpp"
#include "review/encounter.hpp"
#include "review/workspace.hpp"

inline void makeExportFixture(const std::filesystem::path& db)
{
    auto alice = test_support::signedIn(db, "alice");
    REQUIRE(alice.ok());
    REQUIRE(review::addEncounter(*alice, "MPS-24-0412",
                                 {{"borough", "Lambeth"}, {"date", "2024-04-12"}, {"search_type", "person"},
                                  {"grounds_summary", "Smell of cannabis; Mr Jones gave his number 07700 900123"}})
                .ok());
    REQUIRE(review::addEncounter(*alice, "MPS-24-0398", {{"borough", "Hackney"}}).ok());
    auto tag = [](review::Workspace& ws, const std::string& enc, const std::string& code, int64_t startUs,
                  std::optional<int64_t> endUs, std::string comment = {}) {
        review::NewAnnotation n;
        n.encounterRef = enc;
        n.code = code;
        n.startUs = startUs;
        n.endUs = endUs;
        n.comment = std::move(comment);
        auto added = review::addAnnotation(ws, n);
        REQUIRE(added.ok());
        return added->uuid;
    };
    review::NewAnnotation first;
    first.encounterRef = "MPS-24-0412";
    first.code = "ESC.01";
    first.startUs = 10000000;
    first.endUs = 20000000;
    first.subject = "officer";
    first.intensity = 2;
    first.comment = "raised voice";
    REQUIRE(review::addAnnotation(*alice, first).ok());
    tag(*alice, "MPS-24-0412", "DEE.01", 25000000, std::nullopt, "explained; car AB12 CDE, lives SW1A 1AA");
    tag(*alice, "MPS-24-0398", "PAC.G", 5000000, std::nullopt);
    auto bob = test_support::signedIn(db, "bob");
    REQUIRE(bob.ok());
    tag(*bob, "MPS-24-0412", "ESC.01", 11000000, 19500000);
    tag(*bob, "MPS-24-0412", "DEE.01", 26000000, std::nullopt);
    auto gone = tag(*bob, "MPS-24-0412", "DEE.05", 30000000, std::nullopt);
    REQUIRE(review::deleteAnnotation(*bob, gone).ok());
}
