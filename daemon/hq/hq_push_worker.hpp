// The daemon's push to HQ's PostgreSQL: libpq on a thread of its own, results posted back to the event loop.
#pragma once

#include "daemon/config/config.hpp"
#include "daemon/console/logger.hpp"
#include "daemon/store/store.hpp"

#include <boost/asio/io_context.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace smsgw::hq {

class PgConnection;

struct PushTimings {
    std::chrono::milliseconds idle_poll{250};     // look at the outbox this often when not poked
    std::chrono::milliseconds retry_first{500};   // after a failure; doubled up to retry_max
    std::chrono::milliseconds retry_max{5000};
    std::chrono::seconds record_every{1};          // the push state written to SQLite at most this often
    std::chrono::seconds remind_every{60};         // a failing link said again on the console
    int batch = 5000;                              // outbox entries per PostgreSQL transaction
};

// Ingest never waits for HQ: the pipeline's transactions write outbox entries (triggers), the
// worker thread reads them through its own read-only SQLite connection and pushes them; only the
// small state row (how far HQ is, the last error) is written, by the event loop, from what the
// thread posts back. The link may be down for hours: the outbox grows, the console says so every
// remind_every, and the worker retries with a backoff capped at retry_max.
class HqPushWorker {
public:
    HqPushWorker(boost::asio::io_context& io, Logger& log, store::Store& store, HqConfig config,
                 PushTimings timings = {});
    ~HqPushWorker();
    HqPushWorker(const HqPushWorker&) = delete;
    HqPushWorker& operator=(const HqPushWorker&) = delete;

    // On the event loop at start-up: checks the conninfo, turns the outbox on (the first time
    // queueing every earlier row), starts the thread. Throws std::runtime_error when the conninfo is
    // bad or this database was pushed under another gateway_id.
    void start();
    // New rows were committed: push now rather than at the next poll.
    void poke();
    // Ends the thread (a statement in flight finishes or times out) and records the last state.
    void stop();

private:
    struct Result {
        std::string error;
        std::int64_t cursor = 0;
        std::int64_t entries = 0;
    };
    void run();
    void wait(std::chrono::milliseconds d);
    void posted(const Result& r);  // on the event loop
    void record(std::int64_t cursor, const std::string& error);

    boost::asio::io_context& io_;
    Logger& log_;
    store::Store& store_;
    HqConfig config_;
    PushTimings timings_;
    std::string key_;

    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool poked_ = false;
    bool stop_ = false;
    PgConnection* active_ = nullptr;  // the thread's connection, for stop() to cancel a hung statement
    std::shared_ptr<std::atomic<bool>> alive_ = std::make_shared<std::atomic<bool>>(true);

    // Event loop only.
    std::int64_t cursor_ = 0;
    std::int64_t recorded_cursor_ = -1;
    std::string failing_;  // the error while the link fails
    std::chrono::steady_clock::time_point last_record_{}, last_remind_{}, failing_since_{};
};

}  // namespace smsgw::hq
