// Strict UTF-8, one code point at a time: the one decoder and encoder of parsers, replies, modems and outputs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace smsgw {

// One decoded code point. An invalid sequence yields valid = false and len = 1, so the caller
// resynchronises on the next byte and never reads past the end.
struct Utf8Char {
    char32_t cp = 0;
    std::uint8_t len = 1;
    bool valid = false;
};

Utf8Char decode_utf8(std::string_view s, std::size_t i);

// Appends code point `cp` (at most U+10FFFF, not a surrogate) as UTF-8.
void append_utf8(std::string& out, char32_t cp);

}  // namespace smsgw
