// Formats the console's event lines; pure functions, so golden tests pin every outcome's line.
#include "daemon/console/console_lines.hpp"

#include <fmt/format.h>

namespace smsgw {

namespace {

constexpr std::size_t text_shown = 40;

// The word operators read: the disposition when it says more than the status.
std::string_view outcome_word(const MessageEvent& e) {
    if (e.disposition.empty() || e.disposition == "new" || e.disposition == "rejected") return to_string(e.status);
    return e.disposition;
}

LogLevel message_level(const MessageEvent& e) {
    if (e.disposition == "error") return LogLevel::error;
    if (e.status == Status::rejected || e.disposition == "conflict" || e.disposition == "unregistered")
        return LogLevel::warning;
    return LogLevel::info;
}

}  // namespace

ConsoleLine message_line(const MessageEvent& e) {
    std::string outcome(outcome_word(e));
    if (!e.code.empty()) outcome += fmt::format(" {}", e.code);
    std::string text = fmt::format("{:<6} {:<24} {:<6} {:<14} \"{}\"", e.modem, outcome, e.reference, e.sender,
                                   shorten_for_console(e.text, text_shown));
    if (e.incomplete) text += " (parts missing)";
    if (!e.reply_skipped.empty()) text += fmt::format(" (no reply: {})", e.reply_skipped);
    return {message_level(e), LogCategory::parse, std::move(text)};
}

ConsoleLine reply_line(const ReplyEvent& e) {
    if (e.sent) {
        std::string ref = e.message_reference >= 0 ? fmt::format(", network ref {}", e.message_reference) : "";
        return {LogLevel::info, LogCategory::reply,
                fmt::format("{:<6} reply {} sent ({} part{}{})", e.modem, e.reply_id, e.parts, e.parts == 1 ? "" : "s",
                            ref)};
    }
    return {e.given_up ? LogLevel::error : LogLevel::warning, LogCategory::reply,
            fmt::format("{:<6} reply {} failed: {}; {}", e.modem, e.reply_id, e.error,
                        e.given_up ? "given up" : "queued to retry")};
}

ConsoleLine modem_state_line(std::string_view modem, std::string_view state, std::string_view last_error) {
    const bool fine = state == "running" || state == "connecting" || state == "stopped";
    std::string text = fmt::format("{:<6} {}", modem, state);
    if (!last_error.empty()) text += fmt::format(": {}", last_error);
    return {fine ? LogLevel::info : LogLevel::error, LogCategory::modem, std::move(text)};
}

ConsoleLine summary_line(double messages_per_minute, const std::vector<std::string>& modem_states) {
    std::string modems;
    for (const auto& m : modem_states) modems += " " + m;
    return {LogLevel::info, LogCategory::daemon,
            fmt::format("{:.1f} messages/min; modems:{}", messages_per_minute, modems.empty() ? " none" : modems)};
}

ConsoleLine contest_line(const ContestSummary& c) {
    std::string options;
    for (std::size_t i = 0; i < c.options.size() && i < 4; ++i) {
        const OptionShare& o = c.options[i];
        if (!o.defined) continue;
        const double m = 100 * o.margin95;
        options += fmt::format(" {} {:.1f}±{:.{}f}", o.tag, 100 * o.share, m, m < 0.995 ? 2 : 1);
    }
    const double pct = c.sampled ? 100.0 * c.reported / c.sampled : 0.0;
    return {LogLevel::info, LogCategory::quickcount,
            fmt::format("{} {}/{} reported ({:.1f}%);{} call: {}", c.contest, c.reported, c.sampled, pct,
                        options.empty() ? " no estimate yet;" : options + ";", c.call)};
}

}  // namespace smsgw
