// SMS text sizing: the GSM-7 default alphabet (3GPP TS 23.038) versus UCS-2, lengths and part counts.
#pragma once

#include "codebooks/utf8.hpp"  // invalid bytes decode one at a time, valid = false

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace smsgw {

// Septets a code point takes in GSM-7: 1 for the default alphabet, 2 for the extension table
// (form feed ^ { } \ [ ~ ] | €, sent as ESC + char), 0 when it is not representable.
// Exactly the standard table: 'Ç' is GSM (0x09) but 'ç' is not, '`' is not, Greek capitals that
// look Latin (Α Β Ε ...) are not, Cyrillic never is.
int gsm7_septets(char32_t cp) noexcept;

// Whole strings. Each invalid UTF-8 byte counts as a U+FFFD: not GSM-7, one UCS-2 unit.
bool is_gsm7(std::string_view utf8) noexcept;
std::optional<std::size_t> gsm7_length(std::string_view utf8) noexcept;  // septets, or none
std::size_t ucs2_length(std::string_view utf8) noexcept;  // UTF-16 units: outside the BMP counts 2

enum class SmsCoding : std::uint8_t { gsm7, ucs2 };

inline constexpr std::size_t gsm7_single_limit = 160;
inline constexpr std::size_t gsm7_part_limit = 153;   // concatenated: 6-byte UDH takes 7 septets
inline constexpr std::size_t ucs2_single_limit = 70;
inline constexpr std::size_t ucs2_part_limit = 67;

struct SmsSize {
    SmsCoding coding = SmsCoding::gsm7;
    std::size_t units = 0;  // septets (gsm7) or UTF-16 code units (ucs2)
    std::size_t parts = 1;  // an empty text is still one SMS
    bool fits_one() const noexcept { return parts == 1; }
};

// How a text would be sent: GSM-7 when every character is in the alphabet, else UCS-2 (what
// libgammu's SMS_ConcatenatedAutoTextLong decides). Parts are counted the way encoders pack them:
// an ESC pair or a UTF-16 surrogate pair is never split across two parts, so a long text can need
// one part more than units / 153 suggests.
SmsSize sms_size(std::string_view utf8) noexcept;

// Part count from a unit count alone (no split-pair adjustment).
std::size_t sms_parts(SmsCoding coding, std::size_t units) noexcept;

}  // namespace smsgw
