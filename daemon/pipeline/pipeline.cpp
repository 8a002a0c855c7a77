// The ingest pipeline: one transaction per batch; the aggregator and the modem hear of it only after COMMIT.
#include "daemon/pipeline/pipeline.hpp"

#include "daemon/pipeline/report_json.hpp"
#include "daemon/quickcount/counting_rule.hpp"
#include "daemon/pipeline/report_policy.hpp"
#include "daemon/review/decisions.hpp"
#include "parsers/parser.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <exception>

namespace smsgw {

namespace {

// Store::write, with an exception from inside the transaction (which Store::write rolls back)
// turned into an error like any other: the batch is not acknowledged, the daemon keeps running.
template <class F>
auto guarded_write(store::Store& store, F&& fn) -> decltype(store.write(fn)) {
    try {
        return store.write(fn);
    } catch (const std::exception& e) {
        return store::StoreError{0, std::string("unexpected exception inside the transaction: ") + e.what()};
    }
}

}  // namespace

Pipeline::Pipeline(store::Store& store, QuickCount& quick_count, CodebookInUse codebook, PipelineOptions options,
                   WallClock clock)
    : store_(store),
      quick_count_(quick_count),
      codebook_(std::move(codebook)),
      options_(std::move(options)),
      clock_(std::move(clock)),
      linker_([this] { return clock_(); }, ingest::MultipartLinker::Options{options_.multipart_timeout, "[...]"}),
      // Nothing is ingested before resume() has rebuilt the linker from the store.
      linker_stale_(true) {
    normalize_own_numbers();
}

void Pipeline::set_codebook(CodebookInUse codebook) {
    codebook_ = std::move(codebook);
    normalize_own_numbers();  // the phone rules may have changed
}

void Pipeline::set_options(PipelineOptions options) {
    const bool new_timeout = options.multipart_timeout != options_.multipart_timeout;
    options_ = std::move(options);
    normalize_own_numbers();
    if (new_timeout) {
        // The linker holds only committed parts, so a fresh one rebuilt from the store loses nothing.
        linker_ = ingest::MultipartLinker([this] { return clock_(); },
                                          ingest::MultipartLinker::Options{options_.multipart_timeout, "[...]"});
        linker_stale_ = true;
        (void)restore_linker();  // if the store cannot be read now, the next ingest or expiry retries first
    }
}

std::optional<SystemTime> Pipeline::next_multipart_deadline() const {
    if (!restored_.empty()) return clock_();  // a rebuild found complete messages: record them now
    return linker_.next_deadline();
}

// ---- the batch path --------------------------------------------------------------------------

Pipeline::IngestResult Pipeline::ingest(const ReceivedBatch& batch) {
    IngestResult out;
    out.ack.batch_id = batch.batch_id;
    for (const auto& p : batch.parts) out.ack.locations.push_back(p.location);
    if (linker_stale_)
        if (auto r = restore_linker(); !r) {
            out.error = r.error();  // the store is still failing: the modem offers the parts again later
            return out;
        }

    Updates updates;
    std::vector<MessageOutcome> outcomes;
    auto committed = guarded_write(store_, [&](store::Transaction& tx) -> store::Result<std::vector<int>> {
        // 1. Every part under its idempotency key; a redelivered part comes back as a duplicate.
        auto stored = tx.store_parts(batch.parts);
        if (!stored) return stored.error();
        // 2. The new parts through the linker; 3. each message they complete recorded and processed.
        for (const auto& part : stored->stored) {
            auto message = linker_.add(part);
            if (!message) continue;  // a part of a message still incomplete
            auto outcome = record_and_process(tx, *message, updates);
            if (!outcome) return outcome.error();
            outcomes.push_back(std::move(*outcome));
        }
        return stored->locations;  // stored AND duplicates: all may be deleted once this commits
    });

    if (!committed) {
        // Nothing of the batch is stored: the modem keeps the parts and offers them again, the
        // aggregator never heard of it, and the linker forgets what it was fed in the rollback.
        out.error = committed.error();
        linker_stale_ = true;
        (void)restore_linker();  // if this fails too, the next call tries again before anything else
        return out;
    }
    // 4. Only now: the count, and the acknowledgement that lets the modem delete.
    apply(updates);
    out.ack.committed = true;
    out.ack.locations = std::move(*committed);
    out.outcomes = std::move(outcomes);
    return out;
}

store::Result<void> Pipeline::restore_linker() {
    auto unlinked = store_.unlinked_parts();
    if (!unlinked) {
        linker_stale_ = true;
        return unlinked.error();
    }
    // Groups complete in the store but never recorded (none are expected: a last part and its
    // message commit together) are recorded by the next expire_multipart().
    restored_ = linker_.restore(*unlinked);
    linker_stale_ = false;
    return {};
}

void Pipeline::apply(const Updates& updates) {
    for (const auto& u : updates) {
        const auto o = u.withdraw ? quick_count_.withdraw(u.station, u.form) : quick_count_.set_result(u.station, u.form, u.values);
        if (o == QuickCount::Outcome::counted || o == QuickCount::Outcome::withdrawn) ++count_updates_;
    }
}

// ---- timers and restart ---------------------------------------------------------------------

store::Result<std::vector<MessageOutcome>> Pipeline::expire_multipart() {
    if (linker_stale_)
        if (auto r = restore_linker(); !r) return r.error();
    std::vector<ingest::AssembledMessage> released = std::move(restored_);
    restored_.clear();
    for (auto& m : linker_.expire()) released.push_back(std::move(m));
    return process_released(std::move(released));
}

// Messages the linker released outside a batch (timed out, or found complete by a rebuild), in one
// transaction; on failure the linker is rebuilt, and gives them back on the next call.
store::Result<std::vector<MessageOutcome>> Pipeline::process_released(std::vector<ingest::AssembledMessage> released) {
    if (released.empty()) return std::vector<MessageOutcome>{};
    Updates updates;
    auto r = guarded_write(store_, [&](store::Transaction& tx) -> store::Result<std::vector<MessageOutcome>> {
        std::vector<MessageOutcome> out;
        for (const auto& m : released) {
            auto o = record_and_process(tx, m, updates);
            if (!o) return o.error();
            out.push_back(std::move(*o));
        }
        return out;
    });
    if (!r) {
        linker_stale_ = true;
        (void)restore_linker();
        return r;
    }
    apply(updates);
    return r;
}

store::Result<std::vector<MessageOutcome>> Pipeline::resume() {
    // 1. The linker from the stored parts not yet in a message.
    if (auto l = restore_linker(); !l) return l.error();

    // 2. Messages stored but not processed (their processing threw before the restart), then what
    // the rebuild found complete; replies that were handed to a modem when we stopped go back in
    // the queue (a modem that did send one costs a second copy, which beats none).
    std::vector<MessageOutcome> outcomes;
    Updates unused;  // the aggregator is rebuilt from the store below, after this commits
    auto r = guarded_write(store_, [&](store::Transaction& tx) -> store::Result<int> {
        auto pending = tx.pending_messages();
        if (!pending) return pending.error();
        for (const auto& sm : *pending) {
            auto p = process(tx, sm.id, sm.message, unused);
            if (!p) return p.error();
            if (p->done)
                if (auto d = tx.mark_processed(sm.id); !d) return d.error();
            outcomes.push_back(std::move(p->outcome));
        }
        for (const auto& m : restored_) {
            auto o = record_and_process(tx, m, unused);
            if (!o) return o.error();
            outcomes.push_back(std::move(*o));
        }
        return tx.requeue_interrupted_replies();
    });
    if (!r) {
        linker_stale_ = true;
        return r.error();
    }
    restored_.clear();

    // 3. The aggregator from the current reports: identical to the live state, whose sums are
    // exact and independent of order.
    if (auto c = rebuild_count(); !c) return c.error();

    // 4. Groups that timed out while the daemon was down.
    auto expired = expire_multipart();
    if (!expired) return expired.error();
    for (auto& o : *expired) outcomes.push_back(std::move(o));
    return outcomes;
}

store::Result<void> Pipeline::rebuild_count() {
    CountDecisions decisions;
    auto current = store_.write([&](store::Transaction& tx) -> store::Result<std::vector<store::StoredReport>> {
        auto rows = tx.audit_since(0);
        if (!rows) return rows.error();
        decisions = review::replay(*rows).count;
        return tx.all_current_reports();
    });
    if (!current) return current.error();
    decisions_ = std::move(decisions);
    quick_count_.clear();
    count_current_reports(quick_count_, *current, decisions_);
    return {};
}

// An operator settles a conflict: the chosen version becomes the station's only current one, the
// others are superseded by it, conflict flags are cleared, and it counts.
Pipeline::ResolveOutcome Pipeline::resolve(std::int64_t report_id, const InTransaction& also) {
    using Kind = ResolveOutcome::Kind;
    const Codebook& cb = *codebook_.codebook;
    Updates updates;
    std::optional<ResolveOutcome> refused;  // checked before anything is written: the transaction commits nothing
    auto r = guarded_write(store_, [&](store::Transaction& tx) -> store::Result<int> {
        auto all = tx.all_current_reports();
        if (!all) return all.error();
        auto it = std::find_if(all->begin(), all->end(), [&](const auto& x) { return x.id == report_id; });
        if (it == all->end()) {
            refused = {Kind::not_current,
                       fmt::format("report {} is not a current report (only those can be resolved)", report_id)};
            return 0;
        }
        const store::ReportRecord rec = it->record;
        const Form* form = cb.find_form(rec.form);
        if (form && form->kind == FormKind::incident) {
            refused = {Kind::incident, fmt::format("report {} is an incident: incidents are never in conflict", report_id)};
            return 0;
        }
        for (const auto& other : *all) {
            if (other.id == report_id || other.record.form != rec.form || other.record.station != rec.station) continue;
            if (auto x = tx.supersede_report(other.id, report_id); !x) return x.error();
            if (other.record.conflict)
                if (auto x = tx.set_report_conflict(other.id, false); !x) return x.error();
        }
        if (rec.conflict)
            if (auto x = tx.set_report_conflict(report_id, false); !x) return x.error();
        if (auto e = tx.append_event(store::EventLevel::info, "operator",
                                     fmt::format("conflict on {} {} resolved: report {} from {} counts", rec.form,
                                                 rec.station, report_id, rec.sender));
            !e)
            return e.error();
        if (also)
            if (auto x = also(tx); !x) return x.error();
        store::StoredReport now_counted = *it;
        now_counted.record.conflict = false;
        Judged j = judge_report(cb, now_counted, decisions_);
        if (j.fate == CountFate::counts) updates.push_back({false, j.station->index, rec.form, std::move(j.values)});
        return 0;
    });
    if (!r) return {Kind::store_failed, r.error().message};
    if (refused) return *refused;
    apply(updates);
    return {};
}

// A refusal is found only once the entry went through the pipeline inside the transaction, so
// its writes must be undone: the transaction is ended with an error, which Store::write rolls
// back, and the refusal (not that error) is what the caller gets.
Pipeline::PhoneOutcome Pipeline::record_phone_report(const PhoneEntry& entry, const PhoneHook& also) {
    using Kind = PhoneOutcome::Kind;
    const Codebook& cb = *codebook_.codebook;
    Updates updates;
    PhoneOutcome out;
    std::optional<PhoneOutcome> refused;
    const auto refuse = [&](Kind kind, std::string why) -> store::Result<int> {
        refused = PhoneOutcome{kind, {}, std::move(why)};
        return store::StoreError{0, "refused: rolled back"};  // never leaves this function
    };
    auto r = guarded_write(store_, [&](store::Transaction& tx) -> store::Result<int> {
        const Report parsed = parse_message(entry.text, cb);
        auto current = tx.current_reports(parsed.form, parsed.station);
        if (!current) return current.error();
        for (const auto& c : *current)
            if (!c.record.conflict && c.record.normalized == parsed.normalized) {
                out.kind = Kind::unchanged;
                out.outcome.disposition = Disposition::duplicate;
                return 0;  // already so: nothing to write
            }
        ingest::AssembledMessage m;
        m.modem = "phone";
        m.sender = entry.sender;
        m.smsc_time = "";
        m.received_at = tx.now();
        m.text = entry.text;
        m.coding = "phone";
        auto o = record_and_process(tx, m, updates, &entry);
        if (!o) return o.error();
        out.outcome = std::move(*o);
        if (out.outcome.disposition == Disposition::conflict)
            return refuse(Kind::conflict, fmt::format("'{}' from {} would put {} {} in conflict (nothing was stored); "
                                                      "settle the conflict first (smsgw review REPORT verify)",
                                                      entry.text, entry.sender, parsed.form, parsed.station));
        if (out.outcome.status == Status::rejected)
            return refuse(Kind::rejected,
                          fmt::format("'{}' is refused: {} {} (nothing was stored)", entry.text,
                                      out.outcome.first_code ? to_string(*out.outcome.first_code) : "",
                                      out.outcome.first_detail));
        auto stored = tx.reports_of_message(out.outcome.message_id);
        if (!stored) return stored.error();
        if (stored->empty()) return store::StoreError{0, "the phone report was not stored"};
        if (also)
            if (auto x = also(tx, stored->front()); !x) return x.error();
        return 0;
    });
    if (refused) return *refused;
    if (!r) return {Kind::store_failed, {}, r.error().message};
    apply(updates);
    return out;
}

}  // namespace smsgw
