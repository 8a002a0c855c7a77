// GSM-7 alphabet tables (3GPP TS 23.038 section 6.2.1 and its default extension table) and SMS sizing.
#include "codebooks/gsm7.hpp"

#include <array>

namespace smsgw {
namespace {

// Septets per code point for U+0000..U+00FF, built from the standard's table so that a lookup
// on the hot path is one array index.
constexpr std::array<std::uint8_t, 256> make_latin_table() {
    std::array<std::uint8_t, 256> t{};
    // 0x20-0x3F of the GSM table coincide with ASCII (GSM 0x24 is '¤', '$' lives at GSM 0x02:
    // both are in the alphabet, so every ASCII code point here is one septet).
    for (unsigned c = 0x20; c <= 0x3F; ++c) t[c] = 1;
    for (unsigned c = 'A'; c <= 'Z'; ++c) t[c] = 1;
    for (unsigned c = 'a'; c <= 'z'; ++c) t[c] = 1;
    t['\n'] = 1;  // 0x0A
    t['\r'] = 1;  // 0x0D
    t['@'] = 1;   // 0x00
    t['_'] = 1;   // 0x11
    // ASCII characters that only exist in the extension table: ESC + one septet.
    t[0x0C] = 2;  // form feed, ESC 0x0A
    for (unsigned char c : {'^', '{', '}', '\\', '[', '~', ']', '|'}) t[c] = 2;
    // '`' (0x60) is deliberately absent: GSM 0x60 is '¿'.
    // Latin-1 supplement members of the default alphabet.
    for (unsigned c : {0xA1u, 0xA3u, 0xA4u, 0xA5u, 0xA7u, 0xBFu,    // ¡ £ ¤ ¥ § ¿
                       0xC4u, 0xC5u, 0xC6u, 0xC7u, 0xC9u, 0xD1u,    // Ä Å Æ Ç É Ñ
                       0xD6u, 0xD8u, 0xDCu, 0xDFu,                   // Ö Ø Ü ß
                       0xE0u, 0xE4u, 0xE5u, 0xE6u, 0xE8u, 0xE9u,    // à ä å æ è é
                       0xECu, 0xF1u, 0xF2u, 0xF6u, 0xF8u, 0xF9u,    // ì ñ ò ö ø ù
                       0xFCu})                                       // ü
        t[c] = 1;
    return t;
}
constexpr auto latin_table = make_latin_table();

// The ten Greek capitals that have no Latin lookalike (GSM 0x10, 0x12-0x1A).
constexpr bool is_gsm_greek(char32_t cp) {
    switch (cp) {
        case U'\u0394': case U'\u03A6': case U'\u0393': case U'\u039B': case U'\u03A9':
        case U'\u03A0': case U'\u03A8': case U'\u03A3': case U'\u0398': case U'\u039E':
            return true;
        default:
            return false;
    }
}

}  // namespace

int gsm7_septets(char32_t cp) noexcept {
    if (cp < latin_table.size()) return latin_table[cp];
    if (is_gsm_greek(cp)) return 1;
    if (cp == U'\u20AC') return 2;  // € ESC 0x65
    return 0;
}

bool is_gsm7(std::string_view utf8) noexcept { return gsm7_length(utf8).has_value(); }

std::optional<std::size_t> gsm7_length(std::string_view utf8) noexcept {
    std::size_t septets = 0;
    for (std::size_t i = 0; i < utf8.size();) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        if (c < 0x80) {  // ASCII fast path
            if (latin_table[c] == 0) return std::nullopt;
            septets += latin_table[c];
            ++i;
            continue;
        }
        const Utf8Char u = decode_utf8(utf8, i);
        const int w = u.valid ? gsm7_septets(u.cp) : 0;
        if (w == 0) return std::nullopt;
        septets += static_cast<std::size_t>(w);
        i += u.len;
    }
    return septets;
}

std::size_t ucs2_length(std::string_view utf8) noexcept {
    std::size_t units = 0;
    for (std::size_t i = 0; i < utf8.size();) {
        const Utf8Char u = decode_utf8(utf8, i);
        units += u.valid && u.cp > 0xFFFF ? 2 : 1;
        i += u.len;
    }
    return units;
}

std::size_t sms_parts(SmsCoding coding, std::size_t units) noexcept {
    const std::size_t single = coding == SmsCoding::gsm7 ? gsm7_single_limit : ucs2_single_limit;
    const std::size_t part = coding == SmsCoding::gsm7 ? gsm7_part_limit : ucs2_part_limit;
    if (units <= single) return 1;
    return (units + part - 1) / part;
}

SmsSize sms_size(std::string_view utf8) noexcept {
    SmsSize size;
    const auto gsm = gsm7_length(utf8);
    size.coding = gsm ? SmsCoding::gsm7 : SmsCoding::ucs2;
    size.units = gsm ? *gsm : ucs2_length(utf8);
    const std::size_t single = gsm ? gsm7_single_limit : ucs2_single_limit;
    if (size.units <= single) return size;
    // Pack greedily so a two-unit character (ESC pair, surrogate pair) never straddles parts.
    const std::size_t limit = gsm ? gsm7_part_limit : ucs2_part_limit;
    std::size_t parts = 1;
    std::size_t used = 0;
    for (std::size_t i = 0; i < utf8.size();) {
        const Utf8Char u = decode_utf8(utf8, i);
        const std::size_t w = gsm ? static_cast<std::size_t>(gsm7_septets(u.cp)) : (u.cp > 0xFFFF ? 2u : 1u);
        if (used + w > limit) {
            ++parts;
            used = 0;
        }
        used += w;
        i += u.len;
    }
    size.parts = parts;
    return size;
}

}  // namespace smsgw
