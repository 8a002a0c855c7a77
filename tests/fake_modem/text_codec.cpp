// GSM 03.38 tables, septet packing and UTF-8/UTF-16 conversion for the fake modem.
#include "text_codec.hpp"

#include <array>

namespace fake_modem {
namespace {

// GSM 03.38 default alphabet, indexed by septet; 0x1B is the escape to the extension table.
constexpr std::array<char32_t, 128> kBasic = {
    U'@',    U'\u00A3', U'$',      U'\u00A5', U'\u00E8', U'\u00E9', U'\u00F9', U'\u00EC',
    U'\u00F2', U'\u00C7', U'\n',     U'\u00D8', U'\u00F8', U'\r',     U'\u00C5', U'\u00E5',
    U'\u0394', U'_',      U'\u03A6', U'\u0393', U'\u039B', U'\u03A9', U'\u03A0', U'\u03A8',
    U'\u03A3', U'\u0398', U'\u039E', U'\x1B',   U'\u00C6', U'\u00E6', U'\u00DF', U'\u00C9',
    U' ',    U'!',      U'"',      U'#',      U'\u00A4', U'%',      U'&',      U'\'',
    U'(',    U')',      U'*',      U'+',      U',',      U'-',      U'.',      U'/',
    U'0',    U'1',      U'2',      U'3',      U'4',      U'5',      U'6',      U'7',
    U'8',    U'9',      U':',      U';',      U'<',      U'=',      U'>',      U'?',
    U'\u00A1', U'A',      U'B',      U'C',      U'D',      U'E',      U'F',      U'G',
    U'H',    U'I',      U'J',      U'K',      U'L',      U'M',      U'N',      U'O',
    U'P',    U'Q',      U'R',      U'S',      U'T',      U'U',      U'V',      U'W',
    U'X',    U'Y',      U'Z',      U'\u00C4', U'\u00D6', U'\u00D1', U'\u00DC', U'\u00A7',
    U'\u00BF', U'a',      U'b',      U'c',      U'd',      U'e',      U'f',      U'g',
    U'h',    U'i',      U'j',      U'k',      U'l',      U'm',      U'n',      U'o',
    U'p',    U'q',      U'r',      U's',      U't',      U'u',      U'v',      U'w',
    U'x',    U'y',      U'z',      U'\u00E4', U'\u00F6', U'\u00F1', U'\u00FC', U'\u00E0',
};

struct Ext {
    std::uint8_t code;
    char32_t ch;
};
constexpr std::array<Ext, 10> kExtension = {{{0x0A, U'\f'},
                                             {0x14, U'^'},
                                             {0x28, U'{'},
                                             {0x29, U'}'},
                                             {0x2F, U'\\'},
                                             {0x3C, U'['},
                                             {0x3D, U'~'},
                                             {0x3E, U']'},
                                             {0x40, U'|'},
                                             {0x65, U'\u20AC'}}};

int basic_code(char32_t c) {
    if (c == U'\x1B') return -1;
    for (std::size_t i = 0; i < kBasic.size(); ++i)
        if (kBasic[i] == c) return static_cast<int>(i);
    return -1;
}

int extension_code(char32_t c) {
    for (const auto& e : kExtension)
        if (e.ch == c) return e.code;
    return -1;
}

}  // namespace

std::u32string utf8_to_u32(std::string_view text) {
    std::u32string out;
    std::size_t i = 0;
    while (i < text.size()) {
        auto b = static_cast<unsigned char>(text[i]);
        int extra = b < 0x80 ? 0 : (b & 0xE0) == 0xC0 ? 1 : (b & 0xF0) == 0xE0 ? 2 : (b & 0xF8) == 0xF0 ? 3 : -1;
        bool ok = extra >= 0 && i + static_cast<std::size_t>(extra) < text.size();
        char32_t c = ok ? (extra == 0 ? b : b & (0x3F >> extra)) : 0;
        for (int k = 1; ok && k <= extra; ++k) {
            auto nb = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
            ok = (nb & 0xC0) == 0x80;
            c = (c << 6) | (nb & 0x3F);
        }
        if (!ok) {
            out.push_back(U'\uFFFD');
            ++i;
            continue;
        }
        out.push_back(c);
        i += static_cast<std::size_t>(extra) + 1;
    }
    return out;
}

std::string u32_to_utf8(std::u32string_view text) {
    std::string out;
    for (char32_t c : text) {
        if (c < 0x80) {
            out.push_back(static_cast<char>(c));
        } else if (c < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (c >> 6)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        } else if (c < 0x10000) {
            out.push_back(static_cast<char>(0xE0 | (c >> 12)));
            out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xF0 | (c >> 18)));
            out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        }
    }
    return out;
}

