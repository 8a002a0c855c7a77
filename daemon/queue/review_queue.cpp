// Building the operators' queue from the reports, the decisions and the screens: pure, no store.
#include "daemon/queue/review_queue.hpp"

#include "codebooks/reference.hpp"
#include "daemon/quickcount/counting_rule.hpp"
#include "daemon/store/values_column.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace smsgw::review {

std::string_view to_string(QueueKind k) {
    switch (k) {
        case QueueKind::conflict: return "conflict";
        case QueueKind::warning: return "warning";
        case QueueKind::anomaly: return "anomaly";
        case QueueKind::incident: return "incident";
        case QueueKind::unregistered: return "unregistered";
        case QueueKind::silent: return "silent";
    }
    return "warning";
}

std::optional<QueueKind> queue_kind_from(std::string_view text) {
    for (QueueKind k : queue_kinds)
        if (to_string(k) == text) return k;
    return std::nullopt;
}

namespace {

// The station's own monitor: listed by station code in monitors.csv (not a mobile team).
std::map<std::uint32_t, const Monitor*> monitors_by_station(const Codebook& cb) {
    std::map<std::uint32_t, const Monitor*> out;
    for (const Monitor& m : cb.monitors)
        for (std::uint32_t s : m.stations) out.emplace(s, &m);
    return out;
}

std::string values_text(const std::string& json) {
    auto values = store::values_from_json(json);
    if (!values) return "unreadable values";
    std::string out;
    for (const auto& v : *values) out += fmt::format("{}{}{}", out.empty() ? "" : " ", v.tag, v.value);
    return out;
}

// "CHECK_WARNING: turnout above 95%; PARTIAL" from the stored issues column.
std::string issues_text(const std::string& json) {
    std::string out;
    std::size_t pos = 0;
    while ((pos = json.find("\"code\":\"", pos)) != std::string::npos) {
        pos += 8;
        auto end = json.find('"', pos);
        if (end == std::string::npos) break;
        std::string code = json.substr(pos, end - pos);
        std::string detail;
        if (auto d = json.find("\"detail\":\"", end); d != std::string::npos) {
            auto dend = json.find('"', d + 10);
            if (dend != std::string::npos) detail = json.substr(d + 10, dend - d - 10);
        }
        out += (out.empty() ? "" : "; ") + code + (detail.empty() ? "" : ": " + detail);
        pos = end;
    }
    return out;
}

// "3 Ballot stuffing; 7 Observer expelled" from the stored codes [3,7].
std::string incident_labels(const Form& form, const std::string& json) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(json, ec);
    if (ec || !v.is_array()) return json;
    std::string out;
    for (const auto& e : v.as_array()) {
        if (!e.is_int64()) continue;
        const auto code = e.as_int64();
        auto it = std::find_if(form.incidents.begin(), form.incidents.end(),
                               [&](const IncidentCode& c) { return c.code == code; });
        out += fmt::format("{}{}{}", out.empty() ? "" : "; ", code, it == form.incidents.end() ? "" : " " + it->label);
    }
    return out;
}

const store::StoredAudit* find(const std::map<std::int64_t, store::StoredAudit>& m, std::int64_t id) {
    auto it = m.find(id);
    return it == m.end() ? nullptr : &it->second;
}

}  // namespace

