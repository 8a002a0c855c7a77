// The daemon's event loop: modem workers hand values over by asio::post; the pipeline, store,
// aggregator and outbox live on this one thread. Start order, stop, signals and reload are here;
// the events from modems and the timers are in daemon_traffic.cpp; the modem set, exports, systemd
// and the store's failure state have files of their own.
#include "daemon/run/daemon.hpp"
#include "daemon/run/daemon_traffic.hpp"

#include "daemon/codebook_io/codebook_store.hpp"
#include "daemon/run/config_reload.hpp"
#include "daemon/run/official_summary.hpp"
#include "daemon/audit/audit_chain.hpp"
#include "daemon/console/console_lines.hpp"
#include "daemon/run/decision_watch.hpp"
#include "daemon/review/decision_text.hpp"
#include "daemon/run/export_scheduler.hpp"
#include "daemon/run/push_watch.hpp"
#include "daemon/run/integrity_watch.hpp"
#include "daemon/run/modem_fleet.hpp"
#include "daemon/run/modem_watch.hpp"
#include "daemon/codebook_io/codebook_load.hpp"
#include "daemon/run/daemon_timeouts.hpp"
#include "daemon/notify/notifier.hpp"
#include "daemon/notify/time_zone.hpp"
#include "daemon/pipeline/pipeline.hpp"
#include "daemon/quickcount/quick_count.hpp"
#include "daemon/run/instance_lock.hpp"
#include "daemon/store/store.hpp"
#include "daemon/run/store_alarm.hpp"
#include "daemon/run/store_wait.hpp"
#include "daemon/run/systemd_notifier.hpp"
#include "daemon/takes/take_recorder.hpp"
#ifdef SMSGW_HAVE_PG
#include "daemon/hq/hq_push_worker.hpp"
#endif

#include <boost/asio.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <csignal>
#include <map>

namespace smsgw {

namespace asio = boost::asio;

namespace {

PipelineOptions pipeline_options(const Config& config) {
    PipelineOptions po;
    po.reply_policy = config.gateway.reply_policy;
    po.reply_unregistered = config.gateway.reply_unregistered;
    po.replies_per_sender_per_hour = config.gateway.replies_per_sender_per_hour;
    po.own_numbers = config.gateway.own_numbers;
    for (const auto& m : config.modems)
        if (!m.number.empty()) po.own_numbers.push_back(m.number);
    po.multipart_timeout = config.gateway.multipart_timeout;
    return po;
}

ModemProcessTimers process_timers(const GatewayConfig& g) {
    ModemProcessTimers t;
    t.heartbeat_timeout = g.modem_heartbeat_timeout;
    return t;
}

}  // namespace

// The start order, stop, reload and signals; what happens between the components once they run
// is DaemonTraffic's (daemon_traffic.cpp).
struct Daemon::Impl final : DaemonTraffic {
    asio::signal_set signals{io};
    asio::steady_timer stop_timer{io};

    std::unique_ptr<IntegrityWatch> integrity;  // quick_check while running
    CodebookInUse codebook;
    std::unique_ptr<ExportScheduler> exports;
    std::unique_ptr<PushWatch> pushes;
    std::unique_ptr<notify::Notifier> notices;  // reminder windows, SMS summaries to HQ
    std::unique_ptr<DecisionWatch> decisions;    // the operators' decisions, applied as they commit

    bool finished = false;  // every component stopped: nothing may keep the loop alive
    std::chrono::steady_clock::time_point stop_started{};
    bool stop_aborted = false;
    int exit_code = 0;

    Impl(Config c, Logger& l, DaemonOptions o) : DaemonTraffic(std::move(c), l, std::move(o)) {}
    using DaemonTraffic::io;        // Daemon::run() turns it,
    using DaemonTraffic::stopping;  // and request_reload() asks it

