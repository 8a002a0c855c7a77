// What the daemon does with traffic on its event loop: a modem's batch through the pipeline and
// back to the SIM as an acknowledgement, replies through the outbox, store trouble to the alarm,
// and the timers (multipart expiry, outbox, WAL checkpoint, console summary).
#include "daemon/run/daemon_traffic.hpp"

#include "daemon/console/console_lines.hpp"
#include "daemon/run/daemon_timeouts.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace smsgw {

// Send results the store refused are tried one last time; what still fails is said plainly.
void DaemonTraffic::finish_outbox() {
    if (outbox->unrecorded() == 0) return;
    (void)outbox->write_kept();
    if (const auto sent = outbox->unrecorded_sent(); sent > 0)
        log.error(LogCategory::reply,
                  "{} replies were sent but the database could not record it: the next start queues them again "
                  "and those monitors get the same reply twice",
                  sent);
}

// ---- events from modems -----------------------------------------------------------------
void DaemonTraffic::on_batch(std::uint64_t worker, ReceivedBatch batch) {
    if (damaged) {
        // Nothing goes into a damaged file, so nothing leaves the SIM: read again, never deleted.
        modems->acknowledge(worker, BatchAck{batch.batch_id, false, {}});
        return;
    }
    // Quarantined records are stored, then deleted from the SIM, on their own acknowledgement.
    if (auto ack = modem_watch->quarantine(batch)) modems->acknowledge(worker, std::move(*ack));
    if (batch.parts.empty()) return;
    modem_watch->received(batch.modem);
    auto result = pipeline->ingest(batch);
    modems->acknowledge(worker, result.ack);
    if (result.error) {
        // Loud once, then reminders (StoreAlarm): a full disk must not flood the console per poll.
        log.debug(LogCategory::store, "{}: {} parts not stored, they stay on the SIM: {}", batch.modem, batch.parts.size(),
                  result.error->message);
        store_failed("storing received SMS", *result.error);
        return;
    }
    store_succeeded("storing received SMS");
    for (const auto& o : result.outcomes) report_outcome(o);
    takes->observe(pipeline->count_updates());
#ifdef SMSGW_HAVE_PG
    if (hq_push) hq_push->poke();
#endif
    if (!stopping) dispatch_outbox();
}

void DaemonTraffic::on_sent(const SendResult& r) {
    auto status = outbox->on_result(r);
    if (r.sent) ++replies_since_summary;
    ConsoleLine l = reply_line({r.modem, r.reply_id, r.sent, r.parts, r.message_reference, r.error,
                                !r.sent && status && *status == store::ReplyStatus::failed});
    if (!status && !Outbox::moved_on(status.error())) l.text += " - its status is kept until the database can be written";
    log.write(l.level, l.category, l.text);
    if (!status && Outbox::moved_on(status.error())) {
        log.warn(LogCategory::reply, "{}", status.error().message);  // no disk trouble: the reply moved on
    } else if (!status) {
        store_failed("recording a send result", status.error());
        return;
    }
    if (status) store_succeeded("recording a send result");
    if (!stopping) dispatch_outbox();
}

void DaemonTraffic::on_health(const ModemHealth& h) {
    auto& last = modem_states[h.modem];
    // `restarting` is said by the death's own line (ModemWatch), with the signal and the record.
    if (last != h.state && h.state != ModemState::restarting) {
        const ConsoleLine l = modem_state_line(h.modem, to_string(h.state), h.last_error);
        log.write(l.level, l.category, l.text);
    }
    last = h.state;
    modem_watch->health(h);
    update_systemd_status();
}

void DaemonTraffic::on_modem_died(const ModemDeath& d, ModemProcess& process) {
    modem_watch->died(d, process);
    update_systemd_status();
}

// A worker a reload stopped has let go: the replies it was handed and did not send go back in the queue.
void DaemonTraffic::on_modem_gone(const std::string& name) {
    modem_states.erase(name);
    modem_watch->gone(name);
    auto r = outbox->modem_gone(name);
    if (!r) store_failed("re-queueing replies", r.error());
    else if (*r > 0) log.info(LogCategory::reply, "{}: {} replies it had not sent are queued again", name, *r);
    update_systemd_status();
}

void DaemonTraffic::report_outcome(const MessageOutcome& o) {
    ++messages_since_summary;
    const ConsoleLine l = message_line({o.modem, o.sender, o.text, o.status, to_string(o.disposition),
                                        o.first_code ? to_string(*o.first_code) : std::string_view(), o.reference,
                                        o.reply_skipped, o.incomplete});
    log.write(l.level, l.category, l.text);
}

void DaemonTraffic::dispatch_outbox() {
    auto r = outbox->dispatch();
    if (!r) store_failed("claiming replies to send", r.error());
    else if (*r > 0) store_succeeded("claiming replies to send");  // 0: perhaps nothing was written
}

