// The operators' decisions as transactions: reading the item, checking the verb applies, writing change and audit row.
#include "daemon/cli/review_decision.hpp"

#include "codebooks/reference.hpp"
#include "daemon/audit/audit_chain.hpp"
#include "daemon/codebook_io/codebook_store.hpp"
#include "daemon/status/estimate_from_store.hpp"
#include "daemon/pipeline/pipeline.hpp"
#include "daemon/review/decisions.hpp"
#include "daemon/store/store.hpp"
#include "daemon/store/values_column.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <stdexcept>

namespace smsgw {

namespace {

struct Item {
    std::optional<store::StoredReport> report;
    std::string station;
    std::string label;  // "report 17 (#1A02, R 01234)" or "station 01234"
};

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

std::optional<store::StoredReport> report_by_id(store::StoreReader& reader, std::int64_t id) {
    auto rows = reader.reports(id - 1, 1);
    if (!rows) throw std::runtime_error("cannot read reports: " + rows.error().message);
    if (rows->empty() || rows->front().id != id) return std::nullopt;
    return rows->front();
}

Item find_item(store::StoreReader& reader, const Codebook& cb, const std::string& text) {
    Item item;
    if (text.rfind("station:", 0) == 0) {
        item.station = text.substr(8);
        if (!cb.find_station(item.station))
            throw std::runtime_error("'" + text + "': no station " + item.station + " in the codebook");
        item.label = "station " + item.station;
        return item;
    }
    if (all_digits(text)) {
        std::int64_t id = 0;
        std::from_chars(text.data(), text.data() + text.size(), id);
        item.report = report_by_id(reader, id);
        if (!item.report) throw std::runtime_error("no report " + text + " (a report id; for a station say station:CODE)");
    } else {
        const auto message = id_for_reference(text);
        if (!message)
            throw std::runtime_error("'" + text + "' is neither a report id (digits), a reference (#1A02) nor station:CODE");
        const std::string ref = reference_for_id(*message).substr(1);
        auto found = reader.reports_by_reference(ref);
        if (!found) throw std::runtime_error("cannot read reports: " + found.error().message);
        if (found->empty()) throw std::runtime_error("no report has the reference #" + ref);
        if (found->size() > 1) {
            std::string ids;
            for (const auto& r : *found) ids += (ids.empty() ? "" : ", ") + std::to_string(r.id);
            throw std::runtime_error("reference #" + ref + " names several reports (" + ids + "): give the report id");
        }
        item.report = found->front();
    }
    item.station = item.report->record.station;
    item.label = fmt::format("report {} (#{}, {} {})", item.report->id, item.report->record.reference,
                             item.report->record.form, item.report->record.station);
    return item;
}

// The text a monitor would have sent for these values: what a phone entry goes through the parser as.
std::string report_text(const Form& form, const std::string& station, const std::vector<TagValue>& values,
                        const std::string& comment) {
    std::string text = form.code + " " + station;
    for (const Field& f : form.fields) {
        auto v = std::find_if(values.begin(), values.end(), [&](const TagValue& x) { return x.tag == f.tag; });
        if (v == values.end()) continue;
        text += " " + f.tag + (f.kind == FieldKind::time ? fmt::format("{:04}", v->value) : std::to_string(v->value));
    }
    if (!comment.empty()) text += " @" + comment;
    return text;
}

// Whose phone a phone entry comes from: the report's own sender when it is the station's
// registered monitor, else the station's assigned monitor.
std::string phone_sender(const Codebook& cb, const store::StoredReport& r) {
    if (r.record.disposition != "unregistered") return r.record.sender;
    const Station* s = cb.find_station(r.record.station);
    for (const Monitor& m : cb.monitors)
        if (s && std::find(m.stations.begin(), m.stations.end(), s->index) != m.stations.end()) return m.phone;
    throw std::runtime_error(fmt::format("station {} has no monitor in monitors.csv: a report by phone must be "
                                         "entered for its registered monitor",
                                         r.record.station));
}

struct Context {
    CodebookInUse codebook;
    Item item;
};

Context read_context(const std::string& db, const std::string& item_text) {
    auto reader = open_store_reader(db);
    Context c;
    c.codebook = codebook_from_reader(*reader);
    c.item = find_item(*reader, *c.codebook.codebook, item_text);
    return c;
}

// Appends `entry` unless `in_force(decisions)` says the same decision already stands.
template <class InForce>
DecisionResult append_unless(store::Store& store, const store::AuditEntry& entry, InForce in_force,
                             const std::string& done, const std::string& already) {
    DecisionResult out;
    auto r = store.write([&](store::Transaction& tx) -> store::Result<int> {
        auto rows = tx.audit_since(0);
        if (!rows) return rows.error();
        if (in_force(review::replay(*rows))) return 0;
        auto a = audit::append(tx, entry);
        if (!a) return a.error();
        out.changed = true;
        out.audit = a->id;
        return 0;
    });
    if (!r) throw std::runtime_error(r.error().message);
    out.message = out.changed ? done : already;
    return out;
}

}  // namespace

DecisionResult apply_review(const std::string& db, const ReviewRequest& req) {
    static const char* verbs[] = {review::verify, review::reject,  review::quarantine, review::release,
                                  review::note,   review::confirm, review::escalate};
    if (std::none_of(std::begin(verbs), std::end(verbs), [&](const char* v) { return req.verb == v; }))
        throw std::runtime_error("'" + req.verb + "' is not a decision: verify, reject, quarantine, release, note, "
                                 "confirm or escalate");
    if (!req.set.empty() && req.verb != review::verify)
        throw std::runtime_error("--set goes with verify (a correction read over the phone)");
    if (req.verb == review::note && req.reason.empty()) throw std::runtime_error("a note needs its text: --reason TEXT");
    Context c = read_context(db, req.item);
    const Codebook& cb = *c.codebook.codebook;
    const Item& item = c.item;
    const std::string& who = req.by;

    store::AuditEntry e;
    e.operator_name = who;
    e.action = "review";
    e.verb = req.verb;
    e.station = item.station;
    e.reason = req.reason;
    if (item.report) e.report_id = item.report->id;

    store::Store store(db);
    if (req.verb == review::quarantine || req.verb == review::release) {
        const bool hold = req.verb == review::quarantine;
        e.report_id.reset();
        e.before = hold ? "counted" : "withheld";
        e.after = hold ? "withheld" : "counted";
        return append_unless(
            store, e, [&](const review::Decisions& d) { return d.count.withheld_stations.contains(item.station) == hold; },
            fmt::format("station {} is {} the count ({})", item.station, hold ? "withheld from" : "back in", who),
            fmt::format("station {} was already {} the count: nothing changed", item.station,
                        hold ? "withheld from" : "in"));
    }
    if (req.verb == review::note) {
        const std::optional<std::int64_t> report = e.report_id;
        return append_unless(
            store, e,
            [&](const review::Decisions& d) {
                const store::StoredAudit* last = nullptr;
                if (report) {
                    if (auto it = d.report_note.find(*report); it != d.report_note.end()) last = &it->second;
                } else if (auto it = d.station_note.find(item.station); it != d.station_note.end())
                    last = &it->second;
                return last && last->entry.reason == req.reason && last->entry.operator_name == who;
            },
            fmt::format("note on {} by {}", item.label, who), fmt::format("the same note is already on {}", item.label));
    }
    if (!item.report) throw std::runtime_error(req.verb + " needs a report (an id or #REF), not " + item.label);
    const store::StoredReport& rep = *item.report;
    const Form* form = cb.find_form(rep.record.form);
    const bool incident = form && form->kind == FormKind::incident;
    if ((req.verb == review::confirm || req.verb == review::escalate) && !incident)
        throw std::runtime_error(req.verb + " is for incidents; " + item.label + " is not one (verify or reject it)");
    std::string verb = req.verb;
    if (incident && verb == review::verify) verb = review::confirm;
    e.verb = verb;
    e.before = rep.record.values_json;
    if (incident) e.before = rep.record.incidents_json;

    const bool counted_version = rep.record.current && rep.record.status != Status::rejected;
    if (verb == review::verify && !incident && (!req.set.empty() || rep.record.status == Status::rejected)) {
        // A correction read over the phone, or a report that did not count (an unregistered phone,
        // a value the validator refused) vouched for: a new version, validated like an SMS.
        if (!form) throw std::runtime_error(item.label + " has no form this codebook knows");
        if (!rep.record.current && rep.record.status != Status::rejected)
            throw std::runtime_error(fmt::format("{} is superseded by report {}: review the current version",
                                                 item.label, rep.superseded_by.value_or(0)));
        std::vector<TagValue> values = store::values_from_json(rep.record.values_json).value_or(std::vector<TagValue>{});
        for (const auto& set : req.set) {
            // Named, not a structured binding: Clang 14 cannot capture a binding in the lambdas below.
            const auto& tag = set.first;
            const auto& value = set.second;
            if (!std::any_of(form->fields.begin(), form->fields.end(), [&](const Field& f) { return f.tag == tag; }))
                throw std::runtime_error(fmt::format("--set {}={}: form {} has no tag {}", tag, value, form->code, tag));
            auto v = std::find_if(values.begin(), values.end(), [&](const TagValue& x) { return x.tag == tag; });
            if (v != values.end()) v->value = value;
            else values.push_back({tag, value, -1});
        }
        PhoneEntry entry{report_text(*form, rep.record.station, values, rep.record.comment), phone_sender(cb, rep), who};
        QuickCount count(c.codebook.codebook);
        Pipeline pipeline(store, count, c.codebook, {}, [] { return std::chrono::system_clock::now(); });
        DecisionResult out;
        e.verb = req.set.empty() ? review::verify : review::correct;
        auto r = pipeline.record_phone_report(entry, [&](store::Transaction& tx, const store::StoredReport& stored) {
            e.after = fmt::format("report {} by phone: {}", stored.id, stored.record.values_json);
            auto a = audit::append(tx, e);
            if (!a) return store::Result<void>(a.error());
            out.audit = a->id;
            return store::Result<void>();
        });
        if (!r) throw std::runtime_error(r.message);
        out.changed = r.outcome.disposition != Disposition::duplicate;  // unchanged, or recorded as a duplicate
        out.message = out.changed ? fmt::format("{}: '{}' entered by phone by {} ({})", item.label, entry.text, who,
                                                to_string(r.outcome.disposition))
                                  : fmt::format("{}: the station's current report already says '{}': nothing changed",
                                                item.label, entry.text);
        return out;
    }
    if (verb == review::verify && rep.record.current && rep.record.conflict) {
        // Verifying one side of a conflict settles it in that version's favour.
        QuickCount count(c.codebook.codebook);
        Pipeline pipeline(store, count, c.codebook, {}, [] { return std::chrono::system_clock::now(); });
        e.before = "conflict";
        e.after = "counts: " + rep.record.values_json;
        DecisionResult out;
        auto r = pipeline.resolve(rep.id, [&](store::Transaction& tx) -> store::Result<void> {
            auto a = audit::append(tx, e);
            if (!a) return a.error();
            out.audit = a->id;
            return {};
        });
        if (!r) throw std::runtime_error(r.message);
        out.changed = true;
        out.message = fmt::format("{} verified by {}: the conflict is settled, it counts", item.label, who);
        return out;
    }
    if (!rep.record.current)
        throw std::runtime_error(fmt::format("{} is superseded by report {}: review the current version", item.label,
                                             rep.superseded_by.value_or(0)));
    e.after = verb == review::reject ? "rejected" : verb;
    if (!incident && verb == review::verify) e.after = counted_version ? "counts" : "stored";
    return append_unless(
        store, e,
        [&](const review::Decisions& d) {
            const store::StoredAudit* last = d.verdict_on(rep.id);
            return last && last->entry.verb == verb;
        },
        fmt::format("{} {} by {}", item.label,
                    verb == review::reject     ? std::string(incident ? "rejected" : "rejected: it no longer counts")
                    : verb == review::verify   ? std::string("verified")
                    : verb == review::confirm  ? std::string("confirmed")
                                               : std::string("escalated"),
                    who),
        fmt::format("{} was already {}: nothing changed", item.label, verb == review::reject ? "rejected" : verb + "ed"));
}

DecisionResult record_call(const std::string& db, const CallRequest& req) {
    if (std::none_of(std::begin(call_outcomes), std::end(call_outcomes), [&](const char* o) { return req.outcome == o; }))
        throw std::runtime_error("--outcome '" + req.outcome +
                                 "': one of reached, no-answer, busy, switched-off, wrong-number, left-message");
    Context c = read_context(db, "station:" + req.station);
    store::AuditEntry e;
    e.operator_name = req.by;
    e.action = "call";
    e.verb = req.outcome;
    e.station = req.station;
    e.reason = req.note;
    const Station* s = c.codebook.codebook->find_station(req.station);
    for (const Monitor& m : c.codebook.codebook->monitors)
        if (std::find(m.stations.begin(), m.stations.end(), s->index) != m.stations.end()) e.after = m.phone;
    store::Store store(db);
    // Every attempt is a fact of its own: two calls are two rows.
    return append_unless(
        store, e, [](const review::Decisions&) { return false; },
        fmt::format("call to station {} ({}): {} ({})", req.station, e.after.empty() ? "no monitor listed" : e.after,
                    req.outcome, req.by),
        "");
}

}  // namespace smsgw
