// A parsed message: what the parser understood, before validation against stations and senders.
#pragma once

#include "codebooks/codes.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace smsgw {

// The facts of an Issue that a reply template may show ({tag}, {value}, {width}, ...). `detail`
// is English for operators; replies in other languages are built from these instead, so they
// never quote English. Each is empty when it does not apply; numbers are kept as text, they are
// only ever shown. Issues are copied and sorted on every rejected message, so only the common
// facts are strings of their own; the rest share one string (get/set).
enum class Fact : std::uint8_t {
    station,   // station code concerned
    width,     // station codes: the digits expected ("5")
    min, max,  // count range
    choices,   // allowed digits, "1,2,3"
    tags,      // MISSING_TAGS: "X, T"
    district,  // candidate forms: the station's district
    check,     // CHECK_FAILED / CHECK_WARNING: the check id
    lhs, rhs,  // ... and the values of the two sides of its failed comparison
    values,    // ... and the values it used as understood from the message: "T=450" ("X=6, T=336")
    registered,  // ... and the station's registered voters, when it used them: "479"
    arithmetic,  // ... and all of its failed arithmetic, in English as the detail shows it:
                 // "A+B+X=610 but T=2500" ("... (overflow)"); only English replies quote it
};

struct IssueFacts {
    std::string_view reason;  // the kind of problem within its code: a reason_names entry (codes.hpp)
    std::string tag;          // the item's canonical tag ("A"), or the item a bad character sits in
    std::string value;        // the offending value as understood ("2515", "3 12", "HELLO"); empty for an
                              // UNKNOWN_CHAR, whose Issue::text names the character already
    std::string packed;       // the other facts as (Fact, length, bytes)...; use get/set

    std::string_view get(Fact f) const {
        for (std::size_t i = 0; i + 1 < packed.size();) {
            const auto len = static_cast<unsigned char>(packed[i + 1]);
            if (static_cast<Fact>(packed[i]) == f) return std::string_view(packed).substr(i + 2, len);
            i += 2 + len;
        }
        return {};
    }
    // Each fact is set once, at most 255 bytes of it.
    void set(Fact f, std::string_view v) {
        if (v.size() > 255) v = v.substr(0, 255);
        const char head[2] = {static_cast<char>(f), static_cast<char>(static_cast<unsigned char>(v.size()))};
        packed.append(head, 2).append(v);
    }
};

// One problem found in a message. `token` is the 0-based index of the offending token in the
// normalized message (-1 when it concerns the whole message), `text` the offending text as typed.
struct Issue {
    Code code = Code::EMPTY;
    std::string detail;  // precise and human-readable English, names the offending text
    int token = -1;
    std::string text;
    IssueFacts facts = {};
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
