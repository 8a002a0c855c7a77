// The daemon's TOML configuration (SPEC.md section 8): [gateway] and one [modems.NAME] per modem.
#pragma once

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace smsgw {

enum class ReplyPolicy : std::uint8_t { all, rejected_only, none };
// Who of the numbers not in monitors.csv gets a reply: each costs the observer group an SMS and
// tells a spammer the number is live, so by default only numbers of the election's country
// (the codebook's [phones] country_code).
enum class UnregisteredReplies : std::uint8_t { country, all, none };
enum class LogLevel : std::uint8_t { debug, info, notice, warning, error };
// Who runs `smsgw push` after an export: the daemon as a child process (no systemd: the demo, tests),
// or systemd's smsgw-push.path/.timer (the daemon's own unit has no network; it only touches a trigger file).
enum class PushBy : std::uint8_t { daemon, systemd };

std::string_view to_string(ReplyPolicy);
std::string_view to_string(UnregisteredReplies);
std::string_view to_string(LogLevel);
std::string_view to_string(PushBy);

struct ModemConfig {
    std::string name;         // the NAME of [modems.NAME]
    std::string device;       // gammu's own keys
    std::string connection;
    std::string model;
    std::string pin;          // empty: no PIN
    std::string number;       // the SIM's own number, never replied to
    std::chrono::milliseconds poll_interval{1000};
    bool receive = true;
    bool send = true;
    int sends_per_minute = 30;  // per-modem rate limit for replies

    bool operator==(const ModemConfig&) const = default;  // a reload restarts a modem whose section changed
};

struct GatewayConfig {
    std::string database;
    std::string codebook;
    std::string export_dir;
    std::chrono::seconds export_interval{300};
    // Ships one export to HQ: an argv list with {export} (the directory) and/or {name} (its base
    // name) where the export goes; nothing is appended. Run by `smsgw push`, never by the daemon itself.
    std::vector<std::string> export_command;
    // Fetches the far side's copy of {name}/manifest.json (to stdout, or into the file {fetched}):
    // a push succeeds only when it equals the local manifest byte for byte. Required with export_command.
    std::vector<std::string> export_verify_command;
    PushBy push_by = PushBy::daemon;
    // The push's own directory: delivered/ (one file per export HQ has), outcomes/ (each attempt's
    // result for the daemon to record), trigger (touched by the daemon), lock. Default: export_dir's
    // sibling "push" (/var/lib/smsgw/push beside /var/lib/smsgw/exports).
    std::string push_dir;
    // Each run of export_command or export_verify_command is killed after this long.
    std::chrono::seconds push_timeout{120};
    int export_keep = 48;                     // exports kept by retention
    bool export_bom = true;
    bool export_phones = false;               // as systemd/smsgw.toml: phones only in the call-back list
    LogLevel log_level = LogLevel::info;
    ReplyPolicy reply_policy = ReplyPolicy::all;
    UnregisteredReplies reply_unregistered = UnregisteredReplies::country;
    int replies_per_sender_per_hour = 10;
    std::vector<std::string> own_numbers;     // never replied to (the modems' numbers are added)
    std::chrono::seconds multipart_timeout{600};
    std::chrono::seconds summary_interval{60};
    std::vector<std::string> hq_numbers;      // SMS summary when the export link is down
    std::chrono::seconds hq_link_down_after{1800};
    // A modem's process that shows no sign of life for this long (a hung libgammu call, a stopped
    // process) is killed and started again.
    std::chrono::milliseconds modem_heartbeat_timeout{30000};
    // A modem that was receiving and has read nothing for this long while others received is
    // reported as stalled (a SIM whose notifications stopped, a dead antenna).
    std::chrono::seconds modem_stall_after{1800};
    // SMS storage at or above this percentage full raises an alarm: a full SIM stops new SMS.
    int sim_full_percent = 80;
    // PRAGMA quick_check of the whole database this often while running (at every start too): a
    // damaged file stops ingest, so nothing more is deleted from the SIMs.
    std::chrono::seconds integrity_check_interval{600};
    // Takes: the estimate is snapshotted into the database after this many results changed the
    // count (0: never by count), or once take_interval has passed with anything counted since the
    // last take, whichever comes first, so HQ sees how each estimate converged (smsgw estimate
    // --history, estimate_history.csv, report.html) and can judge its point of stability.
    int take_every_reports = 50;
    std::chrono::seconds take_interval{600};
};

// One [[reminders]] window: when it ends, the monitors of sampled stations without a current
// report of `form` get one SMS. `at` is local time in the codebook's time zone: "22:30" is every
// day at 22:30 (the daemon runs for one election night), "2026-03-01T22:30" that one moment.
struct ReminderConfig {
    std::string id;    // names the window in the store and console; default "FORM@AT" (e.g. "R@22:30")
    std::string form;  // checked against the codebook when the daemon starts
    std::string at;    // as written, normalized: "HH:MM[:SS]" or "YYYY-MM-DDTHH:MM[:SS]"
    int year = 0, month = 0, day = 0;  // 0: every day
    int hour = 0, minute = 0, second = 0;
    std::chrono::seconds grace{7200};  // sent late after a start only this long after the window's end
    int line = 0;                      // config line, for messages

    bool operator==(const ReminderConfig&) const = default;
};

// [hq]: opt-in push of every locally written row to HQ's PostgreSQL (daemon/hq/). Off while
// postgres is empty. gateway_id names this gateway's rows at HQ for good: a second gateway with the
// same id would overwrite nothing (rows are keyed by it) but mix two databases' ids.
struct HqConfig {
    std::string postgres;    // libpq conninfo, "host=... dbname=... user=..."; checked by libpq at start
    std::string gateway_id;  // [A-Za-z0-9_.-], 1-64 characters; required with postgres
    int line = 0;            // of [hq], for messages

    bool enabled() const { return !postgres.empty(); }
    bool operator==(const HqConfig&) const = default;
};

struct Config {
    std::string path;  // the file it was read from, for messages
    GatewayConfig gateway;
    HqConfig hq;
    std::vector<ModemConfig> modems;
    std::vector<ReminderConfig> reminders;
};

// A config error: every problem found, each "FILE:LINE: message", one per line in what().
class ConfigError : public std::runtime_error {
public:
    explicit ConfigError(std::vector<std::string> problems);
    const std::vector<std::string>& problems() const { return problems_; }

private:
    std::vector<std::string> problems_;
};

// Parses config text; `path` is used in messages and to resolve relative paths (relative to the
// config file's directory). Throws ConfigError listing every problem.
Config parse_config(std::string_view text, const std::string& path);

// Reads and parses a file. Throws ConfigError.
Config load_config(const std::string& path);

}  // namespace smsgw
