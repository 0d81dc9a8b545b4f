#pragma once

#include "exchange/eaf_document.hpp"

// A small EAF that uses everything the model holds: two coders with one tier each, a
// controlled vocabulary, alignable and reference annotations under all four constraints,
// unaligned time slots, languages, a locale and external references.
inline exchange::EafDocument makeFixtureDocument()
{
    using namespace exchange;
    EafDocument doc;
    doc.author = "bwv-review tests";
    doc.date = "2026-11-22T05:00:00Z";
    doc.licenses.push_back({"https://example.org/licence", "Test data, no footage"});
    doc.media.push_back({"file:///footage/encounter-17.mp4", "video/mp4", "./encounter-17.mp4", 1200, ""});
    doc.linkedFiles.push_back({"file:///footage/encounter-17.wav", "audio/x-wav", "", std::nullopt, ""});
    doc.properties.push_back({"bwv-review:encounter", "E-17"});
    doc.timeSlots = {{"ts1", 1000}, {"ts2", 4000}, {"ts3", std::nullopt}, {"ts4", std::nullopt},
                     {"ts5", 7000}, {"ts6", 2000}, {"ts7", 2500}, {"ts8", 8000}, {"ts9", 9000}};
    doc.languages = {{"eng", "http://cdb.iso.org/lg/CDB-00138502-001", "English (eng)"}};
    doc.locales = {{"en", "GB", ""}};
    doc.externalRefs = {{"er1", "resource_url", "https://example.org/codebook#ESC.01"}};
    EafControlledVocabulary cv;
    cv.id = "scrutiny";
    cv.descriptions.push_back({"eng", "Default scrutiny codebook", ""});
    cv.entries.push_back({"ESC.01", "er1", {{"eng", "ESC.01", "Officer raises voice"}}});
    cv.entries.push_back({"DEE.01", "", {{"eng", "DEE.01", "Plain-language explanation"}}});
    doc.vocabularies.push_back(cv);
    doc.linguisticTypes = {
        {"codes", EafConstraint::None, true, false, "scrutiny", "", ""},
        {"phases", EafConstraint::TimeSubdivision, true, false, "", "", ""},
        {"moments", EafConstraint::IncludedIn, true, false, "", "", ""},
        {"words", EafConstraint::SymbolicSubdivision, false, false, "", "", ""},
        {"comments", EafConstraint::SymbolicAssociation, false, false, "", "", ""},
    };
    EafTier a;
    a.id = "coder-A";
    a.linguisticTypeRef = "codes";
    a.participant = "encounter E-17";
    a.annotator = "coder A";
    a.defaultLocale = "en";
    a.languageRef = "eng";
    EafAnnotation a1;
    a1.id = "a1";
    a1.timeSlot1 = "ts1";
    a1.timeSlot2 = "ts5";
    a1.value = "ESC.01";
    a1.cveRef = "ESC.01";
    a1.extRef = "er1";
    a.annotations.push_back(a1);
    EafAnnotation a2;
    a2.id = "a2";
    a2.timeSlot1 = "ts8";
    a2.timeSlot2 = "ts9";
    a2.value = "DEE.01 \"quoted\" & <escaped>";
    a.annotations.push_back(a2);
    doc.tiers.push_back(a);

    EafTier phases;
    phases.id = "coder-A phases";
    phases.linguisticTypeRef = "phases";
    phases.parentRef = "coder-A";
    phases.annotator = "coder A";
    for (auto [id, s1, s2] : {std::tuple{"a3", "ts1", "ts2"}, std::tuple{"a4", "ts2", "ts3"},
                              std::tuple{"a5", "ts3", "ts4"}, std::tuple{"a6", "ts4", "ts5"}}) {
        EafAnnotation p;
        p.id = id;
        p.timeSlot1 = s1;
        p.timeSlot2 = s2;
        p.value = std::string("phase ") + id;
        phases.annotations.push_back(p);
    }
    doc.tiers.push_back(phases);

    EafTier moments;
    moments.id = "coder-A moments";
    moments.linguisticTypeRef = "moments";
    moments.parentRef = "coder-A";
    EafAnnotation m1;
    m1.id = "a7";
    m1.timeSlot1 = "ts6";
    m1.timeSlot2 = "ts7";
    m1.value = "raised hand";
    moments.annotations.push_back(m1);
    doc.tiers.push_back(moments);

    EafTier words;
    words.id = "coder-A words";
    words.linguisticTypeRef = "words";
    words.parentRef = "coder-A";
    for (auto [id, prev, value] : {std::tuple{"a8", "", "you"}, std::tuple{"a9", "a8", "are"},
                                   std::tuple{"a10", "a9", "detained"}}) {
        EafAnnotation w;
        w.id = id;
        w.alignable = false;
        w.annotationRef = "a1";
        w.previousAnnotation = prev;
        w.value = value;
        words.annotations.push_back(w);
    }
    doc.tiers.push_back(words);

    EafTier comments;
    comments.id = "coder-A comments";
    comments.linguisticTypeRef = "comments";
    comments.parentRef = "coder-A";
    EafAnnotation c1;
    c1.id = "a11";
    c1.alignable = false;
    c1.annotationRef = "a2";
    c1.value = "said calmly";
    comments.annotations.push_back(c1);
    doc.tiers.push_back(comments);

    EafTier b;
    b.id = "coder-B";
    b.linguisticTypeRef = "codes";
    b.annotator = "coder B";
    EafAnnotation b1;
    b1.id = "a12";
    b1.timeSlot1 = "ts6";
    b1.timeSlot2 = "ts5";
    b1.value = "ESC.01";
    b.annotations.push_back(b1);
    doc.tiers.push_back(b);
    return doc;
}
