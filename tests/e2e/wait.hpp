// Polling for a condition with a deadline: the end-to-end tests watch files and a database, not events.
#pragma once

#include <chrono>
#include <thread>

namespace smsgw::e2e {

// True as soon as pred() holds; false if it still does not after `timeout`.
template <class Pred>
bool wait_until(std::chrono::milliseconds timeout, Pred&& pred,
                std::chrono::milliseconds every = std::chrono::milliseconds(50)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        if (pred()) return true;
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(every);
    }
}

}  // namespace smsgw::e2e
