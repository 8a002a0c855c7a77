// The fake modem's AT interpreter: echo, the commands libgammu 1.42's AT driver sends, SIM SMS memory,
// AT+CMGS with its "> " prompt, and scripted faults (silence, errors, exit).
#pragma once

#include "pdu.hpp"
#include "sim_card.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fake_modem {

struct ModemSettings {
    std::string imei = "352099001761481";
    std::string imsi = "401770000000001";
    std::string manufacturer = "smsgw";
    std::string model = "fake-modem";
    std::string revision = "1.0";
    std::string pin;  // empty: the SIM asks for no PIN
    std::string smsc = "+77010000000";
    int rssi = 20, ber = 99;
    int battery_state = 0, battery_level = 100;
    int network_state = 1;  // +CREG <stat>: 1 home, 5 roaming, 0/2/3/4 not registered
    bool gprs_attached = true;
    std::string operator_code = "40101", operator_name = "FAKE GSM";
    std::string lac = "1A2B", cid = "00C3D4E5";
    std::vector<std::string> charsets = {"IRA", "GSM", "UCS2"};
    bool cmgr_empty_error = false;  // AT+CMGR on an empty location: +CMS ERROR: 321 instead of OK
    bool echo = true;               // power-on echo (ATE)
    std::vector<int> cnmi = {0, 0, 0, 0, 0};
};

// Faults a script switches on; checked for every AT command line.
struct Faults {
    bool silent = false;
    long silent_after = -1;  // answer this many commands in total, then nothing
    std::string silent_on;   // go silent at the first command with this prefix
    long exit_after = -1;    // answer this many commands in total, then exit
    std::string exit_on;     // exit, unanswered, at the first command with this prefix
    std::vector<std::pair<std::string, std::string>> errors;  // command prefix -> reply line
    std::string send_fail;  // reply after an AT+CMGS PDU instead of +CMGS: <mr>
};

struct SentRecord {
    std::string pdu;
    int declared_length = 0;
    SubmitResult decoded;
    std::string problem;  // why it was refused, if it was
    int message_ref = -1; // -1: refused
    std::string reply;
};

struct ModemEvents {
    std::function<void(const std::string& command)> command;
    std::function<void()> sim_changed;
    std::function<void(const SentRecord&)> sent;
    std::function<void(const std::string&)> note;
};

class Modem {
public:
    Modem(ModemSettings& settings, SimCard& sim, Faults& faults, ModemEvents events);

    // Bytes from the host in, bytes for the host out (echo, responses, prompt).
    std::string feed(std::string_view bytes);
    // No half-typed command and no PDU being entered: an unsolicited line will not split a reply.
    bool idle() const { return line_.empty() && !pdu_mode_; }
    // "+CMTI" for a stored message, or empty if AT+CNMI asked for no indications or the modem is silent.
    std::string cmti(int index) const;
    bool exit_requested() const { return exit_requested_; }
    long commands() const { return static_cast<long>(history_.size()); }
    long count(std::string_view prefix) const;
    void reset();  // ATZ / power-on defaults

private:
    struct Reply {
        std::vector<std::string> lines;
        std::string final = "OK";  // empty: no final result (the AT+CMGS prompt)
    };

    std::string process_line(const std::string& line);
    std::string process_pdu();
    Reply execute(const std::string& cmd);
    Reply sms_command(const std::string& name, const std::string& op, const std::string& args);
    Reply status_command(const std::string& name, const std::string& op, const std::string& args);
    std::string cme(int code) const;
    std::string encode_string(const std::string& text) const;
    bool sim_locked() const { return !settings_.pin.empty() && !unlocked_; }
    bool registered() const;
    void sim_changed();

    ModemSettings& settings_;
    SimCard& sim_;
    Faults& faults_;
    ModemEvents events_;
    std::string line_;
    bool pdu_mode_ = false;
    std::string pdu_;
    int pdu_length_ = 0;
    bool echo_ = true;
    int cmee_ = 0;
    std::string charset_ = "GSM";
    int creg_mode_ = 0, cgreg_mode_ = 0, cops_format_ = 0;
    std::vector<int> cnmi_;
    bool unlocked_ = false;
    bool exit_requested_ = false;
    std::vector<std::string> history_;
};

// Prefix match ignoring ASCII case, as modems treat command names.
bool starts_with_nocase(std::string_view text, std::string_view prefix);

}  // namespace fake_modem