    // ---- start, in this order; stop() undoes it in reverse ----------------------------------
    void start() {
        log.notice(LogCategory::daemon, "smsgw starting with {} ({} modems)", config.path, config.modems.size());
        CodebookSources sources;
        codebook = load_codebook_or_throw(config.gateway.codebook, &sources);
        use_election_time();
        log_codebook("codebook");

        instance_lock.emplace(config.gateway.database);  // a second daemon on this database stops here
        StoreWait wait(log, systemd, config.gateway.database);
        store = wait.open(options.store);
        integrity = std::make_unique<IntegrityWatch>(
            io, config.gateway.database, config.gateway.integrity_check_interval,
            [this](std::vector<std::string> findings) { database_damaged(findings); });
        store_alarm = std::make_unique<StoreAlarm>(log, config.gateway.database, MonotonicClock{}, options.store_reminder);
        log.info(LogCategory::store, "database {} at schema {} (found {}){}", config.gateway.database,
                 store->schema_version(), store->schema_version_found(), wait.waited() ? ", the other process let go" : "");
        // The database carries the codebook it was filled with, so estimate/status/export need only --db.
        std::string previous_codebook;
        if (auto in_use = store->write([](store::Transaction& tx) { return tx.codebook_in_use(); }); in_use && *in_use)
            previous_codebook = (*in_use)->version;
        auto saved = wait.retry("saving the codebook", [&] { return store->save_codebook(codebook.version, sources); });
        if (!saved) throw std::runtime_error("saving the codebook in the database: " + saved.error().message);
        if (*saved) audit_codebook(previous_codebook, codebook.version, "start");

        quick_count = std::make_unique<QuickCount>(codebook.codebook);
        PipelineOptions po = pipeline_options(config);
        pipeline = std::make_unique<Pipeline>(*store, *quick_count, codebook, po, &Impl::now);
        auto resumed = wait.retry("resuming", [&] { return pipeline->resume(); });
        if (!resumed) throw std::runtime_error("resume from the store failed: " + resumed.error().message);
        for (const auto& o : *resumed) report_outcome(o);
        log.info(LogCategory::store, "resumed: {} messages processed from before the restart", resumed->size());

        // The fleet before the outbox, which asks it for modems at every dispatch; started below.
        modems = std::make_unique<ModemFleet>(io, log, *this, process_timers(config.gateway), options.modem_program);
        outbox = std::make_unique<Outbox>(*store, *modems, po.retry, &Impl::now);
        start_hq_push();

        // Before the modems: a window the codebook cannot serve stops the start here. Window ends
        // missed while the daemon was down are queued now, and go out once a modem can send.
        notices = std::make_unique<notify::Notifier>(
            io, log, *store, [this] { return quick_count->estimate(); }, [this] { if (!stopping) dispatch_outbox(); });
        notices->start(config, codebook.codebook, po.own_numbers);

        modem_watch = std::make_unique<ModemWatch>(
            io, log, *store,
            ModemWatch::StoreOutcome{[this](std::string_view what, const store::StoreError& e) { store_failed(what, e); },
                                     [this](std::string_view what) { store_succeeded(what); }});
        modem_watch->start(config.gateway);
        modems->start(config.modems);

        exports = std::make_unique<ExportScheduler>(io, log, *store, *store_alarm, config.gateway.database);
        exports->start(config.gateway, codebook);
        exports->on_attempt([this](bool shipped) { notices->on_export_attempt(shipped); });
        takes = std::make_unique<TakeRecorder>(io, log, *store, *quick_count);
        takes->start(take_settings(config.gateway), codebook.version);
        takes->observe(pipeline->count_updates());  // what resume() counted
        pushes = std::make_unique<PushWatch>(io, log, *store, *store_alarm, std::filesystem::absolute(config.path).string(),
                                             options.modem_program);
        pushes->on_attempt([this](bool delivered) { notices->on_export_attempt(delivered); });
        exports->on_published([this](const std::filesystem::path& p) { pushes->published(p); });
        pushes->start(config.gateway);
        decisions = std::make_unique<DecisionWatch>(io, log, *store, *pipeline, *quick_count, [this] {
            takes->observe(pipeline->count_updates());
            update_systemd_status();
        });
        decisions->start();

        signals.add(SIGINT);
        signals.add(SIGTERM);
        signals.add(SIGHUP);
        wait_signal();
        schedule_multipart();
        schedule_outbox(daemon_timeout(DaemonTimer::outbox_first));
        schedule_summary();
        schedule_checkpoint();
        // A hung modem process is killed and restarted by its supervisor: the daemon is healthy
        // meanwhile. Only a process that outlived its kill means the supervision itself is stuck.
        systemd.start_watchdog([this](auto) { return modems->heartbeats_fresh(3 * config.gateway.modem_heartbeat_timeout); },
                                [this] { log.error(LogCategory::daemon, "a modem process outlived its kill; withholding the watchdog ping"); });
        systemd.ready();
        update_systemd_status();
        log.info(LogCategory::daemon, "ready");
    }

    // The one place a reload hands the new settings to the components that take them live. A
    // component that reads the config adds its line here; `config` already holds the new values.
    void apply_config() {
        log.set_level(config.gateway.log_level);
        pipeline->set_options(pipeline_options(config));
        exports->apply(config.gateway);
        pushes->apply(config.gateway);
        modems->set_timers(process_timers(config.gateway));
        integrity->set_interval(config.gateway.integrity_check_interval);
        modems->apply(config.modems);
        modem_watch->apply(config.gateway);
        notices->apply(config);
        takes->apply(take_settings(config.gateway));
        summary_timer.cancel();  // its handler sees operation_aborted and does not re-arm
        schedule_summary();
    }

