// Hands queued replies to modems that can send, preferring the modem the message came in on.
#include "daemon/pipeline/outbox.hpp"

#include <algorithm>

namespace smsgw {

bool Outbox::moved_on(const store::StoreError& e) { return (e.code & 0xff) == 19; }  // SQLITE_CONSTRAINT

Outbox::Outbox(store::Store& store, Modems& modems, store::RetryPolicy retry,
               std::function<std::chrono::system_clock::time_point()> clock)
    : store_(store), retry_(retry), clock_(std::move(clock)), modems_(modems) {}

// Replies handed to one modem and not yet sent, at most.
constexpr std::size_t max_modem_queue = 10;

// The modem the message came in on (the monitor's operator, and the number they texted) while it
// has room, else the one with the shortest queue. `load` is each modem's queue when this dispatch
// began plus what it has handed it since (a modem's own count may or may not include those yet).
// Room first: when most monitors text one number, its queue must not grow without bound while the
// other modems stand idle (a demo run left 362 replies waiting in one modem's memory).
const Outbox::Modems::Port* Outbox::choose(const std::vector<Modems::Port>& ports, const std::string& came_in_on,
                                           const std::vector<std::size_t>& load_of) {
    const Modems::Port* best = nullptr;
    std::size_t best_load = 0;
    for (std::size_t i = 0; i < ports.size(); ++i) {
        const Modems::Port& m = ports[i];
        if (!m.can_send) continue;
        const std::size_t load = load_of[i];
        if (load >= max_modem_queue) continue;
        if (m.name == came_in_on) return &m;
        if (!best || load < best_load) best = &m, best_load = load;
    }
    return best;
}

store::Result<int> Outbox::dispatch(int limit) {
    // What the modems already did goes into the store before anything new is claimed.
    if (auto f = write_kept(); !f) return f.error();
    // Claim only what the modems can take soon: a claimed reply waits as "sending" in a modem's
    // memory, and thousands of them there would only be re-queued after a restart.
    int room = 0;
    const std::vector<Modems::Port> ports = modems_.ports();
    std::vector<std::size_t> load(ports.size(), 0);
    for (std::size_t i = 0; i < ports.size(); ++i) {
        load[i] = ports[i].queued;
        if (ports[i].can_send) room += static_cast<int>(max_modem_queue - std::min(max_modem_queue, load[i]));
    }
    limit = std::min(limit, room);
    if (limit <= 0) return 0;
    struct Claimed {
        store::StoredReply reply;
        std::string came_in_on;
    };
    auto claimed = store_.write([&](store::Transaction& tx) -> store::Result<std::vector<Claimed>> {
        auto replies = tx.claim_replies(limit);
        if (!replies) return replies.error();
        std::vector<Claimed> out;
        for (auto& r : *replies) {
            std::string modem;
            if (r.record.message_id) {
                auto m = tx.message(*r.record.message_id);
                if (!m) return m.error();
                if (*m) modem = (*m)->message.modem;
            }
            out.push_back({std::move(r), std::move(modem)});
        }
        return out;
    });
    if (!claimed) return claimed.error();
    int total = 0;
    for (const auto& c : *claimed) {
        // Cannot happen while the kept results are written first; the guard keeps the promise
        // (never twice in one run) should anything ever queue such a reply again.
        if (auto s = sent_.find(c.reply.id); s != sent_.end()) {
            if (auto r = record({s->second.first, c.reply.id, true, 0, s->second.second, ""}); !r) return r.error();
            continue;
        }
        if (unrecorded_.count(c.reply.id) || handed_.count(c.reply.id)) continue;
        const Modems::Port* port = choose(ports, c.came_in_on, load);
        if (!port) {
            // Every modem went away since the check above: a failed try, retried after the backoff.
            if (auto f = record({"", c.reply.id, false, 0, -1, "no modem can send"}); !f) return f.error();
            continue;
        }
        handed_[c.reply.id] = port->name;
        modems_.send(port->name, SendRequest{c.reply.id, c.reply.record.destination, c.reply.record.text});
        ++load[static_cast<std::size_t>(port - ports.data())];
        ++total;
    }
    return total;
}

store::Result<store::ReplyStatus> Outbox::on_result(const SendResult& result) {
    handed_.erase(result.reply_id);
    if (result.sent) sent_[result.reply_id] = {result.modem, result.message_reference};
    return record(result);
}

store::Result<store::ReplyStatus> Outbox::record(const SendResult& result) {
    auto r = store_.write([&](store::Transaction& tx) -> store::Result<store::ReplyStatus> {
        if (result.sent) {
            std::optional<int> ref;
            if (result.message_reference >= 0) ref = result.message_reference;
            auto r = tx.mark_reply_sent(result.reply_id, result.modem, ref);
            if (!r) return r.error();
            return store::ReplyStatus::sent;
        }
        return tx.mark_reply_failed(result.reply_id, result.modem, result.error, retry_);
    });
    // A refused write is kept and tried again; a reply no longer 'sending' has nothing left to record.
    if (r || moved_on(r.error())) unrecorded_.erase(result.reply_id);
    else unrecorded_[result.reply_id] = result;
    return r;
}

// Oldest first; stops at the first refusal, since the store is failing for all of them alike.
store::Result<int> Outbox::write_kept() {
    std::vector<SendResult> kept;
    for (const auto& [id, result] : unrecorded_) kept.push_back(result);
    int written = 0;
    for (const auto& result : kept) {
        auto r = record(result);
        if (r) ++written;
        else if (!moved_on(r.error())) return r.error();
    }
    return written;
}

store::Result<int> Outbox::modem_gone(const std::string& name) {
    std::vector<std::int64_t> orphans;
    for (const auto& [id, modem] : handed_)
        if (modem == name) orphans.push_back(id);
    int n = 0;
    for (auto id : orphans) {
        handed_.erase(id);
        // Kept and written later if the store refuses it now, like any other result.
        (void)record({name, id, false, 0, -1, "modem " + name + " stopped before sending it"});
        ++n;
    }
    if (auto f = write_kept(); !f) return f.error();
    return n;
}

std::size_t Outbox::unrecorded_sent() const {
    return static_cast<std::size_t>(
        std::count_if(unrecorded_.begin(), unrecorded_.end(), [](const auto& kv) { return kv.second.sent; }));
}

store::Result<std::optional<std::chrono::system_clock::time_point>> Outbox::next_due() {
    return store_.write([](store::Transaction& tx) { return tx.next_reply_due(); });
}

}  // namespace smsgw
