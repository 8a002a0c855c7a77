// TakePolicy: the count trigger wins over the interval when both are due, so the reason names the cause.
#include "daemon/takes/take_policy.hpp"

namespace smsgw {

std::optional<store::TakeTrigger> TakePolicy::due(SystemTime now) const {
    if (pending_ == 0) return std::nullopt;
    if (settings_.every_reports > 0 && pending_ >= static_cast<std::uint64_t>(settings_.every_reports))
        return store::TakeTrigger::reports;
    if (now >= last_ + settings_.interval) return store::TakeTrigger::interval;
    return std::nullopt;
}

std::optional<SystemTime> TakePolicy::next_due() const {
    if (pending_ == 0) return std::nullopt;
    return last_ + settings_.interval;
}

void TakePolicy::taken(SystemTime now) {
    last_ = now;
    pending_ = 0;
}

}  // namespace smsgw