    void stop() {
        if (stopping) return;
        stopping = true;
        systemd.stopping();
        log.info(LogCategory::daemon, "stopping: modems stop reading, in-flight batches are committed");
        modems->request_stop();
        stop_started = std::chrono::steady_clock::now();
        poll_stopped();
    }

    // Keeps the loop turning (batches still arrive and are committed) until every worker is done.
    void poll_stopped() {
        const bool all = modems->stopped();
        const auto waited = std::chrono::steady_clock::now() - stop_started;
        if (!all && waited > daemon_timeout(DaemonTimer::stop_abort_after) && !stop_aborted) {
            stop_aborted = true;
            for (const auto& name : modems->abort_unstopped())
                log.warn(LogCategory::modem, "{} is still inside a libgammu call: aborting it", name);
        }
        if (!all && waited > daemon_timeout(DaemonTimer::stop_give_up_after)) {
            // Everything received is committed; only a modem call hangs. Leave without it.
            log.error(LogCategory::modem, "modems did not stop (a libgammu call hangs):{}; exiting without them",
                      modems->states());
            if (store) (void)store->checkpoint();
            std::fflush(nullptr);
            std::_Exit(0);
        }
        if (all) {
            modems->join();
            // Posted: the workers' last results (sent replies) were posted before they ended and run first.
            asio::post(io, [this] { finish(); });
            return;
        }
        stop_timer.expires_after(daemon_timeout(DaemonTimer::stop_poll));
        stop_timer.async_wait([this](boost::system::error_code ec) {
            if (!ec) poll_stopped();
        });
    }

    // Every worker has ended and its results are handled: the rest stops, nothing keeps the loop alive.
    void finish() {
        signals.cancel();
        modem_watch->stop();
        multipart_timer.cancel();
        outbox_timer.cancel();
        summary_timer.cancel();
        checkpoint_timer.cancel();
        integrity->stop();
        notices->stop();
        decisions->stop();
        takes->stop();  // the last take, with what the last batches counted
        systemd.stop();
        exports->stop();
        pushes->stop();
#ifdef SMSGW_HAVE_PG
        if (hq_push) hq_push->stop();
#endif
        finish_outbox();
        if (auto c = store->checkpoint(); !c) log.warn(LogCategory::store, "checkpoint: {}", c.error().message);
        finished = true;
        log.info(LogCategory::daemon, "stopped");
    }

    // Before the modems, so that what they bring is queued for HQ from the first message.
    void start_hq_push() {
        if (!config.hq.enabled()) return;
#ifdef SMSGW_HAVE_PG
        hq_push = std::make_unique<hq::HqPushWorker>(io, log, *store, config.hq);
        hq_push->start();
#else
        throw std::runtime_error(config.path + ":" + std::to_string(config.hq.line) +
                                 ": [hq] needs PostgreSQL's libpq, and this smsgw was built without it (install libpq-dev, rebuild)");
#endif
    }

    // ---- signals ----------------------------------------------------------------------------
    void wait_signal() {
        signals.async_wait([this](boost::system::error_code ec, int sig) {
            if (ec) return;
            if (sig == SIGHUP) {
                if (!stopping) reload();
            } else if (stopping) {
                log.error(LogCategory::daemon, "second signal: exiting at once");
                std::_Exit(1);
            } else {
                log.info(LogCategory::daemon, "signal {}: stopping", sig == SIGTERM ? "SIGTERM" : "SIGINT");
                stop();
            }
            // stop() may have finished at once (no modem running): a new wait would keep the loop alive.
            if (!finished) wait_signal();
        });
    }

