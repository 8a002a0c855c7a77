// Reads the daemon's TOML configuration strictly: unknown keys and wrong types are errors with lines.
#include "daemon/config/config.hpp"

#include "daemon/config/config_checks.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace smsgw {

std::string_view to_string(UnregisteredReplies u) {
    switch (u) {
        case UnregisteredReplies::country: return "country";
        case UnregisteredReplies::all: return "all";
        case UnregisteredReplies::none: return "none";
    }
    return "?";
}

std::string_view to_string(ReplyPolicy p) {
    switch (p) {
        case ReplyPolicy::all: return "all";
        case ReplyPolicy::rejected_only: return "rejected";
        case ReplyPolicy::none: return "none";
    }
    return "?";
}

std::string_view to_string(PushBy p) { return p == PushBy::systemd ? "systemd" : "daemon"; }

std::string_view to_string(LogLevel l) {
    switch (l) {
        case LogLevel::debug: return "debug";
        case LogLevel::info: return "info";
        case LogLevel::notice: return "notice";
        case LogLevel::warning: return "warning";
        case LogLevel::error: return "error";
    }
    return "?";
}

static std::string join_lines(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) {
        if (!out.empty()) out += '\n';
        out += s;
    }
    return out;
}

ConfigError::ConfigError(std::vector<std::string> problems)
    : std::runtime_error(join_lines(problems)), problems_(std::move(problems)) {}

namespace {

// Collects problems with file:line so one run reports all of them.
class Reader {
public:
    Reader(const std::string& path) : path_(path) {
        auto dir = std::filesystem::path(path).parent_path();
        base_ = dir.empty() ? std::filesystem::path(".") : dir;
    }

    void problem(const toml::node* n, std::string_view msg) {
        int line = n ? static_cast<int>(n->source().begin.line) : 0;
        problems_.push_back(fmt::format("{}:{}: {}", path_, line, msg));
    }
    void problem_at(int line, std::string_view msg) { problems_.push_back(fmt::format("{}:{}: {}", path_, line, msg)); }
    const std::vector<std::string>& problems() const { return problems_; }

    void string(const toml::table& t, std::string_view where, std::string_view key, std::string& out) {
        const toml::node* n = t.get(key);
        if (!n) return;
        if (auto v = n->value<std::string>()) out = *v;
        else problem(n, fmt::format("{}.{} must be a string", where, key));
    }

    void path(const toml::table& t, std::string_view where, std::string_view key, std::string& out) {
        string(t, where, key, out);
        if (!out.empty() && std::filesystem::path(out).is_relative()) out = (base_ / out).lexically_normal().string();
    }

    void boolean(const toml::table& t, std::string_view where, std::string_view key, bool& out) {
        const toml::node* n = t.get(key);
        if (!n) return;
        if (auto v = n->value<bool>()) out = *v;
        else problem(n, fmt::format("{}.{} must be true or false", where, key));
    }

    void integer(const toml::table& t, std::string_view where, std::string_view key, int& out, long lo, long hi) {
        const toml::node* n = t.get(key);
        if (!n) return;
        // value_exact: value<int64_t>() converts a float such as 8.8e68 with an out-of-range cast (UB in toml++).
        auto v = n->value_exact<std::int64_t>();
        if (!v || *v < lo || *v > hi) {
            problem(n, fmt::format("{}.{} must be an integer from {} to {}", where, key, lo, hi));
            return;
        }
        out = static_cast<int>(*v);
    }

