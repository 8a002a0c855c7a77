// The operators' console lines for each event (message outcome, reply, modem state, summary), from plain values.
#pragma once

#include "codebooks/verdict.hpp"
#include "daemon/console/logger.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace smsgw {

// One line to write: log.write(line.level, line.category, line.text).
struct ConsoleLine {
    LogLevel level = LogLevel::info;
    LogCategory category = LogCategory::daemon;
    std::string text;
};

// What became of one incoming message (the daemon fills it from the pipeline's MessageOutcome).
struct MessageEvent {
    std::string_view modem, sender, text;
    Status status = Status::rejected;
    // new | duplicate | correction | conflict | resolution | rejected | unregistered | incident | error
    std::string_view disposition;
    std::string_view code;       // first error or warning code, "" when clean
    std::string_view reference;  // "#4F2A"
    std::string_view reply_skipped;  // why no reply was queued, "" when one was
    bool incomplete = false;         // a multipart message released with parts missing
};

// "sim1   rejected MISSING_TAGS #1A07 +77010000003 \"R 01004 A1\"": modem, outcome and code in
// fixed columns so operators can scan them; the text shortened so the line fits console_width. The outcome is
// the disposition where it says more than the status (duplicate, correction, conflict, ...).
// Rejections, conflicts and unregistered senders are warnings, a message that could not be
// processed an error.
ConsoleLine message_line(const MessageEvent& e);

// A reply (or reminder, HQ summary) handed to a modem: sent (debug: the summary counts them), or
// failed and queued again or given up.
struct ReplyEvent {
    std::string_view modem;
    std::int64_t reply_id = 0;
    bool sent = false;
    int parts = 0;
    int message_reference = -1;  // the network's, -1 unknown
    std::string_view error;      // when not sent
    bool given_up = false;       // when not sent: no more attempts
};
ConsoleLine reply_line(const ReplyEvent& e);

// A modem's state changed: errors unless it is running, connecting or stopped.
ConsoleLine modem_state_line(std::string_view modem, std::string_view state, std::string_view last_error);

struct ModemStateName {
    std::string name;
    std::string state;  // "running", "backing_off", ...
};

// The periodic summary (notice, so log_level = "notice" keeps it): arrival and reply rates, how many
// modems run, and by name the ones that do not ("at1 backing_off"): short for any number of modems.
ConsoleLine summary_line(double messages_per_minute, double replies_per_minute,
                         const std::vector<ModemStateName>& modems);

// The periodic summary of one national contest (notice): progress, the call, then the options'
// shares with 95% margins as many as fit console_width (at least two).
struct OptionShare {
    std::string tag;
    bool defined = false;
    double share = 0, margin95 = 0;  // fractions
};
struct ContestSummary {
    std::string contest;
    std::uint32_t reported = 0, sampled = 0;
    std::vector<OptionShare> options;  // the first four are shown
    std::string call;                  // "run-off", "undetermined", ...
};
ConsoleLine contest_line(const ContestSummary& c);

}  // namespace smsgw
