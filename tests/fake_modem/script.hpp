// The fake modem's script language: one directive per line, run in order as a timeline.
#pragma once

#include "pdu.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fake_modem {

// An incoming message as a script describes it; turned into one PDU per part at delivery time.
struct MessageSpec {
    std::string sender;
    std::u32string text;
    std::optional<Coding> coding;  // nullopt: GSM-7 if it fits the alphabet, else UCS-2
    bool multipart = false;        // always add a concatenation header
    int ref = -1;                  // -1: next automatic reference
    bool ref16 = false;
    int per_part = 0;              // characters per part, 0: as many as fit
    std::vector<int> only;         // store just these parts, in this order (1-based)
    std::optional<Timestamp> time; // nullopt: the time of delivery
    std::optional<std::string> smsc;
    int stat = 0;                  // 0 unread, 1 read
    std::string raw_pdu;           // `pdu` / `pdu-line` directive: stored verbatim
};

struct Directive {
    enum class Kind {
        set,           // key value: imei, pin, signal, ...
        message,       // sms, sms-gsm, sms-ucs2, multipart, pdu, pdu-line
        wait_ms,       // number
        wait_for,      // text = command prefix, number = count
        announce,
        notify,        // flag
        silent,
        silent_after,  // number
        silent_on,     // text
        wake,
        exit_now,      // number = exit status
        exit_after,    // number
        exit_on,       // text
        error_on,      // text = prefix, value = reply
        clear_errors,
        send_fail,     // value = reply after the PDU ("" clears)
        log,           // value
    };
    Kind kind = Kind::set;
    int line = 0;
    std::string key;
    std::string text;
    std::string value;
    long number = 0;
    bool flag = false;
    MessageSpec message;
};

// Throws std::runtime_error("<origin>:<line>: ...") on the first bad line.
std::vector<Directive> parse_script(std::string_view source, const std::string& origin);

// Script text escapes: \n, \r, \t, \\ and \uXXXX.
std::u32string unescape_text(std::string_view text);

}  // namespace fake_modem
