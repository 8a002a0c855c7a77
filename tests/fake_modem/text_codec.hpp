// Text conversions for the fake modem's PDU codec: UTF-8, UCS-2 (UTF-16BE) and the GSM 03.38 alphabet.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace fake_modem {

// Invalid UTF-8 becomes U+FFFD, so script typos show up in the decoded text instead of aborting.
std::u32string utf8_to_u32(std::string_view text);
std::string u32_to_utf8(std::u32string_view text);

// GSM-7 septets (an extension character is two septets: 0x1B, code). nullopt if a character has no
// GSM-7 form.
std::optional<std::vector<std::uint8_t>> to_gsm7(std::u32string_view text);
std::u32string from_gsm7(std::span<const std::uint8_t> septets);
// Septets one character needs in GSM-7: 1, 2 (extension table) or 0 (not representable).
int gsm7_cost(char32_t c);

// UTF-16BE; characters beyond the BMP become surrogate pairs.
std::vector<std::uint8_t> to_ucs2(std::u32string_view text);
std::u32string from_ucs2(std::span<const std::uint8_t> bytes);

// Septets live in a little-endian bit stream; septet i starts at bit 7 * (first_septet + i), which is
// how the fill bits after a user data header come about.
void pack7(std::span<const std::uint8_t> septets, std::size_t first_septet, std::vector<std::uint8_t>& out);
std::vector<std::uint8_t> unpack7(std::span<const std::uint8_t> octets, std::size_t first_septet,
                                  std::size_t count);

std::string to_hex(std::span<const std::uint8_t> bytes);
std::optional<std::vector<std::uint8_t>> from_hex(std::string_view hex);

}  // namespace fake_modem
