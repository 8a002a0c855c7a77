// Reminder windows against the store: at a window's end, the silent sampled stations' monitors get one SMS each.
#pragma once

#include "daemon/clock/clock.hpp"
#include "daemon/notify/reminder_plan.hpp"
#include "daemon/notify/reminder_schedule.hpp"
#include "daemon/store/store.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace smsgw::notify {

// One window end handled: what the console says about it.
struct FiredWindow {
    WindowEnd window;
    std::size_t stations = 0;         // stations texted now
    std::size_t queued = 0;           // SMS queued now
    std::size_t reminded_before = 0;  // (station, monitor) pairs this window reminded before (a restart)
    std::size_t not_phones = 0;
    std::size_t without_monitor = 0;
};

struct ReminderTick {
    std::vector<FiredWindow> fired;
    std::vector<std::pair<WindowEnd, std::chrono::seconds>> too_old;
    std::vector<std::string> errors;  // store failures; the window is tried again shortly
};

// The config's windows that do not fit the codebook, as "FILE:LINE: message".
std::vector<std::string> check_reminder_forms(const std::vector<ReminderConfig>& windows, const Codebook& cb,
                                              const std::string& config_path);

// The codebook's reminder texts that do not fit one SMS for a window (the built-in text goes out
// instead), as warnings for the console.
std::vector<std::string> check_reminder_texts(const std::vector<ReminderConfig>& windows, const Codebook& cb);

class Reminders {
public:
    static constexpr std::chrono::seconds retry_after{30};

    // The store outlives this. `clock` is injected so tests need not wait for 22:30.
    Reminders(store::Store& store, ReminderSchedule schedule, ReminderPlanner planner, WallClock clock);

    // A reloaded codebook: later windows use its stations, monitors and texts.
    void set_planner(ReminderPlanner planner) { planner_ = std::move(planner); }
    // A reload's windows or time zone; window ends already handled in this run are not handled again.
    void set_schedule(ReminderSchedule schedule) {
        schedule.inherit(schedule_);
        schedule_ = std::move(schedule);
    }

    // Handles every window end due now: per window ONE transaction reads the current reports and
    // the window's earlier reminders and queues the missing SMS (kind 'reminder') with their rows.
    ReminderTick tick();
    // When tick() next has something to do; empty when never.
    std::optional<SystemTime> next_wake() const;

private:
    store::Result<FiredWindow> fire(const WindowEnd& w);

    store::Store& store_;
    ReminderSchedule schedule_;
    ReminderPlanner planner_;
    WallClock clock_;
    std::vector<WindowEnd> retry_;  // window ends whose transaction failed
    std::optional<SystemTime> retry_at_;
};

}  // namespace smsgw::notify
