// A parsed message: what the parser understood, before validation against stations and senders.
#pragma once

#include "parsers/codes.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace smsgw {

// One problem found in a message. `token` is the 0-based index of the offending token in the
// normalized message (-1 when it concerns the whole message), `text` the offending text as typed.
struct Issue {
    Code code = Code::EMPTY;
    std::string detail;  // precise and human-readable, names the offending text
    int token = -1;
    std::string text;
};

// Values are integers: count as is, yesno 1|2 (Y->1, N->2), choice the digit, multi the digits
// sorted ascending as one number (C531 -> 135), time HHMM as a number (0730 -> 730).
struct TagValue {
    std::string tag;
    std::int64_t value = 0;
    int token = -1;
};

struct Report {
    std::string form;       // upper-case form code, empty if none was recognised
    std::string station;    // station code digits as understood (after O->0, I/L->1 folding)
    std::vector<TagValue> values;  // in message order
    std::vector<int> incidents;    // incident forms: codes in message order
    std::string comment;           // text after the first '@', verbatim (trimmed)
    bool has_comment = false;
    std::string normalized;        // canonical text, e.g. "R 01234 A312 B148"; equal for equal reports
    std::vector<Issue> errors;
    std::vector<Issue> warnings;
};

}  // namespace smsgw
