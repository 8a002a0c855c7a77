// Every fixed duration the store's records carry in one named table, with its default and why.
#pragma once

#include "daemon/clock/timer_table.hpp"

#include <chrono>
#include <cstddef>

namespace smsgw::store {

enum class StoreTimer : std::size_t {
    send_retry_first,
    send_retry_max,
    count_
};

inline constexpr TimerTable<StoreTimer> store_timers = {
    {StoreTimer::send_retry_first, "send_retry_first", std::chrono::seconds(30),
     "wait before the first retry of a reply the modem could not send; doubles with each further attempt"},
    {StoreTimer::send_retry_max, "send_retry_max", std::chrono::minutes(15),
     "longest wait between two attempts to send one reply"},
};

}  // namespace smsgw::store
