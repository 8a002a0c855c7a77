// Store throughput with synchronous=FULL on this disk, one transaction per poll-cycle batch, as the daemon commits.
#include "daemon/ingest/multipart_linker.hpp"
#include "daemon/store/store.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

using namespace smsgw;
using namespace smsgw::store;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

ingest::Part make_part(int n) {
    ingest::Part p;
    p.modem = "m" + std::to_string(n % 8);
    p.imei = "35693803564" + std::to_string(1000 + n % 8);
    p.location = n % 250;
    p.sender = "+7701" + std::to_string(1000000 + n % 1800);
    p.smsc_time = "2024-03-01T08:" + std::to_string(10 + n / 60 % 50) + ":" + std::to_string(10 + n % 50);
    p.received_at = std::chrono::system_clock::now();
    p.text = "R " + std::to_string(10000 + n % 9600) + " A" + std::to_string(n % 700) + " B" + std::to_string(n % 500) +
             " C57 X9 T" + std::to_string(n % 900) + " V1226";
    p.coding = "gsm7";
    return p;
}

enum class Work { parts, messages, pipeline };

struct Run {
    double per_second = 0;
    double p50_ms = 0, p99_ms = 0, max_ms = 0;
};

Run run(const std::string& path, Work work, int total, int batch_size) {
    fs::remove(path);
    fs::remove(path + "-wal");
    fs::remove(path + "-shm");
    Store store(path);
    ingest::MultipartLinker linker([] { return std::chrono::system_clock::now(); });
    std::vector<double> latencies;
    int n = 0;
    auto start = Clock::now();
    while (n < total) {
        std::vector<ingest::Part> batch;
        for (int i = 0; i < batch_size && n < total; ++i) batch.push_back(make_part(n++));
        auto t = Clock::now();
        auto r = store.write([&](Transaction& tx) -> Result<int> {
            auto stored = tx.store_parts(batch);
            if (!stored) return stored.error();
            if (work == Work::parts) return 0;
            for (const auto& sp : stored->stored) {
                auto m = linker.add(sp);
                if (!m) continue;
                auto id = tx.record_message(*m);
                if (!id) return id.error();
                if (work == Work::pipeline) {
                    ReportRecord rep;
                    rep.message_id = *id;
                    rep.form = "R";
                    rep.station = std::to_string(10000 + (sp.id % 9600));
                    rep.sender = m->sender;
                    rep.status = Status::accepted;
                    rep.disposition = "new";
                    rep.values_json = R"({"A":312,"B":148,"C":57,"X":9,"T":526,"V":1226})";
                    rep.normalized = m->text;
                    rep.codebook_version = "bench";
                    rep.reference = std::to_string(*id);
                    rep.current = true;
                    auto r = tx.record_report(rep);
                    if (!r) return r.error();
                    auto q = tx.enqueue_reply({.message_id = *id,
                                               .report_id = r->id,
                                               .destination = m->sender,
                                               .text = "OK R " + rep.station + " A312 B148 C57 #" + rep.reference});
                    if (!q) return q.error();
                }
                if (auto p = tx.mark_processed(*id); !p) return p.error();
            }
            return 0;
        });
        if (!r) {
            std::fprintf(stderr, "bench_store: %s\n", r.error().message.c_str());
            std::exit(1);
        }
        latencies.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t).count());
    }
    double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::sort(latencies.begin(), latencies.end());
    Run out;
    out.per_second = total / seconds;
    out.p50_ms = latencies[latencies.size() / 2];
    out.p99_ms = latencies[latencies.size() * 99 / 100];
    out.max_ms = latencies.back();
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    // The database goes where the daemon's would: the real disk, not tmpfs. Override with argv[1].
    fs::path dir = argc > 1 ? fs::path(argv[1]) : fs::temp_directory_path();
    std::string tmpl = (dir / "smsgw-bench-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) {
        std::perror("bench_store: mkdtemp");
        return 1;
    }
    const std::string path = (fs::path(tmpl) / "bench.db").string();
    const int total = 20000, repeats = 3;
    double load[3] = {0, 0, 0};
    getloadavg(load, 3);
    std::printf(
        "bench_store: %d single-part SMS per run, one commit per batch, WAL + synchronous=FULL, in %s\n"
        "(load average %.2f; each line the median of %d runs; a commit's latency is mostly its fsync)\n",
        total, tmpl.c_str(), load[0], repeats);
    struct {
        Work work;
        int batch;
        const char* what;
    } runs[] = {
        {Work::parts, 50, "parts stored (idempotency key, ack-able), batch 50"},
        {Work::messages, 50, "+ linked, message recorded and marked processed, batch 50"},
        {Work::pipeline, 50, "+ report version + reply queued (all pipeline writes), batch 50"},
        {Work::pipeline, 200, "same, batch 200 (a backlog: the poll cycle reads more)"},
    };
    for (const auto& r : runs) {
        std::vector<Run> xs;
        for (int i = 0; i < repeats; ++i) xs.push_back(run(path, r.work, total, r.batch));
        std::sort(xs.begin(), xs.end(), [](const Run& a, const Run& b) { return a.per_second < b.per_second; });
        const Run& x = xs[xs.size() / 2];
        std::printf("  %-66s %7.0f msg/s  commit p50 %5.2f ms  p99 %5.2f ms  (runs %.0f..%.0f)\n", r.what, x.per_second,
                    x.p50_ms, x.p99_ms, xs.front().per_second, xs.back().per_second);
    }
    std::error_code ec;
    fs::remove_all(tmpl, ec);
    return 0;
}