    // Durations: a number of seconds (integer or float) or a string like "500ms", "30s", "5m", "2h".
    template <class Duration>
    void duration(const toml::table& t, std::string_view where, std::string_view key, Duration& out,
                  std::chrono::milliseconds min) {
        const toml::node* n = t.get(key);
        if (!n) return;
        std::optional<double> ms;
        if (auto i = n->value_exact<std::int64_t>()) ms = double(*i) * 1000.0;
        else if (auto f = n->value_exact<double>()) ms = *f * 1000.0;
        else if (auto s = n->value<std::string>()) ms = parse_duration_ms(*s);
        if (!ms || !std::isfinite(*ms) || *ms < double(min.count()) || *ms > 86400.0 * 1000 * 7) {
            problem(n, fmt::format("{}.{} must be a duration of at least {} ms (seconds, or \"500ms\", \"30s\", \"5m\", \"2h\")",
                                   where, key, min.count()));
            return;
        }
        out = std::chrono::duration_cast<Duration>(std::chrono::milliseconds(static_cast<std::int64_t>(*ms)));
    }

    void strings(const toml::table& t, std::string_view where, std::string_view key, std::vector<std::string>& out) {
        const toml::node* n = t.get(key);
        if (!n) return;
        const toml::array* a = n->as_array();
        if (!a) {
            problem(n, fmt::format("{}.{} must be a list of strings (an argv list, never a shell string)", where, key));
            return;
        }
        out.clear();
        for (const auto& e : *a) {
            if (auto s = e.value<std::string>()) out.push_back(*s);
            else problem(&e, fmt::format("{}.{} must contain only strings", where, key));
        }
    }

    // A list of phone numbers (own_numbers, hq_numbers): each one checked, the bad one named.
    void phones(const toml::table& t, std::string_view where, std::string_view key, std::vector<std::string>& out) {
        strings(t, where, key, out);
        const toml::array* a = t.get(key) ? t.get(key)->as_array() : nullptr;
        if (!a) return;
        for (const auto& e : *a)
            if (auto v = e.value<std::string>(); v && !is_phone_number(*v))
                problem(&e, fmt::format("{}.{}: \"{}\" is not a phone number (7 to 15 digits, optionally with a leading "
                                        "'+', e.g. \"+77011234567\")",
                                        where, key, *v));
    }

    void unknown_keys(const toml::table& t, std::string_view where, const std::set<std::string_view>& known) {
        for (const auto& [k, v] : t)
            if (!known.count(k.str())) problem(&v, fmt::format("unknown key '{}' in [{}]", k.str(), where));
    }

private:
    static std::optional<double> parse_duration_ms(std::string_view s) {
        double value = 0;
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
        if (ec != std::errc() || p == s.data()) return std::nullopt;
        std::string_view unit(p, s.data() + s.size() - p);
        if (unit == "ms") return value;
        if (unit == "s" || unit.empty()) return value * 1000;
        if (unit == "m" || unit == "min") return value * 60'000;
        if (unit == "h") return value * 3'600'000;
        return std::nullopt;
    }