void DaemonTraffic::database_damaged(const std::vector<std::string>& findings) {
    damaged = true;
    log.error(LogCategory::store,
              "database {} is damaged (PRAGMA quick_check while running: {}{}): ingest stops, SMS stay on the "
              "modems and nothing more is deleted from any SIM. Stop the daemon, copy what it holds into a new file "
              "(smsgw recover --db {} --out NEW.db, README \"When the database is in trouble\") and start on that",
              config.gateway.database, findings.front(),
              findings.size() > 1 ? fmt::format(", and {} more", findings.size() - 1) : std::string(),
              config.gateway.database);
    update_systemd_status();
}

void DaemonTraffic::store_failed(std::string_view what, const store::StoreError& e) {
    store_alarm->failed(what, e);
    update_systemd_status();
}
void DaemonTraffic::store_succeeded(std::string_view what) {
    const bool was = store_alarm->failing();
    store_alarm->succeeded(what);  // also ends a short lock still inside its grace
    if (was) update_systemd_status();
}

// ---- timers -----------------------------------------------------------------------------
void DaemonTraffic::schedule_multipart() {
    auto next = pipeline->next_multipart_deadline();
    const auto longest = daemon_timeout(DaemonTimer::multipart_max);
    auto wait = next ? std::chrono::duration_cast<std::chrono::milliseconds>(*next - now()) +
                           daemon_timeout(DaemonTimer::multipart_slack)
                     : longest;
    multipart_timer.expires_after(std::clamp(wait, daemon_timeout(DaemonTimer::multipart_min), longest));
    multipart_timer.async_wait([this](boost::system::error_code ec) {
        if (ec) return;
        auto r = pipeline->expire_multipart();
        if (!r) store_failed("releasing timed-out multipart SMS", r.error());
        else if (!r->empty()) store_succeeded("releasing timed-out multipart SMS");
        if (r)
            for (const auto& o : *r) report_outcome(o);
        if (r && !r->empty()) dispatch_outbox();
        takes->observe(pipeline->count_updates());
        schedule_multipart();
    });
}

void DaemonTraffic::schedule_outbox(std::chrono::milliseconds d) {
    outbox_timer.expires_after(d);
    outbox_timer.async_wait([this](boost::system::error_code ec) {
        if (ec || stopping) return;
        dispatch_outbox();
        schedule_outbox(daemon_timeout(DaemonTimer::outbox_every));
    });
}

// A checkpoint that finds readers still on old data fails with SQLITE_BUSY after the busy
// timeout; the next one catches up. Only a WAL that keeps growing is worth a line.
void DaemonTraffic::schedule_checkpoint() {
    checkpoint_timer.expires_after(options.wal_checkpoint_every);
    checkpoint_timer.async_wait([this](boost::system::error_code ec) {
        if (ec) return;
        if (auto c = store->checkpoint(); !c) {
            if (++checkpoints_failed == 20)
                log.warn(LogCategory::store, "the WAL could not be checkpointed 20 times in a row ({}): a reader "
                         "holds old data for long; it grows until that reader ends", c.error().message);
        } else {
            checkpoints_failed = 0;
        }
        schedule_checkpoint();
    });
}

void DaemonTraffic::schedule_summary() {
    summary_timer.expires_after(config.gateway.summary_interval);
    summary_timer.async_wait([this](boost::system::error_code ec) {
        if (ec) return;
        summary();
        update_systemd_status();
        schedule_summary();
    });
}

void DaemonTraffic::summary() {
    auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - last_summary).count();
    const double per_min = elapsed > 0 ? messages_since_summary * 60.0 / elapsed : 0;
    const double replies_per_min = elapsed > 0 ? replies_since_summary * 60.0 / elapsed : 0;
    messages_since_summary = 0;
    replies_since_summary = 0;
    last_summary = std::chrono::steady_clock::now();
    const ConsoleLine line = summary_line(per_min, replies_per_min, modems->state_list());
    log.write(line.level, line.category, line.text);
    for (const auto& c : quick_count->estimate().contests) {
        if (c.district != 0) continue;
        ContestSummary cs{c.contest, c.reported, c.sampled, {}, c.call_text()};
        for (const auto& o : c.options)
            cs.options.push_back({o.tag, o.estimate.defined, o.estimate.share, o.estimate.margin95});
        const ConsoleLine l = contest_line(cs);
        log.write(l.level, l.category, l.text);
    }
}

// STATUS=: the store's failure first (it is what an operator must act on), then the modems.
void DaemonTraffic::update_systemd_status() {
    std::string s = damaged ? "DATABASE DAMAGED: ingest stopped, see the console;"
                    : store_alarm && store_alarm->failing() ? store_alarm->status() + ";" : "";
    s += modems ? modems->states(':') : "";
    systemd.status(s.empty() || s[0] != ' ' ? s : s.substr(1));
}

}  // namespace smsgw
