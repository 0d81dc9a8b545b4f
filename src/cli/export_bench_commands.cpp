// bench export: time the research CSV export of a synthetic database with N tags.
// bench pii: time the free-text check on texts of N bytes, and of N/10, to show it grows
// in proportion (issue #9).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <iterator>
#include <random>
#include <string>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/exchange_commands.hpp"
#include "cli/review_commands.hpp"
#include "exchange/pii_scan.hpp"
#include "exchange/pii_words.hpp"
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
        std::puts(nlohmann::json({{"wordList", words.description()}, {"wordListMs", loadMs}, {"runs", runs}})
                      .dump(2)
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
