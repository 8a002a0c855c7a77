// Test-only helpers around libgammu for the fake modem's tests: a fake modem's files, an RAII
// state machine on `connection = proxyat`, and reading/sending per shared/LIBGAMMU.md.
#pragma once

#include "tests/support/temp_dir.hpp"

#include <gammu.h>

#include <chrono>
#include <string>
#include <vector>

namespace fake_modem::testing {

// A temporary directory with one fake modem's script, state, sent-PDU record and AT log.
class ModemFiles {
public:
    ModemFiles() = default;

    void write_script(const std::string& text) const;
    // The proxyat device: the fake modem's command line.
    std::string device() const;
    std::string log() const;
    // Lines of the --sent file.
    std::vector<std::string> sent() const;
    // Pid the running fake modem wrote to its log last (0 if none).
    int modem_pid() const;
    std::string path(const std::string& name) const { return tmp_.file(name); }

private:
    smsgw::test::TempDir tmp_{"fake-modem"};  // kept when SMSGW_TEST_KEEP is set
};

struct ReadSms {
    int location = 0;
    int folder = 0;
    std::string number, smsc, text;
    GSM_Coding_Type coding{};
    GSM_UDH udh_type{};
    std::string udh_hex;
    int ref = -1, part = 0, parts = 0;
    GSM_SMS_State state{};
};

class Phone {
public:
    explicit Phone(const std::string& device);
    ~Phone();
    Phone(const Phone&) = delete;
    Phone& operator=(const Phone&) = delete;

    GSM_Error connect(int reply_num = 2);
    GSM_StateMachine* sm() { return sm_; }

    // GSM_GetNextSMS until it stops; the error that stopped it (ERR_EMPTY when all went well).
    GSM_Error read_all(std::vector<ReadSms>& out);
    GSM_Error remove(int location);
    // Encodes with SMS_ConcatenatedAutoTextLong and sends every part, waiting for each status callback.
    // statuses gets the callback's status per part (0 = sent); message_refs the references.
    GSM_Error send(const std::string& number, const std::string& utf8, std::vector<int>& statuses,
                   std::vector<int>& message_refs);

    // Callback and GSM_SetIncomingSMS(TRUE); only after connect(), which resets callbacks.
    void enable_incoming();
    // Filled by the incoming-SMS callback once GSM_SetIncomingSMS is on.
    std::vector<GSM_SMSMessage> incoming;
    std::chrono::steady_clock::time_point last_incoming{};

private:
    GSM_StateMachine* sm_;
    int status_ = 0;
    int reference_ = 0;
    bool status_seen_ = false;
    static void on_status(GSM_StateMachine*, int status, int ref, void* self);
    static void on_incoming(GSM_StateMachine*, GSM_SMSMessage* sms, void* self);
};

std::string utf8(const unsigned char* gammu_unicode);
double ms_since(std::chrono::steady_clock::time_point start);

}  // namespace fake_modem::testing
