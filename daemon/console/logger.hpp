// The operators' console log: levels and categories, colours on a terminal, syslog prefixes under journald.
#pragma once

#include "daemon/clock/clock.hpp"
#include "daemon/config/config.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace smsgw {

enum class LogCategory : std::uint8_t { daemon, modem, store, parse, quickcount, reply, export_, config, review };
std::string_view to_string(LogCategory);  // at most 6 characters ("count" for quickcount)

// A console line is at most this wide, time, level and category included: the routine lines are
// built to fit it (a message's line may pass it only to say whole why no reply went out), and on a terminal a rare longer one continues on indented lines (nothing is cut).
// Written to a file or a pipe, an event stays one line, whole, for grep.
inline constexpr std::size_t console_width = 100;
// "20:15:03 INFO  parse  ": what precedes the text on a plain or coloured console line.
inline constexpr std::size_t console_prefix_width = 22;

// How lines are written: plain with time, coloured for a terminal, or "<N>" syslog priority
// prefixes when stdout goes to journald (JOURNAL_STREAM set), which adds its own time stamps.
enum class LogStyle : std::uint8_t { plain, color, journal };

class Logger {
public:
    // "20:15:03" for a time: the election's local time once its zone is known (set_time_text).
    using TimeText = std::function<std::string(SystemTime)>;

    // Picks the style from the environment and whether `out` is a terminal.
    explicit Logger(LogLevel min_level = LogLevel::info, std::FILE* out = stdout);
    Logger(LogLevel min_level, std::FILE* out, LogStyle style, WallClock clock = {});

    void set_level(LogLevel l) { min_level_ = l; }
    // How the time column is written; until called, the machine's local time.
    void set_time_text(TimeText t);
    LogLevel level() const { return min_level_; }
    LogStyle style() const { return style_; }
    bool enabled(LogLevel l) const { return l >= min_level_; }

    // One line; safe from any thread (modem workers log state changes through the event loop,
    // but start-up code and SQLite's log callback may run elsewhere).
    void write(LogLevel l, LogCategory c, std::string_view text);

    template <class... A>
    void log(LogLevel l, LogCategory c, fmt::format_string<A...> f, A&&... a) {
        if (enabled(l)) write(l, c, fmt::format(f, std::forward<A>(a)...));
    }
    template <class... A>
    void info(LogCategory c, fmt::format_string<A...> f, A&&... a) { log(LogLevel::info, c, f, std::forward<A>(a)...); }
    template <class... A>
    void notice(LogCategory c, fmt::format_string<A...> f, A&&... a) { log(LogLevel::notice, c, f, std::forward<A>(a)...); }
    template <class... A>
    void warn(LogCategory c, fmt::format_string<A...> f, A&&... a) { log(LogLevel::warning, c, f, std::forward<A>(a)...); }
    template <class... A>
    void error(LogCategory c, fmt::format_string<A...> f, A&&... a) { log(LogLevel::error, c, f, std::forward<A>(a)...); }
    template <class... A>
    void debug(LogCategory c, fmt::format_string<A...> f, A&&... a) { log(LogLevel::debug, c, f, std::forward<A>(a)...); }

    // The line as it would be written, without the trailing newline (for golden tests). Newlines
    // and tabs in `text` become spaces; in the colour style (a terminal) a text too wide for
    // console_width continues on further lines, each indented by the prefix's width.
    std::string format_line(LogLevel l, LogCategory c, std::string_view text) const;

private:
    LogLevel min_level_;
    std::FILE* out_;
    LogStyle style_;
    WallClock clock_;
    std::shared_ptr<const TimeText> time_text_;  // atomic_load/atomic_store: set from the event loop
    mutable std::mutex mutex_;
};

// Text shortened to `max` characters (UTF-8 aware), control characters shown as spaces, for one-line display.
std::string shorten_for_console(std::string_view text, std::size_t max);

// Characters (UTF-8 code points) in `text`.
std::size_t console_length(std::string_view text);

}  // namespace smsgw
