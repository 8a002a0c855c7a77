// Wording the audit trail's rows for the console, one line each.
#include "daemon/review/decision_text.hpp"

#include <fmt/format.h>

namespace smsgw::review {

std::string decision_text(const store::StoredAudit& row) {
    const store::AuditEntry& e = row.entry;
    const std::string report = e.report_id ? fmt::format("report {} ({})", *e.report_id, e.station) : "";
    const std::string why = e.reason.empty() ? "" : " (" + e.reason + ")";
    const std::string tail = fmt::format("{} [#{}]", why, row.id);
    const std::string& who = e.operator_name;
    if (e.action == "call") return fmt::format("{} called station {}: {}{}", who, e.station, e.verb, tail);
    if (e.action == "resolve") return fmt::format("{} resolved the conflict: {} counts{}", who, report, tail);
    if (e.action == "official-import")
        return fmt::format("{} imported official results: {} -> {}{}", who, e.before, e.after, tail);
    if (e.action == "codebook-reload")
        return fmt::format("{} changed the codebook: {} -> {}{}", who, e.before.empty() ? "none" : e.before, e.after, tail);
    if (e.verb == "quarantine") return fmt::format("{} withheld station {} from the count{}", who, e.station, tail);
    if (e.verb == "release") return fmt::format("{} released station {} back into the count{}", who, e.station, tail);
    if (e.verb == "note")
        return fmt::format("{} noted on {}: {} [#{}]", who, report.empty() ? "station " + e.station : report, e.reason,
                           row.id);
    if (e.verb == "correct") return fmt::format("{} corrected {} by phone: {} -> {}{}", who, report, e.before, e.after, tail);
    if (e.verb == "reject") return fmt::format("{} rejected {}: it does not count{}", who, report, tail);
    if (e.verb == "verify") return fmt::format("{} verified {}: {}{}", who, report, e.after, tail);
    return fmt::format("{} {} {}{}", who, e.verb == "confirm" ? "confirmed" : e.verb == "escalate" ? "escalated" : e.verb,
                       report, tail);
}

}  // namespace smsgw::review
