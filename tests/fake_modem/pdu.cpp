// SMS-DELIVER encoder and SMS-SUBMIT decoder: the octet layouts of 3GPP TS 23.040 section 9.2.
#include "pdu.hpp"

#include "text_codec.hpp"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <stdexcept>

namespace fake_modem {
namespace {

using Bytes = std::vector<std::uint8_t>;

int digit_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c == '*') return 0xA;
    if (c == '#') return 0xB;
    return -1;
}

bool is_dialable(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (digit_value(c) < 0) return false;
    return true;
}

void put_bcd(Bytes& out, std::string_view digits) {
    for (std::size_t i = 0; i < digits.size(); i += 2) {
        int lo = digit_value(digits[i]);
        int hi = i + 1 < digits.size() ? digit_value(digits[i + 1]) : 0xF;
        out.push_back(static_cast<std::uint8_t>(hi << 4 | lo));
    }
}

std::string get_bcd(const std::uint8_t* p, std::size_t digits) {
    static constexpr char kChars[] = "0123456789*#abc?";
    std::string out;
    for (std::size_t i = 0; i < digits; ++i) {
        int nib = (i % 2 == 0) ? p[i / 2] & 0xF : p[i / 2] >> 4;
        if (nib == 0xF) break;
        out.push_back(kChars[nib]);
    }
    return out;
}

// Originating address: the length octet counts semi-octets (digits), not octets.
void put_originator(Bytes& out, const std::string& sender) {
    std::string_view s = sender;
    if (!s.empty() && s[0] == '+' && is_dialable(s.substr(1))) {
        out.push_back(static_cast<std::uint8_t>(s.size() - 1));
        out.push_back(0x91);
        put_bcd(out, s.substr(1));
    } else if (is_dialable(s)) {
        out.push_back(static_cast<std::uint8_t>(s.size()));
        out.push_back(0x81);
        put_bcd(out, s);
    } else {
        auto septets = to_gsm7(utf8_to_u32(s));
        if (!septets || septets->empty() || septets->size() > 11)
            throw std::invalid_argument("alphanumeric sender must be 1..11 GSM-7 characters: " + sender);
        Bytes packed;
        pack7(*septets, 0, packed);
        out.push_back(static_cast<std::uint8_t>((septets->size() * 7 + 3) / 4));
        out.push_back(0xD0);
        out.insert(out.end(), packed.begin(), packed.end());
    }
}

// SMSC address: the length octet counts octets (type octet included).
void put_smsc(Bytes& out, const std::string& smsc) {
    if (smsc.empty()) {
        out.push_back(0);
        return;
    }
    bool intl = smsc[0] == '+';
    std::string_view digits = std::string_view(smsc).substr(intl ? 1 : 0);
    if (!is_dialable(digits)) throw std::invalid_argument("bad SMSC number: " + smsc);
    out.push_back(static_cast<std::uint8_t>(1 + (digits.size() + 1) / 2));
    out.push_back(intl ? 0x91 : 0x81);
    put_bcd(out, digits);
}

std::string decode_address(std::uint8_t toa, const std::uint8_t* p, std::size_t semi_octets) {
    if (((toa >> 4) & 7) == 5) {  // alphanumeric, GSM-7 packed
        std::size_t septets = semi_octets * 4 / 7;
        auto s = unpack7(std::span<const std::uint8_t>(p, (semi_octets + 1) / 2), 0, septets);
        return u32_to_utf8(from_gsm7(s));
    }
    std::string digits = get_bcd(p, semi_octets);
    return (((toa >> 4) & 7) == 1 ? "+" : "") + digits;
}

std::uint8_t swapped_bcd(int v) { return static_cast<std::uint8_t>((v % 10) << 4 | (v / 10) % 10); }

void put_timestamp(Bytes& out, const Timestamp& t) {
    for (int v : {t.year % 100, t.month, t.day, t.hour, t.minute, t.second}) out.push_back(swapped_bcd(v));
    std::uint8_t tz = swapped_bcd(std::abs(t.tz_minutes) / 15);
    if (t.tz_minutes < 0) tz |= 0x08;
    out.push_back(tz);
}

Bytes concat_header(const Concat& c) {
    if (c.ref16)
        return {0x06, 0x08, 0x04, static_cast<std::uint8_t>(c.ref >> 8), static_cast<std::uint8_t>(c.ref & 0xFF),
                static_cast<std::uint8_t>(c.total), static_cast<std::uint8_t>(c.seq)};
    return {0x05, 0x00, 0x03, static_cast<std::uint8_t>(c.ref & 0xFF), static_cast<std::uint8_t>(c.total),
            static_cast<std::uint8_t>(c.seq)};
}

