// The ingest pipeline: one transaction per batch; the aggregator and the modem hear of it only after COMMIT.
#include "daemon/pipeline/pipeline.hpp"

#include "codebooks/phone.hpp"
#include "codebooks/reference.hpp"
#include "codebooks/reply_builder.hpp"
#include "codebooks/validator.hpp"
#include "daemon/pipeline/report_json.hpp"
#include "parsers/parser.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace smsgw {

namespace {

ingest::Part to_part(const ReceivedPart& p) {
    return {p.modem, p.imei, p.location, p.sender, p.smsc_time, p.received_at, p.concat_ref, p.concat_part,
            p.concat_total, p.text, p.coding};
}

bool has_code(const std::vector<Issue>& issues, Code c) {
    return std::any_of(issues.begin(), issues.end(), [c](const Issue& i) { return i.code == c; });
}

// Assigned means listed by station code in monitors.csv: not a mobile team, not a coordinator.
bool directly_assigned(const Monitor* m, const Station* s) {
    return m && s && std::find(m->stations.begin(), m->stations.end(), s->index) != m->stations.end();
}

bool same_sender(const std::string& a, const std::string& b, const PhoneRules& rules) {
    if (a == b) return true;
    auto na = normalize_phone(a, rules), nb = normalize_phone(b, rules);
    return na && nb && *na == *nb;
}

}  // namespace

Pipeline::Pipeline(store::Store& store, QuickCount& quick_count, CodebookInUse codebook, PipelineOptions options,
                   Clock clock)
    : store_(store),
      quick_count_(quick_count),
      codebook_(std::move(codebook)),
      options_(std::move(options)),
      clock_(std::move(clock)),
      linker_([this] { return clock_(); }, ingest::MultipartLinker::Options{options_.multipart_timeout, "[...]"}) {}

void Pipeline::set_codebook(CodebookInUse codebook) { codebook_ = std::move(codebook); }

std::optional<std::chrono::system_clock::time_point> Pipeline::next_multipart_deadline() const {
    return linker_.next_deadline();
}

// ---- the batch path --------------------------------------------------------------------------

Pipeline::IngestResult Pipeline::ingest(const ReceivedBatch& batch) {
    IngestResult out;
    out.ack.batch_id = batch.batch_id;
    std::vector<ingest::Part> parts;
    parts.reserve(batch.parts.size());
    for (const auto& p : batch.parts) parts.push_back(to_part(p));

    Updates updates;
    std::vector<MessageOutcome> outcomes;
    auto committed = store_.write([&](store::Transaction& tx) -> store::Result<std::vector<int>> {
        auto stored = tx.store_parts(parts);  // redelivered parts come back as duplicates
        if (!stored) return stored.error();
        for (const auto& part : stored->stored) {
            auto message = linker_.add(part);
            if (!message) continue;  // a part of a message still incomplete
            auto outcome = record_and_process(tx, *message, updates);
            if (!outcome) return outcome.error();
            outcomes.push_back(std::move(*outcome));
        }
        return stored->locations;
    });

    if (!committed) {
        // Nothing of the batch is stored: the modem keeps the parts and offers them again, and
        // the linker forgets what it was fed inside the rolled-back transaction.
        out.error = committed.error();
        out.ack.committed = false;
        for (const auto& p : batch.parts) out.ack.locations.push_back(p.location);
        rebuild_linker();
        return out;
    }
    apply(updates);
    out.ack.committed = true;
    out.ack.locations = std::move(*committed);
    out.outcomes = std::move(outcomes);
    return out;
}

store::Result<MessageOutcome> Pipeline::record_and_process(store::Transaction& tx, const ingest::AssembledMessage& m,
                                                           Updates& updates) {
    auto id = tx.record_message(m);
    if (!id) return id.error();
    auto outcome = process(tx, *id, m, updates);
    if (!outcome) return outcome;
    if (auto done = tx.mark_processed(*id); !done) return done.error();
    return outcome;
}

