// Reading the queue's inputs (every report version, the audit trail, the screens, the reminders) in one snapshot.
#include "daemon/status/queue_read.hpp"

#include "daemon/official/anomaly_screens.hpp"
#include "daemon/official/verify.hpp"
#include "daemon/status/status_view.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace smsgw {

QueueRead read_queue(store::StoreReader& reader, const Codebook& cb, std::optional<SystemTime> silent_after) {
    QueueRead q;
    auto reports = reader.reports();
    if (!reports) throw std::runtime_error("cannot read the reports: " + reports.error().message);
    q.reports = std::move(*reports);
    auto audit = reader.audit_since(0);
    if (!audit) throw std::runtime_error("cannot read the audit trail: " + audit.error().message);
    q.decisions = review::replay(*audit);
    auto reminded = reader.first_reminders();
    if (!reminded) throw std::runtime_error("cannot read the reminders: " + reminded.error().message);
    std::map<std::string, SystemTime, std::less<>> due;
    for (const auto& [station, at] : *reminded) due.emplace(station, at);
    if (silent_after)
        for (const Station& s : cb.stations)
            if (s.sampled) {
                auto [it, added] = due.emplace(s.code, *silent_after);
                if (!added && *silent_after < it->second) it->second = *silent_after;
            }
    std::vector<store::StoredReport> current;
    for (const auto& r : q.reports)
        if (r.record.current) current.push_back(r);
    const auto observer = official::observer_results(cb, current, q.decisions.count);
    const auto anomalies = official::screen_anomalies(cb, observer, "observer", {});
    q.items = review::build_queue({cb, q.reports, q.decisions, anomalies, due});
    return q;
}

QueueSummary summarize(const std::vector<review::QueueItem>& items) {
    QueueSummary s;
    for (const auto& i : items) {
        ++s.by_kind[i.kind];
        ++s.total;
        if (!s.oldest || i.since < *s.oldest) s.oldest = i.since;
    }
    return s;
}

std::string queue_summary_line(const QueueSummary& s, SystemTime now) {
    if (s.total == 0) return "queue empty";
    std::string kinds;
    for (review::QueueKind k : review::queue_kinds)
        if (auto it = s.by_kind.find(k); it != s.by_kind.end())
            kinds += fmt::format("{}{} {}", kinds.empty() ? "" : ", ", review::to_string(k), it->second);
    return fmt::format("queue {}: {}; oldest {}", s.total, kinds, s.oldest ? status_age(now, *s.oldest) : "-");
}

}  // namespace smsgw
