// The daemon's outgoing notices on its event loop: reminder windows, and SMS summaries to HQ while exports fail.
#include "daemon/notify/notifier.hpp"

#include "daemon/notify/hq_summary.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace smsgw::notify {

using namespace std::chrono;

namespace {

std::string ago_text(seconds s) {
    if (s < minutes{2}) return fmt::format("{} s", s.count());
    if (s < hours{2}) return fmt::format("{} min", duration_cast<minutes>(s).count());
    return fmt::format("{}h{:02}m", duration_cast<hours>(s).count(), duration_cast<minutes>(s).count() % 60);
}

std::vector<std::string> own_e164(const std::vector<std::string>& own, const Codebook& cb) {
    std::vector<std::string> out;
    for (const auto& n : own) {
        out.push_back(n);
        if (auto e = normalize_phone(n, cb.election.phones)) out.push_back(*e);
    }
    return out;
}

}  // namespace

Notifier::Notifier(boost::asio::io_context& io, Logger& log, store::Store& store, std::function<Estimates()> estimates,
                   std::function<void()> queued, WallClock clock)
    : log_(log), store_(store), estimates_(std::move(estimates)), queued_(std::move(queued)),
      clock_(std::move(clock)), timer_(io) {}

Notifier::~Notifier() = default;

void Notifier::start(const Config& config, CodebookPtr codebook, const std::vector<std::string>& own_numbers) {
    windows_ = config.reminders;
    config_path_ = config.path;
    own_ = own_numbers;
    codebook_ = codebook;
    zone_ = TimeZone::load(codebook->election.timezone);
    if (!windows_.empty()) {
        auto problems = check_reminder_forms(windows_, *codebook, config_path_);
        if (!problems.empty()) throw std::runtime_error(fmt::format("{}", fmt::join(problems, "\n")));
        reminders_ = std::make_unique<Reminders>(store_, ReminderSchedule(windows_, *zone_),
                                                 ReminderPlanner(codebook, own_e164(own_, *codebook)), clock_);
        for (const auto& w : windows_)
            log_.info(LogCategory::config, "reminder window {}: form {} at {} {} (late sends within {})", w.id, w.form,
                      w.at, codebook->election.timezone, ago_text(w.grace));
        for (const auto& warning : check_reminder_texts(windows_, *codebook)) log_.warn(LogCategory::config, "{}", warning);
    }
    use_hq(config);
    if (hq_) {
        // A restart in the middle of an outage: its clock runs on, and HQ is not texted twice in an interval.
        auto seen = store_.write([](store::Transaction& tx) -> store::Result<std::pair<std::optional<SystemTime>, std::optional<SystemTime>>> {
            auto since = tx.exports_failing_since();
            if (!since) return since.error();
            auto last = tx.last_hq_summary();
            if (!last) return last.error();
            return std::pair{*since, *last};
        });
        if (seen) hq_->restore(seen->first, seen->second);
        else log_.warn(LogCategory::store, "reading the HQ link's state: {}", seen.error().message);
        if (hq_->failing())
            log_.warn(LogCategory::export_, "exports have not reached HQ since {} min before this start",
                      duration_cast<minutes>(clock_() - *hq_->failing_since()).count());
    }
    stopped_ = false;
    wake();  // window ends passed while the daemon was down, within their grace, go out now
}

// HQ is watched only when there is a command that ships exports and someone to text.
void Notifier::use_hq(const Config& config) {
    hq_numbers_ = config.gateway.hq_numbers;
    if (hq_numbers_.empty() || config.gateway.export_command.empty()) {
        hq_.reset();
    } else if (!hq_ || hq_every_ != config.gateway.hq_link_down_after) {
        hq_every_ = config.gateway.hq_link_down_after;
        hq_.emplace(hq_every_);
    }
}

void Notifier::apply(const Config& config) {
    use_hq(config);
    if (config.reminders != windows_ && codebook_) {
        auto problems = check_reminder_forms(config.reminders, *codebook_, config.path);
        for (const auto& p : problems) log_.error(LogCategory::config, "SIGHUP: {}; the reminder windows stay as they were", p);
        if (problems.empty()) {
            windows_ = config.reminders;
            config_path_ = config.path;
            if (reminders_)
                reminders_->set_schedule(ReminderSchedule(windows_, *zone_));
            else
                reminders_ = std::make_unique<Reminders>(store_, ReminderSchedule(windows_, *zone_),
                                                         ReminderPlanner(codebook_, own_e164(own_, *codebook_)), clock_);
            log_.info(LogCategory::config, "SIGHUP: {} reminder window{}", windows_.size(), windows_.size() == 1 ? "" : "s");
        }
    }
    if (!stopped_) wake();
}

