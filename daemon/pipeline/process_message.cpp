// One message, top to bottom, inside the caller's transaction: parse, validate, decide, store the report, queue the reply.
#include "daemon/pipeline/pipeline.hpp"

#include "codebooks/phone.hpp"
#include "codebooks/reference.hpp"
#include "codebooks/reply_builder.hpp"
#include "codebooks/validator.hpp"
#include "daemon/pipeline/report_json.hpp"
#include "daemon/pipeline/report_policy.hpp"
#include "daemon/quickcount/counting_rule.hpp"
#include "parsers/parser.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <exception>

namespace smsgw {

namespace {

bool has_code(const std::vector<Issue>& issues, Code c) {
    return std::any_of(issues.begin(), issues.end(), [c](const Issue& i) { return i.code == c; });
}

// Assigned means listed by station code in monitors.csv: not a mobile team, not a coordinator.
bool directly_assigned(const Monitor* m, const Station* s) {
    return m && s && std::find(m->stations.begin(), m->stations.end(), s->index) != m->stations.end();
}

Issue partial_warning(const ingest::AssembledMessage& m) {
    std::string missing;
    for (int p : m.missing) {
        if (!missing.empty()) missing += ',';
        missing += std::to_string(p);
    }
    return {Code::PARTIAL,
            m.assembly == ingest::Assembly::malformed || missing.empty()
                ? std::string("malformed multipart header")
                : fmt::format("part {} of {} never arrived", missing, m.concat_total),
            -1, ""};
}

// Everything decided about a message before anything of it is written.
struct Decided {
    Report report;
    Verdict verdict;
    Status status = Status::rejected;  // of the stored report: the verdict's, with PARTIAL a warning
    std::vector<Issue> warnings;        // the verdict's and PARTIAL
    PolicyDecision decision;
    std::string reply;
};

}  // namespace

store::Result<MessageOutcome> Pipeline::record_and_process(store::Transaction& tx, const ingest::AssembledMessage& m,
                                                           Updates& updates, const PhoneEntry* phone) {
    auto id = tx.record_message(m);
    if (!id) return id.error();
    auto p = process(tx, *id, m, updates, phone);
    if (!p) return p.error();
    if (p->done)
        if (auto done = tx.mark_processed(*id); !done) return done.error();
    return std::move(p->outcome);
}

store::Result<Pipeline::Processed> Pipeline::process(store::Transaction& tx, std::int64_t message_id,
                                                     const ingest::AssembledMessage& m, Updates& updates,
                                                     const PhoneEntry* phone) {
    const Codebook& cb = *codebook_.codebook;
    Processed p;
    MessageOutcome& o = p.outcome;
    o.message_id = message_id;
    o.modem = m.modem;
    o.sender = m.sender;
    o.text = m.text;
    o.reference = reference_for_id(message_id);
    o.incomplete = m.assembly != ingest::Assembly::complete;
    const std::optional<std::string> e164 = normalize_phone(m.sender, cb.election.phones);

    // 1. Understand it, check it, read what the station already has, decide, word the reply. All of
    // it before the first write, so that a message whose processing throws (a bug, or a codebook
    // the code did not expect) leaves nothing but its pending row, to be retried by resume().
    Decided d;
    try {
        d.report = parse_message(m.text, cb);
        d.verdict = validate(d.report, cb, Sender{m.sender, e164, false});
        d.warnings = d.verdict.warnings;
        if (o.incomplete) d.warnings.push_back(partial_warning(m));
        d.status = d.verdict.status == Status::rejected ? Status::rejected
                   : d.warnings.empty()                 ? Status::accepted
                                                        : Status::warning;

        const bool incident = d.verdict.form && d.verdict.form->kind == FormKind::incident;
        std::vector<store::StoredReport> rows;
        if (d.status != Status::rejected) {
            auto r = incident ? tx.report_history(d.report.form, d.report.station)
                              : tx.current_reports(d.report.form, d.report.station);
            if (!r) return r.error();
            rows = std::move(*r);
        }
        std::vector<EarlierReport> earlier;
        earlier.reserve(rows.size());
        for (const auto& row : rows)
            earlier.push_back({row.id, row.record.normalized, row.record.comment, row.record.status, row.record.conflict,
                               same_phone(row.record.sender, m.sender, e164)});
        PolicyInput in;
        in.status = d.status;
        in.unregistered = has_code(d.verdict.errors, Code::UNREGISTERED_SENDER);
        in.kind = d.verdict.form ? d.verdict.form->kind : FormKind::results;
        in.assigned = directly_assigned(d.verdict.monitor, d.verdict.station);
        in.normalized = d.report.normalized;
        in.comment = d.report.comment;
        in.earlier = earlier;
        d.decision = decide(in);

        ReplyExtras extras;
        if (d.decision.conflict_error)
            extras.errors.push_back({Code::CONFLICT,
                                     fmt::format("{} {}: other values already received", d.report.form, d.report.station),
                                     -1, d.report.station});
        if (o.incomplete) extras.warnings.push_back(d.warnings.back());
        const std::string& language = d.verdict.monitor ? d.verdict.monitor->language : cb.election.default_language;
        d.reply = build_reply(d.verdict, d.report, cb, language, o.reference, extras);
    } catch (const std::exception& e) {
        o.disposition = Disposition::error;
        o.first_detail = e.what();
        o.reply_skipped = "not processed";
        p.done = false;
        auto ev = tx.append_event(store::EventLevel::error, "ingest",
                                  fmt::format("message {} from {} could not be processed and stays pending: {}",
                                              message_id, m.sender, e.what()));
        if (!ev) return ev.error();
        return p;
    }
    const PolicyDecision& decision = d.decision;

    // 2. What the console and the monitor are told.
    o.disposition = decision.disposition;
    o.status = decision.conflict_error ? Status::rejected : d.status;
    if (decision.conflict_error) {
        o.first_code = Code::CONFLICT;
        o.first_detail = fmt::format("{} {}: other values already received", d.report.form, d.report.station);
    } else if (!d.verdict.errors.empty()) {
        o.first_code = d.verdict.errors.front().code;
        o.first_detail = d.verdict.errors.front().detail;
    } else if (!d.warnings.empty()) {
        o.first_code = d.warnings.front().code;
        o.first_detail = d.warnings.front().detail;
    }

    // 3. The report version with its verdict, and what it does to the earlier versions.
    store::ReportRecord rec;
    rec.message_id = message_id;
    rec.form = d.report.form;
    rec.station = d.report.station;
    rec.sender = m.sender;
    rec.status = d.status;
    rec.disposition = std::string(to_string(o.disposition));
    rec.values_json = values_to_json(d.report.values);
    rec.incidents_json = incidents_to_json(d.report.incidents);
    rec.errors_json = issues_to_json(d.verdict.errors);
    rec.warnings_json = issues_to_json(d.warnings);
    rec.normalized = d.report.normalized;
    rec.comment = d.report.comment;
    rec.codebook_version = codebook_.version;
    rec.reference = o.reference.substr(1);
    rec.current = decision.current;
    rec.conflict = decision.conflict;
    if (phone) {
        rec.channel = store::Channel::phone;
        rec.operator_name = phone->operator_name;
    }
    auto stored = tx.record_report(rec);
    if (!stored) return stored.error();
    for (auto id : decision.supersede)
        if (auto r = tx.supersede_report(id, stored->id); !r) return r.error();
    for (auto id : decision.flag_conflict)
        if (auto r = tx.set_report_conflict(id, true); !r) return r.error();
    for (auto id : decision.clear_conflict)
        if (auto r = tx.set_report_conflict(id, false); !r) return r.error();
    if (decision.disposition == Disposition::conflict || decision.disposition == Disposition::resolution) {
        auto ev = tx.append_event(
            store::EventLevel::warning, "ingest",
            decision.disposition == Disposition::conflict
                ? fmt::format("conflict on {} {}: report {} from {} disagrees; the station is withheld from the count",
                              rec.form, rec.station, stored->id, m.sender)
                : fmt::format("conflict on {} {} resolved by its assigned monitor {}: report {} counts", rec.form,
                              rec.station, m.sender, stored->id));
        if (!ev) return ev.error();
    }

    // 4. The count changes only after COMMIT (apply()), and a new version counts only if the
    // counting rule says so (an operator may have withheld its station).
    const bool results = d.verdict.form && d.verdict.form->kind == FormKind::results && d.verdict.station;
    if (results && decision.count == PolicyDecision::Count::set &&
        judge_report(cb, *stored, decisions_).fate != CountFate::counts)
        updates.push_back({true, d.verdict.station->index, rec.form, {}});
    else if (results && decision.count != PolicyDecision::Count::none)
        updates.push_back({decision.count == PolicyDecision::Count::withdraw, d.verdict.station->index, rec.form,
                           decision.count == PolicyDecision::Count::set ? d.report.values : std::vector<TagValue>{}});

    // 5. Exactly one reply, unless the loop guard says no; none to a report taken by phone.
    if (phone) {
        o.reply_skipped = "entered by phone by " + phone->operator_name;
        return p;
    }
    auto reply = queue_reply(tx, o, e164, d.reply, stored->id, decision.disposition == Disposition::unregistered);
    if (!reply) return reply.error();
    o.reply_id = *reply;
    return p;
}

// The reply-loop guard: never to what is not a person's phone, to ourselves, against the policy
// (also the policy for numbers not in monitors.csv: by default only those of the election's
// country), or beyond the per-number hourly budget (counted in the store, so it survives a restart).
store::Result<std::optional<std::int64_t>> Pipeline::queue_reply(store::Transaction& tx, MessageOutcome& o,
                                                                 const std::optional<std::string>& e164,
                                                                 const std::string& text, std::int64_t report_id,
                                                                 bool unregistered) {
    const PhoneRules& phones = codebook_.codebook->election.phones;
    if (!is_replyable_sender(o.sender)) o.reply_skipped = "not a phone number (alphanumeric sender or short code)";
    else if (is_own_number(e164, o.sender)) o.reply_skipped = "the gateway's own number";
    else if (unregistered && options_.reply_unregistered == UnregisteredReplies::none)
        o.reply_skipped = "unregistered sender (reply_unregistered = none)";
    else if (unregistered && options_.reply_unregistered == UnregisteredReplies::country &&
             !(e164 && in_country(*e164, phones)))
        o.reply_skipped = "unregistered sender outside +" + phones.country_code + " (reply_unregistered = country)";
    else if (options_.reply_policy == ReplyPolicy::none) o.reply_skipped = "reply_policy = none";
    else if (options_.reply_policy == ReplyPolicy::rejected_only && o.status != Status::rejected)
        o.reply_skipped = "reply_policy = rejected";
    else {
        auto sent = tx.replies_since(o.sender, tx.now() - std::chrono::hours(1));
        if (!sent) return sent.error();
        if (*sent >= options_.replies_per_sender_per_hour)
            o.reply_skipped = fmt::format("rate limit ({} replies to this number in the last hour)", *sent);
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

bool Pipeline::is_own_number(const std::optional<std::string>& e164, const std::string& raw) const {
    if (std::find(options_.own_numbers.begin(), options_.own_numbers.end(), raw) != options_.own_numbers.end()) return true;
    return e164 && std::find(own_e164_.begin(), own_e164_.end(), *e164) != own_e164_.end();
}

// One phone written two ways ("8701...", "+7701...") is one sender.
bool Pipeline::same_phone(const std::string& stored_raw, const std::string& raw,
                          const std::optional<std::string>& e164) const {
    if (stored_raw == raw) return true;
    if (!e164) return false;
    auto other = normalize_phone(stored_raw, codebook_.codebook->election.phones);
    return other && *other == *e164;
}

void Pipeline::normalize_own_numbers() {
    own_e164_.clear();
    for (const auto& n : options_.own_numbers)
        if (auto e = normalize_phone(n, codebook_.codebook->election.phones)) own_e164_.push_back(*e);
}

}  // namespace smsgw
