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

constexpr bool is_warning(Code c) { return c == Code::CHECK_WARNING || c == Code::PARTIAL; }

}  // namespace smsgw
