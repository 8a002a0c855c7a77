// `smsgw run`: the daemon's components started in a fixed order on one event loop, stopped in reverse.
#pragma once

#include "daemon/config/config.hpp"
#include "daemon/console/logger.hpp"
#include "daemon/store/store.hpp"

#include <chrono>
#include <memory>

namespace smsgw {

// What tests vary; `smsgw run` uses the defaults.
struct DaemonOptions {
    // e.g. the fault-injecting VFS. The short busy timeout is what keeps another process's lock from
    // stopping the event loop: a store call waits at most this long, then fails like a full disk
    // would (nothing acknowledged, the SMS read again at the next poll) and the loop turns on.
    store::StoreOptions store{.busy_timeout_ms = 250};
    std::chrono::seconds store_reminder{60};        // while the database cannot be written
    // PRAGMA wal_checkpoint(TRUNCATE) this often: SQLite's own automatic checkpoints never reset
    // the WAL while readers (status, watch, export) keep arriving, and it grew past 200 MB in a
    // night's peak; the truncating one waits (the short busy timeout) for the readers of the moment.
    std::chrono::seconds wal_checkpoint_every{15};
    // The binary that runs `modem-process` for each modem: this program itself, normally; a test
    // that runs the daemon inside its own binary names the smsgw binary.
    std::string modem_program = "/proc/self/exe";
};

class Daemon {
public:
    Daemon(Config config, Logger& log, DaemonOptions options = {});
    ~Daemon();
    Daemon(const Daemon&) = delete;
    Daemon& operator=(const Daemon&) = delete;

    // Starts every component, runs the event loop until SIGTERM/SIGINT, stops in reverse order.
    // Throws on start-up failures (config, codebook, store); returns the exit code otherwise.
    int run();

    // From any thread, as SIGTERM and SIGHUP would (for tests that run the daemon in-process).
    void request_stop();
    void request_reload();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace smsgw
