// The daemon's event loop: modem workers hand values over by asio::post; the pipeline, store,
// aggregator and outbox live on this one thread.
#include "daemon/daemon.hpp"

#include "daemon/codebook_dir.hpp"
#include "daemon/codebook_store.hpp"
#include "daemon/export/export_command.hpp"
#include "daemon/export/exporter.hpp"
#include "daemon/store/store_reader.hpp"
#include "daemon/modem/modem_worker.hpp"
#include "daemon/pipeline/pipeline.hpp"
#include "daemon/quickcount/quick_count.hpp"
#include "daemon/store/store.hpp"

#include <boost/asio.hpp>
#include <fmt/format.h>
#include <systemd/sd-daemon.h>

#include <algorithm>
#include <csignal>
#include <map>
#include <thread>
#include <unistd.h>

namespace smsgw {

namespace asio = boost::asio;
using namespace std::chrono_literals;

CodebookInUse load_codebook_or_throw(const std::string& dir, CodebookSources* sources_out) {
    CodebookSources sources = read_codebook_dir(dir);
    LoadResult r = load_codebook(sources);
    if (!r.ok()) {
        std::string msg = fmt::format("codebook {} has errors:", dir);
        for (const auto& d : r.diagnostics)
            if (d.severity == Severity::error) msg += "\n" + format_diagnostic(dir, d);
        throw std::runtime_error(msg);
    }
    CodebookInUse in_use{r.codebook, codebook_version(sources)};
    if (sources_out) *sources_out = std::move(sources);
    return in_use;
}

struct Daemon::Impl {
    Config config;
    Logger& log;
    asio::io_context io;
    asio::signal_set signals{io};
    asio::steady_timer multipart_timer{io};
    asio::steady_timer outbox_timer{io};
    asio::steady_timer summary_timer{io};
    asio::steady_timer watchdog_timer{io};
    asio::steady_timer stop_timer{io};
    asio::steady_timer export_timer{io};
    std::thread export_thread;  // one export (files, then the export command) at a time, off the loop
    int export_command_failures = 0;

    std::unique_ptr<store::Store> store;
    CodebookInUse codebook;
    std::unique_ptr<QuickCount> quick_count;
    std::unique_ptr<Pipeline> pipeline;
    std::unique_ptr<Outbox> outbox;
    std::vector<std::unique_ptr<ModemWorker>> modems;
    std::map<std::string, ModemState> modem_states;

    asio::steady_timer guard_timer{io};
    bool stopping = false;
    bool finished = false;  // every component stopped: nothing may keep the loop alive
    std::chrono::steady_clock::time_point stop_started{};
    bool stop_aborted = false;
    int exit_code = 0;
    std::uint64_t messages_since_summary = 0;
    std::chrono::steady_clock::time_point last_summary = std::chrono::steady_clock::now();
    std::chrono::microseconds watchdog_usec{0};

    Impl(Config c, Logger& l) : config(std::move(c)), log(l) {}

    static std::chrono::system_clock::time_point now() { return std::chrono::system_clock::now(); }

