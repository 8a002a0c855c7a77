// What the daemon does with traffic on its event loop: a modem's batch through the pipeline, replies
// through the outbox, store trouble to the alarm, the periodic timers and the console summary.
#pragma once

#include "daemon/config/config.hpp"
#include "daemon/console/logger.hpp"
#include "daemon/pipeline/outbox.hpp"
#include "daemon/pipeline/pipeline.hpp"
#include "daemon/quickcount/quick_count.hpp"
#include "daemon/run/daemon.hpp"
#include "daemon/run/instance_lock.hpp"
#include "daemon/run/modem_fleet.hpp"
#include "daemon/run/modem_watch.hpp"
#include "daemon/run/store_alarm.hpp"
#include "daemon/run/systemd_notifier.hpp"
#include "daemon/store/store.hpp"
#include "daemon/takes/take_recorder.hpp"
#ifdef SMSGW_HAVE_PG
#include "daemon/hq/hq_push_worker.hpp"
#endif

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smsgw {

// The daemon's components and what happens between them once they run. Daemon::Impl derives from
// it and adds the other half: the start order, stop, reload and signals (daemon.cpp). The
// components are declared in the order they are made, so they are destroyed in reverse.
class DaemonTraffic : public ModemFleet::Events {
protected:
    DaemonTraffic(Config c, Logger& l, DaemonOptions o) : config(std::move(c)), log(l), options(std::move(o)) {}
    ~DaemonTraffic() = default;

    static std::chrono::system_clock::time_point now() { return std::chrono::system_clock::now(); }

    // ---- events from modems (ModemFleet::Events) --------------------------------------------
    void on_batch(std::uint64_t worker, ReceivedBatch batch) override;
    void on_sent(const SendResult& r) override;
    void on_health(const ModemHealth& h) override;
    void on_modem_died(const ModemDeath& d, ModemProcess& process) override;
    void on_modem_gone(const std::string& name) override;

    void report_outcome(const MessageOutcome& o);
    void dispatch_outbox();
    // At stop: the send results the store refused, one last time.
    void finish_outbox();
    void database_damaged(const std::vector<std::string>& findings);
    void store_failed(std::string_view what, const store::StoreError& e);
    void store_succeeded(std::string_view what);

    // ---- timers -----------------------------------------------------------------------------
    void schedule_multipart();
    void schedule_outbox(std::chrono::milliseconds d);
    void schedule_checkpoint();
    void schedule_summary();
    void summary();
    void update_systemd_status();

    Config config;
    Logger& log;
    DaemonOptions options;
    boost::asio::io_context io;
    boost::asio::steady_timer multipart_timer{io};
    boost::asio::steady_timer outbox_timer{io};
    boost::asio::steady_timer summary_timer{io};
    boost::asio::steady_timer checkpoint_timer{io};
    SystemdNotifier systemd{io};  // READY=, RELOADING=, STOPPING=, STATUS= and the watchdog

    std::optional<InstanceLock> instance_lock;  // declared first: released after the store closed
    std::unique_ptr<store::Store> store;
    std::unique_ptr<StoreAlarm> store_alarm;
    bool damaged = false;                       // the integrity watch found damage: nothing more is ingested
    std::unique_ptr<QuickCount> quick_count;
    std::unique_ptr<Pipeline> pipeline;
    std::unique_ptr<Outbox> outbox;
    std::unique_ptr<ModemWatch> modem_watch;  // quarantine, process deaths, storage and stall alarms
    std::unique_ptr<ModemFleet> modems;
    std::unique_ptr<TakeRecorder> takes;      // the estimate snapshotted as it converges
#ifdef SMSGW_HAVE_PG
    std::unique_ptr<hq::HqPushWorker> hq_push;  // [hq]: every row to HQ's PostgreSQL, on its own thread
#endif
    std::map<std::string, ModemState> modem_states;

    bool stopping = false;
    std::uint64_t messages_since_summary = 0;
    std::uint64_t replies_since_summary = 0;  // sent: each is a debug line, the summary counts them
    int checkpoints_failed = 0;  // in a row
    std::chrono::steady_clock::time_point last_summary = std::chrono::steady_clock::now();
};

}  // namespace smsgw
