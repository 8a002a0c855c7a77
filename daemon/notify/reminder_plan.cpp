// Who gets a reminder for one window end, and in which words: pure, from the codebook and the reports.
#include "daemon/notify/reminder_plan.hpp"

#include "codebooks/gsm7.hpp"
#include "codebooks/phone.hpp"

#include <algorithm>

namespace smsgw::notify {

namespace {

std::string fill(std::string_view tmpl, std::string_view form, std::string_view station, std::string_view window) {
    std::string out;
    std::size_t i = 0;
    while (i < tmpl.size()) {
        auto open = tmpl.find('{', i);
        if (open == std::string_view::npos) break;
        auto close = tmpl.find('}', open);
        if (close == std::string_view::npos) break;
        out.append(tmpl.substr(i, open - i));
        std::string_view name = tmpl.substr(open + 1, close - open - 1);
        if (name == "form") out.append(form);
        else if (name == "station") out.append(station);
        else if (name == "window") out.append(window);
        else out.append(tmpl.substr(open, close - open + 1));
        i = close + 1;
    }
    out.append(tmpl.substr(std::min(i, tmpl.size())));
    return out;
}

}  // namespace

// Cyrillic texts go as UCS-2 (70 characters): these fit with a 3-letter form, an 8-digit station.
std::string_view builtin_reminder(std::string_view language) {
    if (language == "ru") return "Напоминание: нет отчёта {form} по участку {station}. Пришлите, пожалуйста.";
    if (language == "kk") return "Еске салу: {station} учаскесі бойынша {form} есебі жоқ. Жіберіңіз.";
    return "Reminder: no {form} report from station {station} yet (due {window}). Please send it now.";
}

std::optional<std::string> reminder_text(const Codebook& cb, std::string_view language, std::string_view form,
                                         std::string_view station, std::string_view window_label, bool terse) {
    if (auto it = cb.replies.find(language); it != cb.replies.end() && !it->second.reminder.empty()) {
        std::string text = fill(it->second.reminder, form, station, window_label);
        if (sms_size(text).fits_one()) return text;
    }
    std::string text = fill(builtin_reminder(language), form, station, window_label);
    if (sms_size(text).fits_one()) return text;
    if (!terse) return std::nullopt;
    text = fill("Reminder: send {form} for {station}", form, station, window_label);
    if (sms_size(text).fits_one()) return text;
    return std::nullopt;
}

ReminderPlanner::ReminderPlanner(CodebookPtr codebook, std::vector<std::string> own_numbers)
    : cb_(std::move(codebook)), own_(std::move(own_numbers)), by_station_(cb_->stations.size()) {
    const Codebook& cb = *cb_;
    std::vector<std::uint32_t> anywhere;
    std::vector<std::vector<std::uint32_t>> team_of_district;
    for (std::uint32_t m = 0; m < cb.monitors.size(); ++m) {
        const Monitor& mon = cb.monitors[m];
        for (std::uint32_t s : mon.stations)
            if (s < by_station_.size()) by_station_[s].push_back(m);
        for (int d : mon.districts) {
            if (d < 0) continue;
            if (team_of_district.size() <= std::size_t(d)) team_of_district.resize(std::size_t(d) + 1);
            team_of_district[std::size_t(d)].push_back(m);
        }
        if (mon.any_station) anywhere.push_back(m);
    }
    for (const Station& s : cb.stations) {
        auto& list = by_station_[s.index];
        if (list.empty() && s.district >= 0 && std::size_t(s.district) < team_of_district.size())
            list = team_of_district[std::size_t(s.district)];
        if (list.empty()) list = anywhere;
    }
}

ReminderPlan ReminderPlanner::plan(std::string_view form, const std::set<std::string, std::less<>>& reported,
                                   const std::set<std::pair<std::string, std::string>>& already,
                                   std::string_view window_label) const {
    ReminderPlan p;
    const Codebook& cb = *cb_;
    std::vector<std::vector<std::string>> per_monitor(cb.monitors.size());  // silent stations to remind, in order
    std::vector<std::uint32_t> order;                                        // monitors in order of first station
    for (const Station& s : cb.stations) {
        if (!s.sampled || reported.count(s.code)) continue;
        const auto& monitors = by_station_[s.index];
        if (monitors.empty()) {
            ++p.without_monitor;
            continue;
        }
        bool any = false;
        for (std::uint32_t m : monitors) {
            const Monitor& mon = cb.monitors[m];
            if (already.count({s.code, mon.phone})) {
                ++p.reminded_before;
                continue;
            }
            if (!is_replyable_sender(mon.phone) || std::find(own_.begin(), own_.end(), mon.phone) != own_.end()) {
                ++p.not_phones;
                continue;
            }
            if (per_monitor[m].empty()) order.push_back(m);
            per_monitor[m].push_back(s.code);
            any = true;
        }
        if (any) ++p.stations;
    }
    for (std::uint32_t m : order) {
        const Monitor& mon = cb.monitors[m];
        PlannedReminder current;
        std::string current_text;
        for (const std::string& code : per_monitor[m]) {
            std::string joined;
            for (const auto& c : current.stations) joined += c + ", ";
            const bool alone = current.stations.empty();
            if (auto text = reminder_text(cb, mon.language, form, joined + code, window_label, alone)) {
                current.stations.push_back(code);
                current_text = *text;
                continue;
            }
            if (!current.stations.empty()) {
                p.sms.push_back({std::move(current.stations), mon.phone, mon.language, current_text});
                current = {};
            }
            // Alone it always fits (a station code is short): reminder_text's last text is terse.
            current.stations = {code};
            current_text = reminder_text(cb, mon.language, form, code, window_label).value_or(code);
        }
        if (!current.stations.empty()) p.sms.push_back({std::move(current.stations), mon.phone, mon.language, current_text});
    }
    return p;
}

}  // namespace smsgw::notify
