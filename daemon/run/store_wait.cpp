// The start-up's patience with another process's database lock: one line, STATUS=, a retry each second.
#include "daemon/run/store_wait.hpp"

#include <chrono>
#include <thread>

namespace smsgw {

StoreWait::StoreWait(Logger& log, SystemdNotifier& notifier, std::string path)
    : log_(log), notifier_(notifier), path_(std::move(path)) {}

std::unique_ptr<store::Store> StoreWait::open(const store::StoreOptions& options) {
    for (;;) {
        try {
            return std::make_unique<store::Store>(path_, options);
        } catch (const store::StoreOpenError& e) {
            if (!store::is_locked(e.code())) throw;
            wait("opening the database", e.what());
        }
    }
}

void StoreWait::wait(std::string_view what, const std::string& message) {
    if (!waited_)
        log_.warn(LogCategory::store,
                  "database {} is locked by another process ({}: {}): waiting for it, retrying every second; nothing "
                  "is read from the modems meanwhile (find the program holding it: fuser {})",
                  path_, what, message, path_);
    waited_ = true;
    notifier_.waiting("DATABASE LOCKED by another process: waiting to start (" + path_ + ")", std::chrono::seconds(10));
    std::this_thread::sleep_for(std::chrono::seconds(1));
}

}  // namespace smsgw
