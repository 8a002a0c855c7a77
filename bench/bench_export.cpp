// Export cost: an election night of N messages through the pipeline, then the tables, their CSVs and the workbook timed.
#include "daemon/codebook_io/codebook_dir.hpp"
#include "daemon/quickcount/counting_rule.hpp"
#include "daemon/export/export_snapshot.hpp"
#include "daemon/export/export_tables.hpp"
#include "daemon/export/exporter.hpp"
#include "daemon/export/xlsx_workbook.hpp"
#include "daemon/pipeline/pipeline.hpp"
#include "tests/unit/example_traffic.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

using namespace smsgw;
namespace fs = std::filesystem;
using Steady = std::chrono::steady_clock;

namespace {

double since(Steady::time_point t) { return std::chrono::duration<double>(Steady::now() - t).count(); }

long peak_rss_mb() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss / 1024;
}

// The example codebook's traffic mix (test::ExampleTraffic), stored as the daemon stores it.
void fill(const fs::path& db, const CodebookInUse& cb, std::size_t count) {
    store::Store store(db.string());
    QuickCount qc(cb.codebook);
    Pipeline pipeline(store, qc, cb, {}, [] { return std::chrono::system_clock::now(); });
    if (!pipeline.resume()) std::exit(1);
    test::ExampleTraffic traffic(*cb.codebook, 2026);
    std::uint64_t batch_id = 0;
    for (std::size_t i = 0; i < count; i += 50) {
        ReceivedBatch batch{"sim" + std::to_string(batch_id % 4), batch_id, {}, {}};
        ++batch_id;
        for (std::size_t j = i; j < std::min(i + 50, count); ++j) {
            auto m = traffic.next();
            ReceivedPart p;
            p.modem = batch.modem;
            p.imei = "356938035641001";
            p.location = static_cast<int>(j % 250);
            p.sender = m.sender.empty() ? "+77000000000" : m.sender;
            p.smsc_time = "2026-11-29T20:00:00";
            p.received_at = std::chrono::system_clock::now();
            p.text = m.text;
            p.coding = "gsm7";
            batch.parts.push_back(std::move(p));
        }
        if (!pipeline.ingest(batch).ack.committed) {
            std::fprintf(stderr, "batch %zu failed\n", i / 50);
            std::exit(1);
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::size_t> counts;
    for (int i = 1; i < argc; ++i) counts.push_back(std::strtoul(argv[i], nullptr, 10));
    if (counts.empty()) counts = {2000, 40000};
    LoadResult loaded = load_codebook_dir(fs::path(SMSGW_SOURCE_DIR) / "codebooks" / "example");
    if (!loaded.ok()) {
        std::fprintf(stderr, "example codebook does not load\n");
        return 1;
    }
    const CodebookInUse cb{loaded.codebook, "example"};
    const fs::path dir = fs::temp_directory_path() / ("smsgw-bench-export-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    for (std::size_t count : counts) {
        const fs::path db = dir / ("n" + std::to_string(count) + ".db");
        auto t = Steady::now();
        fill(db, cb, count);
        std::printf("export of %zu messages (codebooks/example, %zu stations): stored in %.1f s\n", count,
                    cb.codebook->stations.size(), since(t));

        // The pieces of write_export, timed apart: the tables, then the workbook alone.
        store::StoreReader reader(db.string());
        t = Steady::now();
        auto snapshot = exports::read_export_snapshot(reader);
        if (!snapshot) return 1;
        QuickCount qc(cb.codebook);
        count_current_reports(qc, snapshot->current);
        const exports::ExportData data{*cb.codebook, *snapshot, qc, {}, std::chrono::system_clock::now()};
        std::vector<exports::CsvWriter> tables;
        std::size_t csv_bytes = 0, rows = 0;
        for (const auto& table : exports::export_tables) {
            tables.push_back(table.build(data));
            csv_bytes += tables.back().str().size();
            rows += tables.back().rows();
        }
        const double tables_s = since(t);
        std::vector<exports::WorkbookSheet> sheets;
        for (std::size_t i = 0; i < tables.size(); ++i) {
            std::string name = exports::export_tables[i].file;
            sheets.push_back({name.substr(0, name.rfind(".csv")), &tables[i], exports::export_tables[i].columns});
        }
        t = Steady::now();
        if (auto e = exports::write_workbook(dir / "bench.xlsx", dir, "bench", data.now, sheets)) {
            std::fprintf(stderr, "%s\n", e->c_str());
            return 1;
        }
        const double workbook_s = since(t);
        std::printf("  snapshot + tables: %.2f s, %zu rows, CSVs %.1f KB\n", tables_s, rows, csv_bytes / 1024.0);
        std::printf("  workbook: %.2f s, %.1f KB (peak RSS of the process so far %ld MB)\n", workbook_s,
                    fs::file_size(dir / "bench.xlsx") / 1024.0, peak_rss_mb());

        // The whole export as the daemon runs it (store read, files, workbook, fsyncs, rename).
        t = Steady::now();
        exports::ExportSource src{cb.codebook, "example"};
        auto r = exports::write_export(reader, src, {}, dir / "out", data.now);
        if (!r.ok) {
            std::fprintf(stderr, "%s\n", r.error.c_str());
            return 1;
        }
        std::printf("  write_export in all: %.2f s\n", since(t));
    }
    if (std::getenv("SMSGW_BENCH_KEEP"))
        std::printf("kept %s (the databases, for e.g. /usr/bin/time smsgw export)\n", dir.c_str());
    else
        fs::remove_all(dir);
}
