// Formats the console's event lines; pure functions, so golden tests pin every outcome's line.
#include "daemon/console/console_lines.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace smsgw {

namespace {

// The SMS text gets what is left of the console's width, but never fewer characters than this.
constexpr std::size_t text_shown_at_least = 10;

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
    // "conflict CONFLICT", "unregistered UNREGISTERED_SENDER": the code says nothing the word does not.
    std::string word_upper(outcome);
    for (char& ch : word_upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (!e.code.empty() && e.code.rfind(word_upper, 0) != 0) outcome += fmt::format(" {}", e.code);
    std::string suffix;
    if (e.incomplete) suffix += " (parts missing)";
    if (!e.reply_skipped.empty()) suffix += fmt::format(" (no reply: {})", e.reply_skipped);
    std::string head = fmt::format("{:<6} {:<17} {:<5} {:<12} ", e.modem, outcome, e.reference, e.sender);
    // Why there was no reply is said whole; the SMS text gets what is left of the width (at least
    // text_shown_at_least characters, shortened with "…"): the full text is in the database.
    const std::size_t used = console_prefix_width + console_length(head) + 2 + console_length(suffix);
    const std::size_t room = used < console_width ? console_width - used : 0;
    head += '"';
    head += shorten_for_console(e.text, std::max(room, text_shown_at_least));
    head += '"';
    head += suffix;
    return {message_level(e), LogCategory::parse, head};
}

ConsoleLine reply_line(const ReplyEvent& e) {
    if (e.sent) {
        std::string ref = e.message_reference >= 0 ? fmt::format(", network ref {}", e.message_reference) : "";
        // One line per reply would be half the log: sent replies are counted in the summary instead.
        return {LogLevel::debug, LogCategory::reply,
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

ConsoleLine summary_line(double messages_per_minute, double replies_per_minute,
                         const std::vector<ModemStateName>& modems) {
    std::size_t running = 0;
    std::string others;
    for (const auto& m : modems) {
        if (m.state == "running") ++running;
        else others += fmt::format("; {} {}", m.name, m.state);
    }
    return {LogLevel::notice, LogCategory::daemon,
            fmt::format("{:.1f} SMS/min in, {:.1f} replies/min out; modems {}/{} running{}", messages_per_minute,
                        replies_per_minute, running, modems.size(), others)};
}

ConsoleLine contest_line(const ContestSummary& c) {
    const double pct = c.sampled ? 100.0 * c.reported / c.sampled : 0.0;
    std::string text = fmt::format("{} {}/{} ({:.1f}%) {}:", c.contest, c.reported, c.sampled, pct, c.call);
    std::size_t shown = 0;
    for (const OptionShare& o : c.options) {
        if (!o.defined) continue;
        const double m = 100 * o.margin95;
        const std::string option = fmt::format(" {} {:.1f}±{:.{}f}", o.tag, 100 * o.share, m, m < 0.995 ? 2 : 1);
        if (shown >= 2 && console_prefix_width + console_length(text) + console_length(option) > console_width) break;
        text += option;
        ++shown;
    }
    if (shown == 0) text += " no estimate yet";
    return {LogLevel::notice, LogCategory::quickcount, std::move(text)};
}

}  // namespace smsgw