    // ---- start, in this order; stop() undoes it in reverse ----------------------------------
    void start() {
        log.info(LogCategory::daemon, "smsgw starting with {} ({} modems)", config.path, config.modems.size());
        CodebookSources sources;
        codebook = load_codebook_or_throw(config.gateway.codebook, &sources);
        const Codebook& cb = *codebook.codebook;
        log.info(LogCategory::config, "codebook {} ({}): {} stations, {} sampled, {} monitors, {} forms",
                 config.gateway.codebook, codebook.version, cb.stations.size(),
                 std::count_if(cb.stations.begin(), cb.stations.end(), [](const Station& s) { return s.sampled; }),
                 cb.monitors.size(), cb.forms.size());

        store = std::make_unique<store::Store>(config.gateway.database);
        log.info(LogCategory::store, "database {} at schema {} (found {})", config.gateway.database,
                 store->schema_version(), store->schema_version_found());
        // The database carries the codebook it was filled with, so estimate/status/export need only --db.
        if (auto saved = store->save_codebook(codebook.version, sources); !saved)
            throw std::runtime_error("saving the codebook in the database: " + saved.error().message);

        quick_count = std::make_unique<QuickCount>(codebook.codebook);
        PipelineOptions po;
        po.reply_policy = config.gateway.reply_policy;
        po.replies_per_sender_per_hour = config.gateway.replies_per_sender_per_hour;
        po.own_numbers = config.gateway.own_numbers;
        for (const auto& m : config.modems)
            if (!m.number.empty()) po.own_numbers.push_back(m.number);
        po.multipart_timeout = config.gateway.multipart_timeout;
        pipeline = std::make_unique<Pipeline>(*store, *quick_count, codebook, po, &Impl::now);
        auto resumed = pipeline->resume();
        if (!resumed) throw std::runtime_error("resume from the store failed: " + resumed.error().message);
        for (const auto& o : *resumed) report_outcome(o);
        log.info(LogCategory::store, "resumed: {} messages processed from before the restart", resumed->size());

        outbox = std::make_unique<Outbox>(*store, po.retry, &Impl::now);

        for (const auto& mc : config.modems) {
            ModemSink sink;
            sink.batch = [this](ReceivedBatch b) { asio::post(io, [this, b = std::move(b)]() mutable { on_batch(std::move(b)); }); };
            sink.sent = [this](SendResult r) { asio::post(io, [this, r = std::move(r)] { on_sent(r); }); };
            sink.health = [this](ModemHealth h) { asio::post(io, [this, h = std::move(h)] { on_health(h); }); };
            modems.push_back(std::make_unique<ModemWorker>(mc, std::move(sink)));
        }
        std::vector<Outbox::ModemPort> ports;
        for (auto& m : modems) {
            ModemWorker* w = m.get();
            ports.push_back({w->name(), [w] { return w->can_send(); }, [w] { return w->queued_sends(); },
                             [w](SendRequest r) { w->send(std::move(r)); }});
        }
        outbox->set_modems(std::move(ports));
        for (auto& m : modems) m->start();

        signals.add(SIGINT);
        signals.add(SIGTERM);
        signals.add(SIGHUP);
        wait_signal();
        schedule_multipart();
        schedule_outbox(200ms);
        schedule_summary();
        schedule_export(config.gateway.export_interval);
        schedule_guard();
        start_watchdog();
        sd_notify(0, "READY=1");
        notify_status();
        log.info(LogCategory::daemon, "ready");
    }

    void stop() {
        if (stopping) return;
        stopping = true;
        sd_notify(0, "STOPPING=1");
        log.info(LogCategory::daemon, "stopping: modems stop reading, in-flight batches are committed");
        for (auto& m : modems) m->request_stop();
        stop_started = std::chrono::steady_clock::now();
        poll_stopped();
    }

    // A libgammu call can block for minutes on a sick modem (AT+CMGL waits 500 s). A worker whose
    // loop has not turned for this long is aborted: the call returns and the worker reconnects.
    static constexpr std::chrono::seconds wedge_limit{30};

    void schedule_guard() {
        guard_timer.expires_after(1s);
        guard_timer.async_wait([this](boost::system::error_code ec) {
            if (ec || stopping) return;
            const auto now_s = std::chrono::steady_clock::now();
            for (auto& m : modems) {
                if (m->state() == ModemState::stopped || now_s - m->heartbeat() < wedge_limit) continue;
                log.error(LogCategory::modem, "{} has been inside one libgammu call for over {} s: aborting it", m->name(),
                          wedge_limit.count());
                m->abort_call();
            }
            schedule_guard();
        });
    }

    // Keeps the loop turning (batches still arrive and are committed) until every worker is done.
    void poll_stopped() {
        bool all = std::all_of(modems.begin(), modems.end(), [](const auto& m) { return m->state() == ModemState::stopped; });
        const auto waited = std::chrono::steady_clock::now() - stop_started;
        if (!all && waited > 5s && !stop_aborted) {
            stop_aborted = true;
            for (auto& m : modems)
                if (m->state() != ModemState::stopped) {
                    log.warn(LogCategory::modem, "{} is still inside a libgammu call: aborting it", m->name());
                    m->abort_call();
                }
        }
        if (!all && waited > 20s) {
            // Everything received is committed; only a modem call hangs. Leave without it.
            for (auto& m : modems)
                if (m->state() != ModemState::stopped)
                    log.error(LogCategory::modem, "{} did not stop (a libgammu call hangs); exiting without it", m->name());
            if (store) (void)store->checkpoint();
            std::fflush(nullptr);
            std::_Exit(0);
        }
        if (all) {
            for (auto& m : modems) m->join();
            signals.cancel();
            multipart_timer.cancel();
            outbox_timer.cancel();
            summary_timer.cancel();
            watchdog_timer.cancel();
            guard_timer.cancel();
            export_timer.cancel();
            if (export_thread.joinable()) export_thread.join();
            if (store) {
                if (auto c = store->checkpoint(); !c) log.warn(LogCategory::store, "checkpoint: {}", c.error().message);
            }
            finished = true;
            log.info(LogCategory::daemon, "stopped");
            return;
        }
        stop_timer.expires_after(20ms);
        stop_timer.async_wait([this](boost::system::error_code ec) {
            if (!ec) poll_stopped();
        });
    }

