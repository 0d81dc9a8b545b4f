// bench export: time the research CSV export of a synthetic database with N tags.
// bench pii: time the free-text check on texts of N bytes, and of N/10, to show it grows
// in proportion (issue #9).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <iterator>
#include <random>
#include <string>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "common/json_text.hpp"
#include "cli/commands.hpp"
#include "cli/exchange_commands.hpp"
#include "cli/review_commands.hpp"
#include "exchange/pii_scan.hpp"
#include "exchange/pii_words.hpp"
#include "exchange/research_export.hpp"
#include "review/codebook.hpp"
#include "review/encounter.hpp"
#include "review/tag_import.hpp"
#include "review/workspace.hpp"

namespace cli {
namespace {

double msSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// A scratch database with `count` tags over 100 encounters and 3 coders, imported in
// batches through review::importTags (no undo steps, one audit entry a batch): this
// measures the export, not tagging.
common::Status fillDatabase(review::Workspace& ws, std::size_t count)
{
    for (int e = 0; e < 100; ++e)
        if (auto made = review::addEncounter(ws, "BENCH-" + std::to_string(e),
                                             {{"borough", e % 2 ? "Lambeth" : "Hackney"}, {"search_type", "person"}});
            !made)
            return made.error();
    auto book = review::activeCodebook(ws);
    if (!book)
        return book.error();
    std::vector<const review::Code*> codes;
    for (const review::Code& c : book->codes)
        if (c.isTaggable() && c.values.empty())
            codes.push_back(&c);
    const char* coders[] = {"bench-a", "bench-b", "bench-c"};
    constexpr std::size_t kBatch = 20000;
    std::map<std::string, std::vector<review::ImportedTag>> byEncounter;
    for (std::size_t done = 0; done < count;) {
        byEncounter.clear();
        for (std::size_t i = done; i < std::min(count, done + kBatch); ++i) {
            const review::Code* c = codes[(i * 7) % codes.size()];
            review::NewAnnotation tag;
            tag.encounterRef = "BENCH-" + std::to_string(i % 100);
            tag.code = c->id;
            tag.startUs = static_cast<int64_t>((i * 1237) % 3600000) * 1000;
            if (c->isInterval())
                tag.endUs = tag.startUs + 4500000;
            if (i % 3)
                tag.subject = "officer";
            if (i % 5)
                tag.intensity = 1 + static_cast<int>(i % 3);
            if (i % 10 == 0)
                tag.comment = "calm exchange, explained the grounds";
            byEncounter[tag.encounterRef].push_back({coders[i % 3], std::move(tag)});
        }
        for (const auto& [ref, tags] : byEncounter)
            if (auto added = review::importTags(ws, ref, tags, {{"format", "bench"}}); !added)
                return added.error();
        done = std::min(count, done + kBatch);
    }
    return {};
}

// `bytes` bytes of one kind of text for bench pii.
std::string piiBenchText(const std::string& kind, std::size_t bytes)
{
    static const char* const kPanel[] = {
        "PC John Smith 4471 explains the grounds calmly. ",
        "Smell of cannabis; Mr Jones gave his number 07700 900123. ",
        "ESC.02 at 01:10, voice raised for about 10 s; PAC.G given late. ",
        "Vehicle AB12 CDE stopped near SE11 5QY, driver Ahmed Khan searched. ",
        "The officer explained GOWISELY in full and the subject stayed calm. ",
        "chair Jane Doe asked why the camera was switched off at 06:12. ",
    };
    std::string text;
    text.reserve(bytes + 80);
    std::mt19937 random(9);
    std::size_t n = 0;
    while (text.size() < bytes) {
        if (kind == "panel text")
            text += kPanel[n++ % std::size(kPanel)];
        else if (kind == "capitalised words")
            text += n++ % 2 ? "Okafor Adeyemi " : "Mensah Tyrone ";
        else if (kind == "digits and spaces")
            text += std::to_string(random() % 100000) + (random() % 3 ? " " : " - ");
        else if (kind == "x@ then b.")
            text += text.empty() ? "x@" : "b.";
        else
            text += static_cast<char>(random() & 0xff);
    }
    text.resize(bytes);
    return text;
}

int runPiiBench(std::size_t bytes, bool asJson)
{
    if (bytes < 10)
        return reportError(common::makeError(common::ErrorCode::Usage, "bench pii needs --bytes 10 or more"));
    auto started = std::chrono::steady_clock::now();
    const exchange::WordList& words = exchange::WordList::system();
    double loadMs = msSince(started);
    nlohmann::json runs = nlohmann::json::array();
    if (!asJson)
        std::printf("free-text check (word list %s, read in %.0f ms)\n", words.description().c_str(), loadMs);
    for (const char* kind : {"panel text", "capitalised words", "digits and spaces", "x@ then b.", "random bytes"}) {
        double ms[2] = {0, 0};
        std::size_t findings[2] = {0, 0};
        for (int large = 0; large < 2; ++large) {
            std::string text = piiBenchText(kind, large ? bytes : bytes / 10);
            // The best of three: the figures are for the check, not for other processes.
            for (int run = 0; run < 3; ++run) {
                started = std::chrono::steady_clock::now();
                findings[large] = exchange::findPii(text).size();
                double took = msSince(started);
                ms[large] = run == 0 ? took : std::min(ms[large], took);
            }
        }
        double ratio = ms[0] > 0 ? ms[1] / ms[0] : 0;
        runs.push_back({{"text", kind}, {"bytes", bytes}, {"ms", ms[1]}, {"findings", findings[1]},
                        {"tenthBytes", bytes / 10}, {"tenthMs", ms[0]}, {"tenthFindings", findings[0]},
                        {"ratio", ratio}});
        if (!asJson)
            std::printf("  %-18s %9zu B: %8.2f ms (%6.1f MB/s, %zu findings); %zu B: %7.2f ms; ratio %.1f\n", kind,
                        bytes, ms[1], ms[1] > 0 ? static_cast<double>(bytes) / 1e3 / ms[1] : 0.0, findings[1],
                        bytes / 10, ms[0], ratio);
    }
    if (asJson)
        std::puts(common::jsonText(nlohmann::json({{"wordList", words.description()}, {"wordListMs", loadMs}, {"runs", runs}}), 2)
                      .c_str());
    return kExitOk;
}

} // namespace

void addExportBench(CLI::App& app, Context& context)
{
    CLI::App* bench = nullptr;
    for (CLI::App* sub : app.get_subcommands({}))
        if (sub->get_name() == "bench")
            bench = sub;
    if (!bench)
        return;
    struct Options {
        std::size_t annotations = 100000;
        bool json = false;
    };
    auto o = std::make_shared<Options>();
    CLI::App* cmd = bench->add_subcommand("export", "Research CSV export of a synthetic database with N tags");
    cmd->add_option("--annotations", o->annotations, "tags (default 100000)");
    cmd->add_flag("--json", o->json, "Print JSON");
    cmd->callback([o, &context] {
        auto dir = std::filesystem::temp_directory_path() / ("bwv-bench-export-" + std::to_string(::getpid()));
        std::error_code ignored;
        std::filesystem::create_directories(dir, ignored);
        auto cleanup = [&] { std::filesystem::remove_all(dir, ignored); };
        auto started = std::chrono::steady_clock::now();
        auto ws = openScratchWorkspace(dir / "bench.sqlite", "bench-lead");
        if (!ws) {
            cleanup();
            return fail(context, ws.error());
        }
        if (auto done = fillDatabase(*ws, o->annotations); !done) {
            cleanup();
            return fail(context, done.error());
        }
        double fillMs = msSince(started);
        started = std::chrono::steady_clock::now();
        auto source = exchange::ExportSource::open(*ws, {});
        if (!source) {
            cleanup();
            return fail(context, source.error());
        }
        auto notices = source->scanFreeText();
        double scanMs = msSince(started);
        auto counts = exchange::writeResearchCsv(*source, dir / "tags.csv", dir / "tags_encounters.csv");
        double totalMs = msSince(started);
        if (!notices || !counts) {
            cleanup();
            return fail(context, !notices ? notices.error() : counts.error());
        }
        auto bytes = std::filesystem::file_size(dir / "tags.csv", ignored);
        cleanup();
        if (o->json) {
            return printJson({{"annotations", counts->annotations}, {"bytes", bytes}, {"fillMs", fillMs},
                              {"scanMs", scanMs}, {"exportMs", totalMs}});
        }
        std::printf("research CSV export of %lld tags over 100 encounters (%.1f MB)\n",
                    static_cast<long long>(counts->annotations), static_cast<double>(bytes) / 1e6);
        std::printf("  database filled in %.0f ms\n", fillMs);
        std::printf("  open, pseudonyms and free-text check: %.0f ms (%zu findings)\n", scanMs, notices->size());
        std::printf("  total export (check + write + rename): %.0f ms\n", totalMs);
    });

    struct PiiOptions {
        std::size_t bytes = 1000000;
        bool json = false;
    };
    auto p = std::make_shared<PiiOptions>();
    CLI::App* pii = bench->add_subcommand("pii", "Free-text check on N bytes of each kind of text, and on N/10 (best of 3)");
    pii->add_option("--bytes", p->bytes, "bytes (default 1000000)");
    pii->add_flag("--json", p->json, "Print JSON");
    pii->callback([p, &context] { context.exitCode = runPiiBench(p->bytes, p->json); });
}

} // namespace cli
