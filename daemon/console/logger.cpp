// Writes console lines: "HH:MM:SS LEVEL category text", at most 100 columns, coloured on terminals, <N>-prefixed for journald.
#include "daemon/console/logger.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <memory>
#include <vector>
#include <ctime>

#include <unistd.h>

namespace smsgw {

std::string_view to_string(LogCategory c) {
    switch (c) {
        case LogCategory::daemon: return "daemon";
        case LogCategory::modem: return "modem";
        case LogCategory::store: return "store";
        case LogCategory::parse: return "parse";
        case LogCategory::quickcount: return "count";
        case LogCategory::reply: return "reply";
        case LogCategory::export_: return "export";
        case LogCategory::config: return "config";
        case LogCategory::review: return "review";
    }
    return "?";
}

namespace {

// syslog(3) priorities, which journald reads from a "<N>" prefix.
int syslog_priority(LogLevel l) {
    switch (l) {
        case LogLevel::debug: return 7;
        case LogLevel::info: return 6;
        case LogLevel::notice: return 5;
        case LogLevel::warning: return 4;
        case LogLevel::error: return 3;
    }
    return 6;
}

std::string_view level_tag(LogLevel l) {
    switch (l) {
        case LogLevel::debug: return "DEBUG";
        case LogLevel::info: return "INFO ";
        case LogLevel::notice: return "NOTE ";
        case LogLevel::warning: return "WARN ";
        case LogLevel::error: return "ERROR";
    }
    return "?    ";
}

std::string_view level_color(LogLevel l) {
    switch (l) {
        case LogLevel::debug: return "\033[2m";
        case LogLevel::info: return "";
        case LogLevel::notice: return "\033[1m";
        case LogLevel::warning: return "\033[33m";
        case LogLevel::error: return "\033[1;31m";
    }
    return "";
}

LogStyle detect_style(std::FILE* out) {
    if (std::getenv("JOURNAL_STREAM")) return LogStyle::journal;
    if (::isatty(::fileno(out)) && !std::getenv("NO_COLOR")) return LogStyle::color;
    return LogStyle::plain;
}

}  // namespace

Logger::Logger(LogLevel min_level, std::FILE* out) : Logger(min_level, out, detect_style(out)) {}

Logger::Logger(LogLevel min_level, std::FILE* out, LogStyle style, WallClock clock)
    : min_level_(min_level), out_(out), style_(style), clock_(std::move(clock)) {
    if (!clock_) clock_ = system_wall_clock();
}

void Logger::set_time_text(TimeText t) {
    std::atomic_store(&time_text_, std::make_shared<const TimeText>(std::move(t)));
}

namespace {

std::string machine_local_time(std::chrono::system_clock::time_point tp) {
    std::time_t t = std::chrono::system_clock::to_time_t(tp);
    std::tm tm{};
    localtime_r(&t, &tm);
    char when[16];
    std::strftime(when, sizeof when, "%H:%M:%S", &tm);
    return when;
}

// `text` in pieces of at most `width` characters, broken after a space where one is near the end.
std::vector<std::string_view> wrap(std::string_view text, std::size_t width) {
    std::vector<std::string_view> pieces;
    while (console_length(text) > width) {
        // Byte offset of the character at `width`, never inside a UTF-8 sequence.
        std::size_t cut = 0;
        for (std::size_t chars = 0; chars < width && cut < text.size(); ++chars) {
            ++cut;
            while (cut < text.size() && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) ++cut;
        }
        const std::size_t space = text.rfind(' ', cut - 1);  // the piece keeps its space: at most `width`
        if (space != std::string_view::npos && space > cut / 2) cut = space + 1;
        pieces.push_back(text.substr(0, cut));
        text.remove_prefix(cut);
    }
    pieces.push_back(text);
    return pieces;
}

}  // namespace

std::string Logger::format_line(LogLevel l, LogCategory c, std::string_view raw) const {
    // One event, one line: a newline inside a text (SQLite's quick_check lists) would start a line
    // of its own without time or level, or a journal entry of its own.
    std::string text(raw);
    std::replace_if(text.begin(), text.end(), [](char ch) { return ch == '\n' || ch == '\r' || ch == '\t'; }, ' ');
    if (style_ == LogStyle::journal)  // journald keeps long lines whole and adds its own prefix
        return fmt::format("<{}>{:<6} {}", syslog_priority(l), to_string(c), text);
    const auto time_text = std::atomic_load(&time_text_);
    const std::string when = time_text && *time_text ? (*time_text)(clock_()) : machine_local_time(clock_());
    if (style_ == LogStyle::plain) return fmt::format("{} {} {:<6} {}", when, level_tag(l), to_string(c), text);
    // On a terminal, the rare line too long for it continues indented below: nothing is cut.
    std::string line;
    const auto pieces = wrap(text, console_width - console_prefix_width);
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        if (i == 0)
            line = fmt::format("\033[2m{}\033[0m {}{}\033[0m \033[36m{:<6}\033[0m {}", when, level_color(l),
                               level_tag(l), to_string(c), pieces[i]);
        else
            line += "\n" + std::string(console_prefix_width, ' ') + std::string(pieces[i]);
    }
    return line;
}

void Logger::write(LogLevel l, LogCategory c, std::string_view text) {
    if (!enabled(l)) return;
    std::string line = format_line(l, c, text);
    line += '\n';
    std::lock_guard lock(mutex_);
    std::fwrite(line.data(), 1, line.size(), out_);
    std::fflush(out_);
}

std::string shorten_for_console(std::string_view text, std::size_t max) {
    auto char_len = [&](std::size_t i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
        return i + len > text.size() ? std::size_t{1} : len;
    };
    std::size_t total = 0;  // counted as the loop below steps, so it never runs past the end
    for (std::size_t i = 0; i < text.size(); i += char_len(i)) ++total;
    const std::size_t keep = total <= max ? total : (max == 0 ? 0 : max - 1);
    std::string out;
    std::size_t i = 0;
    for (std::size_t n = 0; n < keep; ++n) {
        std::size_t len = char_len(i);
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 || c == 0x7f) out += ' ';
        else out.append(text.substr(i, len));
        i += len;
    }
    if (keep < total) out += "\u2026";
    return out;
}

std::size_t console_length(std::string_view text) {
    std::size_t n = 0;
    for (unsigned char c : text) n += (c & 0xC0) != 0x80;
    return n;
}

}  // namespace smsgw
