// End to end on gammu's dummy driver: 1,000 SMS in, the device emptied, each stored once with parse's verdict.
#include "rig.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <sys/wait.h>

using namespace smsgw::e2e;
using namespace std::chrono_literals;

TEST_CASE("dummy device with 1,000 messages: emptied, every message stored once, verdicts and replies as smsgw parse") {
    TempDir dir("dummy");
    const auto device = dir.subdir("device");
    auto t0 = std::chrono::steady_clock::now();
    const Corpus corpus = Corpus::generate(example_codebook, 1000, 2026);
    const int parts = corpus.inject(device);
    MESSAGE(corpus.summary() << "; " << parts << " parts; generated and injected in " << seconds_since(t0) << " s");
    REQUIRE(inbox_files(device) == parts);
    REQUIRE(parts > static_cast<int>(corpus.size()));  // some are multipart

    GatewayConfig cfg = basic_config(dir.path);
    cfg.modems.push_back(ModemSection::dummy("dummy", device));
    cfg.write(dir / "smsgw.toml");
    DaemonProcess daemon(dir / "smsgw.toml", dir / "console.log");
    StoreProbe store(dir / "smsgw.db");

    t0 = std::chrono::steady_clock::now();
    daemon.start();
    REQUIRE_MESSAGE(daemon.wait_ready(30s), daemon.console());
    const bool processed = wait_processed(store, static_cast<std::int64_t>(corpus.size()), 180s);
    const double ingest_s = seconds_since(t0);
    const bool emptied = wait_until(30s, [&] { return inbox_files(device) == 0; });
    MESSAGE(fmt::format("ingested {} messages ({} parts) in {:.1f} s", corpus.size(), parts, ingest_s));
    CHECK(processed);
    CHECK_MESSAGE(emptied, inbox_files(device) << " files left in the dummy inbox");

    const auto status = daemon.terminate(30s);
    CHECK_MESSAGE(describe_status(status) == "exit 0", daemon.console_this_run().substr(0, 4000));

    const CorpusCheck check = check_store(store, corpus, parts);
    CHECK_MESSAGE(check.ok(), check.text());
    MESSAGE(fmt::format("{} replies stored, {} sent before SIGTERM; {} multipart messages", check.replies, check.replies_sent,
                        check.multipart));
    CHECK(check.replies > 0);
    CHECK(check.replies_sent > 0);
    CHECK(check.multipart > 20);
    CHECK_FALSE(check_store(store, corpus, parts + 1).ok());  // the checker itself can fail
    const std::string console = daemon.console();
    CHECK_MESSAGE(error_lines(console) == 0, console.substr(0, 4000));
    CHECK(console.find("stopped") != std::string::npos);
}