    // ---- events from modems -----------------------------------------------------------------
    void on_batch(ReceivedBatch batch) {
        ModemWorker* worker = find_modem(batch.modem);
        auto result = pipeline->ingest(batch);
        if (worker) worker->acknowledge(result.ack);
        if (result.error) {
            log.error(LogCategory::store, "{}: {} parts NOT stored, they stay on the SIM: {}", batch.modem,
                      batch.parts.size(), result.error->message);
            return;
        }
        for (const auto& o : result.outcomes) report_outcome(o);
        if (!stopping) dispatch_outbox();
    }

    void on_sent(const SendResult& r) {
        auto status = outbox->on_result(r);
        if (!status) {
            log.error(LogCategory::store, "recording send result of reply {}: {}", r.reply_id, status.error().message);
            return;
        }
        if (r.sent)
            log.info(LogCategory::reply, "{} reply {} sent ({} part{}, ref {})", r.modem, r.reply_id, r.parts,
                     r.parts == 1 ? "" : "s", r.message_reference);
        else
            log.warn(LogCategory::reply, "{} reply {} failed: {} -> {}", r.modem, r.reply_id, r.error, store::to_string(*status));
        if (!stopping) dispatch_outbox();
    }

    void on_health(const ModemHealth& h) {
        auto& last = modem_states[h.modem];
        bool changed = modem_states.size() == 0 || last != h.state || h.state != ModemState::running;
        if (last != h.state) {
            LogLevel level = h.state == ModemState::running || h.state == ModemState::stopped ? LogLevel::info
                             : h.state == ModemState::connecting                              ? LogLevel::info
                                                                                               : LogLevel::error;
            log.log(level, LogCategory::modem, "{} {}{}{}", h.modem, to_string(h.state), h.last_error.empty() ? "" : ": ",
                    h.last_error);
        }
        (void)changed;
        last = h.state;
        store::ModemHealthRecord rec;
        rec.name = h.modem;
        rec.imei = h.imei;
        rec.imsi = h.imsi;
        rec.operator_name = h.network_name.empty() ? h.network_code : h.network_name;
        rec.network_state = h.network_state;
        rec.state = std::string(to_string(h.state));
        if (h.signal_percent >= 0) rec.signal_percent = h.signal_percent;
        if (h.battery_percent >= 0) rec.battery_percent = h.battery_percent;
        rec.last_error = h.last_error;
        rec.last_seen = h.at;
        if (auto r = store->upsert_modem(rec); !r) log.warn(LogCategory::store, "modem health: {}", r.error().message);
        notify_status();
    }

    ModemWorker* find_modem(const std::string& name) {
        for (auto& m : modems)
            if (m->name() == name) return m.get();
        return nullptr;
    }

    void report_outcome(const MessageOutcome& o) {
        ++messages_since_summary;
        LogLevel level = o.status == Status::rejected ? LogLevel::warning : LogLevel::info;
        std::string what = o.status == Status::accepted ? "accepted" : o.status == Status::warning ? "warning" : "rejected";
        std::string code = o.first_code.empty() ? "" : " " + o.first_code;
        log.log(level, LogCategory::parse, "{} {} \"{}\" {} {}{}{} {}{}", o.modem, o.sender, shorten_for_console(o.text, 40),
                what, o.disposition, code, o.incomplete ? " incomplete" : "", o.reference,
                o.reply_skipped.empty() ? "" : " (no reply: " + o.reply_skipped + ")");
    }

