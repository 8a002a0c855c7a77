// Every fixed wait of the take recorder in one named table, with its default and why.
#pragma once

#include "daemon/clock/timer_table.hpp"

#include <chrono>
#include <cstddef>

namespace smsgw {

enum class TakeTimer : std::size_t {
    shortest_wait,
    failed_retry_max,
    count_
};

inline constexpr TimerTable<TakeTimer> take_timers = {
    {TakeTimer::shortest_wait, "shortest_wait", std::chrono::milliseconds(10),
     "shortest wait of the take timer, so a take due in the past does not spin the loop"},
    {TakeTimer::failed_retry_max, "failed_retry_max", std::chrono::seconds(60),
     "after a take the store refused, the next try waits take_interval, but at most this long"},
};

}  // namespace smsgw