    std::string path_;
    std::filesystem::path base_;
    std::vector<std::string> problems_;
};

void read_gateway(Reader& r, const toml::table& t, GatewayConfig& g) {
    const std::string_view w = "gateway";
    r.unknown_keys(t, w, {"database", "codebook", "export_dir", "export_interval", "export_command", "export_keep",
                          "export_verify_command", "push_by", "push_dir", "push_timeout",
                          "export_bom", "export_phones", "log_level", "reply_policy", "reply_unregistered",
                          "replies_per_sender_per_hour",
                          "own_numbers", "multipart_timeout", "summary_interval", "hq_numbers",
                          "hq_link_down_after", "modem_heartbeat_timeout", "modem_stall_after", "sim_full_percent",
                          "integrity_check_interval", "take_every_reports", "take_interval"});
    r.path(t, w, "database", g.database);
    r.path(t, w, "codebook", g.codebook);
    r.path(t, w, "export_dir", g.export_dir);
    r.duration(t, w, "export_interval", g.export_interval, std::chrono::seconds(1));
    r.strings(t, w, "export_command", g.export_command);
    r.strings(t, w, "export_verify_command", g.export_verify_command);
    r.path(t, w, "push_dir", g.push_dir);
    r.duration(t, w, "push_timeout", g.push_timeout, std::chrono::seconds(1));
    r.integer(t, w, "export_keep", g.export_keep, 1, 100000);
    r.boolean(t, w, "export_bom", g.export_bom);
    r.boolean(t, w, "export_phones", g.export_phones);
    r.integer(t, w, "replies_per_sender_per_hour", g.replies_per_sender_per_hour, 0, 10000);
    r.phones(t, w, "own_numbers", g.own_numbers);
    r.duration(t, w, "multipart_timeout", g.multipart_timeout, std::chrono::seconds(1));
    r.duration(t, w, "summary_interval", g.summary_interval, std::chrono::seconds(1));
    r.phones(t, w, "hq_numbers", g.hq_numbers);
    r.duration(t, w, "hq_link_down_after", g.hq_link_down_after, std::chrono::seconds(1));
    r.duration(t, w, "modem_heartbeat_timeout", g.modem_heartbeat_timeout, std::chrono::seconds(1));
    r.duration(t, w, "modem_stall_after", g.modem_stall_after, std::chrono::seconds(1));
    r.integer(t, w, "sim_full_percent", g.sim_full_percent, 1, 100);
    r.duration(t, w, "integrity_check_interval", g.integrity_check_interval, std::chrono::seconds(1));
    r.integer(t, w, "take_every_reports", g.take_every_reports, 0, 1000000);
    r.duration(t, w, "take_interval", g.take_interval, std::chrono::seconds(1));

    std::string level;
    r.string(t, w, "log_level", level);
    if (!level.empty()) {
        static constexpr LogLevel levels[] = {LogLevel::debug, LogLevel::info, LogLevel::notice, LogLevel::warning,
                                              LogLevel::error};
        bool found = false;
        for (auto l : levels)
            if (to_string(l) == level) g.log_level = l, found = true;
        if (!found) r.problem(t.get("log_level"), "gateway.log_level must be debug, info, notice, warning or error");
    }
    std::string policy;
    r.string(t, w, "reply_policy", policy);
    if (!policy.empty()) {
        if (policy == "all") g.reply_policy = ReplyPolicy::all;
        else if (policy == "rejected") g.reply_policy = ReplyPolicy::rejected_only;
        else if (policy == "none") g.reply_policy = ReplyPolicy::none;
        else r.problem(t.get("reply_policy"), "gateway.reply_policy must be all, rejected or none");
    }
    std::string unregistered;
    r.string(t, w, "reply_unregistered", unregistered);
    if (!unregistered.empty()) {
        if (unregistered == "country") g.reply_unregistered = UnregisteredReplies::country;
        else if (unregistered == "all") g.reply_unregistered = UnregisteredReplies::all;
        else if (unregistered == "none") g.reply_unregistered = UnregisteredReplies::none;
        else r.problem(t.get("reply_unregistered"), "gateway.reply_unregistered must be country, all or none");
    }
    std::string push_by;
    r.string(t, w, "push_by", push_by);
    if (!push_by.empty()) {
        if (push_by == "daemon") g.push_by = PushBy::daemon;
        else if (push_by == "systemd") g.push_by = PushBy::systemd;
        else r.problem(t.get("push_by"), "gateway.push_by must be daemon (it runs `smsgw push` itself) or systemd "
                                         "(smsgw-push.path and smsgw-push.timer run it)");
    }
    for (const auto& p : push_command_problems(g)) r.problem(t.get(p.key) ? t.get(p.key) : &t, p.text);
    if (g.push_dir.empty() && !g.export_dir.empty())
        g.push_dir = (std::filesystem::path(g.export_dir).parent_path() / "push").string();
    if (g.database.empty()) r.problem(&t, "gateway.database is required");
    if (g.codebook.empty()) r.problem(&t, "gateway.codebook is required");
}

void read_modem(Reader& r, std::string_view name, const toml::table& t, ModemConfig& m) {
    const std::string where = fmt::format("modems.{}", name);
    m.name = std::string(name);
    if (!is_safe_modem_name(name)) {
        std::string shown;  // control characters (a NUL would end the message) as \xNN
        for (unsigned char c : name) shown += c < 0x20 || c == 0x7f ? fmt::format("\\x{:02X}", c) : std::string(1, char(c));
        r.problem(&t, fmt::format("[modems.\"{}\"]: a modem name is 1 to 32 letters, digits, '_' or '-' (it appears in "
                                  "the console, the database and the exports)",
                                  shown));
    }
    r.unknown_keys(t, where, {"device", "connection", "model", "pin", "number", "poll_interval", "receive", "send",
                              "sends_per_minute"});
    r.string(t, where, "device", m.device);
    r.string(t, where, "connection", m.connection);
    r.string(t, where, "model", m.model);
    r.string(t, where, "pin", m.pin);
    r.string(t, where, "number", m.number);
    r.duration(t, where, "poll_interval", m.poll_interval, std::chrono::milliseconds(10));
    r.boolean(t, where, "receive", m.receive);
    r.boolean(t, where, "send", m.send);
    r.integer(t, where, "sends_per_minute", m.sends_per_minute, 1, 6000);
    if (!m.number.empty() && !is_phone_number(m.number))
        r.problem(t.get("number"), fmt::format("{}.number: \"{}\" is not a phone number (7 to 15 digits, optionally "
                                               "with a leading '+')",
                                               where, m.number));
    if (m.device.empty()) r.problem(&t, fmt::format("{}.device is required", where));
    if (m.connection.empty()) r.problem(&t, fmt::format("{}.connection is required", where));
    if (m.connection == "none" && !m.model.empty() && m.model != "dummy")
        r.problem(t.get("model"), fmt::format("{}: connection \"none\" is only for model \"dummy\"", where));
    for (char c : m.pin)
        if (c < '0' || c > '9') {
            r.problem(t.get("pin"), fmt::format("{}.pin must be digits", where));
            break;
        }
}

// "22:30", "22:30:15", "2026-03-01T22:30" (or a space for the T); TOML's own local times and
// local date-times (at = 22:30:00) work too. False when it is none of them or out of range.
bool parse_reminder_at(std::string_view s, ReminderConfig& rc) {
    auto digits = [&](std::size_t pos, std::size_t n, int& out) {
        if (pos + n > s.size()) return false;
        out = 0;
        for (std::size_t i = pos; i < pos + n; ++i) {
            if (s[i] < '0' || s[i] > '9') return false;
            out = out * 10 + (s[i] - '0');
        }
        return true;
    };
    std::size_t p = 0;
    rc.year = rc.month = rc.day = rc.second = 0;
    if (s.size() >= 11 && s[4] == '-') {
        if (!digits(0, 4, rc.year) || s[4] != '-' || !digits(5, 2, rc.month) || s[7] != '-' || !digits(8, 2, rc.day) ||
            (s[10] != 'T' && s[10] != ' '))
            return false;
        p = 11;
    }
    if (!digits(p, 2, rc.hour) || p + 2 >= s.size() || s[p + 2] != ':' || !digits(p + 3, 2, rc.minute)) return false;
    p += 5;
    if (p < s.size() && (s[p] != ':' || !digits(p + 1, 2, rc.second) || (p += 3) != s.size())) return false;
    if (p != s.size()) return false;
    if (rc.hour > 23 || rc.minute > 59 || rc.second > 59) return false;
    if (rc.year) {
        static constexpr int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        if (rc.year < 1970 || rc.month < 1 || rc.month > 12 || rc.day < 1 || rc.day > days[rc.month - 1]) return false;
        if (rc.month == 2 && rc.day == 29 && !(rc.year % 4 == 0 && (rc.year % 100 != 0 || rc.year % 400 == 0)))
            return false;
    }
    rc.at = rc.year ? fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}", rc.year, rc.month, rc.day, rc.hour, rc.minute)
                    : fmt::format("{:02}:{:02}", rc.hour, rc.minute);
    if (rc.second) rc.at += fmt::format(":{:02}", rc.second);
    return true;
}

