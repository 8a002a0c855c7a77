// The character classes of SPEC.md section 3 (lookalike and full-width folding), over the strict UTF-8 decoder.
#pragma once

#include "codebooks/utf8.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace smsgw {


enum class CharClass : std::uint8_t {
    letter,     // ascii is the upper-case Latin letter it reads as
    digit,      // ascii is '0'..'9'
    separator,  // ascii is the separator it stands for (' ' for any space)
    ignorable,  // invisible format characters (zero-width space, BOM, soft hyphen): skipped
    unknown,    // anything else: an UNKNOWN_CHAR
};

struct CharInfo {
    CharClass cls = CharClass::unknown;
    char ascii = 0;
};

namespace detail {
constexpr std::array<CharInfo, 128> make_ascii_class() {
    std::array<CharInfo, 128> t{};
    for (char c = 'A'; c <= 'Z'; ++c) t[static_cast<unsigned char>(c)] = {CharClass::letter, c};
    for (char c = 'a'; c <= 'z'; ++c) t[static_cast<unsigned char>(c)] = {CharClass::letter, static_cast<char>(c - 'a' + 'A')};
    for (char c = '0'; c <= '9'; ++c) t[static_cast<unsigned char>(c)] = {CharClass::digit, c};
    for (char c : {' ', '\t', '\n', '\v', '\f', '\r'}) t[static_cast<unsigned char>(c)] = {CharClass::separator, ' '};
    for (char c : {',', ';', ':', '.', '=', '#', '*', '-', '_', '/', '+'})
        t[static_cast<unsigned char>(c)] = {CharClass::separator, c};
    return t;
}
}  // namespace detail

// classify() for ASCII, as a table the normalizer's hot loop reads directly.
inline constexpr std::array<CharInfo, 128> kAsciiClass = detail::make_ascii_class();

// Folds by shape, never phonetically: Cyrillic/Kazakh lookalikes to Latin, full-width forms
// (U+FF01..U+FF5E) to ASCII, lower to upper case.
CharInfo classify(char32_t cp);

// True for the letters that stand for digits where the grammar expects digits (O->0, I/L->1).
constexpr bool is_digit_like(char c) { return c == 'O' || c == 'I' || c == 'L'; }
constexpr char as_digit(char c) { return c == 'O' ? '0' : (c == 'I' || c == 'L') ? '1' : c; }

// How a character is named in an error detail: itself when a phone can show it (Latin, Greek,
// Cyrillic letters, ASCII punctuation), otherwise "U+XXXX".
void append_char_name(std::string& out, char32_t cp);

}  // namespace smsgw