// One message: parse, validate, decide what it means for the station's count, store the report,
// queue the reply. Everything it writes is in the caller's transaction.
store::Result<MessageOutcome> Pipeline::process(store::Transaction& tx, std::int64_t message_id,
                                                const ingest::AssembledMessage& m, Updates& updates) {
    const Codebook& cb = *codebook_.codebook;
    MessageOutcome o;
    o.message_id = message_id;
    o.modem = m.modem;
    o.sender = m.sender;
    o.text = m.text;
    o.reference = reference_for_id(message_id);
    o.incomplete = m.assembly != ingest::Assembly::complete;

    // 1. Understand the text and check it against the codebook and the sender.
    Sender sender{m.sender, normalize_phone(m.sender, cb.election.phones), false};
    Report report = parse_message(m.text, cb);
    Verdict verdict = validate(report, cb, sender);
    ReplyExtras extras;
    if (o.incomplete) {
        std::string missing;
        for (int p : m.missing) missing += (missing.empty() ? "" : ",") + std::to_string(p);
        extras.warnings.push_back({Code::PARTIAL,
                                   missing.empty() ? std::string("malformed multipart header")
                                                   : fmt::format("part {} of {} never arrived", missing, m.concat_total),
                                   -1, ""});
    }

    // 2. Decide what it means for the station: the policies of issue 4, in one place.
    std::string disposition;
    bool current = false, conflict = false, count = false, withdraw = false;
    std::optional<std::int64_t> superseded;
    std::vector<std::int64_t> flag_conflict, clear_current;
    const bool results = verdict.form && verdict.form->kind == FormKind::results;

    if (verdict.status == Status::rejected) {
        disposition = has_code(verdict.errors, Code::UNREGISTERED_SENDER) ? "unregistered" : "rejected";
    } else if (verdict.form->kind == FormKind::incident) {
        auto history = tx.report_history(report.form, report.station);
        if (!history) return history.error();
        bool resent = std::any_of(history->begin(), history->end(), [&](const store::StoredReport& r) {
            return r.record.normalized == report.normalized && r.record.status != Status::rejected &&
                   same_sender(r.record.sender, m.sender, cb.election.phones);
        });
        disposition = resent ? "duplicate" : "incident";
        current = !resent;
    } else {
        auto cur = tx.current_reports(report.form, report.station);
        if (!cur) return cur.error();
        const bool in_conflict = cur->size() > 1 || std::any_of(cur->begin(), cur->end(), [](const auto& r) { return r.record.conflict; });
        auto same_values = std::find_if(cur->begin(), cur->end(), [&](const auto& r) { return r.record.normalized == report.normalized; });
        auto from_sender = std::find_if(cur->begin(), cur->end(), [&](const auto& r) {
            return same_sender(r.record.sender, m.sender, cb.election.phones);
        });
        if (cur->empty()) {
            disposition = "new";
            current = count = true;
        } else if (same_values != cur->end() && !in_conflict) {
            disposition = "duplicate";  // resent because unsure: replied to, not counted again
        } else if (in_conflict && directly_assigned(verdict.monitor, verdict.station)) {
            disposition = "resolution";  // the station's own monitor settles it
            current = count = true;
            for (const auto& r : *cur) clear_current.push_back(r.id);
        } else if (in_conflict) {
            disposition = "conflict";
            current = conflict = withdraw = true;
        } else if (from_sender != cur->end()) {
            disposition = "correction";
            current = count = true;
            superseded = from_sender->id;
        } else {
            disposition = "conflict";  // another phone, other values: both kept, neither counted
            current = conflict = withdraw = true;
            for (const auto& r : *cur) flag_conflict.push_back(r.id);
        }
    }
    if (disposition == "conflict")
        extras.errors.push_back({Code::CONFLICT, fmt::format("{} {}: other values already received", report.form, report.station), -1,
                                 report.station});

    // 3. Store the report version with its verdict.
    std::vector<Issue> errors = extras.errors;
    errors.insert(errors.end(), verdict.errors.begin(), verdict.errors.end());
    std::vector<Issue> warnings = verdict.warnings;
    warnings.insert(warnings.end(), extras.warnings.begin(), extras.warnings.end());
    o.status = !errors.empty() ? Status::rejected : verdict.status;
    o.disposition = disposition;
    if (!errors.empty()) o.first_code = to_string(errors.front().code), o.first_detail = errors.front().detail;
    else if (!warnings.empty()) o.first_code = to_string(warnings.front().code), o.first_detail = warnings.front().detail;

    store::ReportRecord rec;
    rec.message_id = message_id;
    rec.form = report.form;
    rec.station = report.station;
    rec.sender = m.sender;
    rec.status = o.status;
    rec.disposition = disposition;
    rec.values_json = values_to_json(report.values);
    rec.incidents_json = incidents_to_json(report.incidents);
    rec.errors_json = issues_to_json(errors);
    rec.warnings_json = issues_to_json(warnings);
    rec.normalized = report.normalized;
    rec.comment = report.comment;
    rec.codebook_version = codebook_.version;
    rec.reference = o.reference.substr(1);
    rec.current = current;
    rec.conflict = conflict;
    auto stored = tx.record_report(rec);
    if (!stored) return stored.error();
    if (superseded)
        if (auto r = tx.supersede_report(*superseded, stored->id); !r) return r.error();
    for (auto id : flag_conflict)
        if (auto r = tx.set_report_conflict(id, true); !r) return r.error();
    for (auto id : clear_current) {
        if (auto r = tx.set_report_current(id, false); !r) return r.error();
        if (auto r = tx.set_report_conflict(id, false); !r) return r.error();
    }

    // 4. The count changes only after COMMIT (apply()).
    if (results && verdict.station && (count || withdraw))
        updates.push_back({withdraw, verdict.station->index, report.form, count ? report.values : std::vector<TagValue>{}});

    // 5. Exactly one reply, in the monitor's language.
    const std::string language = verdict.monitor ? verdict.monitor->language : cb.election.default_language;
    const std::string text = build_reply(verdict, report, cb, language, o.reference, extras);
    auto reply = queue_reply(tx, o, text, stored->id);
    if (!reply) return reply.error();
    o.reply_id = *reply;
    return o;
}

