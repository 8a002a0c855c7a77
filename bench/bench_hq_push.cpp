// HQ push: rows/s into a local PostgreSQL, the lag while the link is up, and ingest speed with the push off and on.
#include "../tests/e2e/pg_server.hpp"
#include "daemon/codebook_io/codebook_dir.hpp"
#include "daemon/hq/hq_push_batch.hpp"
#include "daemon/hq/hq_push_worker.hpp"
#include "daemon/hq/hq_schema.hpp"
#include "daemon/pipeline/pipeline.hpp"

#include <boost/asio/io_context.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include <unistd.h>

using namespace smsgw;
namespace fs = std::filesystem;
using Steady = std::chrono::steady_clock;

namespace {

// One results SMS per (monitor, station) pair of the example codebook, round after round (later
// rounds are resends: duplicates, stored as report versions all the same).
std::vector<std::pair<std::string, std::string>> traffic(const Codebook& cb, std::size_t total) {
    std::vector<std::pair<std::string, std::string>> out;
    while (out.size() < total)
        for (const Monitor& m : cb.monitors)
            for (std::uint32_t s : m.stations) {
                if (out.size() >= total) break;
                const Station& st = cb.stations[s];
                const std::int64_t cast = st.registered * 6 / 10, invalid = cast / 50, valid = cast - invalid;
                std::int64_t left = valid;
                std::string text = "R " + st.code;
                for (int i = 0; i < 8; ++i) {
                    const std::int64_t v = i == 7 ? left : left * (30 - 3 * i) / 100;
                    left -= v;
                    text += " " + std::string(1, "ABCDEFGH"[i]) + std::to_string(v);
                }
                out.emplace_back(m.phone, text + " X" + std::to_string(invalid) + " T" + std::to_string(cast));
            }
    return out;
}

struct Gateway {
    fs::path db;
    std::unique_ptr<store::Store> store;
    std::unique_ptr<QuickCount> qc;
    std::unique_ptr<Pipeline> pipeline;
    std::uint64_t batch_id = 0;
    std::size_t next = 0;

    Gateway(const fs::path& path, const CodebookInUse& cb, const std::string& hq_id) : db(path) {
        for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
        store = std::make_unique<store::Store>(db.string());
        if (!hq_id.empty() && !store->write([&](store::Transaction& tx) { return tx.enable_hq_push(hq_id); })) std::exit(1);
        qc = std::make_unique<QuickCount>(cb.codebook);
        pipeline = std::make_unique<Pipeline>(*store, *qc, cb, PipelineOptions{}, [] { return std::chrono::system_clock::now(); });
        if (!pipeline->resume()) std::exit(1);
    }
    // One batch of `n` messages as a modem poll hands them over.
    void ingest(const std::vector<std::pair<std::string, std::string>>& t, std::size_t n) {
        ReceivedBatch batch{"sim1", ++batch_id, {}, {}};
        for (std::size_t k = 0; k < n && next < t.size(); ++k, ++next) {
            ReceivedPart p;
            p.modem = "sim1";
            p.imei = "356938035641001";
            p.location = static_cast<int>(next % 250);
            p.sender = t[next].first;
            // A second of its own per SMS: the same time twice would make a resend a redelivery.
            const std::size_t sec = next % (4 * 3600);
            char when[32];
            std::snprintf(when, sizeof when, "2026-11-29T%02zu:%02zu:%02zu+05:00", 18 + sec / 3600, sec / 60 % 60, sec % 60);
            p.smsc_time = when;
            p.received_at = std::chrono::system_clock::now();
            p.text = t[next].second;
            p.coding = "gsm7";
            batch.parts.push_back(std::move(p));
        }
        if (!pipeline->ingest(batch).ack.committed) std::exit(1);
    }
};

double ingest_rate(Gateway& g, const std::vector<std::pair<std::string, std::string>>& t, const std::function<void()>& each = {}) {
    const auto start = Steady::now();
    while (g.next < t.size()) {
        g.ingest(t, 50);
        if (each) each();
    }
    return static_cast<double>(t.size()) / std::chrono::duration<double>(Steady::now() - start).count();
}

}  // namespace

