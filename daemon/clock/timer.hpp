// The timer every component waits with: an asio timer on SteadyClock, so fake time makes it fire at once.
#pragma once

#include "daemon/clock/clock.hpp"

#include <boost/asio/basic_waitable_timer.hpp>

namespace smsgw {

// How long the event loop may sleep for a timer due in `d`. Under fake time: not at all, because
// real time does not bring the timer nearer; a test advances fake time and polls the loop
// (tests/support/fake_time.hpp), and the loop then finds the timers that are due.
struct SteadyWaitTraits {
    static SteadyClock::duration to_wait_duration(const SteadyClock::duration& d) {
        if (clock::fake_state().on.load(std::memory_order_acquire)) return SteadyClock::duration::zero();
        return d;
    }
    static SteadyClock::duration to_wait_duration(const SteadyClock::time_point& t) {
        return to_wait_duration(t - SteadyClock::now());
    }
};

// Used like boost::asio::steady_timer (expires_after, async_wait, cancel).
using Timer = boost::asio::basic_waitable_timer<SteadyClock, SteadyWaitTraits>;

}  // namespace smsgw
