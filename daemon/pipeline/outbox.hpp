// The outbox's dispatcher: queued replies to modems that can send, and their send results back to the store.
#pragma once

#include "daemon/modem/modem_types.hpp"
#include "daemon/store/store.hpp"

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace smsgw {

// Drains the outbox through modems: claims due replies, hands each to a modem that can send
// (preferring the one that received the message), records the send results with retries.
class Outbox {
public:
    struct ModemPort {
        std::string name;
        std::function<bool()> can_send;
        std::function<std::size_t()> queued;
        std::function<void(SendRequest)> send;
    };
    Outbox(store::Store& store, store::RetryPolicy retry, std::function<std::chrono::system_clock::time_point()> clock);
    void set_modems(std::vector<ModemPort> modems);
    // Claims what is due and hands it to modems; returns how many were handed over. Nothing is
    // claimed while no modem can send: the replies stay queued.
    store::Result<int> dispatch(int limit = 50);
    // A modem's answer for one reply: sent, or queued again after the retry policy's backoff
    // (failed for good after its last attempt). A failing reply never holds up the others.
    store::Result<store::ReplyStatus> on_result(const SendResult& result);
    store::Result<std::optional<std::chrono::system_clock::time_point>> next_due();

private:
    ModemPort* choose(const std::string& came_in_on, const std::vector<std::size_t>& handed);

    store::Store& store_;
    store::RetryPolicy retry_;
    std::function<std::chrono::system_clock::time_point()> clock_;
    std::vector<ModemPort> modems_;
};

}  // namespace smsgw
