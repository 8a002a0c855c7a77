// Spawns and supervises one modem's process: frames in and out on the event loop, heartbeat
// watch, and the post-mortem that turns a death inside a record's read into a quarantined record.
#include "daemon/run/modem_process.hpp"

#include "daemon/modem/dummy_device.hpp"

#include "daemon/modem/modem_child.hpp"
#include "daemon/modem/modem_sandbox.hpp"

#include <boost/asio/write.hpp>
#include <fmt/format.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <stdexcept>

#include <fcntl.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace smsgw {

namespace asio = boost::asio;
namespace json = boost::json;
namespace proto = modem_protocol;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {


std::string signal_name(int sig) {
    const char* abbrev = ::sigabbrev_np(sig);
    return abbrev ? std::string("SIG") + abbrev : fmt::format("signal {}", sig);
}

// What a bad record does to its decoder: a stack protector's abort, a wild pointer. Never a
// sandbox kill, our own SIGKILL, or an exit: those say nothing about the record being read, and
// naming it would quarantine (and delete) a report that did nothing wrong.
bool decoder_crash(int sig) {
    return sig == SIGSEGV || sig == SIGABRT || sig == SIGBUS || sig == SIGFPE || sig == SIGILL || sig == SIGTRAP;
}

}  // namespace

ModemProcess::ModemProcess(asio::io_context& io, ModemConfig config, Sink& sink, ModemProcessTimers timers,
                           std::string program)
    : io_(io),
      config_(std::move(config)),
      sink_(sink),
      timers_(timers),
      program_(std::move(program)),
      socket_(io),
      restart_timer_(io),
      watch_timer_(io),
      reap_timer_(io),
      backoff_(timers_.restart_initial) {
    probe_fd_ = ::memfd_create("smsgw-read-probe", MFD_CLOEXEC);
    if (probe_fd_ < 0 || ::ftruncate(probe_fd_, static_cast<off_t>(read_probe_size)) != 0)
        throw std::runtime_error(fmt::format("modem {}: memfd for the read probe: {}", config_.name, std::strerror(errno)));
    void* p = ::mmap(nullptr, read_probe_size, PROT_READ | PROT_WRITE, MAP_SHARED, probe_fd_, 0);
    if (p == MAP_FAILED)
        throw std::runtime_error(fmt::format("modem {}: mapping the read probe: {}", config_.name, std::strerror(errno)));
    probe_ = static_cast<ReadProbeArea*>(p);
}

ModemProcess::~ModemProcess() {
    if (pid_ > 0) {
        ::kill(-pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
    }
    if (probe_) ::munmap(probe_, read_probe_size);
    if (probe_fd_ >= 0) ::close(probe_fd_);
}

void ModemProcess::start() {
    spawn();
    check_heartbeat();
}

void ModemProcess::set_state(ModemState s, std::string why) {
    if (state_ == s) return;
    state_ = s;
    ModemHealth h;
    h.modem = config_.name;
    h.state = s;
    h.imei = imei_;
    h.device = config_.device;
    h.last_error = std::move(why);
    h.at = std::chrono::system_clock::now();
    sink_.on_health(*this, std::move(h));
}

void ModemProcess::spawn() {
    if (stopping_) return;
    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
        set_state(ModemState::restarting, fmt::format("socketpair: {}", std::strerror(errno)));
        schedule_restart(backoff_);
        return;
    }
    probe_->phase.store(static_cast<std::uint32_t>(ReadPhase::idle));
    probe_->trace_length.store(0);
    probe_->forbidden_syscall.store(-1);

    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attr);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, sv[1], 3);
    posix_spawn_file_actions_adddup2(&actions, probe_fd_, 4);
    posix_spawn_file_actions_addclosefrom_np(&actions, 5);  // the database and the other modems stay ours
    // Its own process group: one kill ends it and the proxy command libgammu starts for it.
    posix_spawnattr_setpgroup(&attr, 0);
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &all);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    std::string name_arg = "--modem=" + config_.name;  // shows in ps which modem a process is
    // argv[0] "smsgw", not "/proc/self/exe": what ps and the audit log show.
    const char* argv[] = {"smsgw", "modem-process", "--socket", "3", "--probe", "4", name_arg.c_str(), nullptr};
    pid_t pid = -1;
    // Marked, so that a program that is not smsgw (a test binary naming itself by mistake) cannot
    // start modems of its own there, and those theirs: ModemFleet refuses to run in a modem process.
    std::vector<std::string> env_strings{std::string(modem_process_marker) + "=" + config_.name};
    for (char** e = environ; *e; ++e)
        if (std::string_view(*e).rfind(std::string(modem_process_marker) + "=", 0) != 0) env_strings.emplace_back(*e);
    std::vector<char*> env;
    for (auto& e : env_strings) env.push_back(e.data());
    env.push_back(nullptr);
    const int rc = ::posix_spawn(&pid, program_.c_str(), &actions, &attr, const_cast<char* const*>(argv), env.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    ::close(sv[1]);
    if (rc != 0) {
        ::close(sv[0]);
        set_state(ModemState::restarting, fmt::format("cannot start {} modem-process: {}", program_, std::strerror(rc)));
        schedule_restart(backoff_);
        backoff_ = std::min(backoff_ * 2, timers_.restart_max);
        return;
    }
    pid_ = pid;
    ++generation_;
    kill_sent_ = false;
    hung_ = false;
    reader_ = proto::FrameReader();
    write_queue_.clear();
    writing_ = false;
    socket_ = asio::local::stream_protocol::socket(io_);
    socket_.assign(asio::local::stream_protocol(), sv[0]);
    started_ = last_beat_ = Clock::now();
    state_ = ModemState::connecting;

    proto::Start s;
    s.config = config_;
    s.careful = careful_next_;
    careful_next_ = false;  // for this process only: a death that needs it again says so
    s.delete_first = std::move(delete_next_);
    delete_next_.clear();
    batch_epoch_ = generation_;
    s.first_batch = static_cast<std::int64_t>(batch_epoch_ << 32);  // acks never reach the wrong process
    write(proto::to_json(s));
    for (const auto& req : pending_sends_) write(proto::to_json(req));
    read_more();
}

