// Hands queued replies to modems that can send, preferring the modem the message came in on.
#include "daemon/pipeline/outbox.hpp"

#include <algorithm>

namespace smsgw {

Outbox::Outbox(store::Store& store, store::RetryPolicy retry, std::function<std::chrono::system_clock::time_point()> clock)
    : store_(store), retry_(retry), clock_(std::move(clock)) {}

void Outbox::set_modems(std::vector<ModemPort> modems) { modems_ = std::move(modems); }

// The modem the message came in on (the monitor's operator, and the number they texted), else the
// one with the shortest queue, counting what this dispatch has already handed it.
Outbox::ModemPort* Outbox::choose(const std::string& came_in_on, const std::vector<std::size_t>& handed) {
    ModemPort* best = nullptr;
    std::size_t best_load = 0;
    for (std::size_t i = 0; i < modems_.size(); ++i) {
        ModemPort& m = modems_[i];
        if (!m.can_send()) continue;
        if (m.name == came_in_on) return &m;
        const std::size_t load = m.queued() + handed[i];
        if (!best || load < best_load) best = &m, best_load = load;
    }
    return best;
}

// Replies handed to one modem and not yet sent, at most.
constexpr std::size_t max_modem_queue = 10;

store::Result<int> Outbox::dispatch(int limit) {
    // Claim only what the modems can take soon: a claimed reply waits as "sending" in a modem's
    // memory, and thousands of them there would only be re-queued after a restart.
    int room = 0;
    for (const auto& m : modems_)
        if (m.can_send()) room += static_cast<int>(max_modem_queue - std::min(max_modem_queue, m.queued()));
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
    std::vector<std::size_t> handed(modems_.size(), 0);
    int total = 0;
    for (const auto& c : *claimed) {
        ModemPort* port = choose(c.came_in_on, handed);
        if (!port) {
            // Every modem went away since the check above: a failed try, retried after the backoff.
            auto f = store_.write([&](store::Transaction& tx) {
                return tx.mark_reply_failed(c.reply.id, "", "no modem can send", retry_);
            });
            if (!f) return f.error();
            continue;
        }
        port->send(SendRequest{c.reply.id, c.reply.record.destination, c.reply.record.text});
        ++handed[static_cast<std::size_t>(port - modems_.data())];
        ++total;
    }
    return total;
}

store::Result<store::ReplyStatus> Outbox::on_result(const SendResult& result) {
    return store_.write([&](store::Transaction& tx) -> store::Result<store::ReplyStatus> {
        if (result.sent) {
            std::optional<int> ref;
            if (result.message_reference >= 0) ref = result.message_reference;
            auto r = tx.mark_reply_sent(result.reply_id, result.modem, ref);
            if (!r) return r.error();
            return store::ReplyStatus::sent;
        }
        return tx.mark_reply_failed(result.reply_id, result.modem, result.error, retry_);
    });
}

store::Result<std::optional<std::chrono::system_clock::time_point>> Outbox::next_due() {
    return store_.write([](store::Transaction& tx) { return tx.next_reply_due(); });
}

}  // namespace smsgw