    void dispatch_outbox() {
        auto r = outbox->dispatch();
        if (!r) log.error(LogCategory::reply, "outbox: {}", r.error().message);
    }

    // ---- timers -----------------------------------------------------------------------------
    void schedule_multipart() {
        auto next = pipeline->next_multipart_deadline();
        auto wait = next ? std::chrono::duration_cast<std::chrono::milliseconds>(*next - now()) + 10ms : 1000ms;
        multipart_timer.expires_after(std::clamp<std::chrono::milliseconds>(wait, 10ms, 1000ms));
        multipart_timer.async_wait([this](boost::system::error_code ec) {
            if (ec) return;
            auto r = pipeline->expire_multipart();
            if (!r) log.error(LogCategory::store, "multipart timeout processing: {}", r.error().message);
            else
                for (const auto& o : *r) report_outcome(o);
            if (r && !r->empty()) dispatch_outbox();
            schedule_multipart();
        });
    }

    void schedule_outbox(std::chrono::milliseconds d) {
        outbox_timer.expires_after(d);
        outbox_timer.async_wait([this](boost::system::error_code ec) {
            if (ec || stopping) return;
            dispatch_outbox();
            schedule_outbox(500ms);
        });
    }

    void schedule_summary() {
        summary_timer.expires_after(config.gateway.summary_interval);
        summary_timer.async_wait([this](boost::system::error_code ec) {
            if (ec) return;
            summary();
            schedule_summary();
        });
    }

    void summary() {
        auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - last_summary).count();
        double per_min = elapsed > 0 ? messages_since_summary * 60.0 / elapsed : 0;
        messages_since_summary = 0;
        last_summary = std::chrono::steady_clock::now();
        std::string modems_line;
        for (const auto& m : modems) modems_line += fmt::format(" {}={}", m->name(), to_string(m->state()));
        log.info(LogCategory::daemon, "{:.1f} messages/min; modems:{}", per_min, modems_line);
        Estimates e = quick_count->estimate();
        for (const auto& c : e.contests) {
            if (c.district != 0) continue;
            std::string opts;
            for (std::size_t i = 0; i < c.options.size() && i < 4; ++i) {
                const auto& o = c.options[i];
                if (o.estimate.defined) opts += fmt::format(" {} {:.1f}±{:.1f}", o.tag, o.estimate.share * 100, o.estimate.margin95 * 100);
            }
            log.info(LogCategory::quickcount, "{} {}/{} reported;{} call: {}", c.contest, c.reported, c.sampled, opts, c.call_text());
        }
    }

    // ---- exports: files written by a thread of their own from a read-only snapshot ---------------
    void schedule_export(std::chrono::seconds after) {
        if (config.gateway.export_dir.empty()) return;
        export_timer.expires_after(after);
        export_timer.async_wait([this](boost::system::error_code ec) {
            if (ec || stopping) return;
            start_export();
        });
    }

    void start_export() {
        if (export_thread.joinable()) export_thread.join();  // the previous one has posted its result
        exports::ExportSource source{codebook.codebook, codebook.version, {}};
        exports::ExportOptions options{config.gateway.export_bom, config.gateway.export_phones, config.gateway.export_keep};
        // The command may not hold up a stop for long: at most the export interval, and 2 minutes.
        auto timeout = std::min<std::chrono::milliseconds>(config.gateway.export_interval, std::chrono::minutes(2));
        export_thread = std::thread([this, source, options, timeout, db = config.gateway.database,
                                     root = config.gateway.export_dir, argv = config.gateway.export_command] {
            exports::ExportResult result;
            try {
                store::StoreReader reader(db);
                result = exports::write_export(reader, source, options, root, std::chrono::system_clock::now());
            } catch (const std::exception& e) {
                result.ok = false;
                result.error = e.what();
            }
            std::optional<exports::CommandOutcome> shipped;
            if (result.ok && !argv.empty()) shipped = exports::run_export_command(argv, result.path, timeout);
            asio::post(io, [this, result, shipped] { on_export_done(result, shipped); });
        });
    }

