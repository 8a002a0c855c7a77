// Quarantine before deletion, death lines, and the alarm timer: the modems' bad news on the console.
#include "daemon/run/modem_watch.hpp"

#include "daemon/run/daemon_timeouts.hpp"

#include <fmt/format.h>

namespace smsgw {


namespace {

ModemAlarms::Settings alarm_settings(const GatewayConfig& g) { return {g.sim_full_percent, g.modem_stall_after}; }

store::QuarantineRecord quarantine_record(const PoisonRecord& p) {
    store::QuarantineRecord q;
    q.modem = p.modem;
    q.imei = p.imei;
    q.location = p.location;
    q.error = p.error;
    q.reason = p.reason;
    q.pdu_hex = p.pdu_hex;
    q.detected_at = p.detected_at;
    return q;
}

// What the status view and the export show of a modem: its health as the store keeps it ("-1
// unknown" becomes empty).
store::ModemHealthRecord health_record(const ModemHealth& h) {
    const auto known = [](int v) { return v >= 0 ? std::optional<int>(v) : std::nullopt; };
    store::ModemHealthRecord rec;
    rec.name = h.modem;
    rec.imei = h.imei;
    rec.imsi = h.imsi;
    rec.operator_name = h.network_name.empty() ? h.network_code : h.network_name;
    rec.network_state = h.network_state;
    rec.state = std::string(to_string(h.state));
    rec.signal_percent = known(h.signal_percent);
    rec.battery_percent = known(h.battery_percent);
    rec.last_error = h.last_error;
    rec.last_seen = h.at;
    rec.device = h.device;
    rec.sim_used = known(h.sim_used);
    rec.sim_size = known(h.sim_size);
    rec.phone_used = known(h.phone_used);
    rec.phone_size = known(h.phone_size);
    rec.delete_failures = h.delete_failures;
    rec.undeletable = h.undeletable;
    rec.last_delete_error = h.last_delete_error;
    return rec;
}

}  // namespace

ModemWatch::ModemWatch(boost::asio::io_context& io, Logger& log, store::Store& store, StoreOutcome outcome)
    : log_(log), store_(store), outcome_(std::move(outcome)), timer_(io) {}

void ModemWatch::start(const GatewayConfig& gateway) {
    alarms_.set(alarm_settings(gateway));
    schedule();
}

void ModemWatch::apply(const GatewayConfig& gateway) { alarms_.set(alarm_settings(gateway)); }

std::optional<BatchAck> ModemWatch::quarantine(const ReceivedBatch& batch) {
    BatchAck ack;
    ack.batch_id = batch.batch_id;
    ack.committed = true;
    // A record the store refused is not acknowledged: it stays on the SIM and is offered again.
    for (const auto& p : batch.poison)
        if (store_quarantine(p)) ack.locations.push_back(p.location);
    if (ack.locations.empty()) return std::nullopt;
    return ack;
}

bool ModemWatch::store_quarantine(const PoisonRecord& p) {
    auto r = store_.quarantine(quarantine_record(p));
    if (!r) {
        outcome_.failed("storing a quarantined SIM record", r.error());
        return false;
    }
    outcome_.succeeded("storing a quarantined SIM record");
    if (r->inserted)
        log_.error(LogCategory::modem, "{}: SIM location {} quarantined (#{}): {}; {}, deleted from the SIM (smsgw status, "
                   "quarantined.csv in the export)",
                   p.modem, p.location, r->id, p.reason,
                   p.pdu_hex.empty() ? std::string("its bytes could not be captured")
                                     : fmt::format("its {} bytes kept", p.pdu_hex.size() / 2));
    return true;
}

void ModemWatch::died(const ModemDeath& d, ModemProcess& process) {
    log_.error(LogCategory::modem, "{}: its process (pid {}) {}; a new one starts in {} ms", d.modem, d.pid, d.why,
               d.restart_in.count());
    if (d.culprit && store_quarantine(*d.culprit)) process.quarantined(d.culprit->location);
}

void ModemWatch::received(const std::string& modem) {
    if (auto a = alarms_.received(modem, std::chrono::steady_clock::now())) line(*a);
}

void ModemWatch::health(const ModemHealth& h) {
    if (auto a = alarms_.storage(h.modem, h.sim_used, h.sim_size, h.phone_used, h.phone_size)) line(*a);
    for (const auto& a : alarms_.deletes(h.modem, h.delete_failures, h.undeletable, h.last_delete_error)) line(a);
    if (auto r = store_.upsert_modem(health_record(h)); !r) outcome_.failed("recording modem health", r.error());
    else outcome_.succeeded("recording modem health");
}

void ModemWatch::line(const ModemAlarms::Alarm& a) {
    if (a.raised && a.warning_only) log_.warn(LogCategory::modem, "{}: {}", a.modem, a.text);
    else if (a.raised) log_.error(LogCategory::modem, "{}: {}", a.modem, a.text);
    else log_.info(LogCategory::modem, "{}: {}", a.modem, a.text);
}

void ModemWatch::schedule() {
    timer_.expires_after(daemon_timeout(DaemonTimer::modem_alarm_every));
    timer_.async_wait([this](boost::system::error_code ec) {
        if (ec) return;
        for (const auto& a : alarms_.check(std::chrono::steady_clock::now())) line(a);
        schedule();
    });
}

}  // namespace smsgw
