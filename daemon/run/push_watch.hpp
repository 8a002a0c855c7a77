// The daemon's side of delivery to HQ: starts `smsgw push` (or signals systemd to), records what each push reports.
#pragma once

#include "daemon/clock/timer.hpp"
#include "daemon/config/config.hpp"
#include "daemon/console/logger.hpp"
#include "daemon/export/export_command.hpp"
#include "daemon/push/push_dir.hpp"
#include "daemon/store/store.hpp"
#include "daemon/run/daemon_timeouts.hpp"
#include "daemon/run/store_alarm.hpp"

#include <boost/asio/io_context.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <thread>
#include <vector>

namespace smsgw {

// The daemon has no network (its unit allows AF_UNIX only), so it never ships anything itself.
// After each export it either runs `smsgw push --config FILE` as a child (push_by = "daemon": the
// demo, tests, a machine without systemd) with retries on a backoff, or rewrites push_dir/trigger
// for smsgw-push.path (push_by = "systemd"). Either way the push leaves one outcome file per
// attempt in push_dir/outcomes; this reads them every poll_every, stores them (table `delivery`),
// says them on the console and tells the listeners (the HQ-link alarm). A push that reports nothing
// for an export within no_push_after counts as a failed delivery too: a disabled .path unit must
// not keep HQ in the dark silently.
class PushWatch {
public:
    PushWatch(boost::asio::io_context& io, Logger& log, store::Store& store, StoreAlarm& alarm, std::string config_path,
              std::string program = "/proc/self/exe",
              std::chrono::milliseconds poll_every = daemon_timeout(DaemonTimer::push_poll));
    ~PushWatch();
    PushWatch(const PushWatch&) = delete;
    PushWatch& operator=(const PushWatch&) = delete;

    void start(const GatewayConfig& settings);
    void apply(const GatewayConfig& settings);
    // An export was published: push it.
    void published(const std::filesystem::path& export_path);
    // After each recorded attempt: whether HQ has the export (verified).
    void on_attempt(std::function<void(bool delivered)> listener) { listeners_.push_back(std::move(listener)); }
    // Ends a running child push (SIGTERM to its process group) and stops polling.
    void stop();

    // How long an export may wait for any push outcome before that counts as a failure.
    static std::chrono::seconds no_push_after(const GatewayConfig& settings);

private:
    bool active() const { return !settings_.export_command.empty() && !settings_.push_dir.empty(); }
    void schedule_poll();
    void poll();
    void record(const store::DeliveryRecord& d);
    void run_child();
    void child_done(const exports::CommandOutcome& o);

    boost::asio::io_context& io_;
    Logger& log_;
    store::Store& store_;
    StoreAlarm& alarm_;
    std::string config_path_;
    std::string program_;
    std::chrono::milliseconds poll_every_;
    GatewayConfig settings_;
    Timer poll_timer_, retry_timer_;
    std::thread child_;
    std::atomic<int> child_pid_{0};
    bool child_running_ = false;
    bool again_ = false;  // an export was published while the child ran: run once more
    int failures_ = 0;
    std::optional<SteadyTime> awaiting_since_;
    std::string awaiting_name_;
    bool stopped_ = false;
    std::vector<std::function<void(bool)>> listeners_;
};

}  // namespace smsgw