    void on_export_done(const exports::ExportResult& r, const std::optional<exports::CommandOutcome>& shipped) {
        std::vector<std::string> files;
        for (const auto& f : r.files) files.push_back(f.name);
        auto recorded = store->write([&](store::Transaction& tx) -> store::Result<int> {
            auto id = tx.begin_export(r.ok ? r.path.string() : config.gateway.export_dir);
            if (!id) return id.error();
            std::string error = r.ok ? (shipped && !shipped->ok ? shipped->error : "") : r.error;
            auto status = r.ok && (!shipped || shipped->ok) ? store::ExportStatus::ok : store::ExportStatus::failed;
            if (auto f = tx.finish_export(*id, status, files, error); !f) return f.error();
            return 0;
        });
        if (!recorded) log.warn(LogCategory::store, "recording the export: {}", recorded.error().message);
        if (!r.ok) {
            log.error(LogCategory::export_, "export failed: {}", r.error);
            schedule_export(config.gateway.export_interval);
            return;
        }
        for (const auto& w : r.warnings) log.warn(LogCategory::export_, "{}", w);
        log.info(LogCategory::export_, "export {} ({} files)", r.path.string(), r.files.size());
        if (!shipped) {
            schedule_export(config.gateway.export_interval);
            return;
        }
        if (shipped->ok) {
            export_command_failures = 0;
            log.info(LogCategory::export_, "export command done in {} ms", shipped->duration.count());
            schedule_export(config.gateway.export_interval);
            return;
        }
        ++export_command_failures;
        auto retry = std::min<std::chrono::seconds>(exports::retry_delay(export_command_failures), config.gateway.export_interval);
        log.error(LogCategory::export_, "export command failed ({} in a row, next try in {} s): {}", export_command_failures,
                  retry.count(), shipped->error);
        schedule_export(retry);
    }

    void notify_status() {
        std::string s;
        for (const auto& m : modems) s += fmt::format("{}:{} ", m->name(), to_string(m->state()));
        sd_notifyf(0, "STATUS=%s", s.c_str());
    }

    // WATCHDOG=1 only while every worker's loop turns: a wedged libgammu call must lead to a
    // restart by systemd, not to silence.
    void start_watchdog() {
        std::uint64_t usec = 0;
        if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return;
        watchdog_usec = std::chrono::microseconds(usec);
        schedule_watchdog();
    }

    void schedule_watchdog() {
        watchdog_timer.expires_after(watchdog_usec / 2);
        watchdog_timer.async_wait([this](boost::system::error_code ec) {
            if (ec) return;
            auto now_s = std::chrono::steady_clock::now();
            bool fresh = std::all_of(modems.begin(), modems.end(), [&](const auto& m) {
                return now_s - m->heartbeat() < std::chrono::duration_cast<std::chrono::steady_clock::duration>(watchdog_usec);
            });
            if (fresh) sd_notify(0, "WATCHDOG=1");
            else log.error(LogCategory::daemon, "a modem worker is wedged; withholding the watchdog ping");
            schedule_watchdog();
        });
    }

    void wait_signal() {
        signals.async_wait([this](boost::system::error_code ec, int sig) {
            if (ec) return;
            if (sig == SIGHUP) {
                reload();
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

    void reload() {
        sd_notify(0, "RELOADING=1");
        try {
            CodebookSources sources;
            CodebookInUse next = load_codebook_or_throw(config.gateway.codebook, &sources);
            if (auto saved = store->save_codebook(next.version, sources); !saved)
                throw std::runtime_error("saving the codebook in the database: " + saved.error().message);
            pipeline->set_codebook(next);
            codebook = next;
            log.info(LogCategory::config, "SIGHUP: codebook reloaded ({})", codebook.version);
            // Operators' resolutions (smsgw resolve) change the stored reports from outside.
            if (auto r = pipeline->rebuild_count(); !r)
                log.error(LogCategory::quickcount, "SIGHUP: rebuilding the count: {}", r.error().message);
        } catch (const std::exception& e) {
            log.error(LogCategory::config, "SIGHUP: keeping the old codebook: {}", e.what());
        }
        sd_notify(0, "READY=1");
    }
};

Daemon::Daemon(Config config, Logger& log) : impl_(std::make_unique<Impl>(std::move(config), log)) {}

Daemon::~Daemon() = default;

int Daemon::run() {
    impl_->start();
    impl_->io.run();
    return impl_->exit_code;
}

}  // namespace smsgw
