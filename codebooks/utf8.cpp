// Strict UTF-8 decoding, one code point at a time: overlongs, surrogates and truncated sequences are invalid.
#include "codebooks/utf8.hpp"

namespace smsgw {

Utf8Char decode_utf8(std::string_view s, std::size_t i) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c0 = b(i);
    if (c0 < 0x80) return {c0, 1, true};
    const std::size_t left = s.size() - i;
    const auto cont = [&](std::size_t k) { return k < left && (b(i + k) & 0xC0) == 0x80; };
    if (c0 >= 0xC2 && c0 <= 0xDF) {
        if (!cont(1)) return {};
        return {static_cast<char32_t>(((c0 & 0x1F) << 6) | (b(i + 1) & 0x3F)), 2, true};
    }
    if (c0 >= 0xE0 && c0 <= 0xEF) {
        if (!cont(1) || !cont(2)) return {};
        const unsigned char c1 = b(i + 1);
        if (c0 == 0xE0 && c1 < 0xA0) return {};  // overlong
        if (c0 == 0xED && c1 > 0x9F) return {};  // surrogate
        return {static_cast<char32_t>(((c0 & 0x0F) << 12) | ((c1 & 0x3F) << 6) | (b(i + 2) & 0x3F)), 3, true};
    }
    if (c0 >= 0xF0 && c0 <= 0xF4) {
        if (!cont(1) || !cont(2) || !cont(3)) return {};
        const unsigned char c1 = b(i + 1);
        if (c0 == 0xF0 && c1 < 0x90) return {};  // overlong
        if (c0 == 0xF4 && c1 > 0x8F) return {};  // above U+10FFFF
        return {static_cast<char32_t>(((c0 & 0x07) << 18) | ((c1 & 0x3F) << 12) | ((b(i + 2) & 0x3F) << 6) |
                                      (b(i + 3) & 0x3F)),
                4, true};
    }
    return {};  // stray continuation byte, C0/C1 overlong lead, F5..FF
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

}  // namespace smsgw
