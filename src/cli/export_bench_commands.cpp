// bench export: time the research CSV export of a synthetic database with N tags.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/exchange_commands.hpp"
#include "cli/review_commands.hpp"
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
}

} // namespace cli