void ModemProcess::write(const json::object& message) {
    if (pid_ <= 0) return;
    write_queue_ += proto::encode(message);
    flush();
}

void ModemProcess::flush() {
    if (writing_ || write_queue_.empty() || pid_ <= 0) return;
    writing_ = true;
    auto data = std::make_shared<std::string>(std::move(write_queue_));
    write_queue_.clear();
    asio::async_write(socket_, asio::buffer(*data), [this, data, gen = generation_](boost::system::error_code ec, std::size_t) {
        if (gen != generation_) return;
        writing_ = false;
        if (!ec) flush();  // an error: the read side sees the end and reaps
    });
}

void ModemProcess::read_more() {
    socket_.async_read_some(asio::buffer(read_buffer_), [this, gen = generation_](boost::system::error_code ec, std::size_t n) {
        if (gen != generation_) return;
        if (ec) {
            on_eof();
            return;
        }
        std::vector<json::object> frames;
        const bool ok = reader_.feed(read_buffer_.data(), n, frames);
        for (const auto& f : frames) {
            on_frame(f);
            if (gen != generation_) return;
        }
        if (!ok) {
            kill_process();  // it speaks nonsense: whatever it is now, it is not our modem reader
            on_eof();
            return;
        }
        read_more();
    });
}

void ModemProcess::on_frame(const json::object& f) {
    const auto type = proto::type_of(f);
    if (type == "hb") {
        auto* idle = f.if_contains("idle_ms");
        const auto ms = idle && idle->is_int64() ? idle->get_int64() : 0;
        last_beat_ = std::max(last_beat_, Clock::now() - std::chrono::milliseconds(ms));
    } else if (type == "batch") {
        auto b = proto::batch_from(f);
        if (!b) return;
        last_beat_ = Clock::now();
        sink_.on_batch(*this, std::move(*b));
    } else if (type == "sent") {
        auto r = proto::send_result_from(f);
        if (!r) return;
        std::erase_if(pending_sends_, [&](const SendRequest& s) { return s.reply_id == r->reply_id; });
        send_deaths_.erase(r->reply_id);
        sink_.on_sent(*this, std::move(*r));
    } else if (type == "health") {
        auto h = proto::health_from(f);
        if (!h) return;
        if (!h->imei.empty()) imei_ = h->imei;
        state_ = h->state;
        if (state_ == ModemState::running && Clock::now() - started_ > timers_.healthy_after)
            backoff_ = timers_.restart_initial;
        sink_.on_health(*this, std::move(*h));
    }
}

void ModemProcess::acknowledge(BatchAck ack) {
    // A batch of a process that has since died: its SMS are still on the SIM and are read again.
    // A batch may be answered more than once (its quarantined records, then its parts).
    if (pid_ <= 0 || (ack.batch_id >> 32) != batch_epoch_) return;
    write(proto::to_json(ack));
}

