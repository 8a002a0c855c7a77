// Polling waits with a deadline: the tests watch files, databases and processes, which send no events.
#pragma once

#include <chrono>
#include <ostream>
#include <string>
#include <thread>
#include <utility>

namespace smsgw::test {

// True as soon as pred() holds; false if it still does not after `timeout` (pred is asked once more
// after the deadline has passed, so a slow last poll is not lost).
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

// wait_until with words for the failure: CHECK(wait_for("3 replies queued", 5s, pred)) fails as
// "CHECK( 3 replies queued: not within 5000 ms )" instead of "CHECK( false )".
struct Waited {
    bool ok = false;
    std::string what;
    std::chrono::milliseconds timeout{};
    explicit operator bool() const { return ok; }
};

inline std::ostream& operator<<(std::ostream& os, const Waited& w) {
    return os << w.what << (w.ok ? ": done" : ": not within " + std::to_string(w.timeout.count()) + " ms");
}

template <class Pred>
Waited wait_for(std::string what, std::chrono::milliseconds timeout, Pred&& pred,
                std::chrono::milliseconds every = std::chrono::milliseconds(50)) {
    const bool ok = wait_until(timeout, std::forward<Pred>(pred), every);
    return {ok, std::move(what), timeout};
}

}  // namespace smsgw::test
