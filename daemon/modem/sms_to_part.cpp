// Converts one SMS as libgammu decoded it into the part smsgw stores: pure, no I/O, no libgammu calls.
#include "daemon/modem/sms_to_part.hpp"

#include "codebooks/utf8.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

namespace smsgw {

namespace {

// Only a date libgammu validated (it zeroes Year otherwise); the range checks keep a struct that
// libgammu did not fill from turning into "2024-99-..." in the idempotency key.
std::string format_time(const GSM_DateTime& t) {
    if (t.Year < 1 || t.Year > 9999 || t.Month < 1 || t.Month > 12 || t.Day < 1 || t.Day > 31 || t.Hour < 0 ||
        t.Hour > 23 || t.Minute < 0 || t.Minute > 59 || t.Second < 0 || t.Second > 59)
        return {};
    int tz = t.Timezone;  // seconds east of UTC; the PDU allows at most +-19:45
    if (tz <= -24 * 3600 || tz >= 24 * 3600) return {};
    const char sign = tz < 0 ? '-' : '+';
    tz = tz < 0 ? -tz : tz;
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}", t.Year, t.Month, t.Day, t.Hour, t.Minute,
                       t.Second, sign, tz / 3600, (tz % 3600) / 60);
}

std::string_view coding_name(GSM_Coding_Type c) {
    switch (c) {
        case SMS_Coding_Unicode_No_Compression:
        case SMS_Coding_Unicode_Compression: return "ucs2";
        case SMS_Coding_8bit: return "8bit";
        default: return "gsm7";
    }
}

struct Concat {
    int ref = -1;
    int part = 0;
    int total = 0;
};

// The first concatenation element (IEI 00: 8-bit reference, 08: 16-bit) anywhere in the header.
// libgammu only recognises a header that is nothing but that element, so a part that also carries a
// port or a national language shift would otherwise be taken for a whole message.
Concat concat_of(const GSM_UDHHeader& udh) {
    Concat c;
    if (udh.Type != UDH_NoUDH && udh.Length > 0) {
        // UDH.Length may exceed the array when libgammu copied an oversized header.
        const int len = std::min({udh.Length, static_cast<int>(sizeof udh.Text), udh.Text[0] + 1});
        for (int i = 1; i + 1 < len;) {
            const int iei = udh.Text[i], iel = udh.Text[i + 1];
            if (i + 2 + iel > len) break;
            const unsigned char* v = udh.Text + i + 2;
            if (iei == 0x00 && iel == 3) {
                c = {v[0], v[2], v[1]};
                break;
            }
            if (iei == 0x08 && iel == 4) {
                c = {v[0] << 8 | v[1], v[3], v[2]};
                break;
            }
            i += 2 + iel;
        }
    }
    if (c.ref < 0 && (udh.Type == UDH_ConcatenatedMessages || udh.Type == UDH_ConcatenatedMessages16bit)) {
        c.ref = udh.Type == UDH_ConcatenatedMessages16bit ? udh.ID16bit : udh.ID8bit;
        c.part = udh.PartNumber;
        c.total = udh.AllParts;
    }
    // Each value is one octet in the header (two for a 16-bit reference): anything else did not
    // come from one, and a "message" of one part is just a message.
    if (c.ref < 0 || c.ref > 0xFFFF || c.total < 2 || c.total > 255 || c.part < 0 || c.part > 255) return {};
    return c;
}

// How many units of `m.Text` hold the UCS-2 message: its Length characters, read through the
// doubled '~' of the PDU decoder (a "~~" is one character of the PDU; an odd '~' was a U+0001).
// Bounded by the array: Length may be anything in a buffer libgammu gave up on.
std::size_t text_units(const GSM_SMSMessage& m, TextDecoder decoder) {
    const std::size_t max_units = sizeof m.Text / 2;
    const std::size_t chars = static_cast<std::size_t>(std::clamp(m.Length, 0, static_cast<int>(max_units)));
    if (decoder == TextDecoder::backup_file) return chars;
    auto tilde = [&](std::size_t i) { return i < max_units && m.Text[2 * i] == 0 && m.Text[2 * i + 1] == '~'; };
    std::size_t i = 0;
    for (std::size_t c = 0; c < chars && i < max_units; ++c) i += tilde(i) && tilde(i + 1) ? 2 : 1;
    return i;
}

}  // namespace

std::string ucs2_to_utf8(const unsigned char* ucs2, std::size_t max_units) {
    std::size_t n = 0;
    while (n < max_units && (ucs2[2 * n] || ucs2[2 * n + 1])) ++n;
    return ucs2_text_to_utf8(ucs2, n);
}

std::string ucs2_text_to_utf8(const unsigned char* ucs2, std::size_t units) {
    std::string out;
    for (std::size_t i = 0; i < units; ++i) {
        std::uint32_t u = static_cast<std::uint32_t>(ucs2[2 * i] << 8 | ucs2[2 * i + 1]);
        if (u == 0) u = ' ';
        if (u >= 0xD800 && u <= 0xDBFF && i + 1 < units) {
            const std::uint32_t low = static_cast<std::uint32_t>(ucs2[2 * i + 2] << 8 | ucs2[2 * i + 3]);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                append_utf8(out, 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00));
                ++i;
                continue;
            }
        }
        if (u >= 0xD800 && u <= 0xDFFF) u = 0xFFFD;
        append_utf8(out, u);
    }
    return out;
}

ReceivedPart sms_to_part(const GSM_SMSMessage& m, std::string_view modem, std::string_view imei,
                         SystemTime received_at, TextDecoder decoder) {
    ReceivedPart p;
    p.modem = modem;
    p.imei = imei;
    p.location = m.Location;
    // Bounded by the arrays, not the terminator: a UDH longer than UDH.Text makes libgammu 1.42
    // write past it into Number.
    p.sender = ucs2_to_utf8(m.Number, sizeof m.Number / 2);
    p.smsc_time = format_time(m.DateTime);
    p.received_at = received_at;
    p.coding = coding_name(m.Coding);
    if (m.Coding == SMS_Coding_8bit) {
        const int n = std::clamp(m.Length, 0, static_cast<int>(sizeof m.Text));
        static constexpr char hex[] = "0123456789ABCDEF";
        p.text.reserve(static_cast<std::size_t>(n) * 2);
        for (int k = 0; k < n; ++k) {
            p.text += hex[m.Text[k] >> 4];
            p.text += hex[m.Text[k] & 0xF];
        }
    } else if (m.Coding == SMS_Coding_Unicode_No_Compression || decoder == TextDecoder::backup_file) {
        p.text = ucs2_text_to_utf8(m.Text, text_units(m, decoder));
    } else {
        // A GSM-7 PDU decodes to no U+0000 (its 0x00 is '@'), and its Length counts septets, not
        // characters: the terminator ends it.
        p.text = ucs2_to_utf8(m.Text, sizeof m.Text / 2);
    }
    if (const Concat c = concat_of(m.UDH); c.ref >= 0) {
        p.concat_ref = c.ref;
        p.concat_part = c.part;
        p.concat_total = c.total;
    }
    return p;
}

}  // namespace smsgw