// The reply-loop guard: no replies to what is not a monitor's phone, to ourselves, beyond the
// policy, or beyond the per-sender hourly budget.
store::Result<std::optional<std::int64_t>> Pipeline::queue_reply(store::Transaction& tx, MessageOutcome& o,
                                                                 const std::string& text, std::int64_t report_id) {
    if (!is_replyable_sender(o.sender)) o.reply_skipped = "not a phone number (alphanumeric sender or short code)";
    else if (is_own_number(o.sender)) o.reply_skipped = "the gateway's own number";
    else if (options_.reply_policy == ReplyPolicy::none) o.reply_skipped = "reply_policy = none";
    else if (options_.reply_policy == ReplyPolicy::rejected_only && o.status != Status::rejected)
        o.reply_skipped = "reply_policy = rejected";
    else {
        auto sent = tx.replies_since(o.sender, tx.now() - std::chrono::hours(1));
        if (!sent) return sent.error();
        if (*sent >= options_.replies_per_sender_per_hour)
            o.reply_skipped = fmt::format("rate limit ({} replies in the last hour)", *sent);
    }
    if (!o.reply_skipped.empty()) {
        auto e = tx.append_event(store::EventLevel::info, "reply",
                                 fmt::format("no reply to {} for message {}: {}", o.sender, o.message_id, o.reply_skipped));
        if (!e) return e.error();
        return std::optional<std::int64_t>{};
    }
    auto id = tx.enqueue_reply({o.message_id, report_id, o.sender, text});
    if (!id) return id.error();
    return std::optional<std::int64_t>{*id};
}

bool Pipeline::is_own_number(const std::string& sender) const {
    const PhoneRules& rules = codebook_.codebook->election.phones;
    return std::any_of(options_.own_numbers.begin(), options_.own_numbers.end(),
                       [&](const std::string& own) { return same_sender(own, sender, rules); });
}

void Pipeline::apply(const Updates& updates) {
    for (const auto& u : updates) {
        if (u.withdraw) quick_count_.withdraw(u.station, u.form);
        else quick_count_.set_result(u.station, u.form, u.values);
    }
}

void Pipeline::rebuild_linker() {
    auto unlinked = store_.unlinked_parts();
    if (!unlinked) return;  // the store is failing; the next successful batch rebuilds it
    // Messages the restore finds complete were already complete before: their last part was
    // stored and a message recorded in the same transaction, so none are expected here; any
    // that are will be recorded by resume() or the next expire_multipart().
    pending_restored_ = linker_.restore(*unlinked);
}

// ---- timers and restart ---------------------------------------------------------------------