void read_reminder(Reader& r, const toml::table& t, ReminderConfig& rc) {
    const std::string_view w = "reminders";
    rc.line = static_cast<int>(t.source().begin.line);
    r.unknown_keys(t, w, {"id", "form", "at", "grace"});
    r.string(t, w, "id", rc.id);
    r.string(t, w, "form", rc.form);
    r.duration(t, w, "grace", rc.grace, std::chrono::seconds(0));
    for (char& c : rc.form) c = (c >= 'a' && c <= 'z') ? char(c - 'a' + 'A') : c;
    if (rc.form.empty()) r.problem(&t, "reminders.form is required (the form code, e.g. \"R\")");
    const toml::node* at = t.get("at");
    std::string text;
    if (!at) {
        r.problem(&t, "reminders.at is required (local time \"22:30\" or date-time \"2026-03-01T22:30\")");
        return;
    }
    if (auto s = at->value<std::string>()) text = *s;
    else if (auto tm = at->value<toml::time>())
        text = fmt::format("{:02}:{:02}:{:02}", tm->hour, tm->minute, tm->second);
    else if (auto dt = at->value<toml::date_time>(); dt && !dt->offset)
        text = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", dt->date.year, dt->date.month, dt->date.day,
                           dt->time.hour, dt->time.minute, dt->time.second);
    if (!parse_reminder_at(text, rc))
        r.problem(at, "reminders.at must be a local time \"HH:MM\" or date-time \"YYYY-MM-DDTHH:MM\" (the "
                      "codebook's time zone; no offset)");
    if (rc.id.empty() && !rc.form.empty() && !rc.at.empty()) rc.id = rc.form + "@" + rc.at;
    // The id ends up in the store's window keys and console lines; keep it one plain word.
    for (char c : rc.id)
        if (static_cast<unsigned char>(c) <= ' ' || c == '/') {
            r.problem(t.get("id"), "reminders.id must not contain spaces, control characters or '/'");
            break;
        }
}