int gsm7_cost(char32_t c) {
    if (basic_code(c) >= 0) return 1;
    if (extension_code(c) >= 0) return 2;
    return 0;
}

std::optional<std::vector<std::uint8_t>> to_gsm7(std::u32string_view text) {
    std::vector<std::uint8_t> out;
    for (char32_t c : text) {
        if (int b = basic_code(c); b >= 0) {
            out.push_back(static_cast<std::uint8_t>(b));
        } else if (int e = extension_code(c); e >= 0) {
            out.push_back(0x1B);
            out.push_back(static_cast<std::uint8_t>(e));
        } else {
            return std::nullopt;
        }
    }
    return out;
}

std::u32string from_gsm7(std::span<const std::uint8_t> septets) {
    std::u32string out;
    for (std::size_t i = 0; i < septets.size(); ++i) {
        std::uint8_t s = septets[i] & 0x7F;
        if (s != 0x1B) {
            out.push_back(kBasic[s]);
            continue;
        }
        if (i + 1 == septets.size()) {
            out.push_back(U' ');  // 23.038: a lone escape at the end displays as a space
            break;
        }
        std::uint8_t e = septets[++i] & 0x7F;
        char32_t c = kBasic[e];  // unknown extension codes fall back to the basic character
        for (const auto& x : kExtension)
            if (x.code == e) c = x.ch;
        out.push_back(c);
    }
    return out;
}

std::vector<std::uint8_t> to_ucs2(std::u32string_view text) {
    std::vector<std::uint8_t> out;
    auto unit = [&](std::uint32_t u) {
        out.push_back(static_cast<std::uint8_t>(u >> 8));
        out.push_back(static_cast<std::uint8_t>(u & 0xFF));
    };
    for (char32_t c : text) {
        if (c >= 0x10000) {
            std::uint32_t v = c - 0x10000;
            unit(0xD800 | (v >> 10));
            unit(0xDC00 | (v & 0x3FF));
        } else {
            unit(c);
        }
    }
    return out;
}

std::u32string from_ucs2(std::span<const std::uint8_t> bytes) {
    std::u32string out;
    for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
        char32_t u = (static_cast<char32_t>(bytes[i]) << 8) | bytes[i + 1];
        if (u >= 0xD800 && u < 0xDC00 && i + 3 < bytes.size()) {
            char32_t low = (static_cast<char32_t>(bytes[i + 2]) << 8) | bytes[i + 3];
            if (low >= 0xDC00 && low < 0xE000) {
                out.push_back(0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00));
                i += 2;
                continue;
            }
        }
        out.push_back(u);
    }
    return out;
}

void pack7(std::span<const std::uint8_t> septets, std::size_t first_septet, std::vector<std::uint8_t>& out) {
    std::size_t total_bits = 7 * (first_septet + septets.size());
    out.resize(std::max(out.size(), (total_bits + 7) / 8), 0);
    for (std::size_t i = 0; i < septets.size(); ++i) {
        std::size_t bit = 7 * (first_septet + i);
        for (int b = 0; b < 7; ++b, ++bit)
            if ((septets[i] >> b) & 1) out[bit / 8] |= static_cast<std::uint8_t>(1u << (bit % 8));
    }
}

std::vector<std::uint8_t> unpack7(std::span<const std::uint8_t> octets, std::size_t first_septet,
                                  std::size_t count) {
    std::vector<std::uint8_t> out;
    for (std::size_t i = 0; i < count; ++i) {
        std::size_t bit = 7 * (first_septet + i);
        std::uint8_t s = 0;
        for (int b = 0; b < 7; ++b, ++bit) {
            if (bit / 8 >= octets.size()) return out;
            if ((octets[bit / 8] >> (bit % 8)) & 1) s |= static_cast<std::uint8_t>(1u << b);
        }
        out.push_back(s);
    }
    return out;
}

std::string to_hex(std::span<const std::uint8_t> bytes) {
    static constexpr char kDigits[] = "0123456789ABCDEF";
    std::string out;
    for (auto b : bytes) {
        out.push_back(kDigits[b >> 4]);
        out.push_back(kDigits[b & 0xF]);
    }
    return out;
}

std::optional<std::vector<std::uint8_t>> from_hex(std::string_view hex) {
    if (hex.size() % 2 != 0) return std::nullopt;
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    };
    std::vector<std::uint8_t> out;
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out.push_back(static_cast<std::uint8_t>(hi << 4 | lo));
    }
    return out;
}

}  // namespace fake_modem
