// The outbox's dispatcher: queued replies to modems that can send, and their send results back to the store.
#pragma once

#include "daemon/modem/modem_types.hpp"
#include "daemon/store/store.hpp"

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace smsgw {

// Drains the outbox through modems: claims due replies, hands each to a modem that can send
// (preferring the one that received the message), records the send results with retries.
//
// A send result that cannot be written (disk full) is kept in memory and written again before
// anything else is claimed, until it lands: in one run, a reply a modem has sent is never sent
// again. Across a crash before it lands the reply is still 'sending' in the store, and the next
// start queues it again (Pipeline::resume): the monitor may then get the same reply, with the
// same #ref, twice. At-least-once is the chosen trade: a duplicate identical reply is better than
// a report that looks unanswered, which makes a monitor resend or phone in.
class Outbox {
public:
    // The modems replies are handed to (the daemon's modem fleet, a test's fakes). Asked at every
    // dispatch, so modems a reload started or stopped are seen without anyone telling the outbox.
    class Modems {
    public:
        struct Port {
            std::string name;
            bool can_send = false;
            std::size_t queued = 0;  // replies handed to it and not yet answered
        };
        virtual std::vector<Port> ports() const = 0;
        virtual void send(const std::string& modem, SendRequest request) = 0;

    protected:
        ~Modems() = default;
    };

    Outbox(store::Store& store, Modems& modems, store::RetryPolicy retry,
           std::function<std::chrono::system_clock::time_point()> clock);
    // Writes the kept send results first, then claims what is due and hands it to modems; returns
    // how many were handed over. Nothing is claimed while no modem can send (the replies stay
    // queued) or while a kept result cannot be written (the store is failing).
    store::Result<int> dispatch(int limit = 50);
    // A modem's answer for one reply: sent, or queued again after the retry policy's backoff
    // (failed for good after its last attempt). A failing reply never holds up the others. When
    // the store refuses the write, the result is kept and written by the next dispatch().
    store::Result<store::ReplyStatus> on_result(const SendResult& result);
    // A modem that was stopped (reload removed or changed it) will not answer for the replies it
    // was handed: they go back in the queue as failed attempts. Call it after the worker joined
    // and its last posted results were handled.
    store::Result<int> modem_gone(const std::string& name);
    store::Result<std::optional<std::chrono::system_clock::time_point>> next_due();

    // Writes the kept send results (dispatch() does it first); stops at the first refusal.
    store::Result<int> write_kept();
    // The store's answer when a reply is no longer 'sending' (SQLITE_CONSTRAINT): its result
    // cannot and need not be written, unlike a disk that refuses every write.
    static bool moved_on(const store::StoreError& e);
    // Send results waiting to be written (sent, or failed and to be retried).
    std::size_t unrecorded() const { return unrecorded_.size(); }
    std::size_t unrecorded_sent() const;

private:
    static const Modems::Port* choose(const std::vector<Modems::Port>& ports, const std::string& came_in_on,
                                      const std::vector<std::size_t>& load_of);
    store::Result<store::ReplyStatus> record(const SendResult& result);

    store::Store& store_;
    store::RetryPolicy retry_;
    std::function<std::chrono::system_clock::time_point()> clock_;
    Modems& modems_;
    std::map<std::int64_t, SendResult> unrecorded_;  // reply id -> its result, not yet in the store
    std::map<std::int64_t, std::string> handed_;     // reply id -> the modem it was handed to, no result yet
    // Every reply a modem sent in this run (modem, reference): should one ever be claimed again, it
    // is marked sent instead of being sent twice. A few MB for a night of 50,000 replies.
    std::map<std::int64_t, std::pair<std::string, int>> sent_;
};

}  // namespace smsgw