// bench_hq_push [MESSAGES]: needs Debian's postgresql (started here in a temporary directory).
int main(int argc, char** argv) {
    if (auto why = e2e::PgServer::missing(); !why.empty()) {
        std::printf("bench_hq_push: skipped: %s\n", why.c_str());
        return 0;
    }
    const std::size_t total = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 20000;
    const fs::path dir = fs::temp_directory_path() / ("smsgw-bench-hq-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    LoadResult loaded = load_codebook_dir(fs::path(SMSGW_SOURCE_DIR) / "codebooks" / "example");
    if (!loaded.ok()) return 1;
    const CodebookInUse cb{loaded.codebook, "example"};
    const auto t = traffic(*cb.codebook, total);
    e2e::PgServer pg;
    pg.start();
    pg.create_database("hq");
    const std::string conninfo = pg.conninfo("hq");

    // 1. Ingest with the push off, with the outbox on, with the outbox on and the worker pushing.
    Gateway off(dir / "off.db", cb, "");
    const double rate_off = ingest_rate(off, t);
    Gateway queued(dir / "queued.db", cb, "queued");
    const double rate_queued = ingest_rate(queued, t);
    boost::asio::io_context io;
    Logger log(LogLevel::warning, stderr);
    Gateway live(dir / "live.db", cb, "");
    HqConfig hq{conninfo, "live", 0};
    hq::HqPushWorker worker(io, log, *live.store, hq);
    worker.start();
    const double rate_live = ingest_rate(live, t, [&] {
        worker.poke();
        io.poll();
    });
    std::printf("ingest (pipeline, batches of 50, %zu messages): push off %.0f msg/s; outbox on %.0f msg/s; "
                "outbox on and pushing %.0f msg/s\n",
                t.size(), rate_off, rate_queued, rate_live);

    // 2. Push throughput: the queued gateway's whole outbox, batches as the worker sends them.
    {
        hq::PgConnection conn(conninfo);
        if (!conn.connect() || !hq::ensure_hq_schema(conn).empty()) return 1;
        store::StoreReader reader(queued.db.string());
        auto state = reader.hq_push_state();
        const std::string key = hq::database_key(**state);
        std::int64_t entries = 0;
        const auto start = Steady::now();
        for (;;) {
            auto o = hq::push_batch(conn, reader, "queued", key, hq::PushTimings{}.batch);
            if (!o.error.empty()) {
                std::printf("push failed: %s\n", o.error.c_str());
                return 1;
            }
            entries += o.entries;
            if (!o.more) break;
        }
        const double s = std::chrono::duration<double>(Steady::now() - start).count();
        const auto reports = std::stoll(pg.query("SELECT count(*) FROM smsgw.report WHERE gateway_id = 'queued'", "hq"));
        std::printf("push throughput: %lld report rows (%lld rows in all) in %.2f s: %.0f report rows/s, %.0f rows/s\n",
                    static_cast<long long>(reports), static_cast<long long>(entries), s, reports / s, entries / s);
    }

    // 3. Lag while the link is up: 100 msg/s for 10 s through the real worker; HQ's commit time
    //    minus the report's own time, per report.
    Gateway paced(dir / "paced.db", cb, "");
    HqConfig hq2{conninfo, "paced", 0};
    hq::HqPushWorker paced_worker(io, log, *paced.store, hq2);
    paced_worker.start();
    const auto t2 = traffic(*cb.codebook, 1000);
    const auto start = Steady::now();
    for (int k = 0; paced.next < t2.size(); ++k) {
        paced.ingest(t2, 5);
        paced_worker.poke();
        io.poll();
        std::this_thread::sleep_until(start + std::chrono::milliseconds(50 * (k + 1)));
    }
    for (int i = 0; i < 100 && std::stoll(pg.query("SELECT count(*) FROM smsgw.report WHERE gateway_id = 'paced'", "hq")) <
                                   static_cast<long long>(t2.size());
         ++i) {
        io.poll();
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    const std::string lag = pg.query(
        "SELECT count(*), round(percentile_cont(0.5) WITHIN GROUP (ORDER BY l)::numeric, 3), "
        "round(percentile_cont(0.99) WITHIN GROUP (ORDER BY l)::numeric, 3), round(max(l)::numeric, 3) FROM "
        "(SELECT extract(epoch FROM received_at_hq) - created_at / 1000.0 AS l FROM smsgw.report WHERE gateway_id = 'paced') x",
        "hq");
    std::printf("lag while the link is up (100 msg/s, reports: count|p50 s|p99 s|max s): %s\n", lag.c_str());
    worker.stop();
    paced_worker.stop();
    fs::remove_all(dir);
    return 0;
}
