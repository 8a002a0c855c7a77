// One modem on its own thread: connects, reads the inbox, deletes what the pipeline committed, sends replies.
#pragma once

#include "daemon/config/config.hpp"
#include "daemon/modem/modem_fsm.hpp"
#include "daemon/modem/modem_timeouts.hpp"
#include "daemon/modem/modem_types.hpp"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

namespace smsgw {

class GammuSession;

// Where a worker's results go: in the modem process, frames to the daemon; in tests, a queue.
// Called on the worker thread: each must only hand the value over and return.
class ModemSink {
public:
    virtual void on_batch(ReceivedBatch batch) = 0;
    virtual void on_sent(SendResult result) = 0;
    virtual void on_health(ModemHealth health) = 0;  // state changes and periodic health
    // Right after connect and PIN, before the first read: the modem process enters its sandbox
    // here, once the device is open and before any stranger's SMS is parsed. Most sinks need nothing.
    virtual void on_connected() {}

protected:
    ~ModemSink() = default;
};

class ReadProbe;

class ModemWorker {
public:
    // How a modem's process runs its worker (the defaults: a worker that reconnects by itself).
    struct Options {
        // One connection only: a failed connect or a lost link ends the worker in backing_off and
        // the daemon starts a new process (the sandbox forbids what a reconnect needs, e.g. exec).
        bool one_session = false;
        bool careful = false;            // start reading one location at a time
        std::vector<int> delete_first;   // quarantined locations deleted before the first read
        std::uint64_t first_batch = 1;
        ReadProbe* probe = nullptr;      // shared with the daemon; null: the session's own
    };

    // `sink` must outlive the worker (until join()).
    ModemWorker(ModemConfig config, ModemSink& sink, ModemTimers timers = {});
    ModemWorker(ModemConfig config, ModemSink& sink, ModemTimers timers, Options options);
    ~ModemWorker();
    ModemWorker(const ModemWorker&) = delete;
    ModemWorker& operator=(const ModemWorker&) = delete;

    void start();
    // Stops reading new messages; acknowledgements already on their way are still honoured
    // until join(). Non-blocking, so the event loop can keep delivering acks.
    void request_stop();
    void join();

    // Thread-safe: the event loop's answer to a batch (delete on commit, re-read otherwise).
    void acknowledge(BatchAck ack);
    // Thread-safe: queue a reply for sending.
    void send(SendRequest request);

    const std::string& name() const { return config_.name; }
    const ModemConfig& config() const { return config_; }
    ModemState state() const { return state_.load(); }
    // The worker's thread has ended (stopped, or one_session and the session is over).
    bool finished() const { return finished_.load(); }
    bool can_send() const { return config_.send && state_.load() == ModemState::running; }
    std::size_t queued_sends() const;
    // Last time the worker's loop turned; stale means a libgammu call is wedged.
    std::chrono::steady_clock::time_point heartbeat() const { return heartbeat_.load(); }

private:
    using Clock = std::chrono::steady_clock;

    void run();
    void enter(ModemEvent event, const std::string& why);
    bool connect_once(std::unique_ptr<GammuSession>& session);
    void serve(GammuSession& session);
    // `gammu_error` is libgammu's GSM_Error, as int so that users of the worker need no libgammu header.
    bool handle_error(int gammu_error, const char* what, int& timeouts);
    int report_health(GammuSession* session);
    void note_delete(int location, int gammu_error, Clock::time_point& next_health);
    void wait_for(std::chrono::milliseconds d, bool wake_on_stop);

    ModemConfig config_;
    ModemSink& sink_;
    ModemTimers timers_;
    Options options_;
    std::thread thread_;
    std::atomic<ModemState> state_{ModemState::connecting};
    std::atomic<Clock::time_point> heartbeat_{Clock::now()};
    std::atomic<bool> stop_{false};
    std::atomic<bool> finished_{false};
    std::string last_error_;
    std::string imei_;

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<BatchAck> acks_;
    std::deque<SendRequest> sends_;

    // Owned by the worker thread: locations offered to the pipeline and not yet answered.
    struct InFlight {
        std::uint64_t batch_id;
        Clock::time_point offered;
    };
    std::map<int, InFlight> in_flight_;
    std::set<int> quarantining_;  // locations in flight as PoisonRecords: deleted without being read
    std::set<int> undeletable_;   // locations whose last delete failed
    long delete_failures_ = 0;    // in this process's life
    std::string last_delete_error_;
    std::uint64_t next_batch_ = 1;
    std::optional<Clock::time_point> stop_deadline_;
};

}  // namespace smsgw
