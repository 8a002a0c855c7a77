// When reminder windows end: each configured window's occurrences in UTC, which are due, which are too old.
#include "daemon/notify/reminder_schedule.hpp"

#include <fmt/format.h>

namespace smsgw::notify {

using namespace std::chrono;

ReminderSchedule::ReminderSchedule(std::vector<ReminderConfig> windows, TimeZone zone)
    : windows_(std::move(windows)), zone_(std::move(zone)) {}

WindowEnd ReminderSchedule::end_on(const ReminderConfig& w, local_days day) const {
    WindowEnd e;
    e.form = w.form;
    e.grace = w.grace;
    e.label = w.second ? fmt::format("{:02}:{:02}:{:02}", w.hour, w.minute, w.second)
                       : fmt::format("{:02}:{:02}", w.hour, w.minute);
    const local_seconds at = day + hours{w.hour} + minutes{w.minute} + seconds{w.second};
    e.end = time_point_cast<system_clock::duration>(zone_.to_utc(at));
    if (w.year) {
        e.key = w.id;
    } else {
        const year_month_day ymd{day};
        e.key = fmt::format("{}/{:04}-{:02}-{:02}", w.id, int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()));
    }
    return e;
}

DueWindows ReminderSchedule::due(SystemTime now) {
    DueWindows out;
    const auto now_s = time_point_cast<seconds>(now);
    const local_days today = floor<days>(zone_.to_local(now_s));
    for (const ReminderConfig& w : windows_) {
        WindowEnd e;
        if (w.year) {
            e = end_on(w, local_days{year{w.year} / w.month / w.day});
        } else {
            e = end_on(w, today);
            if (e.end > now) e = end_on(w, today - days{1});
        }
        if (e.end > now || handed_out_.count(e.key)) continue;
        handed_out_.insert(e.key);
        const auto ago = duration_cast<seconds>(now - e.end);
        if (ago <= e.grace) out.fire.push_back(std::move(e));
        else if (w.year || (ago <= hours{12} && (!first_start_ || e.end >= *first_start_)))
            out.too_old.emplace_back(std::move(e), ago);
    }
    return out;
}

std::optional<SystemTime> ReminderSchedule::next_end(SystemTime now) const {
    std::optional<SystemTime> next;
    const local_days today = floor<days>(zone_.to_local(time_point_cast<seconds>(now)));
    for (const ReminderConfig& w : windows_) {
        std::optional<SystemTime> end;
        if (w.year) {
            const SystemTime e = end_on(w, local_days{year{w.year} / w.month / w.day}).end;
            if (e > now) end = e;
        } else {
            for (int d = 0; d <= 2 && !end; ++d)
                if (SystemTime e = end_on(w, today + days{d}).end; e > now) end = e;
        }
        if (end && (!next || *end < *next)) next = end;
    }
    return next;
}

}  // namespace smsgw::notify
