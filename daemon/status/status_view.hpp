// The text of smsgw status and of each smsgw watch screen, optionally with colours for bad states.
#pragma once

#include "daemon/status/status_snapshot.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace smsgw {

class StatusView {
public:
    struct Options {
        std::string title = "smsgw status";  // first line: "<title> at <time>[<title_suffix>]"
        std::string title_suffix;
        // ANSI colours: red for modems not running or stale, a full SMS storage, failed replies and
        // exports, problems; yellow for retries, conflicts, storage nearly full and quarantined SIM
        // records. Only for a terminal.
        bool color = false;
    };

    StatusView() = default;
    explicit StatusView(Options options) : options_(std::move(options)) {}

    // Lines ending in '\n'; the same content as the JSON of smsgw status --json.
    std::string text(const StatusSnapshot& s) const;

private:
    enum class Tone { normal, good, warn, bad, heading, dim };
    std::string paint(std::string text, Tone tone) const;
    std::string heading(std::string title) const;  // a blank line, then the title painted as a heading

    std::string modems(const StatusSnapshot& s) const;
    std::string storage(std::string_view label, const std::optional<int>& used, const std::optional<int>& size) const;
    std::string messages(const StatusSnapshot& s) const;
    std::string replies(const StatusSnapshot& s) const;
    std::string reporting(const StatusSnapshot& s) const;
    std::string last_export(const StatusSnapshot& s) const;
    std::string hq_push(const StatusSnapshot& s) const;  // [hq]: the lag to HQ's PostgreSQL

    Options options_;
};

// "5s ago", "3m ago", "2h05m ago", "1d3h ago"; "in 3m" for a time still to come.
std::string status_age(SystemTime now, SystemTime t);

// "2026-03-01 20:15:03 UTC", or ISO 8601 "2026-03-01T20:15:03Z".
std::string status_utc(SystemTime t, bool iso);

}  // namespace smsgw
