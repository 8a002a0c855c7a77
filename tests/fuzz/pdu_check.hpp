// One SMS-DELIVER PDU through libgammu's decoder and smsgw's sms_to_part, with the invariants both the
// fuzz target fuzz_pdu and the deterministic test test_modem_pdu_random check.
#pragma once

#include "daemon/modem/sms_to_part.hpp"
#include "tests/fuzz/utf8_check.hpp"

#include <gammu.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>

namespace smsgw::fuzz {

// libgammu's AT driver decodes a +CMGL/+CMGR PDU line into a 300-byte stack buffer.
inline constexpr std::size_t max_pdu_bytes = 300;

enum class PduVerdict { checked, not_deliver, gammu_overflow };

namespace detail {

// Digits DecodeBCD writes for these octets: nibbles above 9 are skipped.
inline std::size_t bcd_digits(const std::uint8_t* b, std::size_t n) {
    std::size_t d = 0;
    for (std::size_t i = 0; i < n; ++i) d += ((b[i] & 0x0F) < 10) + ((b[i] >> 4) < 10);
    return d;
}

// Whether GSM_UnpackSemiOctetNumber (libgammu 1.42) would write past its 201-byte stack buffer:
// it checks the octet count against 200 but writes two digits per octet.
inline bool number_overflows(const std::uint8_t* b, std::size_t pos, std::size_t length, bool semioctet) {
    std::size_t len = b[pos];
    if (len == 0 || len > length) return false;
    if (semioctet) len = (len + 1) / 2 + 1;
    if (len > GSM_MAX_NUMBER_LENGTH || (b[pos + 1] & 0x80) == 0) return false;  // gammu stops first
    const int type = b[pos + 1] & 0x70;
    if (type == 0x50) return false;  // alphanumeric: bounded by len
    const std::size_t digits = bcd_digits(b + pos + 2, len - 1) + (type == 0x10 ? 1 : 0);
    return digits > GSM_MAX_NUMBER_LENGTH;
}

}  // namespace detail

// Walks the PDU the way GSM_DecodePDUFrame does and says whether libgammu 1.42 itself would
// overflow one of its buffers on it (so the harness does not hand it over), or whether it is not
// an SMS-DELIVER (the only kind smsgw converts). `b` must be readable well past `length`.
// `ud_at` receives the position of TP-UDL when the walk gets that far.
inline PduVerdict classify_pdu(const std::uint8_t* b, std::size_t length, std::size_t* ud_at = nullptr) {
    std::size_t pos = 0;
    if (b[0] > length) return PduVerdict::checked;  // gammu rejects it before decoding anything
    if (detail::number_overflows(b, pos, length, false)) return PduVerdict::gammu_overflow;
    pos += 1 + b[0];
    const int type = b[pos++];
    if ((type & 3) != 0) return PduVerdict::not_deliver;
    const bool udhi = type & 0x40;
    if (b[pos] > length) return PduVerdict::checked;
    if (detail::number_overflows(b, pos, length, true)) return PduVerdict::gammu_overflow;
    pos += 2 + (b[pos] + 1) / 2;
    if (pos >= length) return PduVerdict::checked;
    ++pos;  // TP-PID
    if (pos >= length) return PduVerdict::checked;
    const GSM_Coding_Type coding = GSM_GetMessageCoding(nullptr, static_cast<char>(b[pos]));
    ++pos;
    if (pos >= length || pos + 7 >= length) return PduVerdict::checked;
    pos += 7;  // TP-SCTS
    if (ud_at) *ud_at = pos;
    if (coding != SMS_Coding_Default_No_Compression) return PduVerdict::checked;
    const int udl = b[pos];
    const std::size_t octets = static_cast<std::size_t>((udl * 7 + 7) / 8);
    if (pos + octets >= length) return PduVerdict::checked;
    const int udhl = udhi ? b[pos + 1] + 1 : 0;
    int i = 0, w = 0;
    do {
        i += 7;
        w = (i - udhl) % i;
    } while (w < 0);
    // GSM_DecodePDUFrame unpacks the septets into `unsigned char output[161]`.
    if (udl - (udhl * 8 + w) / 7 > 161) return PduVerdict::gammu_overflow;
    return PduVerdict::checked;
}

inline bool is_upper_hex(const std::string& s) {
    if (s.size() % 2) return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'))) return false;
    return true;
}

// "YYYY-MM-DDTHH:MM:SS+HH:MM"
inline bool is_smsc_time(const std::string& s) {
    static constexpr char shape[] = "dddd-dd-ddTdd:dd:dd?dd:dd";
    if (s.size() != sizeof shape - 1) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char want = shape[i];
        if (want == 'd' ? !(s[i] >= '0' && s[i] <= '9') : want == '?' ? !(s[i] == '+' || s[i] == '-') : s[i] != want)
            return false;
    }
    return true;
}