std::vector<QueueItem> build_queue(const QueueInput& in) {
    const Codebook& cb = in.codebook;
    const Decisions& d = in.decisions;
    const auto monitors = monitors_by_station(cb);
    std::vector<QueueItem> items;

    auto item_of = [&](QueueKind kind, const store::StoredReport& r) {
        QueueItem it;
        it.kind = kind;
        it.report_id = r.id;
        it.reference = r.record.reference.empty() ? "" : "#" + r.record.reference;
        it.form = r.record.form;
        it.station = r.record.station;
        it.sender = r.record.sender;
        it.since = r.record.created_at;
        if (const Station* s = cb.find_station(r.record.station))
            if (auto m = monitors.find(s->index); m != monitors.end()) {
                it.monitor_phone = m->second->phone;
                it.monitor_name = m->second->name;
            }
        it.last_call = d.call_to(it.station);
        it.last_note = find(d.report_note, r.id);
        return it;
    };

    // Per results form and station: the counted report, for the anomaly screens' items.
    std::map<std::pair<std::string, std::string>, const store::StoredReport*> counted;
    std::set<std::pair<std::string, std::string>> answered;  // a current version exists (for silence)
    for (const store::StoredReport& r : in.reports) {
        const store::ReportRecord& rec = r.record;
        const Form* form = cb.find_form(rec.form);
        const bool decided = d.verdict_on(r.id) != nullptr;
        const bool withheld = d.count.withheld_stations.contains(rec.station);
        if (rec.current && form && form->kind != FormKind::incident) answered.insert({rec.form, rec.station});
        if (!form) continue;
        if (form->kind == FormKind::incident) {
            if (rec.current && rec.status != Status::rejected && !decided) {
                QueueItem it = item_of(QueueKind::incident, r);
                it.facts = "incident " + incident_labels(*form, rec.incidents_json) +
                           (rec.comment.empty() ? "" : " @" + rec.comment);
                items.push_back(std::move(it));
            }
            continue;
        }
        if (rec.disposition == "unregistered" && !decided && !withheld) {
            QueueItem it = item_of(QueueKind::unregistered, r);
            it.facts = fmt::format("from an unregistered phone: {} ({})", values_text(rec.values_json),
                                   issues_text(rec.errors_json));
            items.push_back(std::move(it));
            continue;
        }
        if (!rec.current || withheld) continue;
        if (rec.conflict) {
            if (!decided) {
                QueueItem it = item_of(QueueKind::conflict, r);
                it.facts = fmt::format("conflicting version {}: {}", r.version, values_text(rec.values_json));
                items.push_back(std::move(it));
            }
            continue;
        }
        if (rec.status == Status::warning && !decided) {
            QueueItem it = item_of(QueueKind::warning, r);
            it.facts = fmt::format("{} | {}", issues_text(rec.warnings_json), values_text(rec.values_json));
            items.push_back(std::move(it));
        }
        if (form->kind == FormKind::results && judge_report(cb, r, d.count).fate == CountFate::counts)
            counted[{rec.form, rec.station}] = &r;
    }

    // One anomaly item per report, all its screens in its facts.
    for (const official::Anomaly& a : in.anomalies) {
        if (a.source != "observer") continue;
        for (const auto& entry : counted) {
            // Named, not a structured binding: Clang 14 cannot capture a binding in the lambda below.
            const auto& key = entry.first;
            const auto& r = entry.second;
            if (key.second != a.station || d.verdict_on(r->id)) continue;
            auto same = std::find_if(items.begin(), items.end(), [&](const QueueItem& i) {
                return i.kind == QueueKind::anomaly && i.report_id == r->id;
            });
            if (same != items.end()) {
                same->facts += "; " + a.screen + ": " + a.detail;
                continue;
            }
            QueueItem it = item_of(QueueKind::anomaly, *r);
            it.facts = a.screen + ": " + a.detail;
            items.push_back(std::move(it));
        }
    }

    std::set<std::string> forms_done;
    for (const Contest& c : cb.contests) {
        if (c.scope != ContestScope::national || !forms_done.insert(c.form).second) continue;
        for (const Station& s : cb.stations) {
            if (!s.sampled || answered.contains({c.form, s.code}) || d.count.withheld_stations.contains(s.code)) continue;
            auto due = in.due.find(s.code);
            if (due == in.due.end()) continue;
            QueueItem it;
            it.kind = QueueKind::silent;
            it.form = c.form;
            it.station = s.code;
            it.since = due->second;
            it.facts = fmt::format("sampled, no {} report ({}, {})", c.form, s.name, s.region);
            if (auto m = monitors.find(s.index); m != monitors.end()) {
                it.monitor_phone = m->second->phone;
                it.monitor_name = m->second->name;
            }
            it.last_call = d.call_to(s.code);
            if (auto n = d.station_note.find(s.code); n != d.station_note.end()) it.last_note = &n->second;
            items.push_back(std::move(it));
        }
    }

    std::stable_sort(items.begin(), items.end(), [](const QueueItem& a, const QueueItem& b) {
        if (a.kind != b.kind) return a.kind < b.kind;
        if (a.since != b.since) return a.since < b.since;
        return a.station < b.station;
    });
    return items;
}

}  // namespace smsgw::review