void Notifier::set_codebook(CodebookPtr codebook) {
    const bool new_zone = codebook_ && codebook->election.timezone != codebook_->election.timezone;
    codebook_ = codebook;
    if (new_zone) {
        try {
            zone_ = TimeZone::load(codebook->election.timezone);
            log_.info(LogCategory::config, "reminder windows now in {}", codebook->election.timezone);
        } catch (const std::exception& e) {
            log_.error(LogCategory::config, "{}; reminder windows stay in the old time zone", e.what());
        }
    }
    if (!reminders_) return;
    for (const auto& p : check_reminder_forms(windows_, *codebook, config_path_)) log_.error(LogCategory::config, "{}", p);
    for (const auto& w : check_reminder_texts(windows_, *codebook)) log_.warn(LogCategory::config, "{}", w);
    if (new_zone) reminders_->set_schedule(ReminderSchedule(windows_, *zone_));  // window ends move
    reminders_->set_planner(ReminderPlanner(codebook, own_e164(own_, *codebook)));
    schedule();
}

void Notifier::on_export_attempt(bool shipped) {
    if (!hq_ || stopped_) return;
    const bool was_failing = hq_->failing();
    const auto since = hq_->failing_since();
    if (hq_->on_attempt(shipped, clock_()) == HqLink::Change::came_back)
        log_.info(LogCategory::export_, "link to HQ back: exports ship again after {}",
                  ago_text(duration_cast<seconds>(clock_() - *since)));
    if (was_failing != hq_->failing()) schedule();
}

void Notifier::stop() {
    stopped_ = true;
    timer_.cancel();
}

void Notifier::schedule() {
    if (stopped_) return;
    std::optional<SystemTime> next;
    if (reminders_) next = reminders_->next_wake();
    if (hq_)
        if (auto h = hq_->next_due(); h && (!next || *h < *next)) next = h;
    timer_.cancel();
    if (!next) return;
    // Re-read the wall clock at least every minute: it may be stepped while the steady timer waits.
    // A due time already past means its store write failed: try again in a few seconds, not in a loop.
    const SystemTime now = clock_();
    auto wait = *next <= now ? SteadyClock::duration(seconds{5})
                             : std::clamp<SteadyClock::duration>(*next - now, milliseconds{0}, minutes{1});
    timer_.expires_after(wait);
    timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec && !stopped_) wake();
    });
}

void Notifier::wake() {
    if (reminders_) remind();
    if (hq_ && hq_->summary_due(clock_())) summarize();
    schedule();
}

void Notifier::remind() {
    ReminderTick t = reminders_->tick();
    for (const auto& [w, ago] : t.too_old)
        log_.warn(LogCategory::reply, "reminders {} skipped: the window ended {} ago, beyond its grace of {}", w.key,
                  ago_text(ago), ago_text(w.grace));
    for (const auto& e : t.errors) log_.error(LogCategory::store, "{}", e);
    bool any = false;
    for (const FiredWindow& f : t.fired) {
        std::string extra;
        if (f.reminded_before) extra += fmt::format("; {} already reminded", f.reminded_before);
        if (f.not_phones) extra += fmt::format("; {} monitors not texted (not a phone number, or the gateway's own)", f.not_phones);
        if (f.without_monitor) extra += fmt::format("; {} silent stations have no monitor", f.without_monitor);
        log_.info(LogCategory::reply, "reminders {}: {} stations, {} SMS queued{}", f.window.key, f.stations, f.queued,
                  extra);
        any = any || f.queued > 0;
    }
    if (any && queued_) queued_();
}

void Notifier::summarize() {
    const SystemTime now = clock_();
    const auto down_for = duration_cast<minutes>(now - *hq_->failing_since());
    const auto local = zone_->to_local(time_point_cast<seconds>(now));
    const auto tod = local - floor<days>(local);
    const std::string hhmm = fmt::format("{:02}:{:02}", duration_cast<hours>(tod).count(),
                                         duration_cast<minutes>(tod).count() % 60);
    const std::string text = hq_summary_text(estimates_ ? estimates_() : Estimates{}, hhmm, down_for);
    std::vector<std::string> to;
    const auto own = codebook_ ? own_e164(own_, *codebook_) : own_;
    for (const auto& n : hq_numbers_) {
        if (!is_replyable_sender(n)) continue;
        const auto e164 = codebook_ ? normalize_phone(n, codebook_->election.phones) : std::nullopt;
        if (std::find(own.begin(), own.end(), e164.value_or(n)) == own.end() && std::find(own.begin(), own.end(), n) == own.end())
            to.push_back(n);
    }
    auto queued = store_.write([&](store::Transaction& tx) -> store::Result<int> {
        for (const auto& n : to) {
            store::ReplyRecord r;
            r.destination = n;
            r.text = text;
            r.kind = "hq_summary";
            if (auto id = tx.enqueue_reply(r); !id) return id.error();
        }
        return static_cast<int>(to.size());
    });
    if (!queued) {
        // Not marked sent: the next wake tries again.
        log_.error(LogCategory::store, "HQ summary not queued: {}", queued.error().message);
        return;
    }
    if (!hq_->down())
        log_.error(LogCategory::export_, "link to HQ down: exports have not shipped for {}; texting a summary to {} HQ "
                                         "number{} every {}",
                   ago_text(duration_cast<seconds>(now - *hq_->failing_since())), to.size(), to.size() == 1 ? "" : "s", ago_text(hq_every_));
    hq_->sent(now);
    log_.info(LogCategory::reply, "HQ summary queued to {} number{}: {}", to.size(), to.size() == 1 ? "" : "s", text);
    if (*queued > 0 && queued_) queued_();
}

}  // namespace smsgw::notify
