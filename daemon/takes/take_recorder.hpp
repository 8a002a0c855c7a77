// The daemon's takes on its event loop: the estimate snapshotted into the database when the policy says so.
#pragma once

#include "daemon/clock/clock.hpp"
#include "daemon/clock/timer.hpp"
#include "daemon/console/logger.hpp"
#include "daemon/quickcount/quick_count.hpp"
#include "daemon/store/store.hpp"
#include "daemon/takes/take_policy.hpp"

#include <boost/asio/io_context.hpp>

#include <functional>
#include <optional>
#include <string>

namespace smsgw {

struct GatewayConfig;
TakeSettings take_settings(const GatewayConfig& gateway);

class TakeRecorder {
public:
    // The store and the quick count outlive it; both are the event loop's. `clock` is injected so
    // tests set the time themselves (the timer only wakes check(), which asks the clock).
    TakeRecorder(boost::asio::io_context& io, Logger& log, store::Store& store, const QuickCount& count,
                 WallClock clock = system_wall_clock());
    ~TakeRecorder();
    TakeRecorder(const TakeRecorder&) = delete;
    TakeRecorder& operator=(const TakeRecorder&) = delete;

    // The interval counts from the last take in the store (a restart goes on from it). Throws
    // std::runtime_error when the store cannot say (start-up only).
    void start(TakeSettings settings, std::string codebook_version);
    // SIGHUP: new triggers apply at once; later takes name the new codebook.
    void apply(TakeSettings settings);
    void set_codebook_version(std::string version) { codebook_version_ = std::move(version); }

    // The pipeline's running total of results that changed the count (Pipeline::count_updates):
    // what is new since the last call counts toward the next take, taken now when due.
    void observe(std::uint64_t count_updates);
    // What the timer runs: a take if the interval made one due.
    void check();
    // A last take if anything was counted since the previous one; nothing after it.
    void stop();

    // The number of the last take stored (by this daemon or before it), if any.
    std::optional<std::int64_t> last_number() const { return last_number_; }
    std::uint64_t pending() const { return policy_ ? policy_->pending() : 0; }

private:
    void take_if_due();
    bool take(store::TakeTrigger trigger);
    void schedule();

    Logger& log_;
    store::Store& store_;
    const QuickCount& count_;
    WallClock clock_;
    Timer timer_;
    std::optional<TakePolicy> policy_;
    std::string codebook_version_;
    std::uint64_t seen_ = 0;  // count updates already handed to the policy
    std::optional<std::int64_t> last_number_;
    std::optional<SystemTime> armed_for_;  // the time the timer is set for
    bool failing_ = false;  // a take could not be stored: said once, tried again at the next chance
    bool stopped_ = true;
};

}  // namespace smsgw
