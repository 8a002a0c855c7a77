// The stable error and warning codes of SPEC.md section 3, shared by parser, validator, replies and JSON.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace smsgw {

enum class Code : std::uint8_t {
    // errors
    EMPTY,
    UNKNOWN_FORM,
    BAD_STATION,
    UNKNOWN_STATION,
    UNKNOWN_TAG,
    DUPLICATE_TAG,
    MISSING_VALUE,
    BAD_VALUE,
    OUT_OF_RANGE,
    MISSING_TAGS,
    CHECK_FAILED,
    UNKNOWN_CHAR,
    UNREGISTERED_SENDER,
    NOT_ASSIGNED,
    DUPLICATE,
    CONFLICT,
    // warnings
    CHECK_WARNING,
    PARTIAL,
};

inline constexpr std::string_view code_names[] = {
    "EMPTY", "UNKNOWN_FORM", "BAD_STATION", "UNKNOWN_STATION", "UNKNOWN_TAG", "DUPLICATE_TAG",
    "MISSING_VALUE", "BAD_VALUE", "OUT_OF_RANGE", "MISSING_TAGS", "CHECK_FAILED", "UNKNOWN_CHAR",
    "UNREGISTERED_SENDER", "NOT_ASSIGNED", "DUPLICATE", "CONFLICT", "CHECK_WARNING", "PARTIAL",
};

constexpr std::string_view to_string(Code c) { return code_names[static_cast<std::size_t>(c)]; }

constexpr std::optional<Code> code_from_string(std::string_view s) {
    for (std::size_t i = 0; i < std::size(code_names); ++i)
        if (code_names[i] == s) return static_cast<Code>(i);
    return std::nullopt;
}

// IssueFacts::reason: what kind of problem an issue is within its code, so a reply template can
// say it in the monitor's language ([replies.LANG.reasons] in FORMAT.md). Stable, like the codes.
inline constexpr std::string_view reason_names[] = {
    "too_long",         // BAD_VALUE: the message is too long to read
    "comment_only",     // EMPTY: nothing before the '@'
    "form_missing",     // UNKNOWN_FORM: the message starts with the station (value = first digits)
    "form_digit",       // UNKNOWN_FORM: a digit typed where the form letter goes (value = it)
    "station_missing",  // BAD_STATION: no station code (width)
    "station_width",    // BAD_STATION: wrong number of digits (value, width)
    "station_split",    // BAD_STATION: the code's digits split by separators (value "01 234")
    "no_tag",           // BAD_VALUE: digits with no item letter before them (value)
    "split",            // BAD_VALUE: a value's digits split (tag, value "3 12")
    "letters",          // BAD_VALUE: letters where the value of a tag goes (tag, value)
    "time",             // BAD_VALUE: not a time HHMM (tag, value)
    "yesno",            // BAD_VALUE / OUT_OF_RANGE: yes/no is 1, 2, Y or N (tag, value)
    "one_digit",        // BAD_VALUE: a choice is one digit (tag, value)
    "multi_zero",       // BAD_VALUE: 0 among the digits of a multi answer (tag, value)
    "too_many_digits",  // BAD_VALUE: a number too long (tag, value)
    "incident_letters", // BAD_VALUE: letters in an incident form (value)
    "incident_unknown", // UNKNOWN_TAG: an incident code the form does not list (value)
    "incident_missing", // MISSING_TAGS: an incident form without any code
    "not_candidate",    // UNKNOWN_TAG: not a candidate in the station's district (tag, district)
    "max",              // OUT_OF_RANGE: above max (tag, value, max)
    "min",              // OUT_OF_RANGE: below min (tag, value, min)
    "choices",          // OUT_OF_RANGE: not a listed choice (tag, value, choices)
    "in_value",         // UNKNOWN_CHAR: the character sits in the value of an item (value, tag)
    "bytes",            // UNKNOWN_CHAR: bytes that are not UTF-8 (value = hex bytes)
};

constexpr bool is_reason(std::string_view s) {
    for (std::string_view r : reason_names)
        if (r == s) return true;
    return false;
}

constexpr bool is_warning(Code c) { return c == Code::CHECK_WARNING || c == Code::PARTIAL; }

}  // namespace smsgw
