// The daemon's modems as one set: started, stopped, and changed one by one on reload, each a process of its own.
#pragma once

#include "daemon/config/config.hpp"
#include "daemon/console/console_lines.hpp"
#include "daemon/console/logger.hpp"
#include "daemon/run/modem_process.hpp"
#include "daemon/pipeline/outbox.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace smsgw {

// Every worker has an id of its own, so a batch read by a worker that a reload has since replaced
// is never acknowledged to its successor (batch ids restart with each worker): such a batch's SMS
// stay on the modem and the new worker reads them again, where their idempotency keys make them
// duplicates, never new messages.
//
// It is the outbox's Modems: the outbox asks it at every dispatch which modems can take replies;
// and every process's sink: it tells the process's results to Events with the process's id.
class ModemFleet final : public Outbox::Modems, private ModemProcess::Sink {
public:
    // What the fleet reports, on the event loop: what the modems read and sent, their health, and
    // the ends of their processes. The daemon is the one implementation.
    class Events {
    public:
        // `worker` is the fleet's id of the process that read the batch: its acknowledgement goes
        // to that process only (acknowledge()).
        virtual void on_batch(std::uint64_t worker, ReceivedBatch batch) = 0;
        virtual void on_sent(const SendResult& result) = 0;
        virtual void on_health(const ModemHealth& health) = 0;
        // A stopped worker was joined and everything it posted has been handled.
        virtual void on_modem_gone(const std::string& name) = 0;
        // A modem's process died (crash, hang, seccomp); a new one starts after a backoff.
        virtual void on_modem_died(const ModemDeath& death, ModemProcess& process) = 0;

    protected:
        ~Events() = default;
    };

    // `program`: the smsgw binary that runs `modem-process` (normally /proc/self/exe).
    ModemFleet(boost::asio::io_context& io, Logger& log, Events& events, ModemProcessTimers timers = {},
               std::string program = "/proc/self/exe");
    ~ModemFleet();
    ModemFleet(const ModemFleet&) = delete;
    ModemFleet& operator=(const ModemFleet&) = delete;

    void start(const std::vector<ModemConfig>& modems);
    // Reload: removed sections stop, added ones start, changed ones stop and start again with the
    // new section once the old worker has let go of the device. A stopping worker finishes its
    // acknowledgements first, so what was committed is deleted and the rest is read again.
    void apply(const std::vector<ModemConfig>& modems);
    // New process timeouts (modem_heartbeat_timeout) for every modem, running or started later.
    void set_timers(ModemProcessTimers timers);

    // Shutdown: every worker stops reading; stopped() says when all are done.
    void request_stop();
    bool stopped() const;
    // Processes that did not stop: killed (returns their names).
    std::vector<std::string> abort_unstopped();
    void join();
    // The pids of the running modem processes, by modem name (tests, `status`).
    std::vector<std::pair<std::string, pid_t>> pids() const;

    // To the worker that read the batch, if it is still the one running.
    void acknowledge(std::uint64_t worker, BatchAck ack);
    // Outbox::Modems: the running modems, and a reply to the one named.
    std::vector<Port> ports() const override;
    void send(const std::string& modem, SendRequest request) override;
    std::size_t size() const { return active_.size(); }
    bool heartbeats_fresh(std::chrono::steady_clock::duration limit) const;
    // " NAME=STATE" for each active modem.
    std::string states(char sep = '=') const;
    // The same as a list of names and states, for the console summary.
    std::vector<ModemStateName> state_list() const;

private:
    // ModemProcess::Sink: posted on to Events (see launch()).
    void on_batch(ModemProcess& from, ReceivedBatch batch) override;
    void on_sent(ModemProcess& from, SendResult result) override;
    void on_health(ModemProcess& from, ModemHealth health) override;
    void on_died(ModemProcess& from, const ModemDeath& death) override;

    struct Entry {
        std::uint64_t id = 0;
        std::unique_ptr<ModemProcess> worker;
        std::optional<ModemConfig> restart_with;  // retiring: start this once it stopped
        std::chrono::steady_clock::time_point retire_started{};
        bool aborted = false;
        bool joined = false;  // its process ended; finish_retired() is on its way
    };

    Entry launch(const ModemConfig& config);
    // The fleet's id of a process it owns (active or retiring); 0 for none.
    std::uint64_t id_of(const ModemProcess& process) const;
    void retire(std::size_t active_index, std::optional<ModemConfig> restart_with);
    void watch_retiring();
    void finish_retired(std::uint64_t id);

    boost::asio::io_context& io_;
    Logger& log_;
    Events& events_;
    ModemProcessTimers timers_;
    std::string program_;
    std::vector<Entry> active_;
    std::vector<Entry> retiring_;
    std::uint64_t next_id_ = 1;
    bool stopping_ = false;
    boost::asio::steady_timer retire_timer_;
};

}  // namespace smsgw