void ModemProcess::send(SendRequest request) {
    if (pid_ <= 0) {
        SendResult r;
        r.modem = config_.name;
        r.reply_id = request.reply_id;
        r.error = "the modem's process is not running";
        asio::post(io_, [this, r] { sink_.on_sent(*this, r); });
        return;
    }
    pending_sends_.push_back(request);
    write(proto::to_json(request));
}

void ModemProcess::quarantined(int location) {
    if (std::find(delete_next_.begin(), delete_next_.end(), location) == delete_next_.end()) delete_next_.push_back(location);
}

std::chrono::steady_clock::time_point ModemProcess::heartbeat() const {
    return pid_ > 0 ? last_beat_ : Clock::now();
}

void ModemProcess::kill_process() {
    if (pid_ <= 0 || kill_sent_) return;
    kill_sent_ = true;
    ::kill(-pid_, SIGKILL);  // the group: libgammu's proxy command goes too
    ::kill(pid_, SIGKILL);
}

void ModemProcess::request_stop() {
    if (stopping_) return;
    stopping_ = true;
    restart_timer_.cancel();
    if (pid_ > 0) {
        write(proto::stop_message());
        started_ = Clock::now();  // the stop grace counts from here
    } else {
        set_state(ModemState::stopped, "");
    }
}

void ModemProcess::on_eof() {
    boost::system::error_code ignored;
    socket_.close(ignored);
    ++generation_;  // late callbacks of this socket are ignored
    reap();
}

void ModemProcess::reap() {
    if (pid_ <= 0) return;
    int status = 0;
    const pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_ || (r < 0 && errno == ECHILD)) {
        ended(r == pid_ ? status : 0);
        return;
    }
    // The socket closed but the process lives on (closing descriptors by hand?): not for long.
    if (Clock::now() - last_beat_ > 2s && !kill_sent_) kill_process();
    reap_timer_.expires_after(10ms);
    reap_timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec) reap();
    });
}

