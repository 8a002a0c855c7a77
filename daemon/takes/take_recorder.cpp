// TakeRecorder: a take is built from the live quick count and written in one transaction of its own.
#include "daemon/takes/take_recorder.hpp"

#include "daemon/config/config.hpp"
#include "daemon/takes/take_builder.hpp"
#include "daemon/takes/take_timeouts.hpp"

#include <algorithm>
#include <stdexcept>

namespace smsgw {

TakeSettings take_settings(const GatewayConfig& gateway) {
    return TakeSettings{gateway.take_every_reports,
                        std::chrono::duration_cast<std::chrono::milliseconds>(gateway.take_interval)};
}

TakeRecorder::TakeRecorder(boost::asio::io_context& io, Logger& log, store::Store& store, const QuickCount& count,
                           WallClock clock)
    : log_(log), store_(store), count_(count), clock_(std::move(clock)), timer_(io) {}

TakeRecorder::~TakeRecorder() = default;

void TakeRecorder::start(TakeSettings settings, std::string codebook_version) {
    codebook_version_ = std::move(codebook_version);
    auto last = store_.write([](store::Transaction& tx) { return tx.last_take(); });
    if (!last) throw std::runtime_error("reading the last take of the estimate: " + last.error().message);
    SystemTime since = clock_();
    if (*last) {
        last_number_ = (*last)->number;
        since = std::min(since, (*last)->at);
    }
    policy_.emplace(settings, since);
    stopped_ = false;
}

void TakeRecorder::apply(TakeSettings settings) {
    if (!policy_) return;
    policy_->set(settings);
    take_if_due();
}

void TakeRecorder::observe(std::uint64_t count_updates) {
    if (!policy_ || stopped_ || count_updates <= seen_) return;
    policy_->counted(count_updates - seen_);
    seen_ = count_updates;
    take_if_due();
}

void TakeRecorder::check() {
    armed_for_.reset();
    if (stopped_) return;
    take_if_due();
}

void TakeRecorder::stop() {
    if (stopped_) return;
    stopped_ = true;
    timer_.cancel();
    armed_for_.reset();
    if (policy_ && policy_->pending() > 0) take(store::TakeTrigger::final);
}

void TakeRecorder::take_if_due() {
    if (auto trigger = policy_->due(clock_())) take(*trigger);
    schedule();
}

bool TakeRecorder::take(store::TakeTrigger trigger) {
    const SystemTime now = clock_();
    store::Take t = make_take(count_.estimate(), count_.progress(), trigger,
                              static_cast<std::int64_t>(policy_->pending()), now, codebook_version_);
    auto number = store_.write([&](store::Transaction& tx) { return tx.record_take(t); });
    if (!number) {
        // Not worth an alarm of its own: the store's trouble shows everywhere else. Tried again at
        // the next report or interval, with everything counted meanwhile.
        if (!failing_)
            log_.warn(LogCategory::quickcount, "take of the estimate not stored, tried again later: {}",
                      number.error().message);
        failing_ = true;
        return false;
    }
    failing_ = false;
    last_number_ = *number;
    policy_->taken(now);
    std::string headline;
    for (const store::TakeTarget& target : t.targets)
        if (target.district == 0) {
            headline = fmt::format("; {} {} of {} reported, {}", target.contest, target.reported, target.sampled,
                                   target.call);
            break;
        }
    log_.info(LogCategory::quickcount, "take {} of the estimate ({}: {} results counted since the last){}", *number,
              to_string(trigger), t.counted, headline);
    return true;
}

// The timer is set only while something is pending; it wakes check(), which asks the clock again.
void TakeRecorder::schedule() {
    if (stopped_) return;
    const auto next = policy_->next_due();
    if (!next || (armed_for_ && *armed_for_ == *next)) return;
    armed_for_ = *next;
    auto wait = std::max(std::chrono::duration_cast<std::chrono::milliseconds>(*next - clock_()),
                         take_timers[TakeTimer::shortest_wait]);
    // A take the store refused is due at once again: not every 10 ms on a full disk.
    if (failing_) wait = std::max(wait, std::min(policy_->settings().interval, take_timers[TakeTimer::failed_retry_max]));
    timer_.expires_after(wait);
    timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec) check();
    });
}

}  // namespace smsgw
