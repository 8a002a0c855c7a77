// Pipeline throughput: stored + parsed + validated + reported + replied messages per second, synchronous=FULL, daemon batches.
#include "daemon/codebook_io/codebook_dir.hpp"
#include "daemon/pipeline/pipeline.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <unistd.h>

using namespace smsgw;
namespace fs = std::filesystem;
using Steady = std::chrono::steady_clock;

namespace {

// Election-night traffic from the example codebook's own monitors and their stations: the morning
// checklist, results, incidents, and the resends and corrections monitors really send.
struct Traffic {
    std::vector<std::pair<std::string, std::string>> messages;  // sender, text
};

std::string results_text(const Station& st, int variant) {
    // Valid for the R form: sum(options) + X == T <= registered, turnout under the warning line.
    const std::int64_t cast = st.registered * (55 + variant % 20) / 100;
    std::int64_t left = cast;
    const std::int64_t invalid = cast / 50;
    left -= invalid;
    std::string text = "R " + st.code;
    const char tags[] = "ABCDEFGH";
    for (int i = 0; i < 8; ++i) {
        std::int64_t v = i == 7 ? left : left * (30 - 3 * i + variant % 3) / 100;
        left -= v;
        text += ' ';
        text += tags[i];
        text += std::to_string(v);
    }
    return text + " X" + std::to_string(invalid) + " T" + std::to_string(cast);
}

Traffic make_traffic(const Codebook& cb, std::size_t total) {
    struct Assigned {
        const Monitor* monitor;
        const Station* station;
    };
    std::vector<Assigned> pairs;
    for (const Monitor& m : cb.monitors)
        for (std::uint32_t s : m.stations) pairs.push_back({&m, &cb.stations[s]});
    Traffic t;
    std::uint64_t state = 42;
    auto rnd = [&state](std::uint64_t n) {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        return (state >> 33) % n;
    };
    // Rounds over every monitor's stations: checklist, results, then the odd incident, resend or
    // correction, until `total` messages.
    for (int round = 0; t.messages.size() < total; ++round) {
        for (const auto& [m, st] : pairs) {
            if (t.messages.size() >= total) break;
            std::string text;
            if (round == 0) text = "S " + st->code + " A0730 B1 C1 D1 E2 F3 H1";
            else if (round == 1) text = results_text(*st, 0);
            else {
                auto r = rnd(100);
                if (r < 40) text = results_text(*st, 0);                            // resend: duplicate
                else if (r < 60) text = results_text(*st, static_cast<int>(round));  // correction
                else text = "N " + st->code + " " + std::to_string(1 + rnd(4)) + " @ round " + std::to_string(round);
            }
            t.messages.emplace_back(m->phone, std::move(text));
        }
    }
    return t;
}

struct Run {
    double per_second = 0;
    double p50_ms = 0, p99_ms = 0, max_ms = 0;
    std::size_t messages = 0, replies = 0;
    std::map<std::string, std::size_t> dispositions;
};

Run run(const fs::path& dir, const CodebookInUse& cb, const Traffic& traffic, std::size_t count, std::size_t batch_size) {
    const fs::path db = dir / "bench.db";
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
    store::Store store(db.string());
    QuickCount qc(cb.codebook);
    Pipeline pipeline(store, qc, cb, {}, [] { return std::chrono::system_clock::now(); });
    if (!pipeline.resume()) std::exit(1);

    std::vector<double> latencies;
    Run out;
    std::uint64_t batch_id = 0;
    const auto start = Steady::now();
    for (std::size_t i = 0; i < count; i += batch_size) {
        ReceivedBatch batch{"sim" + std::to_string(batch_id % 4), batch_id, {}, {}};
        ++batch_id;
        for (std::size_t j = i; j < std::min(i + batch_size, count); ++j) {
            ReceivedPart p;
            p.modem = batch.modem;
            p.imei = "35693803564100" + std::to_string(batch_id % 4);
            p.location = static_cast<int>(j % 250);
            p.sender = traffic.messages[j].first;
            p.smsc_time = "2026-11-29T20:" + std::to_string(10 + j / 3000 % 50) + ":" + std::to_string(j % 3000);
            p.received_at = std::chrono::system_clock::now();
            p.text = traffic.messages[j].second;
            p.coding = "gsm7";
            batch.parts.push_back(std::move(p));
        }
        const auto t = Steady::now();
        auto r = pipeline.ingest(batch);
        latencies.push_back(std::chrono::duration<double, std::milli>(Steady::now() - t).count());
        if (!r.ack.committed) {
            std::fprintf(stderr, "batch %llu failed: %s\n", static_cast<unsigned long long>(batch.batch_id),
                         r.error ? r.error->message.c_str() : "?");
            std::exit(1);
        }
        out.messages += r.outcomes.size();
        for (const auto& o : r.outcomes) {
            out.replies += o.reply_id ? 1 : 0;
            ++out.dispositions[std::string(to_string(o.disposition))];
        }
    }
    const double seconds = std::chrono::duration<double>(Steady::now() - start).count();
    std::sort(latencies.begin(), latencies.end());
    out.per_second = static_cast<double>(out.messages) / seconds;
    out.p50_ms = latencies[latencies.size() / 2];
    out.p99_ms = latencies[latencies.size() * 99 / 100];
    out.max_ms = latencies.back();
    auto sync = store.pragma("synchronous");
    auto journal = store.journal_mode();
    if (!sync || *sync != 2 || !journal || *journal != "wal") {
        std::fprintf(stderr, "the store is not in WAL mode with synchronous=FULL\n");
        std::exit(1);
    }
    return out;
}

}  // namespace

// bench_pipeline [MESSAGES] [DIR]: DIR defaults to a fresh directory in the temporary directory;
// give one on the disk the daemon's database will live on if that is another (never a tmpfs).
int main(int argc, char** argv) {
    const std::size_t total = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 20000;
    const fs::path dir = argc > 2 ? fs::path(argv[2]) : fs::temp_directory_path() / ("smsgw-bench-pipeline-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    LoadResult loaded = load_codebook_dir(fs::path(SMSGW_SOURCE_DIR) / "codebooks" / "example");
    if (!loaded.ok()) {
        std::fprintf(stderr, "example codebook does not load\n");
        return 1;
    }
    CodebookInUse cb{loaded.codebook, "example"};
    const Traffic traffic = make_traffic(*cb.codebook, total);
    std::printf("pipeline: %zu messages from %zu monitors of codebooks/example, synchronous=FULL, WAL, on %s\n",
                traffic.messages.size(), cb.codebook->monitors.size(), dir.c_str());
    std::printf("%6s %12s %9s %9s %9s %9s %8s  %s\n", "batch", "messages/s", "p50 ms", "p99 ms", "max ms", "messages",
                "replies", "dispositions (replies beyond 10 per phone and hour are skipped)");
    for (std::size_t batch : {1, 10, 50, 200}) {
        // Small batches fsync per message or so: fewer of them, or the run takes minutes.
        Run r = run(dir, cb, traffic, std::min(traffic.messages.size(), batch * 500), batch);
        std::printf("%6zu %12.0f %9.2f %9.2f %9.2f %9zu %8zu ", batch, r.per_second, r.p50_ms, r.p99_ms, r.max_ms,
                    r.messages, r.replies);
        for (const auto& [d, n] : r.dispositions) std::printf(" %s %zu", d.c_str(), n);
        std::printf("\n");
    }
    // A directory given on the command line is kept: its bench.db (the last run's) is a database of
    // `total` realistic messages, e.g. for timing `smsgw status` against it.
    if (argc <= 2) fs::remove_all(dir);
    return 0;
}