void ModemProcess::ended(int status) {
    const pid_t pid = pid_;
    pid_ = -1;
    ::kill(-pid, SIGKILL);  // whatever is left of its group (libgammu's proxy command)
    batch_epoch_ = 0;
    if (stopping_) {
        // As a stopped modem always did: replies it did not report on are 'sending' in the store;
        // a reload gives them back (ModemFleet's gone), the next start queues them again.
        pending_sends_.clear();
        send_deaths_.clear();
        set_state(ModemState::stopped, "");
        return;
    }
    // Replies it was handed and did not report on go to the next process, as a worker's queue
    // survived a reconnect (one cut off mid-send may go out twice: at-least-once, as documented).
    // A reply pending through two deaths may be what kills them: it goes back to the outbox as a
    // failed attempt instead.
    std::erase_if(pending_sends_, [&](const SendRequest& req) {
        if (++send_deaths_[req.reply_id] < 2) return false;
        send_deaths_.erase(req.reply_id);
        SendResult r;
        r.modem = config_.name;
        r.reply_id = req.reply_id;
        r.error = "two of the modem's processes ended before reporting this send";
        sink_.on_sent(*this, r);
        return true;
    });

    ModemDeath d;
    d.modem = config_.name;
    d.pid = pid;
    d.killed_by_us = kill_sent_;
    if (WIFSIGNALED(status)) d.signal = WTERMSIG(status);
    else if (WIFEXITED(status)) d.exit_code = WEXITSTATUS(status);
    if (d.signal == 0 && d.exit_code == modem_exit_reconnect) {
        if (Clock::now() - started_ > timers_.healthy_after) backoff_ = timers_.restart_initial;
        // It lost (or never got) its modem and said so in its last health: a plain backoff.
        state_ = ModemState::backing_off;
        schedule_restart(backoff_);
        backoff_ = std::min(backoff_ * 2, timers_.restart_max);
        return;
    }
    const ReadProbeSnapshot snap = read_probe_snapshot(*probe_);
    std::string how = d.signal ? fmt::format("killed by {}", signal_name(d.signal))
                               : fmt::format("exited with status {}", d.exit_code);
    if (d.signal == SIGSYS && snap.forbidden_syscall >= 0)
        how += fmt::format(" (system call {} is outside its sandbox)", syscall_name(snap.forbidden_syscall));
    // A process that lived long enough worked: its death starts the backoff afresh (health frames,
    // the other place this is judged, stop coming from a process hung inside libgammu).
    if (Clock::now() - started_ > timers_.healthy_after) backoff_ = timers_.restart_initial;
    std::chrono::milliseconds delay = backoff_;
    // A hang names a record only when the modem had answered with it (its PDU is in the trace) and
    // the next process hung on it too: a dead modem hangs without answering, and its records are fine.
    // The dummy driver has no modem to blame: what it reads is the record's file, so a hang there is the record's.
    const bool answered = !pdu_from_trace(snap.trace).empty() || is_dummy_device(config_);
    if (d.killed_by_us && hung_ && snap.phase == ReadPhase::one && snap.location > 0 && hung_location_ == snap.location &&
        answered) {
        // The second process in a row hung reading exactly this record: it is the record, not the
        // modem. Kept and deleted like a record that crashes its reader.
        d.why = fmt::format("hung twice reading SIM location {} (no heartbeat for {} s) and was killed", snap.location,
                            std::chrono::duration<double>(timers_.heartbeat_timeout).count());
        d.culprit = culprit(snap, "HANG", "reading it hung the modem's process twice (libgammu)");
        hung_location_ = 0;
        careful_next_ = true;
        delay = timers_.restart_initial;
    } else if (d.killed_by_us) {
        d.why = hung_ ? fmt::format("sent no heartbeat for {} s (a libgammu call hangs, or the process was stopped) and was killed",
                                    std::chrono::duration<double>(timers_.heartbeat_timeout).count())
                      : "spoke no protocol the daemon knows and was killed";
        // A hang inside one record's read may be that record: the next process reads one location
        // at a time, and a second hang at the same location names it.
        hung_location_ = hung_ && snap.phase == ReadPhase::one && answered ? snap.location : 0;
        if (hung_ && snap.phase != ReadPhase::idle) careful_next_ = true;
        backoff_ = std::min(backoff_ * 2, timers_.restart_max);
    } else if (decoder_crash(d.signal) && snap.phase == ReadPhase::one && snap.location > 0) {
        // It died reading exactly this record: keep its bytes, delete it, read on carefully.
        d.culprit = culprit(snap, signal_name(d.signal), "reading it killed the modem's process (libgammu)");
        d.why = fmt::format("{} while reading SIM location {}", how, snap.location);
        careful_next_ = true;
        delay = timers_.restart_initial;  // progress: the culprit is known
    } else if (decoder_crash(d.signal) && snap.phase == ReadPhase::listing) {
        d.why = fmt::format("{} while listing the SIM after location {}; the next process reads one location at a time "
                            "to find the record",
                            how, snap.location);
        careful_next_ = true;
        delay = timers_.restart_initial;
    } else {
        d.why = how;
        backoff_ = std::min(backoff_ * 2, timers_.restart_max);
    }
    d.restart_in = delay;
    set_state(ModemState::restarting, d.why);
    sink_.on_died(*this, d);
    schedule_restart(delay);
}

PoisonRecord ModemProcess::culprit(const ReadProbeSnapshot& snap, std::string error, std::string reason) const {
    PoisonRecord p;
    p.modem = config_.name;
    p.imei = imei_;
    p.location = snap.location;
    p.error = std::move(error);
    p.reason = std::move(reason);
    p.pdu_hex = pdu_from_trace(snap.trace);
    // The dummy driver's record is its file, kept as it lies in the device directory.
    if (p.pdu_hex.empty() && is_dummy_device(config_)) p.pdu_hex = dummy_record_hex(config_.device, snap.location);
    p.detected_at = std::chrono::system_clock::now();
    return p;
}

void ModemProcess::schedule_restart(std::chrono::milliseconds delay) {
    restart_timer_.expires_after(delay);
    restart_timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec && !stopping_ && pid_ <= 0) spawn();
    });
}

void ModemProcess::check_heartbeat() {
    watch_timer_.expires_after(std::min<std::chrono::milliseconds>(1s, timers_.heartbeat_timeout / 4));
    watch_timer_.async_wait([this](boost::system::error_code ec) {
        if (ec) return;
        const auto now = Clock::now();
        if (pid_ > 0 && !kill_sent_) {
            if (stopping_ && now - started_ > timers_.stop_grace) {
                kill_process();
            } else if (!stopping_ && now - last_beat_ > timers_.heartbeat_timeout) {
                kill_process();
                hung_ = true;
            }
        }
        if (!(stopping_ && pid_ <= 0)) check_heartbeat();
    });
}

}  // namespace smsgw
