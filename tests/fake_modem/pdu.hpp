// SMS-DELIVER encoding and SMS-SUBMIT decoding (3GPP TS 23.040) for the fake AT modem.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fake_modem {

enum class Coding { gsm7, ucs2, eight_bit };
const char* coding_name(Coding c);

struct Concat {
    int ref = 0;
    int total = 0;
    int seq = 0;
    bool ref16 = false;  // IEI 08 (16-bit reference) instead of IEI 00
};

// Service-centre time stamp; tz_minutes is the offset from UTC (multiple of 15).
struct Timestamp {
    int year = 2024, month = 1, day = 1, hour = 0, minute = 0, second = 0;
    int tz_minutes = 0;
};
Timestamp timestamp_now();
// "2024-09-20T20:15:00+06:00" (offset optional, "Z" allowed).
std::optional<Timestamp> parse_timestamp(std::string_view text);

struct DeliverSpec {
    std::string smsc;    // "+77010000000"; empty writes "00" (no SMSC) like some modems do
    std::string sender;  // "+7701..." international, "7701..." unknown type, letters: alphanumeric
    std::u32string text;
    Coding coding = Coding::gsm7;
    std::optional<Concat> concat;
    Timestamp time;
};

// The whole PDU in hex (SMSC field first), as AT+CMGL/AT+CMGR print it. Throws std::invalid_argument
// when the text cannot be encoded in the coding or does not fit one message.
std::string encode_deliver(const DeliverSpec& spec);
// Octets after the SMSC field: the <length> AT+CMGL/AT+CMGR/AT+CMGS talk about.
int tpdu_length(std::string_view pdu_hex);

// Splits text into message parts that each fit one PDU (with a concatenation header if more than one
// part). per_part > 0 caps the characters per part, to make short multipart texts for tests;
// concatenated forces the multipart limits even when the text would fit one message.
std::vector<std::u32string> split_text(std::u32string_view text, Coding coding, int per_part = 0,
                                       bool concatenated = false);
// Whether the whole text fits one GSM-7 message; picks the coding a phone would pick.
Coding choose_coding(std::u32string_view text);

struct Submit {
    std::string smsc;  // empty when the PDU carries no SMSC ("00")
    int first_octet = 0;
    int message_ref = 0;
    std::string to;
    int pid = 0;
    int dcs = 0;
    Coding coding = Coding::gsm7;
    std::optional<int> validity;  // relative validity octet, if present
    bool status_report = false;
    std::vector<std::uint8_t> udh;  // whole header including the length octet
    std::optional<Concat> concat;
    std::string text;  // UTF-8; 8-bit data as hex
    int tpdu_length = 0;
};

struct SubmitResult {
    std::optional<Submit> submit;
    std::string error;
};
SubmitResult decode_submit(std::string_view pdu_hex);

}  // namespace fake_modem
