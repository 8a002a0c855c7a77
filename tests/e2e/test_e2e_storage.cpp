// The database's disk full or read-only: no SMS deleted from the modem, a loud error, and recovery once fixed.
#include "rig.hpp"
#include "small_filesystem.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <sys/stat.h>
#include <unistd.h>

using namespace smsgw::e2e;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

// Console lines at ERROR level that contain `word`.
int errors_with(const std::string& console, const std::string& word) {
    int n = 0;
    for (auto pos = console.find(" ERROR "); pos != std::string::npos; pos = console.find(" ERROR ", pos + 1)) {
        const auto line = console.substr(pos, console.find('\n', pos) - pos);
        if (line.find(word) != std::string::npos) ++n;
    }
    return n;
}

void chown_tree(const fs::path& root, uid_t uid) {
    REQUIRE(::chown(root.c_str(), uid, uid) == 0);
    for (const auto& e : fs::recursive_directory_iterator(root)) REQUIRE(::chown(e.path().c_str(), uid, uid) == 0);
}

}  // namespace

TEST_CASE("database disk full while running: SMS stay on the device, loud error, all stored once after space is freed") {
    TempDir dir("full");
    SmallFilesystem small(dir / "dbfs", 6u << 20);
    if (!small.mounted()) {
        // Not root here: the read-only test below covers the failing store instead.
        MESSAGE("skipped, cannot mount a tmpfs: " << small.why());
        return;
    }
    const auto device = dir.subdir("device");
    const Corpus corpus = Corpus::generate(example_codebook, 300, 99);
    int parts = corpus.inject(device, 0, 100);
    GatewayConfig cfg = basic_config(dir.path);
    cfg.database = small.path() / "smsgw.db";
    cfg.modems.push_back(ModemSection::dummy("dummy", device));
    cfg.write(dir / "smsgw.toml");
    DaemonProcess daemon(dir / "smsgw.toml", dir / "console.log");
    StoreProbe store(cfg.database);
    daemon.start();
    REQUIRE_MESSAGE(daemon.wait_ready(30s), daemon.console());
    REQUIRE(wait_processed(store, 100, 60s));
    REQUIRE(wait_until(20s, [&] { return inbox_files(device) == 0; }));

    const std::size_t filled = small.fill();
    const int parts_b = corpus.inject(device, 100, 300);
    parts += parts_b;
    const bool loud = daemon.wait_console("disk is full", 20s);
    CHECK_MESSAGE(loud, daemon.console_this_run());
    std::this_thread::sleep_for(2s);  // a few more polls, each refused
    const int full_errors = errors_with(daemon.console(), "full");
    CHECK(full_errors >= 1);
    CHECK_MESSAGE(inbox_files(device) == parts_b, "SMS were deleted although the store could not commit them");
    CHECK(daemon.running());
    const auto during = store.counts();
    REQUIRE(during);
    CHECK(during->messages_processed == 100);

    small.free_up();
    const bool recovered = wait_processed(store, 300, 60s);
    CHECK_MESSAGE(recovered, daemon.console_this_run());
    CHECK(wait_until(30s, [&] { return inbox_files(device) == 0; }));
    // Replies the modem sent while their result could not be written stay 'sending' until a restart
    // queues them again (the monitor then gets them twice): counted here, not asserted.
    const int unrecorded = occurrences(daemon.console(), "recording send result");
    const auto status = daemon.terminate(30s);
    CHECK_MESSAGE(describe_status(status) == "exit 0", daemon.console_this_run());
    const CorpusCheck check = check_store(store, corpus, parts);
    CHECK_MESSAGE(check.ok(), check.text());
    MESSAGE(fmt::format("filled {} KB; {} ERROR lines about the full disk while it lasted; {} messages stored once after recovery; "
                        "{} send results not recorded, {} replies still 'sending' at the end",
                        filled / 1024, full_errors, corpus.size(), unrecorded,
                        store.scalar("SELECT count(*) FROM reply WHERE status = 'sending'")));
}

TEST_CASE("database read-only: no SMS deleted, a clear error, all stored once when writable again") {
    TempDir dir("readonly");
    // Root ignores file modes, so as root the daemon runs as nobody; otherwise as ourselves.
    const uid_t uid = ::geteuid() == 0 ? 65534 : ::geteuid();
    REQUIRE(::chmod(dir.path.c_str(), 0755) == 0);
    const auto data = dir.subdir("data");
    const auto device = dir.subdir("device");
    const Corpus corpus = Corpus::generate(example_codebook, 80, 5);
    int parts = corpus.inject(device, 0, 40);
    chown_tree(data, uid);
    chown_tree(device, uid);
    GatewayConfig cfg = basic_config(dir.path);
    cfg.database = data / "smsgw.db";
    cfg.export_dir = data / "exports";
    cfg.modems.push_back(ModemSection::dummy("dummy", device));
    cfg.write(dir / "smsgw.toml");
    DaemonProcess daemon(dir / "smsgw.toml", dir / "console.log");
    if (uid != ::geteuid()) daemon.run_as(uid);
    StoreProbe store(cfg.database);

    daemon.start();
    REQUIRE_MESSAGE(daemon.wait_ready(30s), daemon.console());
    REQUIRE(wait_processed(store, 40, 60s));
    REQUIRE(wait_until(20s, [&] { return inbox_files(device) == 0; }));
    REQUIRE(describe_status(daemon.terminate(30s)) == "exit 0");

    // The database and its directory read-only, and new SMS waiting.
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(data))
        if (e.is_regular_file()) files.push_back(e.path());
    for (const auto& f : files) REQUIRE(::chmod(f.c_str(), 0444) == 0);
    REQUIRE(::chmod(data.c_str(), 0555) == 0);
    const int parts_b = corpus.inject(device, 40, 80);
    parts += parts_b;
    chown_tree(device, uid);

    daemon.start();
    // Either it refuses to start, or it runs and refuses every commit: both must say so and keep the SMS.
    const auto ended = daemon.process().wait(15s);
    const std::string console = daemon.console_this_run();
    if (ended) {
        CHECK_MESSAGE(describe_status(ended) != "exit 0", console);
        CHECK_MESSAGE(errors_with(console, "database") + errors_with(console, "store") >= 1, console);
    } else {
        CHECK_MESSAGE(error_lines(console) >= 1, console);
        CHECK(describe_status(daemon.terminate(30s)) == "exit 0");
    }
    CHECK_MESSAGE(inbox_files(device) == parts_b, "SMS were deleted although the store is read-only\n" << console);
    MESSAGE("read-only database: " << (ended ? describe_status(ended) : std::string("kept running")) << "; console said:\n"
                                   << console.substr(0, 1500));

    REQUIRE(::chmod(data.c_str(), 0755) == 0);
    for (const auto& f : files) REQUIRE(::chmod(f.c_str(), 0644) == 0);
    daemon.start();
    REQUIRE_MESSAGE(daemon.wait_ready(30s), daemon.console_this_run());
    CHECK(wait_processed(store, 80, 60s));
    CHECK(wait_until(20s, [&] { return inbox_files(device) == 0; }));
    CHECK(describe_status(daemon.terminate(30s)) == "exit 0");
    const CorpusCheck check = check_store(store, corpus, parts);
    CHECK_MESSAGE(check.ok(), check.text());
}
