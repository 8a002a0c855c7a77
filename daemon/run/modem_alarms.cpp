// The modem alarms' rules: storage thresholds with one line per crossing, stalls judged against the other modems.
#include "daemon/run/modem_alarms.hpp"

#include <fmt/format.h>

namespace smsgw {

std::optional<ModemAlarms::Alarm> ModemAlarms::storage(const std::string& modem, int sim_used, int sim_size,
                                                       int phone_used, int phone_size) {
    const auto percent = [](int used, int size) { return size > 0 && used >= 0 ? used * 100 / size : -1; };
    const int sim = percent(sim_used, sim_size);
    const int phone = percent(phone_used, phone_size);
    if (sim < 0 && phone < 0) return std::nullopt;  // unknown says nothing
    const bool full = sim >= settings_.full_percent || phone >= settings_.full_percent;
    const bool was = full_.count(modem) > 0;
    if (full == was) return std::nullopt;
    if (full) full_.insert(modem);
    else full_.erase(modem);
    const std::string where = sim >= phone ? fmt::format("SIM {}/{}", sim_used, sim_size)
                                           : fmt::format("phone memory {}/{}", phone_used, phone_size);
    if (full)
        return Alarm{modem, true,
                     fmt::format("SMS storage {}% full ({}): a full SIM stops new SMS on many modems; find out why "
                                 "messages stay on it (quarantined or undeletable records, a stopped reader)",
                                 std::max(sim, phone), where)};
    return Alarm{modem, false, fmt::format("SMS storage back below {}% ({})", settings_.full_percent, where)};
}

std::vector<ModemAlarms::Alarm> ModemAlarms::deletes(const std::string& modem, long failures, int undeletable,
                                                     const std::string& last) {
    std::vector<Alarm> out;
    // A new modem process starts from zero and has not tried yet: that says nothing.
    if (failures == 0) return out;
    if (undeletable > 0 && refusing_.insert(modem).second)
        out.push_back({modem, true,
                       fmt::format("the modem refused to delete {} SMS ({}): they stay on the SIM and are read "
                                   "again; each is stored and answered once",
                                   undeletable, last),
                       true});
    if (undeletable >= settings_.undeletable_alarm && undeletable_.insert(modem).second)
        out.push_back({modem, true,
                       fmt::format("{} SIM records cannot be deleted (last {}): they fill the SIM, and a full SIM "
                                   "stops new SMS; delete them with the modem's own tools or change the SIM",
                                   undeletable, last)});
    if (undeletable == 0 && refusing_.erase(modem)) {
        undeletable_.erase(modem);
        out.push_back({modem, false, fmt::format("deletes work again ({} refused in all)", failures)});
    }
    return out;
}

std::optional<ModemAlarms::Alarm> ModemAlarms::received(const std::string& modem, SteadyTime now) {
    last_received_[modem] = now;
    if (!stalled_.erase(modem)) return std::nullopt;
    return Alarm{modem, false, "receiving again"};
}

std::vector<ModemAlarms::Alarm> ModemAlarms::check(SteadyTime now) {
    std::vector<Alarm> out;
    for (const auto& [modem, last] : last_received_) {
        if (stalled_.count(modem) || now - last < settings_.stall_after) continue;
        std::string busy;
        for (const auto& [other, other_last] : last_received_)
            if (other != modem && now - other_last < settings_.stall_after) busy = other;
        if (busy.empty()) continue;  // everyone is quiet: a quiet hour, not a stalled modem
        stalled_.insert(modem);
        const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(now - last).count();
        out.push_back({modem, true,
                       fmt::format("has read no SMS for {} min while {} still receives: check its SIM (credit, "
                                   "blocked, full), antenna and notifications",
                                   minutes, busy)});
    }
    return out;
}

void ModemAlarms::forget(const std::string& modem) {
    full_.erase(modem);
    last_received_.erase(modem);
    stalled_.erase(modem);
    refusing_.erase(modem);
    undeletable_.erase(modem);
}

}  // namespace smsgw
