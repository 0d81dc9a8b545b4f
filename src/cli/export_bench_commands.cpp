// bench export: time the research CSV export of a synthetic database with N tags.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/exchange_commands.hpp"
#include "cli/review_commands.hpp"
#include "exchange/research_export.hpp"
#include "review/codebook.hpp"
#include "review/encounter.hpp"
#include "review/ids.hpp"
#include "review/workspace.hpp"
#include "store/database.hpp"

namespace cli {
namespace {

double msSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// A scratch database with `count` tags over 100 encounters and 3 coders. The tags are
// inserted with one prepared statement in one transaction (no undo steps, no audit
// entries): this measures the export, not tagging.
common::Status fillDatabase(const std::filesystem::path& file, std::size_t count)
{
    std::vector<std::unique_ptr<review::Workspace>> coders;
    for (const char* name : {"bench-a", "bench-b", "bench-c"}) {
        store::OpenOptions options;
        options.dailyBackup = false;
        auto ws = review::Workspace::open(file, name, options);
        if (!ws)
            return ws.error();
        coders.push_back(std::make_unique<review::Workspace>(std::move(*ws)));
    }
    review::Workspace& ws = *coders[0];
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
    std::vector<int64_t> coderIds;
    for (auto& c : coders) {
        auto tx = c->db().beginWrite();
        if (!tx)
            return tx.error();
        auto id = c->coderId();
        if (!id)
            return id.error();
        coderIds.push_back(*id);
        if (auto done = tx->commit(); !done)
            return done.error();
    }
    auto tx = ws.db().beginWrite();
    if (!tx)
        return tx.error();
    auto insert = ws.db().prepare(
        "INSERT INTO annotation (uuid, encounter_id, codebook_id, code, start_us, end_us, subject, intensity, comment,"
        " coder_id, created_us, changed_us) VALUES (?, (SELECT id FROM encounter WHERE reference = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!insert)
        return insert.error();
    int64_t now = review::nowUs();
    for (std::size_t i = 0; i < count; ++i) {
        const review::Code* c = codes[(i * 7) % codes.size()];
        int64_t start = static_cast<int64_t>((i * 1237) % 3600000) * 1000;
        std::optional<int64_t> end;
        if (c->isInterval())
            end = start + 4500000;
        insert->bindAll(review::newUuid(), "BENCH-" + std::to_string(i % 100), book->dbId, c->id, start, end,
                        i % 3 ? std::optional<std::string>("officer") : std::nullopt,
                        i % 5 ? std::optional<int>(1 + static_cast<int>(i % 3)) : std::nullopt,
                        i % 10 ? std::string() : std::string("calm exchange, explained the grounds"),
                        coderIds[i % coderIds.size()], now, now);
        if (auto done = insert->run(); !done)
            return done.error();
        insert->reset();
    }
    return tx->commit();
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
        if (auto done = fillDatabase(dir / "bench.sqlite", o->annotations); !done) {
            cleanup();
            return fail(context, done.error());
        }
        double fillMs = msSince(started);
        store::OpenOptions options;
        options.dailyBackup = false;
        auto ws = review::Workspace::open(dir / "bench.sqlite", "bench-a", options);
        if (!ws) {
            cleanup();
            return fail(context, ws.error());
        }
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
            nlohmann::json j = {{"annotations", counts->annotations}, {"bytes", bytes}, {"fillMs", fillMs},
                                {"scanMs", scanMs}, {"exportMs", totalMs}};
            std::puts(j.dump(2).c_str());
            return;
        }
        std::printf("research CSV export of %lld tags over 100 encounters (%.1f MB)\n",
                    static_cast<long long>(counts->annotations), static_cast<double>(bytes) / 1e6);
        std::printf("  database filled in %.0f ms\n", fillMs);
        std::printf("  open, pseudonyms and free-text check: %.0f ms (%zu findings)\n", scanMs, notices->size());
        std::printf("  total export (check + write + rename): %.0f ms\n", totalMs);
    });
}

} // namespace cli
