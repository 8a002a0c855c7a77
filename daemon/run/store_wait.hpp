// Start-up against a database another process has locked: wait and retry, saying so once, instead of exiting.
#pragma once

#include "daemon/console/logger.hpp"
#include "daemon/store/result_codes.hpp"
#include "daemon/store/store.hpp"
#include "daemon/run/systemd_notifier.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace smsgw {

// Exiting would not help: systemd restarts the daemon into the same lock, every 2 s, each start a
// "database is locked" error. So the start waits (one WARN line, STATUS= says why, systemd's start
// timeout extended) and goes on once the other program lets go. A stop signal ends the wait.
class StoreWait {
public:
    StoreWait(Logger& log, SystemdNotifier& notifier, std::string path);

    // Opens the store, waiting while another process holds the lock. Other failures throw as before.
    std::unique_ptr<store::Store> open(const store::StoreOptions& options);

    // Runs fn (returning a store::Result) until it succeeds or fails for another reason than a lock.
    template <class F>
    auto retry(std::string_view what, F&& fn) -> decltype(fn()) {
        for (;;) {
            auto r = fn();
            if (r || !store::is_locked(r.error().code)) return r;
            wait(what, r.error().message);
        }
    }

    bool waited() const { return waited_; }

private:
    void wait(std::string_view what, const std::string& message);

    Logger& log_;
    SystemdNotifier& notifier_;
    std::string path_;
    bool waited_ = false;
};

}  // namespace smsgw
