// A ModemSink for the worker tests: keeps what the worker hands over, as the event loop would, and waits for it.
#pragma once

#include "daemon/modem/modem_worker.hpp"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <vector>

namespace smsgw::test {

struct ModemCollector final : ModemSink {
    std::mutex m;
    std::condition_variable cv;
    std::vector<ReceivedBatch> batches;
    std::vector<SendResult> sent;
    std::vector<ModemHealth> health;

    void on_batch(ReceivedBatch b) override { push(batches, std::move(b)); }
    void on_sent(SendResult r) override { push(sent, std::move(r)); }
    void on_health(ModemHealth h) override { push(health, std::move(h)); }

    // Until `p()` holds (checked under the lock, at each hand-over) or `d` passed.
    template <class Pred>
    bool wait(Pred p, std::chrono::milliseconds d = std::chrono::seconds(10)) {
        std::unique_lock l(m);
        return cv.wait_for(l, d, [&] { return p(); });
    }
    // The parts of every batch so far.
    std::size_t parts() {
        std::size_t n = 0;
        for (const auto& b : batches) n += b.parts.size();
        return n;
    }

private:
    template <class T>
    void push(std::vector<T>& v, T x) {
        std::lock_guard l(m);
        v.push_back(std::move(x));
        cv.notify_all();
    }
};

}  // namespace smsgw::test
