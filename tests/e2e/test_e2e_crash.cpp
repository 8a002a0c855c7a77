// kill -9 of the daemon at random moments while it ingests: afterwards every message stored once, estimates as a clean run's.
#include "rig.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <random>
#include <regex>
#include <sys/wait.h>

using namespace smsgw::e2e;
using namespace std::chrono_literals;

namespace {

std::string estimate_json(const std::filesystem::path& db) {
    auto r = run_command({SMSGW_BINARY, "estimate", "--db", db.string(), "--json"});
    REQUIRE_MESSAGE(r.exited_ok(), "smsgw estimate: " << describe_status(r.status) << "\n" << r.out);
    return r.out;
}

struct Outcome {
    std::string estimates;
    std::vector<std::string> current;
};

// One uninterrupted run of the whole corpus: the reference.
Outcome clean_run(const Corpus& corpus) {
    TempDir dir("clean");
    const auto device = dir.subdir("device");
    const int parts = corpus.inject(device);
    GatewayConfig cfg = basic_config(dir.path);
    cfg.modems.push_back(ModemSection::dummy("dummy", device));
    cfg.write(dir / "smsgw.toml");
    DaemonProcess daemon(dir / "smsgw.toml", dir / "console.log");
    StoreProbe store(dir / "smsgw.db");
    daemon.start();
    REQUIRE(wait_processed(store, static_cast<std::int64_t>(corpus.size()), 180s));
    REQUIRE(wait_until(30s, [&] { return inbox_files(device) == 0; }));
    REQUIRE(describe_status(daemon.terminate(30s)) == "exit 0");
    const auto check = check_store(store, corpus, parts);
    REQUIRE_MESSAGE(check.ok(), check.text());
    return {estimate_json(dir / "smsgw.db"), store.current_reports()};
}

// Injects the corpus in `kills` chunks; before each chunk's run ends it is killed with SIGKILL
// after a random delay (fixed seed), during start-up, resume, ingest, deletes or sends. A last
// run finishes the work and stops with SIGTERM. Then the store must equal a clean run's.
void crash_test(std::size_t messages, int kills, std::uint64_t seed, std::chrono::milliseconds max_delay) {
    const auto t0 = std::chrono::steady_clock::now();
    const Corpus corpus = Corpus::generate(example_codebook, messages, seed, true);
    MESSAGE(corpus.summary());
    const Outcome clean = clean_run(corpus);
    const double clean_s = seconds_since(t0);

    TempDir dir("crash");
    const auto device = dir.subdir("device");
    GatewayConfig cfg = basic_config(dir.path);
    cfg.modems.push_back(ModemSection::dummy("dummy", device));
    cfg.write(dir / "smsgw.toml");
    DaemonProcess daemon(dir / "smsgw.toml", dir / "console.log");
    StoreProbe store(dir / "smsgw.db");

    std::mt19937_64 rng(seed);
    int parts = 0, before_ready = 0, mid_ingest = 0;
    std::size_t injected = 0;
    const auto t1 = std::chrono::steady_clock::now();
    for (int k = 0; k < kills; ++k) {
        const std::size_t upto = messages * static_cast<std::size_t>(k + 1) / static_cast<std::size_t>(kills);
        parts += corpus.inject(device, injected, upto);
        injected = upto;
        daemon.start();
        // Every other kill waits for the ingest to begin (the first part deleted from the device,
        // so a batch was read and committed) and lands within a few milliseconds, among the
        // deletes and the next reads: a chunk takes only tens of milliseconds once the daemon
        // runs, so delays from the start alone would mostly hit start-up or an idle daemon.
        if (k % 2 == 1) {
            const int on_device = inbox_files(device);
            REQUIRE_MESSAGE(wait_until(30s, [&] { return inbox_files(device) < on_device || !daemon.running(); }, 1ms),
                            daemon.console_this_run());
            std::this_thread::sleep_for(std::chrono::microseconds(static_cast<long>(rng() % 3000)));
        } else {
            const auto delay =
                std::chrono::milliseconds(static_cast<long>(rng() % static_cast<std::uint64_t>(max_delay.count())));
            std::this_thread::sleep_for(delay);
        }
        // Cheap looks only, so the kill lands where the delay put it: files still on the device
        // mean ingest (reading, committing or deleting) was not finished.
        const int left = inbox_files(device);
        const bool ready = daemon.console_this_run().find(" ready\n") != std::string::npos;
        REQUIRE_MESSAGE(daemon.running(), "the daemon ended by itself before kill " << k + 1 << ": "
                                              << describe_status(daemon.process().wait(0ms)) << "\n"
                                              << daemon.console_this_run());
        daemon.kill9();
        before_ready += ready ? 0 : 1;
        if (ready && left > 0) ++mid_ingest;
        // Nothing lost at any moment: every part written is still on the device or in the store.
        const auto after = store.counts();
        const int stored_parts = after ? static_cast<int>(after->parts) : 0;
        CHECK_MESSAGE(stored_parts + inbox_files(device) >= parts,
                      fmt::format("after kill {}: {} parts stored + {} on the device < {} written", k + 1, stored_parts,
                                  inbox_files(device), parts));
    }
    parts += corpus.inject(device, injected, messages);
    daemon.start();
    REQUIRE_MESSAGE(daemon.wait_ready(30s), daemon.console_this_run());
    const bool processed = wait_processed(store, static_cast<std::int64_t>(messages), 180s);
    CHECK_MESSAGE(processed, daemon.console_this_run());
    CHECK(wait_until(30s, [&] { return inbox_files(device) == 0; }));
    const auto status = daemon.terminate(30s);
    CHECK_MESSAGE(describe_status(status) == "exit 0", daemon.console_this_run());
    MESSAGE(fmt::format("{} kills survived ({} before ready, {} with messages still to ingest), {} starts, {} messages, {} parts; "
                        "clean run {:.1f} s, crash run {:.1f} s",
                        kills, before_ready, mid_ingest, daemon.starts(), messages, parts, clean_s, seconds_since(t1)));
    CHECK(mid_ingest >= kills / 4);  // the kills really hit work in progress

    const CorpusCheck check = check_store(store, corpus, parts);
    CHECK_MESSAGE(check.ok(), check.text());
    CHECK(store.current_reports() == clean.current);
    CHECK(estimate_json(dir / "smsgw.db") == clean.estimates);
    CHECK(std::regex_search(clean.estimates, std::regex("\"reported\":[1-9]")));  // the estimates have data to compare
}

}  // namespace

TEST_CASE("kill -9 at 20 random moments while ingesting 1,000 messages: all stored once, estimates as a clean run") {
    crash_test(1000, 20, 20261127, 160ms);
}

TEST_CASE("long: kill -9 at 100 random moments while ingesting 3,000 messages") {
    crash_test(3000, 100, 4242, 160ms);
}
