// Notices the operators' decisions other processes commit (smsgw review, call, resolve) and applies them within a second.
#pragma once

#include "daemon/clock/timer.hpp"
#include "daemon/console/logger.hpp"
#include "daemon/pipeline/pipeline.hpp"
#include "daemon/run/daemon_timeouts.hpp"
#include "daemon/store/store.hpp"

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <set>

namespace smsgw {

// A cheap timer on the event loop: PRAGMA data_version changes only when another connection
// committed, and only then is the audit trail read past the last row seen. New rows rebuild the
// count through the one counting rule (daemon/quickcount/counting_rule.hpp) and each prints one
// console line. No restart, no SIGHUP.
class DecisionWatch {
public:
    DecisionWatch(boost::asio::io_context& io, Logger& log, store::Store& store, Pipeline& pipeline,
                  const QuickCount& count, std::function<void()> recounted,
                  std::chrono::milliseconds every = daemon_timeout(DaemonTimer::decision_poll));

    // Rows already in the trail at start are not printed again.
    void start();
    void stop();

    // A row this process wrote and printed itself: not printed again when it is read.
    void own(std::int64_t id) { own_.insert(id); }

    // One look now (the timer's handler; tests and the daemon's reload call it too).
    void check();

private:
    void schedule();

    Timer timer_;
    Logger& log_;
    store::Store& store_;
    Pipeline& pipeline_;
    const QuickCount& count_;
    std::function<void()> recounted_;
    std::chrono::milliseconds every_;
    std::int64_t data_version_ = -1;
    std::int64_t seen_ = 0;
    bool stopped_ = false;
    std::set<std::int64_t> own_;
};

}  // namespace smsgw
