// Every timeout and interval of a modem worker in one named table, with its default and why.
#pragma once

#include "daemon/clock/timer_table.hpp"

#include <chrono>
#include <cstddef>

namespace smsgw {

enum class ModemTimer : std::size_t {
    backoff_initial,
    backoff_max,
    health_interval,
    send_status_wait,
    ack_wait,
    idle_wait,
    stop_drain,
    count_
};

inline constexpr TimerTable<ModemTimer> modem_timers = {
    {ModemTimer::backoff_initial, "backoff_initial", std::chrono::milliseconds(1000),
     "first wait after a failed connect or a reconnect error; doubles up to backoff_max"},
    {ModemTimer::backoff_max, "backoff_max", std::chrono::milliseconds(60000),
     "longest wait between connect attempts"},
    {ModemTimer::health_interval, "health_interval", std::chrono::milliseconds(30000),
     "how often IMEI, IMSI, operator, signal, battery and network state are read and reported"},
    {ModemTimer::send_status_wait, "send_status_wait", std::chrono::milliseconds(30000),
     "how long one sent part may wait for the network's send-status callback"},
    {ModemTimer::ack_wait, "ack_wait", std::chrono::milliseconds(60000),
     "parts offered to the pipeline and neither acknowledged nor refused are offered again"},
    {ModemTimer::idle_wait, "idle_wait", std::chrono::milliseconds(50),
     "pause between loop turns when nothing is due (AT modems wait in GSM_ReadDevice instead)"},
    {ModemTimer::stop_drain, "stop_drain", std::chrono::milliseconds(5000),
     "on stop, how long to wait for acknowledgements of parts already offered (then they stay on the SIM)"},
};

// The values in force; tests shorten them.
using ModemTimers = TimerValues<ModemTimer, modem_timers>;

// Consecutive ERR_TIMEOUT answers that mean the link is gone and the modem must be reconnected.
inline constexpr int timeouts_before_reconnect = 2;
// One transaction's worth of parts read in one poll.
inline constexpr int max_parts_per_batch = 200;
// Batches offered to the daemon and not yet acknowledged before the modem stops reading ahead.
inline constexpr int max_batches_in_flight = 2;

}  // namespace smsgw
