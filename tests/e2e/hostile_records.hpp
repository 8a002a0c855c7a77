// SIM records that a modem may hand over and libgammu 1.42 cannot turn into an SMS (real phones' captures and made ones), with what libgammu does with each.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace smsgw::e2e {

// What libgammu 1.42's AT driver does when GSM_GetSMS / GSM_GetNextSMS meets the record.
enum class HostileExpect {
    decode_error,  // an error for that record (`outcome` is its GSM_Error name); retrying cannot help
    crash,         // the reading process dies (`outcome`: "SIGABRT" from the stack protector, or "SIGSEGV")
    readable,      // decoded, but not an SMS-DELIVER text (`outcome`: the GSM_SMSMessageType name)
};

struct HostileRecord {
    std::string_view name;
    std::string_view source;   // "gammu tests/at-sms-failing/13.dump", "made: ...", "smsgw tests/fuzz/..."
    std::string_view pdu_hex;  // the PDU line of AT+CMGR's answer (SMSC field first); a few captures are not even hex
    int stat;                  // 27.005 <stat>: 0 unread, 1 read, 2 stored unsent, 3 stored sent
    HostileExpect expected;
    std::string_view outcome;  // see HostileExpect
    std::string_view why;      // what is wrong with it, or why libgammu reads it
};

// Every record, in a fixed order. Verified by tests/daemon/test_modem_hostile_pdus.cpp.
const std::vector<HostileRecord>& hostile_records();
// The record called `name`; throws std::out_of_range if there is none.
const HostileRecord& hostile_record(std::string_view name);

// Valid SMS-DELIVER reports of the tiny codebook (tests/codebooks/tiny), to place between hostile records.
struct ValidReport {
    std::string_view sender;
    std::string_view text;
};
const std::vector<ValidReport>& valid_reports();

// The fake modem directive that stores the record or report at the lowest free SIM location:
// "pdu HEX STAT", "pdu-line LINE STAT" (captures that are not hex), "sms time=... SENDER TEXT".
std::string fake_modem_directive(const HostileRecord& r);
std::string fake_modem_directive(const ValidReport& r);

const char* expect_name(HostileExpect e);

}  // namespace smsgw::e2e
