// Alarms operators asked for about modems: SMS storage nearly full, and a modem that stopped
// receiving while the others still receive. Pure logic on the times it is given.
#pragma once

#include "daemon/clock/clock.hpp"

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace smsgw {

class ModemAlarms {
public:
    struct Settings {
        int full_percent = 80;
        std::chrono::seconds stall_after{1800};
        // This many SIM records refusing deletion at once raise the alarm (they fill the SIM).
        int undeletable_alarm = 5;
    };
    // raised = false: the condition is over. text: the console line's words.
    struct Alarm {
        std::string modem;
        bool raised = false;
        std::string text;
        bool warning_only = false;  // raised, but a WARN line rather than an ERROR
    };

    ModemAlarms() = default;
    explicit ModemAlarms(Settings settings) : settings_(settings) {}
    void set(Settings settings) { settings_ = settings; }

    // A modem's SMS storage (-1: unknown): raised once when SIM or phone memory reaches the
    // threshold, cleared once below it.
    std::optional<Alarm> storage(const std::string& modem, int sim_used, int sim_size, int phone_used, int phone_size);
    // Deletes the modem refused (ModemHealth's counts): one warning when a modem first refuses, the
    // alarm when undeletable_alarm records refuse at once, one line when none refuses any more.
    std::vector<Alarm> deletes(const std::string& modem, long failures, int undeletable, const std::string& last);
    // SMS arrived from this modem: a stalled modem is well again.
    std::optional<Alarm> received(const std::string& modem, SteadyTime now);
    // Raises for each modem that received before, has read nothing for stall_after, while another
    // modem received within that time.
    std::vector<Alarm> check(SteadyTime now);
    // A modem removed from the config.
    void forget(const std::string& modem);

private:
    Settings settings_;
    std::set<std::string> full_;
    std::map<std::string, SteadyTime> last_received_;
    std::set<std::string> stalled_;
    std::set<std::string> refusing_;     // warned: deletes refused
    std::set<std::string> undeletable_;  // alarm raised: too many stuck records
};

}  // namespace smsgw