void read_reminders(Reader& r, const toml::node& n, std::vector<ReminderConfig>& out) {
    const toml::array* a = n.as_array();
    if (!a || !a->is_array_of_tables()) {
        r.problem(&n, "reminders must be an array of tables [[reminders]]");
        return;
    }
    std::set<std::string> ids;
    for (const auto& e : *a) {
        ReminderConfig rc;
        read_reminder(r, *e.as_table(), rc);
        if (!rc.id.empty() && !ids.insert(rc.id).second)
            r.problem(&e, fmt::format("reminders: a second window with id '{}' (give each an id of its own)", rc.id));
        out.push_back(std::move(rc));
    }
}

void read_hq(Reader& r, const toml::table& t, HqConfig& hq) {
    hq.line = static_cast<int>(t.source().begin.line);
    for (const auto& [k, v] : t)
        if (k.str() != "postgres" && k.str() != "gateway_id")
            r.problem(&v, fmt::format("unknown key hq.{} (hq takes postgres and gateway_id)", k.str()));
    r.string(t, "hq", "postgres", hq.postgres);
    r.string(t, "hq", "gateway_id", hq.gateway_id);
    const bool id_ok = !hq.gateway_id.empty() && hq.gateway_id.size() <= 64 &&
                       std::all_of(hq.gateway_id.begin(), hq.gateway_id.end(), [](unsigned char c) {
                           return std::isalnum(c) || c == '_' || c == '.' || c == '-';
                       });
    if (t.get("postgres") && hq.postgres.empty())
        r.problem(t.get("postgres"), "hq.postgres is empty: give a libpq conninfo (\"host=hq.example dbname=smsgw user=gw1\") "
                                     "or remove [hq] to keep the gateway to itself");
    if (!hq.postgres.empty() && hq.gateway_id.empty())
        r.problem(t.get("gateway_id") ? t.get("gateway_id") : &t,
                  "hq.gateway_id is required with hq.postgres: the name of this gateway's rows at HQ (e.g. \"north-1\")");
    else if (!hq.gateway_id.empty() && !id_ok)
        r.problem(t.get("gateway_id"), fmt::format("hq.gateway_id '{}' must be 1 to 64 letters, digits, '_', '.' or '-'",
                                                   hq.gateway_id));
}

}  // namespace

