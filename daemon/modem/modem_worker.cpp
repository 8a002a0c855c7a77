// The modem worker loop: the state table decides what happens, libgammu errors are classified into events.
#include "daemon/modem/modem_worker.hpp"

#include "daemon/modem/dummy_device.hpp"
#include "daemon/modem/gammu_session.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace smsgw {

ModemWorker::ModemWorker(ModemConfig config, ModemSink& sink, ModemTimers timers)
    : ModemWorker(std::move(config), sink, timers, Options{}) {}

ModemWorker::ModemWorker(ModemConfig config, ModemSink& sink, ModemTimers timers, Options options)
    : config_(std::move(config)), sink_(sink), timers_(timers), options_(std::move(options)),
      next_batch_(options_.first_batch) {}

ModemWorker::~ModemWorker() {
    request_stop();
    join();
}

void ModemWorker::start() {
    GammuSession::global_init();
    thread_ = std::thread([this] {
        run();
        finished_ = true;
    });
}

void ModemWorker::request_stop() {
    stop_ = true;
    wake_.notify_all();
}

void ModemWorker::join() {
    if (thread_.joinable()) thread_.join();
}

void ModemWorker::acknowledge(BatchAck ack) {
    {
        std::lock_guard lock(mutex_);
        acks_.push_back(std::move(ack));
    }
    wake_.notify_all();
}

void ModemWorker::send(SendRequest request) {
    {
        std::lock_guard lock(mutex_);
        sends_.push_back(std::move(request));
    }
    wake_.notify_all();
}

std::size_t ModemWorker::queued_sends() const {
    std::lock_guard lock(mutex_);
    return sends_.size();
}

void ModemWorker::wait_for(std::chrono::milliseconds d, bool wake_on_stop) {
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, d, [&] { return (wake_on_stop && stop_.load()) || !acks_.empty(); });
}

void ModemWorker::enter(ModemEvent event, const std::string& why) {
    auto next = modem_transition(state_.load(), event);
    if (!next) return;  // not allowed in this state: the table is the authority
    state_ = *next;
    if (!why.empty()) last_error_ = why;
    report_health(nullptr);
}

// A record the modem will not delete stays on the SIM and is read, stored (once: its key is stable)
// and acknowledged again at each poll; the counts go up in the health report so the daemon can say so.
void ModemWorker::note_delete(int location, int gammu_error, Clock::time_point& next_health) {
    const auto e = static_cast<GSM_Error>(gammu_error);
    if (e == ERR_NONE) {
        undeletable_.erase(location);
        return;
    }
    ++delete_failures_;
    last_delete_error_ = fmt::format("SIM location {}: {}", location, gammu_error_text(e));
    if (undeletable_.insert(location).second) next_health = Clock::now();  // a new one: tell the daemon now
}

int ModemWorker::report_health(GammuSession* session) {
    ModemHealth h;
    h.modem = config_.name;
    h.delete_failures = delete_failures_;
    h.undeletable = static_cast<int>(undeletable_.size());
    h.last_delete_error = last_delete_error_;
    h.state = state_.load();
    h.imei = imei_;
    h.last_error = last_error_;
    h.device = config_.device;
    h.at = std::chrono::system_clock::now();
    GSM_Error e = session ? session->read_health(h) : ERR_NONE;
    if (e == ERR_NONE) sink_.on_health(std::move(h));
    return e;
}

bool ModemWorker::connect_once(std::unique_ptr<GammuSession>& session) {
    session = std::make_unique<GammuSession>(config_);
    if (options_.probe) session->attach_probe(options_.probe);
    GSM_Error e = session->connect();
    if (e != ERR_NONE) {
        session.reset();
        // The device is named: with several modems, "/dev/ttyUSB3: no such device" is what to fix.
        enter(classify(e) == GammuErrorClass::security ? ModemEvent::pin_rejected : ModemEvent::connect_failed,
              fmt::format("connect to {}: {}", config_.device, gammu_error_text(e)));
        return false;
    }
    imei_ = session->imei();
    GSM_Error pin_error = ERR_NONE;
    switch (session->unlock(config_.pin, pin_error)) {
        case PinOutcome::ready:
        case PinOutcome::entered: break;
        case PinOutcome::needed_none_configured:
            session.reset();
            enter(ModemEvent::pin_required, "the SIM asks for a PIN and none is configured (modems." + config_.name + ".pin)");
            return false;
        case PinOutcome::rejected:
            session.reset();
            enter(ModemEvent::pin_rejected, "PIN rejected, not retried so the SIM does not lock: " + gammu_error_text(pin_error));
            return false;
        case PinOutcome::error:
            session.reset();
            enter(ModemEvent::connect_failed, "PIN status: " + gammu_error_text(pin_error));
            return false;
    }
    last_error_.clear();
    sink_.on_connected();
    enter(ModemEvent::connected, "");
    return true;
}

