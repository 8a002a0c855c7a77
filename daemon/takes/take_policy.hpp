// When the next take of the estimate is due: every N results counted or every interval, whichever first.
#pragma once

#include "daemon/store/take_records.hpp"

#include <chrono>
#include <cstdint>
#include <optional>

namespace smsgw {

// The two triggers, from [gateway] take_every_reports and take_interval (milliseconds here, so
// tests can use short ones).
struct TakeSettings {
    int every_reports = 50;                       // 0: never by count
    std::chrono::milliseconds interval{600'000};  // at least this long between takes by time
};

// A pure state machine fed with counted results and the clock. A take with nothing new in it is
// never due: the previous one still says the same, and a quiet night would fill the history
// with copies. The interval counts from the last take (also one from before a restart).
class TakePolicy {
public:

    TakePolicy(TakeSettings settings, SystemTime last_take) : settings_(settings), last_(last_take) {}

    void set(TakeSettings settings) { settings_ = settings; }
    const TakeSettings& settings() const { return settings_; }

    // `n` more results changed the count.
    void counted(std::uint64_t n) { pending_ += n; }
    std::uint64_t pending() const { return pending_; }

    // What makes a take due now, if anything: the count first, then the interval.
    std::optional<store::TakeTrigger> due(SystemTime now) const;
    // When the interval makes one due, while something is pending; empty otherwise.
    std::optional<SystemTime> next_due() const;
    // A take was stored: counting and the interval start again.
    void taken(SystemTime now);

private:
    TakeSettings settings_;
    SystemTime last_;
    std::uint64_t pending_ = 0;
};

}  // namespace smsgw