std::optional<Concat> parse_concat(const Bytes& udh) {
    std::size_t i = 1;
    while (i + 1 < udh.size()) {
        std::uint8_t iei = udh[i], len = udh[i + 1];
        if (i + 2 + len > udh.size()) break;
        const std::uint8_t* v = &udh[i + 2];
        if (iei == 0x00 && len == 3) return Concat{v[0], v[1], v[2], false};
        if (iei == 0x08 && len == 4) return Concat{v[0] << 8 | v[1], v[2], v[3], true};
        i += 2 + len;
    }
    return std::nullopt;
}

Coding coding_from_dcs(int dcs) {
    int group = dcs >> 4;
    if (group <= 7) {  // general data coding, possibly with auto-deletion
        if (dcs & 0x20) return Coding::eight_bit;  // compressed: treat as opaque
        switch ((dcs >> 2) & 3) {
            case 1: return Coding::eight_bit;
            case 2: return Coding::ucs2;
            default: return Coding::gsm7;
        }
    }
    if (group == 0xE) return Coding::ucs2;
    if (group == 0xF) return (dcs & 0x04) ? Coding::eight_bit : Coding::gsm7;
    return Coding::gsm7;  // message waiting groups C and D
}

}  // namespace

const char* coding_name(Coding c) {
    switch (c) {
        case Coding::gsm7: return "gsm7";
        case Coding::ucs2: return "ucs2";
        case Coding::eight_bit: return "8bit";
    }
    return "?";
}

Timestamp timestamp_now() {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    return Timestamp{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                     static_cast<int>(tm.tm_gmtoff / 60 / 15 * 15)};
}

std::optional<Timestamp> parse_timestamp(std::string_view text) {
    std::string s(text);
    Timestamp t;
    int consumed = 0;
    if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &t.year, &t.month, &t.day, &t.hour, &t.minute,
                    &t.second, &consumed) != 6)
        return std::nullopt;
    std::string_view rest = text.substr(static_cast<std::size_t>(consumed));
    if (rest.empty() || rest == "Z") return t;
    int hh = 0, mm = 0;
    if ((rest[0] != '+' && rest[0] != '-') ||
        std::sscanf(std::string(rest.substr(1)).c_str(), "%2d:%2d", &hh, &mm) < 1)
        return std::nullopt;
    t.tz_minutes = (rest[0] == '-' ? -1 : 1) * (hh * 60 + mm);
    return t;
}

std::string encode_deliver(const DeliverSpec& spec) {
    Bytes out;
    put_smsc(out, spec.smsc);
    out.push_back(spec.concat ? 0x44 : 0x04);  // SMS-DELIVER, no more messages waiting, UDHI
    put_originator(out, spec.sender);
    out.push_back(0x00);  // PID: plain SMS
    out.push_back(spec.coding == Coding::ucs2 ? 0x08 : 0x00);
    put_timestamp(out, spec.time);

    Bytes ud = spec.concat ? concat_header(*spec.concat) : Bytes{};
    int udl = 0;
    if (spec.coding == Coding::gsm7) {
        auto septets = to_gsm7(spec.text);
        if (!septets) throw std::invalid_argument("text has characters outside the GSM-7 alphabet");
        std::size_t first = (ud.size() * 8 + 6) / 7;  // fill bits up to the next septet boundary
        udl = static_cast<int>(first + septets->size());
        if (udl > 160) throw std::invalid_argument("text too long for one GSM-7 message");
        pack7(*septets, first, ud);
    } else if (spec.coding == Coding::ucs2) {
        Bytes body = to_ucs2(spec.text);
        ud.insert(ud.end(), body.begin(), body.end());
        udl = static_cast<int>(ud.size());
        if (udl > 140) throw std::invalid_argument("text too long for one UCS-2 message");
    } else {
        throw std::invalid_argument("8-bit deliveries are not supported");
    }
    out.push_back(static_cast<std::uint8_t>(udl));
    out.insert(out.end(), ud.begin(), ud.end());
    return to_hex(out);
}

int tpdu_length(std::string_view pdu_hex) {
    auto bytes = from_hex(pdu_hex);
    if (!bytes || bytes->empty()) return 0;
    return static_cast<int>(bytes->size()) - 1 - (*bytes)[0];
}

