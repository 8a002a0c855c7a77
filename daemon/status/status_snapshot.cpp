// Reads the status snapshot: every query inside one short read transaction of the store.
#include "daemon/status/status_snapshot.hpp"

#include <stdexcept>

namespace smsgw {

namespace {

template <class T>
T must(store::Result<T> r, const char* what) {
    if (!r) throw std::runtime_error(std::string("cannot read ") + what + ": " + r.error().message);
    return std::move(*r);
}

}  // namespace

StatusSnapshot StatusSnapshot::read(store::StoreReader& reader, const std::string& path, SystemTime now,
                                   StatusReadOptions options) {
    using namespace std::chrono_literals;
    StatusSnapshot s;
    s.now = now;
    s.path = path;
    s.schema_version = reader.schema_version();
    auto r = reader.snapshot([&](store::StoreReader& rd) -> store::Result<bool> {
        s.codebook = must(rd.codebook_in_use(), "the codebook");
        if (s.codebook) s.codebook->sources = {};
        try {
            s.count.emplace(count_in_snapshot(rd));
            s.zone = notify::TimeZone::load(s.count->quick_count.codebook().election.timezone);
            if (options.callback) s.callback.emplace(read_callback_list(rd, *s.count));
            s.queue = summarize(read_queue(rd, s.count->quick_count.codebook()).items);
        } catch (const std::exception& e) {
            s.problems.push_back(e.what());
        }
        s.modems = must(rd.modems(), "modems");
        s.counts = must(rd.counts(), "counts");
        s.outcomes = must(rd.outcomes(), "outcomes");
        s.outgoing = must(rd.outgoing_counts(), "replies");
        s.reply_errors = must(rd.replies_with_errors(status_reply_errors_shown), "replies");
        s.oldest_queued = must(rd.oldest_queued_reply(), "replies");
        s.last_export = must(rd.last_export(), "exports");
        s.last_delivery = must(rd.last_delivery(), "deliveries");
        s.last_delivered = must(rd.last_delivered(), "deliveries");
        s.hq_failing_since = must(rd.hq_failing_since(), "deliveries");
        s.messages_last_5min = must(rd.messages_since(now - 5min), "messages");
        s.messages_last_15min = must(rd.messages_since(now - 15min), "messages");
        s.quarantined = must(rd.quarantine_count(), "quarantined SIM records");
        s.hq_push = must(rd.hq_push_state(), "the HQ push");
        return true;
    });
    if (!r) throw std::runtime_error("cannot read the database: " + r.error().message);
    return s;
}

}  // namespace smsgw
