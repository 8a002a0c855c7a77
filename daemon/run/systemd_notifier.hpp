// What the daemon tells systemd (Type=notify): READY, RELOADING, STOPPING, STATUS and the watchdog ping.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <functional>
#include <string>

namespace smsgw {

class SystemdNotifier {
public:
    explicit SystemdNotifier(boost::asio::io_context& io);

    void ready();
    void reloading();  // ready() again when the reload is done, applied or refused
    void stopping();
    // Before READY: STATUS= says why the start waits, and systemd's start timeout is extended by
    // `extend` (EXTEND_TIMEOUT_USEC), so a long wait is not taken for a hung start.
    void waiting(const std::string& why, std::chrono::seconds extend);
    // STATUS=: one line for `systemctl status`; sent only when it changed.
    void status(const std::string& line);
    const std::string& last_status() const { return status_; }

    // WATCHDOG=1 every WatchdogSec/2, only while healthy(WatchdogSec) says every modem worker's
    // loop turns: a wedged libgammu call must lead to a restart by systemd, not to silence.
    // `withheld` is called instead of pinging. Nothing when systemd asked for no watchdog.
    void start_watchdog(std::function<bool(std::chrono::steady_clock::duration)> healthy, std::function<void()> withheld);
    void stop() { timer_.cancel(); }

private:
    void schedule();

    boost::asio::steady_timer timer_;
    std::chrono::microseconds watchdog_usec_{0};
    std::function<bool(std::chrono::steady_clock::duration)> healthy_;
    std::function<void()> withheld_;
    std::string status_;
};

}  // namespace smsgw
