// One modem as a child process (`smsgw modem-process`): spawned, fed and read on the event loop,
// killed when it hangs, restarted with a backoff when it dies; what it was reading when it died is
// in the shared read probe, so the record that killed it can be named, kept and deleted.
#pragma once

#include "daemon/config/config.hpp"
#include "daemon/modem/modem_protocol.hpp"
#include "daemon/modem/modem_types.hpp"
#include "daemon/modem/read_probe.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <array>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <sys/types.h>

namespace smsgw {

// The environment variable a modem process is started with (its value: the modem's name).
inline constexpr const char* modem_process_marker = "SMSGW_MODEM_PROCESS";

// Every timeout of a modem process in one table, with its default and why.
struct ModemProcessTimers {
    // No heartbeat for this long (a libgammu call hangs, the process was stopped): it is killed.
    std::chrono::milliseconds heartbeat_timeout{30'000};
    // After a stop frame, how long the process may take (it waits up to 5 s for acknowledgements).
    std::chrono::milliseconds stop_grace{8'000};
    // First wait before a new process after one died or lost its modem; doubles up to restart_max.
    std::chrono::milliseconds restart_initial{1'000};
    std::chrono::milliseconds restart_max{60'000};
    // A process that lived this long resets the backoff: the next death is a new story.
    std::chrono::milliseconds healthy_after{30'000};
};

// How a process ended, for the console and the quarantine.
struct ModemDeath {
    std::string modem;
    pid_t pid = 0;
    int signal = 0;           // the signal that killed it, 0 when it exited
    int exit_code = 0;
    bool killed_by_us = false;  // the heartbeat timeout or a stop that took too long
    std::string why;          // one line: "killed by SIGSEGV while reading SIM location 7"
    // A record that killed it: the daemon quarantines it, then calls quarantined(location).
    std::optional<PoisonRecord> culprit;
    std::chrono::milliseconds restart_in{0};
};

class ModemProcess {
public:
    // Where a process's results go, on the event loop. One sink serves many processes, so each
    // call names the process it comes from. The modem fleet is the one implementation.
    class Sink {
    public:
        virtual void on_batch(ModemProcess& from, ReceivedBatch batch) = 0;
        virtual void on_sent(ModemProcess& from, SendResult result) = 0;
        virtual void on_health(ModemProcess& from, ModemHealth health) = 0;
        // The process ended (crash, hang, seccomp); a new one starts after death.restart_in.
        virtual void on_died(ModemProcess& from, const ModemDeath& death) = 0;

    protected:
        ~Sink() = default;
    };

    // `program`: the smsgw binary to run as `program modem-process` (normally /proc/self/exe).
    // `sink` must outlive the process object.
    ModemProcess(boost::asio::io_context& io, ModemConfig config, Sink& sink, ModemProcessTimers timers,
                 std::string program);
    ~ModemProcess();
    ModemProcess(const ModemProcess&) = delete;
    ModemProcess& operator=(const ModemProcess&) = delete;

    void start();
    // A reload's new timeouts: the heartbeat watch uses them at once, the backoff from its next step.
    void set_timers(ModemProcessTimers timers) { timers_ = timers; }
    // Asks the process to stop (acknowledgements on their way are still honoured); kills it after
    // stop_grace. No new process starts afterwards.
    void request_stop();
    bool stopped() const { return stopping_ && pid_ <= 0; }
    // Kills the process now (a hung libgammu call); a new one starts after the backoff.
    void kill_process();

    void acknowledge(BatchAck ack);
    void send(SendRequest request);
    // The daemon stored the record that killed the last process: the next one deletes it first.
    void quarantined(int location);

    const std::string& name() const { return config_.name; }
    const ModemConfig& config() const { return config_; }
    ModemState state() const { return state_; }
    bool can_send() const { return config_.send && state_ == ModemState::running && pid_ > 0; }
    std::size_t queued_sends() const { return pending_sends_.size(); }
    // The last moment the process showed it was turning (fresh while no process is expected).
    std::chrono::steady_clock::time_point heartbeat() const;
    pid_t pid() const { return pid_; }

private:
    void spawn();
    void read_more();
    void on_frame(const boost::json::object& frame);
    void on_eof();
    void reap();
    void ended(int wait_status);
    void schedule_restart(std::chrono::milliseconds delay);
    void check_heartbeat();
    void write(const boost::json::object& message);
    void flush();
    void set_state(ModemState s, std::string why);
    PoisonRecord culprit(const ReadProbeSnapshot& snap, std::string error, std::string reason) const;

    boost::asio::io_context& io_;
    ModemConfig config_;
    Sink& sink_;
    ModemProcessTimers timers_;
    std::string program_;

    boost::asio::local::stream_protocol::socket socket_;
    boost::asio::steady_timer restart_timer_;
    boost::asio::steady_timer watch_timer_;
    boost::asio::steady_timer reap_timer_;
    modem_protocol::FrameReader reader_;
    std::array<char, 65536> read_buffer_{};
    std::string write_queue_;
    bool writing_ = false;

    int probe_fd_ = -1;
    ReadProbeArea* probe_ = nullptr;
    pid_t pid_ = -1;
    std::uint64_t generation_ = 0;     // which process the socket callbacks belong to
    std::chrono::steady_clock::time_point started_{}, last_beat_{};
    bool stopping_ = false;
    bool kill_sent_ = false;
    bool hung_ = false;                // the kill was for a missing heartbeat
    int hung_location_ = 0;            // the last process hung reading this location
    bool careful_next_ = false;
    std::vector<int> delete_next_;
    std::chrono::milliseconds backoff_;
    std::uint64_t batch_epoch_ = 0;  // the current process's batch ids are (epoch << 32) + n; 0: none
    std::vector<SendRequest> pending_sends_;  // handed over, no result yet; given to the next process
    std::map<std::int64_t, int> send_deaths_;  // reply id -> process deaths it was pending through
    ModemState state_ = ModemState::connecting;
    std::string imei_;
};

}  // namespace smsgw
