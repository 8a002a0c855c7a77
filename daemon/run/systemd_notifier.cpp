// sd_notify calls for the daemon's life cycle, and the watchdog timer that pings only while the modems are alive.
#include "daemon/run/systemd_notifier.hpp"

#include <systemd/sd-daemon.h>

namespace smsgw {

SystemdNotifier::SystemdNotifier(boost::asio::io_context& io) : timer_(io) {}

void SystemdNotifier::ready() { sd_notify(0, "READY=1"); }
void SystemdNotifier::reloading() { sd_notify(0, "RELOADING=1"); }
void SystemdNotifier::stopping() { sd_notify(0, "STOPPING=1"); }

void SystemdNotifier::waiting(const std::string& why, std::chrono::seconds extend) {
    status_ = why;
    sd_notifyf(0, "STATUS=%s\nEXTEND_TIMEOUT_USEC=%llu", why.c_str(),
               static_cast<unsigned long long>(std::chrono::microseconds(extend).count()));
}

void SystemdNotifier::status(const std::string& line) {
    if (line == status_) return;
    status_ = line;
    sd_notifyf(0, "STATUS=%s", status_.c_str());
}

void SystemdNotifier::start_watchdog(std::function<bool(std::chrono::steady_clock::duration)> healthy,
                                     std::function<void()> withheld) {
    std::uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return;
    watchdog_usec_ = std::chrono::microseconds(usec);
    healthy_ = std::move(healthy);
    withheld_ = std::move(withheld);
    schedule();
}

void SystemdNotifier::schedule() {
    timer_.expires_after(watchdog_usec_ / 2);
    timer_.async_wait([this](boost::system::error_code ec) {
        if (ec) return;
        if (healthy_(std::chrono::duration_cast<std::chrono::steady_clock::duration>(watchdog_usec_))) sd_notify(0, "WATCHDOG=1");
        else if (withheld_) withheld_();
        schedule();
    });
}

}  // namespace smsgw