Coding choose_coding(std::u32string_view text) {
    for (char32_t c : text)
        if (gsm7_cost(c) == 0) return Coding::ucs2;
    return Coding::gsm7;
}

std::vector<std::u32string> split_text(std::u32string_view text, Coding coding, int per_part, bool concatenated) {
    auto cost = [&](char32_t c) { return coding == Coding::gsm7 ? gsm7_cost(c) : (c >= 0x10000 ? 2 : 1); };
    const int single_max = coding == Coding::gsm7 ? 160 : 70;
    const int part_max = coding == Coding::gsm7 ? 153 : 67;  // room left by the 6-octet header
    int total = 0;
    for (char32_t c : text) total += cost(c);
    if (!concatenated && per_part <= 0 && total <= single_max) return {std::u32string(text)};

    std::vector<std::u32string> parts(1);
    int used = 0, chars = 0;
    for (char32_t c : text) {
        int k = cost(c);
        if (used + k > part_max || (per_part > 0 && chars == per_part)) {
            parts.emplace_back();
            used = chars = 0;
        }
        parts.back().push_back(c);
        used += k;
        ++chars;
    }
    return parts;
}

SubmitResult decode_submit(std::string_view pdu_hex) {
    auto raw = from_hex(pdu_hex);
    if (!raw || raw->empty()) return {std::nullopt, "PDU is not hex"};
    const Bytes& b = *raw;
    Submit s;
    std::size_t pos = 0;
    auto need = [&](std::size_t n) { return pos + n <= b.size(); };

    std::size_t smsc_len = b[pos++];
    if (!need(smsc_len)) return {std::nullopt, "truncated SMSC field"};
    if (smsc_len > 0) s.smsc = decode_address(b[pos], &b[pos + 1], (smsc_len - 1) * 2);
    pos += smsc_len;
    s.tpdu_length = static_cast<int>(b.size() - pos);

    if (!need(3)) return {std::nullopt, "truncated header"};
    s.first_octet = b[pos++];
    if ((s.first_octet & 3) != 1) return {std::nullopt, "not an SMS-SUBMIT (TP-MTI != 01)"};
    int vpf = (s.first_octet >> 3) & 3;
    s.status_report = s.first_octet & 0x20;
    bool udhi = s.first_octet & 0x40;
    s.message_ref = b[pos++];
    std::size_t digits = b[pos++];
    if (!need(1 + (digits + 1) / 2)) return {std::nullopt, "truncated destination address"};
    std::uint8_t toa = b[pos++];
    s.to = decode_address(toa, &b[pos], digits);
    pos += (digits + 1) / 2;

    if (!need(2)) return {std::nullopt, "truncated PID/DCS"};
    s.pid = b[pos++];
    s.dcs = b[pos++];
    s.coding = coding_from_dcs(s.dcs);
    if (vpf == 2) {
        if (!need(1)) return {std::nullopt, "truncated validity period"};
        s.validity = b[pos++];
    } else if (vpf != 0) {
        pos += 7;  // enhanced or absolute format: skipped
    }
    if (!need(1)) return {std::nullopt, "missing TP-UDL"};
    std::size_t udl = b[pos++];
    std::size_t ud_octets = s.coding == Coding::gsm7 ? (udl * 7 + 7) / 8 : udl;
    if (pos + ud_octets != b.size())
        return {std::nullopt, "TP-UDL says " + std::to_string(ud_octets) + " octets of user data, PDU has " +
                                  std::to_string(b.size() - std::min(pos, b.size()))};
    Bytes ud(b.begin() + static_cast<std::ptrdiff_t>(pos), b.end());

    std::size_t header = 0;
    if (udhi) {
        if (ud.empty() || ud[0] + 1u > ud.size()) return {std::nullopt, "bad user data header length"};
        header = ud[0] + 1u;
        s.udh.assign(ud.begin(), ud.begin() + static_cast<std::ptrdiff_t>(header));
        s.concat = parse_concat(s.udh);
    }
    if (s.coding == Coding::gsm7) {
        std::size_t first = (header * 8 + 6) / 7;
        if (first > udl) return {std::nullopt, "user data header longer than TP-UDL"};
        s.text = u32_to_utf8(from_gsm7(unpack7(ud, first, udl - first)));
    } else {
        std::span<const std::uint8_t> body(ud.data() + header, ud.size() - header);
        s.text = s.coding == Coding::ucs2 ? u32_to_utf8(from_ucs2(body)) : to_hex(body);
    }
    return {s, ""};
}

}  // namespace fake_modem
