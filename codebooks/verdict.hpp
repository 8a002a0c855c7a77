// The outcome of checking a parsed report against the codebook and its sender.
#pragma once

#include "codebooks/codebook.hpp"
#include "codebooks/report.hpp"

#include <optional>
#include <string>
#include <vector>

namespace smsgw {

enum class Status : std::uint8_t { accepted, warning, rejected };
std::string_view to_string(Status);

// Who sent the message. `any_station` is the parse-mode stand-in for "authorized everywhere".
struct Sender {
    std::string raw;                    // as received ("+77011234567", "8701...", "Beeline")
    std::optional<std::string> e164;    // normalized, when it is a phone number
    bool any_station = false;
};

struct Verdict {
    Status status = Status::rejected;
    std::vector<Issue> errors;    // parser's and validator's, most useful first (error_rank)
    std::vector<Issue> warnings;
    const Form* form = nullptr;        // null when the form is unknown
    const Station* station = nullptr;  // null when the station is unknown
    const Monitor* monitor = nullptr;  // null for unregistered senders (and parse mode)
};

}  // namespace smsgw