// The concatenation element a reader of the raw header finds: {ref, part, total}, or ref -1.
inline std::array<int, 3> raw_concat(const std::uint8_t* udh, int len) {
    for (int i = 1; i + 1 < len;) {
        const int iei = udh[i], iel = udh[i + 1];
        if (i + 2 + iel > len) break;
        const std::uint8_t* v = udh + i + 2;
        std::array<int, 3> c{-1, 0, 0};
        if (iei == 0x00 && iel == 3) c = {v[0], v[2], v[1]};
        if (iei == 0x08 && iel == 4) c = {v[0] << 8 | v[1], v[3], v[2]};
        if (c[0] >= 0) return c[2] >= 2 ? c : std::array<int, 3>{-1, 0, 0};
        i += 2 + iel;
    }
    return {-1, 0, 0};
}

struct PduResult {
    PduVerdict verdict = PduVerdict::checked;
    GSM_Error error = ERR_NONE;
    std::optional<std::string> failure;  // the broken invariant
    ReceivedPart part;
};

// The decode target, filled with a non-zero pattern so that any field libgammu leaves alone looks
// like stale data from an earlier message (the modem worker reuses its buffer) rather than zeros.
inline GSM_SMSMessage& scratch_sms() {
    static const std::unique_ptr<GSM_SMSMessage> sms = std::make_unique<GSM_SMSMessage>();
    std::memset(sms.get(), 0xA5, sizeof *sms);
    return *sms;
}

inline PduResult check_pdu(const std::uint8_t* data, std::size_t size) {
    PduResult r;
    if (size == 0 || size > max_pdu_bytes) return r;
    // Zero padding: libgammu reads past the PDU it was given (UDH copy, septet unpacking).
    std::array<std::uint8_t, max_pdu_bytes + 1024> buf{};
    std::memcpy(buf.data(), data, size);
    std::size_t ud = 0;
    r.verdict = classify_pdu(buf.data(), size, &ud);
    if (r.verdict != PduVerdict::checked) return r;

    GSM_SMSMessage& sms = scratch_sms();
    std::size_t parsed = 0;
    r.error = GSM_DecodePDUFrame(nullptr, &sms, buf.data(), size, &parsed, TRUE);
    sms.Location = 10001;
    // Converted even when libgammu gave up half-way: whatever it left must not hurt us.
    r.part = sms_to_part(sms, "m1", "356938035643809", SystemTime{}, TextDecoder::pdu);
    const ReceivedPart& p = r.part;
    auto fail = [&](const char* what) {
        r.failure = what;
        return r;
    };
    if (!valid_utf8(p.sender)) return fail("sender is not valid UTF-8");
    if (p.coding != "gsm7" && p.coding != "ucs2" && p.coding != "8bit") return fail("unknown coding name");
    if (p.coding == "8bit" ? !is_upper_hex(p.text) : !valid_utf8(p.text)) return fail("text is not valid UTF-8/hex");
    if (!p.smsc_time.empty() && !is_smsc_time(p.smsc_time)) return fail("malformed smsc_time");
    if (p.concat_ref == -1) {
        if (p.concat_part != 0 || p.concat_total != 0) return fail("part numbers without a reference");
    } else if (p.concat_ref < 0 || p.concat_ref > 0xFFFF || p.concat_total < 2 || p.concat_total > 255 ||
               p.concat_part < 0 || p.concat_part > 255) {
        return fail("concatenation fields out of range");
    }
    if (p.modem != "m1" || p.imei != "356938035643809" || p.location != 10001) return fail("identity not copied");
    // Against the raw header: what libgammu handed over is what the PDU said.
    if (r.error == ERR_NONE && sms.PDU == SMS_Deliver && ud != 0) {
        const bool udhi = buf[1 + buf[0]] & 0x40;
        const int udhl = udhi ? buf[ud + 1] + 1 : 0;
        if (udhl <= GSM_MAX_UDH_LENGTH) {
            const auto c = udhi ? raw_concat(buf.data() + ud + 1, udhl) : std::array<int, 3>{-1, 0, 0};
            if (p.concat_ref != c[0] || p.concat_part != c[1] || p.concat_total != c[2])
                return fail("concatenation fields differ from the PDU's header");
        }
    }
    if (r.error == ERR_NONE && sms.PDU == SMS_Deliver && sms.Coding == SMS_Coding_8bit &&
        p.text.size() != static_cast<std::size_t>(sms.Length) * 2)
        return fail("8-bit text is not every octet in hex");
    return r;
}

}  // namespace smsgw::fuzz
