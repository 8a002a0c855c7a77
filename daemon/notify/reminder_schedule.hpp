// When reminder windows end: each configured window's occurrences in UTC, which are due, which are too old.
#pragma once

#include "daemon/clock/clock.hpp"
#include "daemon/config/config.hpp"
#include "daemon/notify/time_zone.hpp"

#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace smsgw::notify {

// One end of one window: what the store and the console call it, and when it is.
struct WindowEnd {
    std::string key;    // "R@22:30/2026-03-01" (a daily window) or "R@2026-03-01T22:30"; the store's reminder.window
    std::string form;
    std::string label;  // the local time as the SMS says it: "22:30"
    SystemTime end{};
    std::chrono::seconds grace{};
};

struct DueWindows {
    std::vector<WindowEnd> fire;  // ended, within their grace: remind now (the store keeps it to once)
    std::vector<std::pair<WindowEnd, std::chrono::seconds>> too_old;  // ended this long ago, beyond the grace
};

// Pure; remembers which window ends it has handed out, so each is due once per run (a restart
// hands them out again, and the store's reminder rows keep the SMS to one).
class ReminderSchedule {
public:
    ReminderSchedule(std::vector<ReminderConfig> windows, TimeZone zone);

    // Window ends at or before `now` not handed out yet. A daily window looks at its latest end
    // only, and reports it too old only within 12 hours and after the first start: an end further
    // back, or before the daemon ever ran on this database, is an earlier day's, not tonight's, and
    // worth no console line.
    DueWindows due(SystemTime now);
    void set_first_start(SystemTime t) { first_start_ = t; }
    // A reload's new schedule: what the old one handed out stays handed out.
    void inherit(const ReminderSchedule& old) {
        handed_out_.insert(old.handed_out_.begin(), old.handed_out_.end());
        if (old.first_start_) first_start_ = old.first_start_;
    }
    // The first window end after `now`; empty without windows.
    std::optional<SystemTime> next_end(SystemTime now) const;

    const TimeZone& zone() const { return zone_; }

private:
    WindowEnd end_on(const ReminderConfig& w, std::chrono::local_days day) const;

    std::vector<ReminderConfig> windows_;
    TimeZone zone_;
    std::set<std::string> handed_out_;
    std::optional<SystemTime> first_start_;
};

}  // namespace smsgw::notify
