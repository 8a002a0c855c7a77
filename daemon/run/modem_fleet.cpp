// Starts, stops and swaps modem processes; hands their results to the daemon tagged with the process supervisor that read them.
#include "daemon/run/modem_fleet.hpp"

#include "daemon/run/daemon_timeouts.hpp"

#include <boost/asio/post.hpp>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

namespace smsgw {

namespace asio = boost::asio;

ModemFleet::ModemFleet(asio::io_context& io, Logger& log, Events& events, ModemProcessTimers timers,
                       std::string program)
    : io_(io), log_(log), events_(events), timers_(timers), program_(std::move(program)), retire_timer_(io) {
    if (const char* modem = std::getenv(modem_process_marker))
        throw std::runtime_error(fmt::format("started as modem {}'s process, this program tried to run modems itself: the modem "
                                             "program {} is not smsgw",
                                             modem, program_));
}

ModemFleet::~ModemFleet() {
    request_stop();
    join();
}

ModemFleet::Entry ModemFleet::launch(const ModemConfig& config) {
    Entry e;
    e.id = next_id_++;
    e.worker = std::make_unique<ModemProcess>(io_, config, static_cast<ModemProcess::Sink&>(*this), timers_, program_);
    e.worker->start();
    return e;
}

std::uint64_t ModemFleet::id_of(const ModemProcess& process) const {
    for (const auto* list : {&active_, &retiring_})
        for (const auto& e : *list)
            if (e.worker.get() == &process) return e.id;
    return 0;
}

// Already on the event loop; posted all the same, so a handler never runs inside the process's
// own read callback (the daemon acknowledges and sends from its handlers). The batch carries the
// id of the process that read it, taken now: by the time it is handled a reload may have replaced
// that process, and its acknowledgement must not reach the successor.
void ModemFleet::on_batch(ModemProcess& from, ReceivedBatch batch) {
    asio::post(io_, [this, id = id_of(from), b = std::move(batch)]() mutable { events_.on_batch(id, std::move(b)); });
}

void ModemFleet::on_sent(ModemProcess&, SendResult result) {
    asio::post(io_, [this, r = std::move(result)] { events_.on_sent(r); });
}

void ModemFleet::on_health(ModemProcess&, ModemHealth health) {
    asio::post(io_, [this, h = std::move(health)] { events_.on_health(h); });
}

// Not posted: the daemon quarantines the culprit and tells this very process before it restarts.
// A process not (yet) in the fleet's lists is not reported: launch() is still starting it.
void ModemFleet::on_died(ModemProcess& from, const ModemDeath& death) {
    if (id_of(from) != 0) events_.on_modem_died(death, from);
}

void ModemFleet::start(const std::vector<ModemConfig>& modems) {
    for (const auto& mc : modems) active_.push_back(launch(mc));
}

void ModemFleet::apply(const std::vector<ModemConfig>& modems) {
    if (stopping_) return;
    const auto in_next = [&](const std::string& name) -> const ModemConfig* {
        auto it = std::find_if(modems.begin(), modems.end(), [&](const ModemConfig& m) { return m.name == name; });
        return it == modems.end() ? nullptr : &*it;
    };
    for (std::size_t i = active_.size(); i-- > 0;) {
        const ModemConfig& running = active_[i].worker->config();
        const ModemConfig* next = in_next(running.name);
        if (!next) {
            log_.info(LogCategory::modem, "{}: removed from the config, stopping it", running.name);
            retire(i, std::nullopt);
        } else if (!(*next == running)) {
            log_.info(LogCategory::modem, "{}: its section changed, restarting it", running.name);
            retire(i, *next);
        }
    }
    // A worker still stopping from an earlier reload starts again with the newest section, or not at all.
    for (auto& e : retiring_) {
        const ModemConfig* next = in_next(e.worker->config().name);
        e.restart_with = next ? std::optional<ModemConfig>(*next) : std::nullopt;
    }
    for (const auto& mc : modems) {
        const auto named = [&](const Entry& e) { return e.worker->config().name == mc.name; };
        if (std::any_of(active_.begin(), active_.end(), named) || std::any_of(retiring_.begin(), retiring_.end(), named))
            continue;
        log_.info(LogCategory::modem, "{}: added to the config, starting it", mc.name);
        active_.push_back(launch(mc));
    }
}

void ModemFleet::set_timers(ModemProcessTimers timers) {
    timers_ = timers;
    for (auto* list : {&active_, &retiring_})
        for (auto& e : *list) e.worker->set_timers(timers);
}

void ModemFleet::retire(std::size_t i, std::optional<ModemConfig> restart_with) {
    Entry e = std::move(active_[i]);
    active_.erase(active_.begin() + static_cast<std::ptrdiff_t>(i));
    e.worker->request_stop();
    e.restart_with = std::move(restart_with);
    e.retire_started = std::chrono::steady_clock::now();
    retiring_.push_back(std::move(e));
    watch_retiring();
}

// Polls the retiring workers; the event loop keeps turning meanwhile, so their last batches are
// committed and acknowledged before they let go.
void ModemFleet::watch_retiring() {
    retire_timer_.expires_after(daemon_timeout(DaemonTimer::modem_retire_poll));
    retire_timer_.async_wait([this](boost::system::error_code ec) {
        if (ec) return;
        const auto now = std::chrono::steady_clock::now();
        bool waiting = false;
        for (auto& e : retiring_) {
            if (e.joined) continue;
            if (!e.worker->stopped()) {
                waiting = true;
                if (!e.aborted && now - e.retire_started > daemon_timeout(DaemonTimer::modem_retire_abort_after)) {
                    log_.warn(LogCategory::modem, "{} is still inside a libgammu call: killing its process", e.worker->name());
                    e.worker->kill_process();
                    e.aborted = true;
                }
                continue;
            }
            e.joined = true;
            // Posted after it ended, so everything it reported before (its last send results) is
            // handled first; only then are its unanswered replies given back, and only
            // then does a successor of the same name start (it must not be mistaken for the old one).
            asio::post(io_, [this, id = e.id] { finish_retired(id); });
        }
        if (waiting) watch_retiring();
    });
}

void ModemFleet::finish_retired(std::uint64_t id) {
    auto it = std::find_if(retiring_.begin(), retiring_.end(), [&](const Entry& e) { return e.id == id; });
    if (it == retiring_.end()) return;
    Entry done = std::move(*it);
    retiring_.erase(it);
    events_.on_modem_gone(done.worker->name());
    if (done.restart_with && !stopping_) active_.push_back(launch(*done.restart_with));
}

void ModemFleet::request_stop() {
    stopping_ = true;
    for (auto& e : active_) e.worker->request_stop();
    for (auto& e : retiring_) e.worker->request_stop();
}

bool ModemFleet::stopped() const {
    const auto done = [](const Entry& e) { return e.worker->stopped(); };
    return std::all_of(active_.begin(), active_.end(), done) && std::all_of(retiring_.begin(), retiring_.end(), done);
}

std::vector<std::string> ModemFleet::abort_unstopped() {
    std::vector<std::string> names;
    for (auto* list : {&active_, &retiring_})
        for (auto& e : *list)
            if (!e.worker->stopped()) {
                e.worker->kill_process();
                names.push_back(e.worker->name());
            }
    return names;
}

void ModemFleet::join() { retire_timer_.cancel(); }

std::vector<std::pair<std::string, pid_t>> ModemFleet::pids() const {
    std::vector<std::pair<std::string, pid_t>> out;
    for (const auto& e : active_)
        if (e.worker->pid() > 0) out.emplace_back(e.worker->name(), e.worker->pid());
    return out;
}

void ModemFleet::acknowledge(std::uint64_t worker, BatchAck ack) {
    for (auto& e : active_)
        if (e.id == worker) return e.worker->acknowledge(std::move(ack));
    for (auto& e : retiring_)
        if (e.id == worker) return e.worker->acknowledge(std::move(ack));
    // That worker is gone: its SMS stay on the modem and are read again.
}

std::vector<Outbox::Modems::Port> ModemFleet::ports() const {
    std::vector<Port> out;
    for (const auto& e : active_) out.push_back({e.worker->name(), e.worker->can_send(), e.worker->queued_sends()});
    return out;
}

void ModemFleet::send(const std::string& modem, SendRequest request) {
    for (auto& e : active_)
        if (e.worker->name() == modem) return e.worker->send(std::move(request));
}

bool ModemFleet::heartbeats_fresh(std::chrono::steady_clock::duration limit) const {
    const auto now = std::chrono::steady_clock::now();
    return std::all_of(active_.begin(), active_.end(), [&](const Entry& e) { return now - e.worker->heartbeat() < limit; });
}

std::vector<ModemStateName> ModemFleet::state_list() const {
    std::vector<ModemStateName> list;
    for (const auto& e : active_) list.push_back({e.worker->name(), std::string(to_string(e.worker->state()))});
    return list;
}

std::string ModemFleet::states(char sep) const {
    std::string s;
    for (const auto& e : active_) s += fmt::format(" {}{}{}", e.worker->name(), sep, to_string(e.worker->state()));
    return s;
}

}  // namespace smsgw
