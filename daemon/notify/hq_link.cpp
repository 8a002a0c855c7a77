// Whether the export link to HQ is down, and when HQ is due an SMS summary instead: a pure state machine.
#include "daemon/notify/hq_link.hpp"

namespace smsgw::notify {

HqLink::Change HqLink::on_attempt(bool ok, SystemTime now) {
    if (!ok) {
        if (!failing_since_) failing_since_ = now;
        return Change::none;
    }
    const bool was_down = down_;
    failing_since_.reset();
    last_sent_.reset();
    down_ = false;
    return was_down ? Change::came_back : Change::none;
}

void HqLink::restore(std::optional<SystemTime> failing_since, std::optional<SystemTime> last_sent) {
    failing_since_ = failing_since;
    last_sent_.reset();
    down_ = false;
    if (failing_since && last_sent && *last_sent >= *failing_since) {
        last_sent_ = last_sent;
        down_ = true;
    }
}

bool HqLink::summary_due(SystemTime now) const {
    auto due = next_due();
    return due && *due <= now;
}

void HqLink::sent(SystemTime now) {
    last_sent_ = now;
    down_ = true;
}

std::optional<SystemTime> HqLink::next_due() const {
    if (!failing_since_) return std::nullopt;
    if (!last_sent_) return *failing_since_ + down_after_;
    return *last_sent_ + down_after_;
}

}  // namespace smsgw::notify