// Returns false when the session must be dropped (the state has moved on).
bool ModemWorker::handle_error(int gammu_error, const char* what, int& timeouts) {
    const auto e = static_cast<GSM_Error>(gammu_error);
    switch (classify(e)) {
        case GammuErrorClass::none: timeouts = 0; return true;
        case GammuErrorClass::transient:
            last_error_ = fmt::format("{}: {}", what, gammu_error_text(e));
            return true;
        case GammuErrorClass::timeout:
            if (++timeouts < timeouts_before_reconnect) return true;
            enter(ModemEvent::link_lost, fmt::format("{}: {} timeouts in a row", what, timeouts));
            return false;
        case GammuErrorClass::reconnect:
        case GammuErrorClass::backoff:
            enter(ModemEvent::link_lost, fmt::format("{}: {}", what, gammu_error_text(e)));
            return false;
        case GammuErrorClass::security:
            enter(ModemEvent::pin_rejected, fmt::format("{}: {}", what, gammu_error_text(e)));
            return false;
    }
    return true;
}

void ModemWorker::serve(GammuSession& session) {
    const auto min_send_gap = std::chrono::milliseconds(60'000 / std::max(1, config_.sends_per_minute));
    auto next_poll = Clock::now();
    auto next_health = Clock::now();
    auto next_send = Clock::now();
    int timeouts = 0;
    in_flight_.clear();  // after a reconnect everything still on the SIM is offered again
    quarantining_.clear();
    const bool dummy = is_dummy_device(config_);
    // Records the daemon quarantined after they killed the last process: gone before any read.
    for (int loc : options_.delete_first)
        if (!handle_error(session.delete_unread(loc), "delete quarantined record", timeouts)) return;
    options_.delete_first.clear();

    while (state_.load() == ModemState::running) {
        heartbeat_ = Clock::now();
        std::deque<BatchAck> acks;
        {
            std::lock_guard lock(mutex_);
            acks.swap(acks_);
        }
        for (const auto& ack : acks) {
            for (int loc : ack.locations) {
                auto it = in_flight_.find(loc);
                if (it == in_flight_.end() || it->second.batch_id != ack.batch_id) continue;
                in_flight_.erase(it);
                const bool poison = quarantining_.erase(loc) > 0;
                if (!ack.committed) continue;
                // Deleted only now: the pipeline committed these parts before acknowledging them.
                const GSM_Error e = poison ? session.delete_unread(loc) : session.delete_sms(loc);
                note_delete(loc, e, next_health);
                if (!handle_error(e, "delete", timeouts)) return;
            }
        }
        if (stop_) {
            // Parts offered but unanswered stay on the SIM when the drain time runs out: the
            // next start reads them again and the store's idempotency key makes that harmless.
            if (!stop_deadline_) stop_deadline_ = Clock::now() + timers_[ModemTimer::stop_drain];
            if (in_flight_.empty() || Clock::now() >= *stop_deadline_) return;
            wait_for(timers_[ModemTimer::idle_wait], false);
            continue;
        }

        const auto now = Clock::now();
        const int dummy_inbox = dummy && config_.receive && now >= next_poll ? dummy_inbox_count(config_.device) : -1;
        const bool dummy_inbox_empty = dummy_inbox == 0;
        for (auto it = in_flight_.begin(); it != in_flight_.end();) {
            if (now - it->second.offered <= timers_[ModemTimer::ack_wait]) {
                ++it;
                continue;
            }
            quarantining_.erase(it->first);
            it = in_flight_.erase(it);
        }

        // Back-pressure: two batches waiting for their acknowledgement keep the pipeline busy; more
        // would only pile up in the daemon's queue (and be committed during a stop, making it slow).
        const bool room = static_cast<int>(in_flight_.size()) < max_batches_in_flight * max_parts_per_batch;
        const bool read_due = config_.receive && room && (now >= next_poll || session.take_incoming());
        if (read_due && dummy_inbox_empty) {
            next_poll = now + config_.poll_interval;
        } else if (read_due) {
            std::set<int> skip;
            for (const auto& [loc, _] : in_flight_) skip.insert(loc);
            GammuSession::InboxRead read;
            GSM_Error e = options_.careful ? session.read_inbox_careful(config_.name, skip, max_parts_per_batch, read)
                                           : session.read_inbox(config_.name, skip, max_parts_per_batch, read, dummy_inbox);
            if (is_record_error(e)) {
                // A bad record libgammu would not name: walk location by location from now on.
                last_error_ = fmt::format("read inbox: {}; reading one location at a time", gammu_error_text(e));
                options_.careful = true;
                e = ERR_NONE;
            } else if (e == ERR_NONE && options_.careful && static_cast<int>(read.size()) < max_parts_per_batch) {
                options_.careful = false;  // the careful walk got to the end: the fast one is safe again
            }
            const bool full = static_cast<int>(read.size()) >= max_parts_per_batch;
            if (read.size() > 0) {
                ReceivedBatch batch;
                batch.modem = config_.name;
                batch.batch_id = next_batch_++;
                batch.parts = std::move(read.parts);
                batch.poison = std::move(read.poison);
                for (const auto& p : batch.parts) in_flight_[p.location] = {batch.batch_id, now};
                for (const auto& p : batch.poison) {
                    in_flight_[p.location] = {batch.batch_id, now};
                    quarantining_.insert(p.location);
                }
                sink_.on_batch(std::move(batch));
            }
            if (!handle_error(e, "read inbox", timeouts)) return;
            // A full batch means more may be waiting: read again at once.
            next_poll = full ? now : now + config_.poll_interval;
        }

        if (config_.send && now >= next_send) {
            std::optional<SendRequest> request;
            {
                std::lock_guard lock(mutex_);
                if (!sends_.empty()) {
                    request = std::move(sends_.front());
                    sends_.pop_front();
                }
            }
            if (request) {
                SendResult result;
                result.modem = config_.name;
                GSM_Error e = session.send(*request, timers_[ModemTimer::send_status_wait], result);
                if (e != ERR_NONE && result.error.empty()) result.error = gammu_error_text(e);
                sink_.on_sent(result);
                next_send = Clock::now() + min_send_gap;
                if (!handle_error(e, "send", timeouts)) return;
            }
        }

        if (now >= next_health) {
            next_health = now + timers_[ModemTimer::health_interval];
            const int e = report_health(&session);
            // The cheapest command timing out (AT+CSQ waits ~20 s) means the modem is gone.
            if (e == ERR_TIMEOUT) timeouts = timeouts_before_reconnect - 1;
            if (!handle_error(e, "health", timeouts)) return;
        }

        // While the pipeline owes an acknowledgement, wait on it rather than inside GSM_ReadDevice
        // (~50 ms): the delete and the reply follow at once (+CMTI to AT+CMGS 52 ms -> a few ms).
        if (session.is_at() && in_flight_.empty()) session.poll_device();  // waits for +CMTI up to ~50 ms
        else wait_for(std::clamp(std::chrono::duration_cast<std::chrono::milliseconds>(next_poll - Clock::now()),
                                 std::chrono::milliseconds(1), timers_[ModemTimer::idle_wait]),
                      true);
    }
}

void ModemWorker::run() {
    auto backoff = timers_[ModemTimer::backoff_initial];
    report_health(nullptr);
    while (true) {
        heartbeat_ = Clock::now();
        if (stop_ && state_.load() != ModemState::running) {
            enter(ModemEvent::stop_requested, "");
            break;
        }
        switch (state_.load()) {
            case ModemState::connecting: {
                std::unique_ptr<GammuSession> session;
                if (connect_once(session)) {
                    backoff = timers_[ModemTimer::backoff_initial];
                    serve(*session);
                    const bool stopping = state_.load() == ModemState::running;  // left serve() to stop
                    session.reset();
                    if (stopping) {
                        enter(ModemEvent::stop_requested, "");
                        return;
                    }
                }
                break;
            }
            case ModemState::backing_off: {
                if (options_.one_session) return;  // the daemon starts a new process after its backoff
                const auto until = Clock::now() + backoff;
                while (!stop_ && Clock::now() < until) {
                    heartbeat_ = Clock::now();
                    std::unique_lock lock(mutex_);
                    wake_.wait_for(lock, std::min<Clock::duration>(until - Clock::now(), std::chrono::seconds(1)),
                                   [this] { return stop_.load(); });
                }
                backoff = std::min(backoff * 2, timers_[ModemTimer::backoff_max]);
                if (!stop_) enter(ModemEvent::backoff_elapsed, "");
                break;
            }
            case ModemState::pin_needed:
            case ModemState::pin_failed: {
                // Stays stopped for messages but alive for status until the daemon stops.
                while (!stop_) {
                    heartbeat_ = Clock::now();
                    std::unique_lock lock(mutex_);
                    wake_.wait_for(lock, std::chrono::seconds(1), [this] { return stop_.load(); });
                }
                break;
            }
            case ModemState::running:
            case ModemState::restarting:  // the parent's state for a dead process, never a worker's
            case ModemState::stopped: return;
        }
    }
}

}  // namespace smsgw
