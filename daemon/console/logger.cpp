// Writes console lines: "HH:MM:SS LEVEL category  text", coloured on terminals, <N>-prefixed for journald.
#include "daemon/console/logger.hpp"

#include <cstdlib>
#include <ctime>

#include <unistd.h>

namespace smsgw {

std::string_view to_string(LogCategory c) {
    switch (c) {
        case LogCategory::daemon: return "daemon";
        case LogCategory::modem: return "modem";
        case LogCategory::store: return "store";
        case LogCategory::parse: return "parse";
        case LogCategory::quickcount: return "quickcount";
        case LogCategory::reply: return "reply";
        case LogCategory::export_: return "export";
        case LogCategory::config: return "config";
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

Logger::Logger(LogLevel min_level, std::FILE* out, LogStyle style, Clock clock)
    : min_level_(min_level), out_(out), style_(style), clock_(std::move(clock)) {
    if (!clock_) clock_ = [] { return std::chrono::system_clock::now(); };
}

std::string Logger::format_line(LogLevel l, LogCategory c, std::string_view text) const {
    if (style_ == LogStyle::journal)
        return fmt::format("<{}>{:<10} {}", syslog_priority(l), to_string(c), text);
    std::time_t t = std::chrono::system_clock::to_time_t(clock_());
    std::tm tm{};
    localtime_r(&t, &tm);
    char when[16];
    std::strftime(when, sizeof when, "%H:%M:%S", &tm);
    if (style_ == LogStyle::color)
        return fmt::format("\033[2m{}\033[0m {}{}\033[0m \033[36m{:<10}\033[0m {}", when, level_color(l), level_tag(l),
                           to_string(c), text);
    return fmt::format("{} {} {:<10} {}", when, level_tag(l), to_string(c), text);
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
    std::size_t total = 0;
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

}  // namespace smsgw
