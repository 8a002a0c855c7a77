// Reading one field value from its digits by field kind, and writing it back canonically.
#pragma once

#include "codebooks/codebook.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace smsgw {

struct ValueRead {
    bool ok = false;
    std::int64_t value = 0;
    std::string_view problem;  // why not, short and human-readable, when !ok
    std::string_view reason = {};  // the same as an IssueFacts::reason id
};

// `digits` holds ASCII digits only (digit-like letters already folded), at least one.
// count: the number (leading zeros allowed, more than 18 significant digits refused);
// yesno: 1 or 2; choice: exactly one digit; multi: distinct digits sorted ascending (D531 -> 135,
// a repeated digit counted once, a 0 among other digits refused since it would vanish);
// time: HHMM or HMM, 00:00-23:59 (0730 -> 730). Ranges and choice lists are the validator's.
ValueRead read_value(FieldKind kind, std::string_view digits);

// A yesno value typed as a letter: Y -> 1, N -> 2.
ValueRead read_yes_no(char letter);

// The canonical text of a value: time as four digits (0730), everything else as the number.
void append_value(std::string& out, FieldKind kind, std::int64_t value);

}  // namespace smsgw
