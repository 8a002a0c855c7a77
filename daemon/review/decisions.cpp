// Replaying the audit trail into the decisions the count, the queue and the exports apply.
#include "daemon/review/decisions.hpp"

namespace smsgw::review {

const store::StoredAudit* Decisions::verdict_on(std::int64_t report) const {
    auto it = verdict.find(report);
    return it == verdict.end() ? nullptr : &it->second;
}

const store::StoredAudit* Decisions::call_to(std::string_view station) const {
    auto it = last_call.find(station);
    return it == last_call.end() ? nullptr : &it->second;
}

Decisions replay(const std::vector<store::StoredAudit>& rows) {
    Decisions d;
    for (const store::StoredAudit& row : rows) {
        d.last_id = row.id;
        const store::AuditEntry& e = row.entry;
        if (e.action == "call") {
            d.last_call[e.station] = row;
            continue;
        }
        if (e.action != "review") continue;
        if (e.verb == quarantine) {
            d.count.withheld_stations.insert(e.station);
            d.withheld[e.station] = row;
        } else if (e.verb == release) {
            d.count.withheld_stations.erase(e.station);
            d.withheld.erase(e.station);
        } else if (e.verb == note) {
            if (e.report_id) d.report_note[*e.report_id] = row;
            else d.station_note[e.station] = row;
        } else if (e.report_id) {
            d.verdict[*e.report_id] = row;
            if (e.verb == reject) d.count.rejected_reports.insert(*e.report_id);
            else d.count.rejected_reports.erase(*e.report_id);
        }
    }
    return d;
}

}  // namespace smsgw::review
