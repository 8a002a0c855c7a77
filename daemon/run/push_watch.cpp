// The daemon's side of delivery to HQ: starts `smsgw push` (or signals systemd to), records what each push reports.
#include "daemon/run/push_watch.hpp"

#include <boost/asio/post.hpp>
#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

namespace smsgw {

namespace asio = boost::asio;
using namespace std::chrono;

PushWatch::PushWatch(asio::io_context& io, Logger& log, store::Store& store, StoreAlarm& alarm, std::string config_path,
                     std::string program, milliseconds poll_every)
    : io_(io), log_(log), store_(store), alarm_(alarm), config_path_(std::move(config_path)), program_(std::move(program)),
      poll_every_(poll_every), poll_timer_(io), retry_timer_(io) {}

PushWatch::~PushWatch() {
    if (int pid = child_pid_.load(); pid > 0) ::kill(-pid, SIGKILL);
    if (child_.joinable()) child_.join();
}

seconds PushWatch::no_push_after(const GatewayConfig& s) {
    // A push delivers the oldest export first, within two push_timeouts (transfer, verify); an
    // export every interval is another chance for the .path unit. Three of the longer is silence.
    return std::max(s.export_interval, s.push_timeout) * 3;
}

void PushWatch::start(const GatewayConfig& settings) {
    settings_ = settings;
    if (!active()) return;
    if (auto e = push::PushDir(settings_.push_dir).ensure()) log_.error(LogCategory::export_, "push: {}", *e);
    log_.info(LogCategory::export_, "exports reach HQ through smsgw push, run by {} (outcomes in {})",
              settings_.push_by == PushBy::daemon ? "the daemon after each export" : "smsgw-push.path/.timer",
              settings_.push_dir);
    schedule_poll();
    if (settings_.push_by == PushBy::daemon) run_child();  // exports left undelivered by the last run
}

void PushWatch::apply(const GatewayConfig& settings) {
    const bool was_active = active();
    settings_ = settings;
    if (!was_active && active() && !stopped_) {
        if (auto e = push::PushDir(settings_.push_dir).ensure()) log_.error(LogCategory::export_, "push: {}", *e);
        schedule_poll();
    }
    if (!active()) awaiting_since_.reset();
}

void PushWatch::stop() {
    stopped_ = true;
    poll_timer_.cancel();
    retry_timer_.cancel();
    if (int pid = child_pid_.load(); pid > 0) ::kill(-pid, SIGTERM);  // rsync and its ssh with it
    if (child_.joinable()) child_.join();
    if (active()) poll();  // what the last push reported is recorded before the store closes
}

void PushWatch::published(const std::filesystem::path& export_path) {
    if (!active() || stopped_) return;
    if (!awaiting_since_) {
        awaiting_since_ = SteadyClock::now();
        awaiting_name_ = export_path.filename().string();
    }
    if (settings_.push_by == PushBy::systemd) {
        if (auto e = push::PushDir(settings_.push_dir).touch_trigger(export_path.filename().string()))
            log_.error(LogCategory::export_, "cannot signal smsgw-push.path: {}", *e);
        return;
    }
    if (child_running_) {
        again_ = true;
        return;
    }
    retry_timer_.cancel();  // a new export: push now rather than at the end of the backoff
    run_child();
}

void PushWatch::schedule_poll() {
    poll_timer_.expires_after(poll_every_);
    poll_timer_.async_wait([this](boost::system::error_code ec) {
        if (ec || stopped_ || !active()) return;
        poll();
        schedule_poll();
    });
}

void PushWatch::poll() {
    push::PushDir dir(settings_.push_dir);
    for (auto& found : dir.outcomes()) {
        std::error_code ec;
        if (!found.record) {
            log_.error(LogCategory::export_, "push outcome {} unreadable ({}); set aside as .bad", found.file.string(),
                       found.error);
            std::filesystem::rename(found.file, found.file.string() + ".bad", ec);
            continue;
        }
        auto stored = store_.write([&](store::Transaction& tx) { return tx.record_delivery(*found.record); });
        if (!stored) {
            alarm_.failed("recording a delivery to HQ", stored.error());
            return;  // the file stays: recorded at the next poll
        }
        alarm_.succeeded("recording a delivery to HQ");
        std::filesystem::remove(found.file, ec);
        if (*stored) record(*found.record);
    }
    if (awaiting_since_ && SteadyClock::now() - *awaiting_since_ > no_push_after(settings_)) {
        const auto waited = duration_cast<seconds>(SteadyClock::now() - *awaiting_since_);
        store::DeliveryRecord d;
        d.started_at = d.finished_at = SystemClock::now();
        d.attempt = fmt::format("no-push@{}-{}", store::to_millis(d.started_at), ::getpid());
        d.export_name = awaiting_name_;
        d.stage = "no-push";
        d.detail = fmt::format("no smsgw push reported anything for {} s after {} was written{}", waited.count(),
                               awaiting_name_,
                               settings_.push_by == PushBy::systemd
                                   ? " (systemctl enable --now smsgw-push.path smsgw-push.timer; journalctl -u smsgw-push)"
                                   : "");
        awaiting_since_ = SteadyClock::now();  // said again after as long again
        auto stored = store_.write([&](store::Transaction& tx) { return tx.record_delivery(d); });
        if (stored) record(d);
        else alarm_.failed("recording a delivery to HQ", stored.error());
    }
}

void PushWatch::record(const store::DeliveryRecord& d) {
    if (d.stage != "no-push") awaiting_since_.reset();
    const auto ms = duration_cast<milliseconds>(d.finished_at - d.started_at).count();
    if (d.ok) log_.info(LogCategory::export_, "{} delivered to HQ in {} ms, {}", d.export_name, ms, d.detail);
    else
        log_.error(LogCategory::export_, "{} did not reach HQ ({} failed): {}", d.export_name.empty() ? "an export" : d.export_name,
                   d.stage, d.detail);  // the detail names the command, its exit code and first stderr line
    for (const auto& l : listeners_) l(d.ok);
}

void PushWatch::run_child() {
    if (stopped_ || child_running_) return;
    child_running_ = true;
    again_ = false;
    if (child_.joinable()) child_.join();
    exports::CommandLimits limits;
    // Each command inside is bounded by push_timeout; a run over many exports may take longer.
    limits.timeout = std::max<milliseconds>(daemon_timeout(DaemonTimer::push_timeout_min), settings_.push_timeout * 4);
    limits.started = [this](int pid) { child_pid_ = pid; };
    std::vector<std::string> argv{program_, "push", "--config", config_path_};
    child_ = std::thread([this, argv, limits] {
        exports::CommandOutcome o = exports::run_command(argv, limits);
        child_pid_ = 0;
        asio::post(io_, [this, o] { child_done(o); });
    });
}

void PushWatch::child_done(const exports::CommandOutcome& o) {
    child_running_ = false;
    if (stopped_) return;
    poll();  // its outcomes, said at once
    if (o.exit_code == 0) failures_ = 0;
    else {
        ++failures_;
        if (o.exit_code != 1 || o.signal || o.timed_out) {
            // It could not even try (bad config, cannot start): say why, and count it against the link.
            store::DeliveryRecord d;
            d.finished_at = SystemClock::now();
            d.started_at = d.finished_at - o.duration;
            d.attempt = fmt::format("push@{}-{}", store::to_millis(d.started_at), ::getpid());
            d.stage = "push";
            d.command = "smsgw push";
            if (o.exit_code >= 0) d.exit_code = o.exit_code;
            d.detail = o.stderr_first.empty() ? o.error : o.stderr_first;
            auto stored = store_.write([&](store::Transaction& tx) { return tx.record_delivery(d); });
            if (stored) record(d);
        }
    }
    if (again_) {
        run_child();
        return;
    }
    if (failures_ == 0) return;
    auto retry = std::min<seconds>(exports::retry_delay(failures_), settings_.export_interval);
    log_.info(LogCategory::export_, "push failed {} time{} in a row; next try in {} s", failures_, failures_ == 1 ? "" : "s",
              retry.count());
    retry_timer_.expires_after(retry);
    retry_timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec && !stopped_) run_child();
    });
}

}  // namespace smsgw
