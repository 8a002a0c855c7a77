// Benchmark of report.html: render time and size for the reference election's night, and what it adds to an export.
#include "daemon/codebook_io/codebook_dir.hpp"
#include "daemon/status/estimate_from_store.hpp"
#include "daemon/export/export_snapshot.hpp"
#include "daemon/export/exporter.hpp"
#include "daemon/export/report_file.hpp"
#include "daemon/report/report_html.hpp"
#include "daemon/takes/take_builder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

using namespace smsgw;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {

struct Lcg {
    std::uint64_t s;
    std::uint64_t next() { return (s = s * 6364136223846793005ull + 1442695040888963407ull) >> 33; }
};

template <class F>
double median_ms(int runs, F&& f) {
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = Clock::now();
        f();
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}

// The example codebook's night without a daemon: every sampled station's results in random order,
// a take every 50 counted, as take_every_reports = 50 would have it.
void synthetic() {
    auto loaded = load_codebook_dir(fs::path(SMSGW_SOURCE_DIR) / "codebooks" / "example");
    if (!loaded.ok()) throw std::runtime_error("codebooks/example does not load");
    const Codebook& cb = *loaded.codebook;
    QuickCount qc(loaded.codebook);
    struct Result {
        std::uint32_t station;
        const Form* form;
    };
    std::vector<Result> results;
    for (const Station& s : cb.stations)
        if (s.sampled)
            for (const Form& f : cb.forms)
                if (f.kind == FormKind::results) results.push_back({s.index, &f});
    Lcg rng{2026};
    for (std::size_t i = results.size(); i > 1; --i) std::swap(results[i - 1], results[rng.next() % i]);
    std::vector<store::Take> takes;
    std::size_t counted = 0;
    for (const Result& r : results) {
        std::vector<TagValue> v;
        std::int64_t sum = 0;
        std::vector<std::string> tags = r.form->option_tags;
        if (r.form->options_from_candidates)
            for (const Candidate& c : cb.candidates_in(cb.stations[r.station].district)) tags.push_back(c.tag);
        for (std::size_t k = 0; k < tags.size(); ++k) {
            const std::int64_t n = static_cast<std::int64_t>(rng.next() % (600 / (k + 1)));
            v.push_back({tags[k], n, -1});
            sum += n;
        }
        v.push_back({r.form->invalid_tag, 10, -1});
        v.push_back({r.form->cast_tag, sum + 10, -1});
        if (qc.set_result(r.station, r.form->code, v) == QuickCount::Outcome::counted && ++counted % 50 == 0) {
            store::Take t = make_take(qc.estimate(), qc.progress(), store::TakeTrigger::reports, 50,
                                      std::chrono::system_clock::now(), "bench");
            t.number = static_cast<std::int64_t>(takes.size() + 1);
            takes.push_back(std::move(t));
        }
    }
    report::ReportInput in;
    in.election_id = cb.election.id;
    in.election_name = cb.election.name;
    in.created_utc = "2026-03-01T23:00:00Z";
    in.estimates = qc.estimate();
    in.progress = qc.progress();
    in.takes = takes;
    for (const Region& r : cb.regions) in.region_names[r.id] = r.name;
    std::string html;
    const double ms = median_ms(20, [&] { html = report::render_report(in); });
    fmt::print("report.html, example codebook, {} results counted, {} takes, {} targets: {} bytes, render {:.2f} ms "
               "(median of 20)\n",
               counted, takes.size(), in.estimates.contests.size(), html.size(), ms);
}

// A real database (e.g. the demo's): the whole export, and the page alone, from the same snapshot.
void from_database(const std::string& db) {
    auto reader = open_store_reader(db);
    StoreCount count = count_from_store(*reader);
    auto snapshot = exports::read_export_snapshot(*reader);
    if (!snapshot) throw std::runtime_error(snapshot.error().message);
    const exports::ExportData data{*count.codebook.codebook, *snapshot, count.quick_count, {}, std::chrono::system_clock::now()};
    std::string html;
    const double page = median_ms(10, [&] { html = exports::report_html(data, count.codebook.version, nullptr); });
    const fs::path out = fs::temp_directory_path() / fmt::format("smsgw-bench-report-{}", getpid());
    exports::ExportSource source{count.codebook.codebook, count.codebook.version};
    const double whole = median_ms(5, [&] {
        auto r = exports::write_export(*reader, source, {.bom = true, .phones = false, .keep = 1}, out,
                                       std::chrono::system_clock::now());
        if (!r.ok) throw std::runtime_error(r.error);
    });
    std::error_code ec;
    fs::remove_all(out, ec);
    fmt::print("{}: {} takes; report.html {} bytes, render {:.2f} ms; whole export {:.2f} ms (median of 5), the page "
               "{:.1f}% of it\n",
               db, snapshot->takes.size(), html.size(), page, whole, 100 * page / whole);
}

}  // namespace

int main(int argc, char** argv) {
    synthetic();
    for (int i = 1; i + 1 < argc; ++i)
        if (std::string(argv[i]) == "--db") from_database(argv[i + 1]);
    return 0;
}
