// What `status` and `watch` say about delivery to HQ, and its JSON for `status --json`: plain formatting of the snapshot.
#include "daemon/status/delivery_text.hpp"

#include "daemon/status/status_view.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

namespace smsgw {

namespace {

std::string minutes_ago(SystemTime now, SystemTime t) {
    auto m = std::chrono::duration_cast<std::chrono::minutes>(now - t).count();
    return m < 1 ? "just now" : m < 120 ? fmt::format("{} min ago", m) : fmt::format("{} h ago", m / 60);
}

boost::json::value record_json(const store::DeliveryRecord& d) {
    return {{"export", d.export_name},
            {"ok", d.ok},
            {"stage", d.stage},
            {"started_at", status_utc(d.started_at, true)},
            {"finished_at", status_utc(d.finished_at, true)},
            {"command", d.command},
            {"exit_code", d.exit_code ? boost::json::value(*d.exit_code) : boost::json::value(nullptr)},
            {"detail", d.detail}};
}

}  // namespace

std::vector<DeliveryLine> delivery_lines(const StatusSnapshot& s) {
    std::vector<DeliveryLine> out;
    if (!s.last_delivery) return out;
    const store::DeliveryRecord& d = *s.last_delivery;
    if (d.ok) {
        out.push_back({false, fmt::format("delivered {} at {} ({}); {}", d.export_name, status_utc(d.finished_at, false),
                                          minutes_ago(s.now, d.finished_at), d.detail)});
        return out;
    }
    if (s.hq_failing_since)
        out.push_back({true, fmt::format("NOT REACHING HQ since {} ({})", status_utc(*s.hq_failing_since, false),
                                         minutes_ago(s.now, *s.hq_failing_since))});
    out.push_back({true, fmt::format("last try {} ({}): {} failed{}: {}", status_utc(d.started_at, false),
                                     minutes_ago(s.now, d.started_at), d.stage,
                                     d.exit_code ? fmt::format(" ({} exit {})", d.command, *d.exit_code) : "", d.detail)});
    if (s.last_delivered)
        out.push_back({false, fmt::format("last delivered {} at {} ({})", s.last_delivered->export_name,
                                          status_utc(s.last_delivered->finished_at, false),
                                          minutes_ago(s.now, s.last_delivered->finished_at))});
    else out.push_back({true, "nothing delivered to HQ yet"});
    return out;
}

boost::json::value delivery_json(const StatusSnapshot& s) {
    if (!s.last_delivery) return nullptr;
    return {{"last", record_json(*s.last_delivery)},
            {"last_delivered", s.last_delivered ? record_json(*s.last_delivered) : boost::json::value(nullptr)},
            {"failing_since", s.hq_failing_since ? boost::json::value(status_utc(*s.hq_failing_since, true))
                                                 : boost::json::value(nullptr)}};
}

}  // namespace smsgw
