// Lists what differs between two configs, so a reload says exactly what it changed and what it could not.
#include "daemon/config/config_diff.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace smsgw {

namespace {

std::string show(const std::string& s) { return s.empty() ? "(none)" : s; }
std::string show(bool b) { return b ? "true" : "false"; }
std::string show(int i) { return std::to_string(i); }
std::string show(std::chrono::seconds s) { return fmt::format("{}s", s.count()); }
std::string show(std::chrono::milliseconds s) { return fmt::format("{}ms", s.count()); }
std::string show(ReplyPolicy p) { return std::string(to_string(p)); }
std::string show(UnregisteredReplies u) { return std::string(to_string(u)); }
std::string show(LogLevel l) { return std::string(to_string(l)); }
std::string show(PushBy p) { return std::string(to_string(p)); }
std::string show(const std::vector<std::string>& v) { return v.empty() ? "[]" : fmt::format("[{}]", fmt::join(v, ", ")); }

template <class T>
void compare(std::vector<std::string>& out, const char* key, const T& a, const T& b) {
    if (!(a == b)) out.push_back(fmt::format("gateway.{}: {} -> {}", key, show(a), show(b)));
}

const ModemConfig* find(const std::vector<ModemConfig>& modems, const std::string& name) {
    auto it = std::find_if(modems.begin(), modems.end(), [&](const ModemConfig& m) { return m.name == name; });
    return it == modems.end() ? nullptr : &*it;
}

}  // namespace

ConfigChanges diff_config(const Config& running, const Config& next) {
    ConfigChanges c;
    const GatewayConfig& a = running.gateway;
    const GatewayConfig& b = next.gateway;
    compare(c.need_restart, "database", a.database, b.database);
    compare(c.live, "codebook", a.codebook, b.codebook);
    compare(c.live, "log_level", a.log_level, b.log_level);
    compare(c.live, "reply_policy", a.reply_policy, b.reply_policy);
    compare(c.live, "reply_unregistered", a.reply_unregistered, b.reply_unregistered);
    compare(c.live, "replies_per_sender_per_hour", a.replies_per_sender_per_hour, b.replies_per_sender_per_hour);
    compare(c.live, "own_numbers", a.own_numbers, b.own_numbers);
    compare(c.live, "multipart_timeout", a.multipart_timeout, b.multipart_timeout);
    compare(c.live, "summary_interval", a.summary_interval, b.summary_interval);
    compare(c.live, "export_dir", a.export_dir, b.export_dir);
    compare(c.live, "export_interval", a.export_interval, b.export_interval);
    compare(c.live, "export_command", a.export_command, b.export_command);
    compare(c.live, "export_verify_command", a.export_verify_command, b.export_verify_command);
    compare(c.live, "push_by", a.push_by, b.push_by);
    compare(c.live, "push_dir", a.push_dir, b.push_dir);
    compare(c.live, "push_timeout", a.push_timeout, b.push_timeout);
    compare(c.live, "export_keep", a.export_keep, b.export_keep);
    compare(c.live, "export_bom", a.export_bom, b.export_bom);
    compare(c.live, "export_phones", a.export_phones, b.export_phones);
    compare(c.live, "hq_numbers", a.hq_numbers, b.hq_numbers);
    compare(c.live, "hq_link_down_after", a.hq_link_down_after, b.hq_link_down_after);
    compare(c.live, "modem_heartbeat_timeout", a.modem_heartbeat_timeout, b.modem_heartbeat_timeout);
    compare(c.live, "modem_stall_after", a.modem_stall_after, b.modem_stall_after);
    compare(c.live, "sim_full_percent", a.sim_full_percent, b.sim_full_percent);
    compare(c.live, "integrity_check_interval", a.integrity_check_interval, b.integrity_check_interval);
    compare(c.live, "take_every_reports", a.take_every_reports, b.take_every_reports);
    compare(c.live, "take_interval", a.take_interval, b.take_interval);
    // The push worker holds its connection and its gateway's cursor at HQ: a new link or name takes a restart.
    if (running.hq.postgres != next.hq.postgres) c.need_restart.push_back("hq.postgres changed");
    if (running.hq.gateway_id != next.hq.gateway_id)
        c.need_restart.push_back(fmt::format("hq.gateway_id: {} -> {}", running.hq.gateway_id, next.hq.gateway_id));
    if (!(running.reminders == next.reminders))
        c.live.push_back(fmt::format("reminders: {} window{} -> {}", running.reminders.size(),
                                     running.reminders.size() == 1 ? "" : "s", next.reminders.size()));
    for (const auto& m : running.modems) {
        const ModemConfig* n = find(next.modems, m.name);
        if (!n) c.modems_removed.push_back(m.name);
        else if (!(*n == m)) c.modems_changed.push_back(m.name);
    }
    for (const auto& m : next.modems)
        if (!find(running.modems, m.name)) c.modems_added.push_back(m.name);
    return c;
}

}  // namespace smsgw
