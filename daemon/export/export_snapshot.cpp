// Reading an export's data from the store in one snapshot.
#include "daemon/export/export_snapshot.hpp"

#include "daemon/store/store_reader.hpp"

#include <algorithm>

namespace smsgw::exports {

std::map<std::int64_t, const store::StoredReport*> ExportSnapshot::report_of_message() const {
    std::map<std::int64_t, const store::StoredReport*> out;
    for (const auto& r : versions) out[r.record.message_id] = &r;  // by id: the latest wins
    return out;
}

std::map<std::int64_t, const store::OutgoingSms*> ExportSnapshot::reply_of_message() const {
    std::map<std::int64_t, const store::OutgoingSms*> out;
    for (const auto& o : outgoing)
        if (o.reply.record.message_id) out[*o.reply.record.message_id] = &o;  // by id: the latest wins
    return out;
}

const store::StoredMessage* ExportSnapshot::message(std::int64_t id) const {
    auto it = std::lower_bound(messages.begin(), messages.end(), id,
                               [](const store::StoredMessage& m, std::int64_t v) { return m.id < v; });
    return it != messages.end() && it->id == id ? &*it : nullptr;
}

namespace {

// Gives up after this many consecutive missing ids: only a gap SQLite does not make would stop
// the loop early, and then the export still lists every message it found.
constexpr std::int64_t max_gap = 1000;

store::Result<ExportSnapshot> read(store::StoreReader& r) {
    ExportSnapshot s;
    auto counts = r.counts();
    if (!counts) return counts.error();
    s.counts = *counts;
    auto current = r.current_reports();
    if (!current) return current.error();
    s.current = std::move(*current);
    auto versions = r.reports();
    if (!versions) return versions.error();
    s.versions = std::move(*versions);
    auto outgoing = r.outgoing_sms();
    if (!outgoing) return outgoing.error();
    s.outgoing = std::move(*outgoing);
    auto quarantined = r.quarantined();
    if (!quarantined) return quarantined.error();
    s.quarantined = std::move(*quarantined);
    auto official = r.official_rows();
    if (!official) return official.error();
    s.official = std::move(*official);
    auto takes = r.takes();
    if (!takes) return takes.error();
    s.takes = std::move(*takes);
    auto audit = r.audit_since(0);
    if (!audit) return audit.error();
    s.audit = std::move(*audit);
    auto head = r.audit_head();
    if (!head) return head.error();
    s.audit_head = *head;
    auto reminded = r.first_reminders();
    if (!reminded) return reminded.error();
    s.reminded = std::move(*reminded);

    const std::int64_t total = s.counts.messages_pending + s.counts.messages_processed;
    std::int64_t gap = 0;
    for (std::int64_t id = 1; static_cast<std::int64_t>(s.messages.size()) < total && gap < max_gap; ++id) {
        auto m = r.message(id);
        if (!m) return m.error();
        if (!*m) {
            ++gap;
            continue;
        }
        gap = 0;
        s.messages.push_back(std::move(**m));
    }
    return s;
}

}  // namespace

store::Result<ExportSnapshot> read_export_snapshot(store::StoreReader& reader) {
    return reader.snapshot([](store::StoreReader& r) { return read(r); });
}

}  // namespace smsgw::exports