Config parse_config(std::string_view text, const std::string& path) {
    Reader r(path);
    toml::table root;
    try {
        root = toml::parse(text, path);
    } catch (const toml::parse_error& e) {
        r.problem_at(static_cast<int>(e.source().begin.line), std::string(e.description()));
        throw ConfigError(r.problems());
    }
    Config cfg;
    cfg.path = path;
    for (const auto& [k, v] : root)
        if (k.str() != "gateway" && k.str() != "modems" && k.str() != "reminders" && k.str() != "hq")
            r.problem(&v, fmt::format("unknown section [{}]", k.str()));
    if (const toml::table* g = root["gateway"].as_table()) read_gateway(r, *g, cfg.gateway);
    else r.problem_at(1, "missing [gateway] section");
    if (const toml::node* mn = root.get("modems")) {
        if (const toml::table* modems = mn->as_table()) {
            struct Section {
                int line;
                const toml::table* table;
                std::size_t index;
            };
            std::vector<Section> sections;
            for (const auto& [name, node] : *modems) {
                if (const toml::table* mt = node.as_table()) {
                    ModemConfig m;
                    read_modem(r, name.str(), *mt, m);
                    sections.push_back({static_cast<int>(mt->source().begin.line), mt, cfg.modems.size()});
                    cfg.modems.push_back(std::move(m));
                } else {
                    r.problem(&node, fmt::format("modems.{} must be a table [modems.{}]", name.str(), name.str()));
                }
            }
            // Two sections on one device read every SMS twice: each stored and counted once, but
            // answered twice (and the two readers delete each other's records). In file order, so
            // the later section is the one named wrong.
            std::sort(sections.begin(), sections.end(), [](const Section& a, const Section& b) { return a.line < b.line; });
            std::map<std::string, const Section*> devices;  // identity -> first section on it
            for (const auto& sec : sections) {
                const ModemConfig& m = cfg.modems[sec.index];
                const std::string id = device_identity(m);
                if (id.empty()) continue;
                auto [it, fresh] = devices.emplace(id, &sec);
                if (fresh) continue;
                r.problem(sec.table->get("device") ? sec.table->get("device") : sec.table,
                          fmt::format("modems.{}.device is {}, the device of [modems.{}] (line {}): one device, one "
                                      "section, or every SMS is answered twice",
                                      m.name, id == m.device ? m.device : m.device + " = " + id,
                                      cfg.modems[it->second->index].name, it->second->line));
            }
        } else {
            r.problem(mn, "modems must be tables [modems.NAME]");
        }
    }
    if (const toml::node* rn = root.get("reminders")) read_reminders(r, *rn, cfg.reminders);
    if (const toml::node* hn = root.get("hq")) {
        if (const toml::table* h = hn->as_table()) read_hq(r, *h, cfg.hq);
        else r.problem(hn, "hq must be a table [hq]");
    }
    if (!r.problems().empty()) throw ConfigError(r.problems());
    return cfg;
}

Config load_config(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw ConfigError({fmt::format("{}: cannot read the config file: {} (give the smsgw.toml the daemon runs with, "
                                       "e.g. /etc/smsgw/smsgw.toml)",
                                       path, std::strerror(errno))});
    std::ostringstream ss;
    ss << in.rdbuf();
    return parse_config(ss.str(), path);
}

}  // namespace smsgw
