// bench store: how fast tags commit and are read back at a given database size.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <system_error>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/json_text.hpp"
#include "cli/commands.hpp"
#include "cli/review_commands.hpp"
#include "review/annotation.hpp"
#include "review/codebook.hpp"
#include "review/encounter.hpp"

namespace cli {
namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    size_t index = static_cast<size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
    return values[std::min(index, values.size() - 1)];
}

struct BenchFigures {
    int64_t annotations = 0;
    int64_t encounters = 0;
    double commitP50 = 0, commitP99 = 0, commitMax = 0;
    double listEncounter = 0, countByCode = 0;
    int64_t dbBytes = 0;
    double totalS = 0;
};

// Every tag is its own transaction through review::addAnnotation (audit entry, undo step,
// commit with synchronous=FULL): the figures are what a coder pressing a key would wait.
common::Result<BenchFigures> runStoreBench(const std::filesystem::path& folder, int64_t count)
{
    const auto begin = Clock::now();
    auto ws = openScratchWorkspace(folder / "bench.sqlite", "bench");
    if (!ws)
        return ws.error();
    auto book = review::activeCodebook(*ws);
    if (!book)
        return book.error();
    std::vector<const review::Code*> codes;
    for (const review::Code& code : book->codes)
        if (code.isTaggable() && code.values.empty())
            codes.push_back(&code);

    BenchFigures figures;
    figures.annotations = count;
    figures.encounters = std::max<int64_t>(1, count / 200); // ~200 tags an encounter, as a double-coded one
    std::vector<std::string> refs;
    for (int64_t e = 0; e < figures.encounters; ++e) {
        refs.push_back("BENCH-" + std::to_string(e + 1));
        auto added = review::addEncounter(*ws, refs.back());
        if (!added)
            return added.error();
    }

    std::mt19937_64 random(42);
    std::vector<double> commits;
    commits.reserve(static_cast<size_t>(count));
    for (int64_t i = 0; i < count; ++i) {
        review::NewAnnotation tag;
        tag.encounterRef = refs[static_cast<size_t>(i % figures.encounters)];
        const review::Code* code = codes[random() % codes.size()];
        tag.code = code->id;
        tag.startUs = static_cast<int64_t>(random() % (30ULL * 60 * 1000000));
        if (code->isInterval())
            tag.endUs = tag.startUs + static_cast<int64_t>(random() % (20ULL * 1000000));
        tag.subject = "officer";
        auto start = Clock::now();
        auto added = review::addAnnotation(*ws, tag);
        commits.push_back(msSince(start));
        if (!added)
            return added.error();
    }
    figures.commitP50 = percentile(commits, 0.50);
    figures.commitP99 = percentile(commits, 0.99);
    figures.commitMax = commits.empty() ? 0 : *std::max_element(commits.begin(), commits.end());

    std::vector<double> lists;
    for (int run = 0; run < 21; ++run) {
        review::AnnotationFilter filter;
        filter.encounterRef = refs[static_cast<size_t>(run) % refs.size()];
        auto start = Clock::now();
        auto tags = review::listAnnotations(*ws, filter);
        lists.push_back(msSince(start));
        if (!tags)
            return tags.error();
    }
    figures.listEncounter = percentile(lists, 0.5);

    std::vector<double> counts;
    for (int run = 0; run < 7; ++run) {
        auto start = Clock::now();
        auto byCode = review::visibleTagCountsByCode(*ws);
        if (!byCode)
            return byCode.error();
        counts.push_back(msSince(start));
    }
    figures.countByCode = percentile(counts, 0.5);

    if (auto done = ws->db().checkpoint(); !done)
        return done.error();
    std::error_code ec;
    for (const char* suffix : {"", "-wal"}) {
        auto size = std::filesystem::file_size(folder / (std::string("bench.sqlite") + suffix), ec);
        if (!ec)
            figures.dbBytes += static_cast<int64_t>(size);
    }
    figures.totalS = msSince(begin) / 1000.0;
    return figures;
}

} // namespace

void addStoreBench(CLI::App& bench, Context& context)
{
    struct Options {
        int64_t annotations = 10000;
        bool json = false;
    };
    auto options = std::make_shared<Options>();
    CLI::App* cmd = bench.add_subcommand("store", "Tag commit latency and query times on a fresh scratch database");
    cmd->add_option("--annotations", options->annotations, "How many tags to add, one transaction each")
        ->check(CLI::Range(int64_t{1}, int64_t{10000000}));
    cmd->add_flag("--json", options->json, "Figures as JSON");
    cmd->callback([options, &context] {
        std::error_code ec;
        std::string pattern = (std::filesystem::temp_directory_path(ec) / "bwv-bench-store-XXXXXX").string();
        if (!mkdtemp(pattern.data()))
            return fail(context, common::makeError(common::ErrorCode::Io, "cannot make a scratch folder", pattern));
        const std::filesystem::path folder = pattern;
        auto figures = runStoreBench(folder, options->annotations);
        std::filesystem::remove_all(folder, ec);
        if (!figures)
            return fail(context, figures.error());
        const BenchFigures& f = *figures;
        if (options->json) {
            nlohmann::json j = {{"annotations", f.annotations},   {"encounters", f.encounters},
                                {"commit_p50_ms", f.commitP50},   {"commit_p99_ms", f.commitP99},
                                {"commit_max_ms", f.commitMax},   {"list_encounter_ms", f.listEncounter},
                                {"count_by_code_ms", f.countByCode}, {"db_bytes", f.dbBytes},
                                {"total_s", f.totalS}};
            std::printf("%s\n", common::jsonText(j, 2).c_str());
            return;
        }
        std::printf("%lld tags on %lld encounters, one transaction each (%.1f s)\n",
                    static_cast<long long>(f.annotations), static_cast<long long>(f.encounters), f.totalS);
        std::printf("  commit           p50 %.3f ms  p99 %.3f ms  max %.3f ms\n", f.commitP50, f.commitP99, f.commitMax);
        std::printf("  list encounter   %.3f ms\n", f.listEncounter);
        std::printf("  count by code    %.3f ms\n", f.countByCode);
        std::printf("  database         %lld bytes\n", static_cast<long long>(f.dbBytes));
    });
}

} // namespace cli