store::Result<std::vector<MessageOutcome>> Pipeline::expire_multipart() {
    std::vector<ingest::AssembledMessage> released = std::move(pending_restored_);
    pending_restored_.clear();
    for (auto& m : linker_.expire()) released.push_back(std::move(m));
    if (released.empty()) return std::vector<MessageOutcome>{};
    Updates updates;
    auto r = store_.write([&](store::Transaction& tx) -> store::Result<std::vector<MessageOutcome>> {
        std::vector<MessageOutcome> out;
        for (const auto& m : released) {
            auto o = record_and_process(tx, m, updates);
            if (!o) return o.error();
            out.push_back(std::move(*o));
        }
        return out;
    });
    if (!r) {
        rebuild_linker();
        return r;
    }
    apply(updates);
    return r;
}

store::Result<std::vector<MessageOutcome>> Pipeline::resume() {
    const Codebook& cb = *codebook_.codebook;
    std::vector<MessageOutcome> outcomes;
    Updates updates;
    // Pending messages (recorded, not processed) first, then what the stored parts complete.
    auto r = store_.write([&](store::Transaction& tx) -> store::Result<int> {
        auto pending = tx.pending_messages();
        if (!pending) return pending.error();
        for (const auto& sm : *pending) {
            auto o = process(tx, sm.id, sm.message, updates);
            if (!o) return o.error();
            if (auto d = tx.mark_processed(sm.id); !d) return d.error();
            outcomes.push_back(std::move(*o));
        }
        auto unlinked = tx.unlinked_parts();
        if (!unlinked) return unlinked.error();
        for (const auto& m : linker_.restore(*unlinked)) {
            auto o = record_and_process(tx, m, updates);
            if (!o) return o.error();
            outcomes.push_back(std::move(*o));
        }
        auto requeued = tx.requeue_interrupted_replies();
        if (!requeued) return requeued.error();
        return *requeued;
    });
    if (!r) {
        rebuild_linker();
        return r.error();
    }

    // The aggregator from the stored current reports (identical to the live state: its sums are
    // exact and independent of order).
    quick_count_.clear();
    auto current = store_.write([](store::Transaction& tx) { return tx.all_current_reports(); });
    if (!current) return current.error();
    for (const auto& rep : *current) {
        const auto& rec = rep.record;
        if (rec.conflict || rec.status == Status::rejected) continue;
        const Form* form = cb.find_form(rec.form);
        const Station* station = cb.find_station(rec.station);
        if (!form || form->kind != FormKind::results || !station) continue;
        if (auto values = values_from_json(rec.values_json)) quick_count_.set_result(station->index, rec.form, *values);
    }
    // `updates` from the messages processed above are already in the committed current reports.

    auto expired = expire_multipart();
    if (!expired) return expired.error();
    for (auto& o : *expired) outcomes.push_back(std::move(o));
    return outcomes;
}

store::Result<void> Pipeline::resolve(std::int64_t report_id) {
    const Codebook& cb = *codebook_.codebook;
    Updates updates;
    auto r = store_.write([&](store::Transaction& tx) -> store::Result<int> {
        auto all = tx.all_current_reports();
        if (!all) return all.error();
        auto it = std::find_if(all->begin(), all->end(), [&](const auto& r) { return r.id == report_id; });
        if (it == all->end())
            return store::StoreError{0, fmt::format("report {} is not a current report (only those can be resolved)", report_id)};
        const auto rec = it->record;
        auto cur = tx.current_reports(rec.form, rec.station);
        if (!cur) return cur.error();
        for (const auto& other : *cur) {
            if (other.id == report_id) continue;
            if (auto x = tx.set_report_current(other.id, false); !x) return x.error();
            if (auto x = tx.set_report_conflict(other.id, false); !x) return x.error();
        }
        if (auto x = tx.set_report_conflict(report_id, false); !x) return x.error();
        if (auto e = tx.append_event(store::EventLevel::info, "operator",
                                     fmt::format("conflict on {} {} resolved: report {} counts", rec.form, rec.station, report_id));
            !e)
            return e.error();
        const Form* form = cb.find_form(rec.form);
        const Station* station = cb.find_station(rec.station);
        auto values = values_from_json(rec.values_json);
        if (form && form->kind == FormKind::results && station && values)
            updates.push_back({false, station->index, rec.form, *values});
        return 0;
    });
    if (!r) return r.error();
    apply(updates);
    return {};
}

}  // namespace smsgw