    // SIGHUP: the config file and the codebook it names, both checked before anything changes.
    // Either both are swapped in (reports already stored keep the codebook version they were
    // checked with), or every problem is logged and the daemon runs on exactly as before.
    void reload() {
        systemd.reloading();
        ConfigReload next = ConfigReload::read(config);
        if (next.ok()) {
            // The database must carry the codebook before any report is checked against it.
            if (auto saved = store->save_codebook(next.codebook.version, next.sources); !saved)
                next.problems.push_back(fmt::format("saving the codebook {} in the database: {}", next.codebook.version,
                                                    saved.error().message));
        }
        if (!next.ok()) {
            log.error(LogCategory::config, "SIGHUP: {} error{} in the new config or codebook; nothing changed, still running on "
                      "{} and codebook {}:", next.problems.size(), next.problems.size() == 1 ? "" : "s", config.path, codebook.version);
            for (const auto& p : next.problems) log.error(LogCategory::config, "  {}", p);
            systemd.ready();
            return;
        }
        for (const auto& n : next.notes) log.warn(LogCategory::config, "SIGHUP: {}", n);
        for (const auto& c : next.changes.live) log.info(LogCategory::config, "SIGHUP: {}", c);
        const bool new_codebook = next.codebook.version != codebook.version;
        if (new_codebook) audit_codebook(codebook.version, next.codebook.version, "SIGHUP");
        codebook = next.codebook;
        pipeline->set_codebook(codebook);
        exports->set_codebook(codebook);
        takes->set_codebook_version(codebook.version);
        // The count follows the new codebook's stations and strata; rebuild_count() below refills it.
        if (new_codebook) *quick_count = QuickCount(codebook.codebook);
        notices->set_codebook(codebook.codebook);
        config = std::move(next.config);
        apply_config();
        if (new_codebook) {
            use_election_time();
            log_codebook("SIGHUP: codebook reloaded:");
        }
        log.notice(LogCategory::config, "SIGHUP: reloaded {} ({} setting{} changed, modems +{} -{} ~{}), codebook {}", config.path,
                 next.changes.live.size(), next.changes.live.size() == 1 ? "" : "s", next.changes.modems_added.size(),
                 next.changes.modems_removed.size(), next.changes.modems_changed.size(), codebook.version);
        // Operators' resolutions (smsgw resolve) change the stored reports from outside.
        if (auto r = pipeline->rebuild_count(); !r)
            log.error(LogCategory::quickcount, "SIGHUP: rebuilding the count: {}", r.error().message);
        log_official();
        systemd.ready();
        update_systemd_status();
    }

    // One time base for people: the console's times become the election's local time, as in
    // status and watch. A zone that cannot be read stops the start (the reminders need it too).
    void use_election_time() {
        auto zone = std::make_shared<const notify::TimeZone>(notify::TimeZone::load(codebook.codebook->election.timezone));
        log.set_time_text([zone](std::chrono::system_clock::time_point t) { return notify::clock_text(*zone, t); });
        log.notice(LogCategory::daemon, "times on this console are the election's: {}",
                   notify::zone_text(*zone, std::chrono::system_clock::now()));
    }

    // Official results are imported from outside (smsgw official import): SIGHUP shows them.
    void log_official() {
        OfficialSummary summary = official_summary(config.gateway.database, codebook.codebook);
        for (const auto& line : summary.lines) {
            if (summary.ok)
                log.info(LogCategory::quickcount, "SIGHUP: {}", line);
            else
                log.error(LogCategory::quickcount, "SIGHUP: {}", line);
        }
    }

    // A codebook change is a human action (someone edited the files and reloaded or restarted):
    // the audit trail names the daemon's Unix user, since the daemon cannot know who.
    void audit_codebook(const std::string& before, const std::string& after, std::string_view how) {
        store::AuditEntry e{audit::default_operator(), "codebook-reload", std::string(how), std::nullopt, "", before,
                            after, config.gateway.codebook};
        auto r = store->write([&](store::Transaction& tx) { return audit::append(tx, e); });
        if (!r) {
            log.error(LogCategory::review, "the audit trail did not record the codebook change: {}", r.error().message);
            return;
        }
        log.notice(LogCategory::review, "{}", review::decision_text(*r));
        if (decisions) decisions->own(r->id);
    }

    void log_codebook(std::string_view what) {
        const Codebook& cb = *codebook.codebook;
        log.notice(LogCategory::config, "{} {} ({}): {} stations, {} sampled, {} monitors, {} forms", what,
                 config.gateway.codebook, codebook.version, cb.stations.size(),
                 std::count_if(cb.stations.begin(), cb.stations.end(), [](const Station& s) { return s.sampled; }),
                 cb.monitors.size(), cb.forms.size());
    }
};

Daemon::Daemon(Config config, Logger& log, DaemonOptions options)
    : impl_(std::make_unique<Impl>(std::move(config), log, std::move(options))) {}

Daemon::~Daemon() = default;

int Daemon::run() {
    impl_->start();
    impl_->io.run();
    return impl_->exit_code;
}

void Daemon::request_stop() {
    asio::post(impl_->io, [this] { impl_->stop(); });
}

void Daemon::request_reload() {
    asio::post(impl_->io, [this] {
        if (!impl_->stopping) impl_->reload();
    });
}

}  // namespace smsgw
