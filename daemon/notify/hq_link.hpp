// Whether the export link to HQ is down, and when HQ is due an SMS summary instead: a pure state machine.
#pragma once

#include "daemon/clock/clock.hpp"

#include <chrono>
#include <optional>

namespace smsgw::notify {

// Fed with every export attempt's outcome (the export command, or the export itself when it could
// not be written: either way HQ got nothing). The link is down once attempts have failed without a
// success for `down_after`; then a summary is due at once and every `down_after` after that.
class HqLink {
public:
    explicit HqLink(std::chrono::seconds down_after) : down_after_(down_after) {}

    // After a restart, from the store: exports failing since, the last summary sent. A summary
    // before the failures began belongs to an earlier outage and is ignored.
    void restore(std::optional<SystemTime> failing_since, std::optional<SystemTime> last_sent);

    enum class Change { none, came_back };
    Change on_attempt(bool ok, SystemTime now);

    bool failing() const { return failing_since_.has_value(); }
    bool down() const { return down_; }
    std::optional<SystemTime> failing_since() const { return failing_since_; }
    // A summary is due (the caller sends it, then calls sent()).
    bool summary_due(SystemTime now) const;
    // The first summary marks the link as down (the console's "link down" line).
    void sent(SystemTime now);
    // When summary_due() next turns true; empty while the link works.
    std::optional<SystemTime> next_due() const;

private:
    std::chrono::seconds down_after_;
    std::optional<SystemTime> failing_since_;
    std::optional<SystemTime> last_sent_;
    bool down_ = false;
};

}  // namespace smsgw::notify
