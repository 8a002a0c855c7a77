// Shape-based folding of the characters monitors type (SPEC.md section 3): lookalikes, full width, separators.
#include "parsers/char_class.hpp"

namespace smsgw {

namespace {

// The lookalikes of SPEC.md section 3, each in upper and lower case.
char cyrillic_lookalike(char32_t cp) {
    switch (cp) {
        case 0x0410: case 0x0430: return 'A';
        case 0x0412: case 0x0432: return 'B';
        case 0x0421: case 0x0441: return 'C';
        case 0x0415: case 0x0435: return 'E';
        case 0x041D: case 0x043D: return 'H';
        case 0x041A: case 0x043A: return 'K';
        case 0x041C: case 0x043C: return 'M';
        case 0x041E: case 0x043E: return 'O';
        case 0x0420: case 0x0440: return 'P';
        case 0x0422: case 0x0442: return 'T';
        case 0x0425: case 0x0445: return 'X';
        case 0x0423: case 0x0443: return 'Y';  // У у
        case 0x04AE: case 0x04AF: return 'Y';  // Kazakh Ү ү
        case 0x0406: case 0x0456: return 'I';  // Kazakh/Ukrainian І і
        case 0x0405: case 0x0455: return 'S';  // Ѕ ѕ
        case 0x0408: case 0x0458: return 'J';  // Ј ј
        default: return 0;
    }
}

}  // namespace

CharInfo classify(char32_t cp) {
    if (cp < 0x80) return kAsciiClass[cp];
    if (cp >= 0xFF01 && cp <= 0xFF5E) return kAsciiClass[cp - 0xFEE0];
    if (cp >= 0x0400 && cp <= 0x04FF) {
        if (char c = cyrillic_lookalike(cp)) return {CharClass::letter, c};
        return {};
    }
    switch (cp) {
        // spaces a phone or a copy-paste may produce; U+3000 is the full-width space
        case 0x00A0: case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
            return {CharClass::separator, ' '};
        // smart punctuation that phones substitute for the ASCII separators
        case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212:
            return {CharClass::separator, '-'};
        case 0x2026: return {CharClass::separator, '.'};
        case 0x2116: return {CharClass::separator, '#'};  // № is how Russian keyboards write '#'
        case 0x00AD: case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF:
            return {CharClass::ignorable, 0};
        default: break;
    }
    if (cp >= 0x2000 && cp <= 0x200A) return {CharClass::separator, ' '};
    return {};
}

void append_char_name(std::string& out, char32_t cp) {
    const bool showable = (cp > 0x20 && cp < 0x7F) || (cp >= 0xA1 && cp <= 0x2FF && cp != 0xAD) ||
                          (cp >= 0x370 && cp <= 0x52F);
    if (showable) {
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else {  // two-byte UTF-8 covers everything up to U+07FF
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
        return;
    }
    static constexpr char hex[] = "0123456789ABCDEF";
    out += "U+";
    int digits = cp > 0xFFFF ? (cp > 0xFFFFF ? 6 : 5) : 4;
    for (int d = digits - 1; d >= 0; --d) out += hex[(cp >> (4 * d)) & 0xF];
}

}  // namespace smsgw
