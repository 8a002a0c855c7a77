// Reminder windows against the store: at a window's end, the silent sampled stations' monitors get one SMS each.
#include "daemon/notify/reminders.hpp"

#include "codebooks/gsm7.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace smsgw::notify {

std::vector<std::string> check_reminder_forms(const std::vector<ReminderConfig>& windows, const Codebook& cb,
                                              const std::string& config_path) {
    std::vector<std::string> problems;
    for (const ReminderConfig& w : windows) {
        const Form* f = cb.find_form(w.form);
        if (!f)
            problems.push_back(fmt::format("{}:{}: reminders.form '{}' is not a form of codebook {}", config_path, w.line,
                                           w.form, cb.election.id));
        else if (f->kind == FormKind::incident)
            problems.push_back(fmt::format("{}:{}: reminders.form '{}' is an incident form: a station without "
                                           "incidents has nothing to send",
                                           config_path, w.line, w.form));
    }
    return problems;
}

std::vector<std::string> check_reminder_texts(const std::vector<ReminderConfig>& windows, const Codebook& cb) {
    std::vector<std::string> warnings;
    const std::string station(static_cast<std::size_t>(std::max(cb.election.station_code_width, 1)), '0');
    for (const auto& [lang, t] : cb.replies) {
        if (t.reminder.empty()) continue;
        for (const ReminderConfig& w : windows) {
            const std::string label = fmt::format("{:02}:{:02}{}", w.hour, w.minute, w.second ? ":00" : "");
            std::string text = t.reminder;
            for (const auto& [name, value] : {std::pair<std::string, std::string>{"{form}", w.form}, {"{station}", station},
                                              {"{window}", label}})
                for (auto at = text.find(name); at != std::string::npos; at = text.find(name, at + value.size()))
                    text.replace(at, name.size(), value);
            if (!sms_size(text).fits_one()) {
                warnings.push_back(fmt::format("[replies.{}] reminder does not fit one SMS for window {} (\"{}\"): the "
                                               "built-in text goes out instead",
                                               lang, w.id, text));
                break;
            }
        }
    }
    return warnings;
}

Reminders::Reminders(store::Store& store, ReminderSchedule schedule, ReminderPlanner planner, WallClock clock)
    : store_(store), schedule_(std::move(schedule)), planner_(std::move(planner)), clock_(std::move(clock)) {
    auto first = store_.write([](store::Transaction& tx) { return tx.first_start(); });
    if (first && *first) schedule_.set_first_start(**first);
}

store::Result<FiredWindow> Reminders::fire(const WindowEnd& w) {
    return store_.write([&](store::Transaction& tx) -> store::Result<FiredWindow> {
        auto reported = tx.stations_reported(w.form);
        if (!reported) return reported.error();
        auto before = tx.reminders_of_window(w.key);
        if (!before) return before.error();
        std::set<std::string, std::less<>> reported_set(reported->begin(), reported->end());
        std::set<std::pair<std::string, std::string>> already;
        for (const auto& r : *before) already.emplace(r.station, r.phone);
        ReminderPlan plan = planner_.plan(w.form, reported_set, already, w.label);
        for (const PlannedReminder& p : plan.sms) {
            store::ReplyRecord reply;
            reply.destination = p.phone;
            reply.text = p.text;
            reply.kind = "reminder";
            auto id = tx.enqueue_reply(reply);
            if (!id) return id.error();
            for (const auto& station : p.stations)
                if (auto r = tx.record_reminder({w.key, w.form, station, p.phone, *id, {}}); !r) return r.error();
        }
        FiredWindow f;
        f.window = w;
        f.stations = plan.stations;
        f.queued = plan.sms.size();
        f.reminded_before = plan.reminded_before;
        f.not_phones = plan.not_phones;
        f.without_monitor = plan.without_monitor;
        return f;
    });
}

ReminderTick Reminders::tick() {
    const SystemTime now = clock_();
    ReminderTick t;
    DueWindows due = schedule_.due(now);
    t.too_old = std::move(due.too_old);
    std::vector<WindowEnd> todo = std::move(due.fire);
    if (retry_at_ && *retry_at_ <= now) {
        todo.insert(todo.end(), retry_.begin(), retry_.end());
        retry_.clear();
        retry_at_.reset();
    }
    for (const WindowEnd& w : todo) {
        auto f = fire(w);
        if (f) {
            t.fired.push_back(std::move(*f));
            continue;
        }
        t.errors.push_back(fmt::format("reminders {}: {} (trying again in {} s)", w.key, f.error().message,
                                       retry_after.count()));
        retry_.push_back(w);
        retry_at_ = now + retry_after;
    }
    return t;
}

std::optional<SystemTime> Reminders::next_wake() const {
    auto next = schedule_.next_end(clock_());
    if (retry_at_ && (!next || *retry_at_ < *next)) next = retry_at_;
    return next;
}

}  // namespace smsgw::notify
