// The JSON of smsgw status --json, built from the status snapshot with Boost.JSON.
#include "daemon/status/status_json.hpp"

#include "daemon/status/delivery_text.hpp"

#include "daemon/quickcount/estimates_json.hpp"
#include "daemon/status/status_view.hpp"

#include <boost/json.hpp>

namespace smsgw {

namespace json = boost::json;

namespace {

std::int64_t age_seconds(SystemTime now, SystemTime t) {
    return std::chrono::duration_cast<std::chrono::seconds>(now - t).count();
}

json::value optional_int(const std::optional<int>& v) { return v ? json::value(*v) : json::value(nullptr); }

json::object sms_storage(const store::ModemHealthRecord& m) {
    return {{"sim_used", optional_int(m.sim_used)},
            {"sim_size", optional_int(m.sim_size)},
            {"phone_used", optional_int(m.phone_used)},
            {"phone_size", optional_int(m.phone_size)}};
}

}  // namespace

json::value status_json(const StatusSnapshot& s) {
    json::object root;
    root["now"] = status_utc(s.now, true);
    root["database"] = {{"path", s.path}, {"schema_version", s.schema_version}};
    if (s.codebook)
        root["codebook"] = {{"version", s.codebook->version}, {"in_use_since", status_utc(s.codebook->in_use_since, true)}};
    else
        root["codebook"] = nullptr;
    json::array problems;
    for (const auto& p : s.problems) problems.emplace_back(p);
    root["problems"] = std::move(problems);

    json::array modems;
    for (const auto& m : s.modems)
        modems.push_back(json::object{{"name", m.name},
                                      {"state", m.state},
                                      {"network_state", m.network_state},
                                      {"signal_percent", optional_int(m.signal_percent)},
                                      {"battery_percent", optional_int(m.battery_percent)},
                                      {"operator", m.operator_name},
                                      {"imei", m.imei},
                                      {"device", m.device},
                                      {"sms_storage", sms_storage(m)},
                                      {"last_seen", status_utc(m.last_seen, true)},
                                      {"last_seen_age_s", age_seconds(s.now, m.last_seen)},
                                      {"stale", s.modem_stale(m)},
                                      {"last_error", m.last_error},
                                      {"deletes_failed", m.delete_failures},
                                      {"undeletable", m.undeletable},
                                      {"last_delete_error", m.last_delete_error}});
    root["modems"] = std::move(modems);
    root["quarantined"] = s.quarantined;

    const store::Counts& c = s.counts;
    root["messages"] = {{"parts", c.parts},
                        {"unlinked_parts", c.unlinked_parts},
                        {"pending", c.messages_pending},
                        {"processed", c.messages_processed},
                        {"incomplete", c.messages_incomplete}};
    root["rates"] = {{"messages_last_5min", s.messages_last_5min},
                     {"messages_last_15min", s.messages_last_15min},
                     {"per_minute_5min", s.per_minute_5()},
                     {"per_minute_15min", s.per_minute_15()}};
    json::object outcomes;
    for (const auto& o : s.outcomes) outcomes[o.disposition] = o.reports;
    root["outcomes"] = std::move(outcomes);
    root["reports"] = {{"accepted", c.reports_accepted},
                       {"warning", c.reports_warning},
                       {"rejected", c.reports_rejected},
                       {"current", c.reports_current},
                       {"conflict", c.reports_conflict}};
    if (s.count) {
        const CountTally& t = s.count->tally;
        root["count"] = {{"counted", t.counted},
                         {"not_estimated", t.not_estimated},
                         {"conflicts", t.conflicts},
                         {"rejected", t.rejected},
                         {"withheld", t.withheld},
                         {"unusable", t.unusable}};
    } else {
        root["count"] = nullptr;
    }
    if (s.queue) {
        json::object kinds;
        for (review::QueueKind k : review::queue_kinds) {
            auto it = s.queue->by_kind.find(k);
            kinds[review::to_string(k)] = it == s.queue->by_kind.end() ? 0 : it->second;
        }
        root["queue"] = {{"total", s.queue->total},
                         {"by_kind", std::move(kinds)},
                         {"oldest_utc", s.queue->oldest ? json::value(status_utc(*s.queue->oldest, true)) : nullptr}};
    } else {
        root["queue"] = nullptr;
    }

    json::array errors;
    for (const auto& r : s.reply_errors)
        errors.push_back(json::object{{"id", r.id},
                                      {"destination", r.record.destination},
                                      {"status", to_string(r.status)},
                                      {"attempts", r.attempts},
                                      {"modem", r.modem},
                                      {"error", r.error},
                                      {"next_try_at", status_utc(r.next_try_at, true)}});
    root["replies"] = {{"queued", c.replies_queued},
                       {"sending", c.replies_sending},
                       {"sent", c.replies_sent},
                       {"failed", c.replies_failed},
                       {"oldest_queued", s.oldest_queued ? json::value(status_utc(*s.oldest_queued, true)) : nullptr},
                       {"recent_errors", std::move(errors)}};
    json::object by_kind;
    for (const auto& o : s.outgoing) {
        json::value& k = by_kind[o.kind];
        if (!k.is_object()) k = json::object{{"queued", 0}, {"sending", 0}, {"sent", 0}, {"failed", 0}};
        k.as_object()[store::to_string(o.status)] = o.count;
    }
    root["outgoing"] = std::move(by_kind);

    if (s.count) {
        root["progress"] = to_json(s.count->quick_count.progress());
        Estimates national;
        for (auto& e : s.count->quick_count.estimate().contests)
            if (!e.district) national.contests.push_back(std::move(e));
        root["estimates"] = to_json(national).as_object()["contests"];
    } else {
        root["progress"] = nullptr;
        root["estimates"] = nullptr;
    }

    if (s.last_export) {
        const store::ExportRecord& e = *s.last_export;
        json::array files;
        for (const auto& f : e.files) files.emplace_back(f);
        root["last_export"] = {{"id", e.id},
                               {"status", to_string(e.status)},
                               {"path", e.path},
                               {"started_at", status_utc(e.started_at, true)},
                               {"finished_at", e.finished_at ? json::value(status_utc(*e.finished_at, true)) : nullptr},
                               {"files", std::move(files)},
                               {"error", e.error}};
    } else {
        root["last_export"] = nullptr;
    }
    root["delivery"] = delivery_json(s);
    if (s.hq_push) {
        const store::HqPushState& h = *s.hq_push;
        auto utc = [](const std::optional<SystemTime>& t) { return t ? json::value(status_utc(*t, true)) : nullptr; };
        const double lag = h.oldest_pending ? std::chrono::duration<double>(s.now - *h.oldest_pending).count() : 0.0;
        root["hq_push"] = {{"gateway_id", h.gateway_id},
                           {"pending", h.pending},
                           {"oldest_pending_at", utc(h.oldest_pending)},
                           {"lag_seconds", lag < 0 ? 0.0 : lag},
                           {"pushed_through", h.pushed_through},
                           {"last_id", h.last_id},
                           {"pushed_at", utc(h.pushed_at)},
                           {"last_error", h.last_error},
                           {"failing_since", utc(h.failing_since)}};
    } else {
        root["hq_push"] = nullptr;
    }
    return root;
}

}  // namespace smsgw
