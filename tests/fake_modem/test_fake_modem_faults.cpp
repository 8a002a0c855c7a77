// Faults of the fake modem as libgammu's AT driver sees them over proxyat: a refused send, PIN states,
// silence, a modem process that ends or is killed, a restart with --state, AT+CMGL failing.
#include "testing_phone.hpp"

#include <doctest/doctest.h>
#include <boost/json.hpp>

#include <chrono>
#include <csignal>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

using namespace fake_modem::testing;
using Clock = std::chrono::steady_clock;

TEST_CASE("a failing send reaches the status callback with the CMS error code") {
    ModemFiles f;
    f.write_script("send-fail +CMS ERROR: 38\n");
    Phone p(f.device());
    REQUIRE(p.connect() == ERR_NONE);
    std::vector<int> statuses, refs;
    GSM_Error e = p.send("+77011234567", "x", statuses, refs);
    MESSAGE("GSM_SendSMS with +CMS ERROR: 38 after the PDU: returns " << std::string(GSM_ErrorName(e)));
    CHECK(e == ERR_NONE);  // the error arrives through the callback, not the return value
    CHECK(statuses == std::vector<int>{38});
    CHECK(refs == std::vector<int>{-1});
    REQUIRE(f.sent().size() == 1);
    CHECK_FALSE(boost::json::parse(f.sent()[0]).at("accepted").as_bool());
}

TEST_CASE("PIN: libgammu error codes for a locked SIM, a wrong PIN and a blocked SIM") {
    ModemFiles f;
    f.write_script("pin 1234\nsms +77010000001 hello\n");
    {
        Phone p(f.device());
        REQUIRE(p.connect() == ERR_NONE);  // init never asks for the PIN
        GSM_SecurityCodeType sec{};
        REQUIRE(GSM_GetSecurityStatus(p.sm(), &sec) == ERR_NONE);
        CHECK(sec == SEC_Pin);
        std::vector<ReadSms> got;
        GSM_Error locked = p.read_all(got);
        char imsi[GSM_MAX_INFO_LENGTH] = {};
        GSM_Error imsi_err = GSM_GetSIMIMSI(p.sm(), imsi);
        MESSAGE("SIM locked: GSM_GetNextSMS -> " << std::string(GSM_ErrorName(locked)) << ", GSM_GetSIMIMSI -> "
                                                << std::string(GSM_ErrorName(imsi_err)));
        CHECK(locked == ERR_SECURITYERROR);
        CHECK(imsi_err == ERR_SECURITYERROR);

        GSM_SecurityCode code{};
        code.Type = SEC_Pin;
        std::strcpy(code.Code, "0000");
        GSM_Error wrong = GSM_EnterSecurityCode(p.sm(), &code);
        MESSAGE("wrong PIN: GSM_EnterSecurityCode -> " << std::string(GSM_ErrorName(wrong)));
        CHECK(wrong == ERR_SECURITYERROR);
        std::strcpy(code.Code, "1234");
        CHECK(GSM_EnterSecurityCode(p.sm(), &code) == ERR_NONE);
        REQUIRE(GSM_GetSecurityStatus(p.sm(), &sec) == ERR_NONE);
        CHECK(sec == SEC_None);
        CHECK(p.read_all(got) == ERR_EMPTY);
        CHECK(got.size() == 1);
    }
    {
        Phone p(f.device());  // a restarted modem asks again; the attempt counter lives in --state
        REQUIRE(p.connect() == ERR_NONE);
        GSM_SecurityCode code{};
        code.Type = SEC_Pin;
        std::strcpy(code.Code, "9999");
        for (int i = 0; i < 3; ++i) CHECK(GSM_EnterSecurityCode(p.sm(), &code) == ERR_SECURITYERROR);
        GSM_SecurityCodeType sec{};
        REQUIRE(GSM_GetSecurityStatus(p.sm(), &sec) == ERR_NONE);
        CHECK(sec == SEC_Puk);
        std::strcpy(code.Code, "1234");
        CHECK(GSM_EnterSecurityCode(p.sm(), &code) == ERR_SECURITYERROR);
    }
}

TEST_CASE("a modem that goes silent gives ERR_TIMEOUT in bounded time, not a hang") {
    ModemFiles f;
    f.write_script("silent-on AT+CMGD\nsms +77010000001 hello\n");
    Phone p(f.device());
    REQUIRE(p.connect(1) == ERR_NONE);
    std::vector<ReadSms> got;
    REQUIRE(p.read_all(got) == ERR_EMPTY);
    REQUIRE(got.size() == 1);
    auto t0 = Clock::now();
    GSM_Error e = p.remove(got[0].location);
    double ms = ms_since(t0);
    MESSAGE("silent modem, GSM_DeleteSMS (AT+CMGD, timeout 5, ReplyNum 1): " << std::string(GSM_ErrorName(e)) << " after " << ms << " ms");
    CHECK(e == ERR_TIMEOUT);
    CHECK(ms < 8000);
}

TEST_CASE("a modem process that exits leaves a dead line: ERR_TIMEOUT, then a reconnect finds the SIM intact") {
    ModemFiles f;
    f.write_script("exit-on AT+CMGD\nsms +77010000001 hello\n");
    {
        Phone p(f.device());
        REQUIRE(p.connect(1) == ERR_NONE);
        std::vector<ReadSms> got;
        REQUIRE(p.read_all(got) == ERR_EMPTY);
        REQUIRE(got.size() == 1);
        auto t0 = Clock::now();
        GSM_Error e = p.remove(got[0].location);
        MESSAGE("modem process gone: GSM_DeleteSMS -> " << std::string(GSM_ErrorName(e)) << " after " << ms_since(t0) << " ms");
        CHECK(e == ERR_TIMEOUT);
        CHECK(f.log().find("modem process exited with status 0; the line stays open") != std::string::npos);
    }
    Phone p(f.device());
    auto t0 = Clock::now();
    REQUIRE(p.connect() == ERR_NONE);
    MESSAGE("reconnect after GSM_TerminateConnection: " << ms_since(t0) << " ms");
    std::vector<ReadSms> got;
    REQUIRE(p.read_all(got) == ERR_EMPTY);
    REQUIRE(got.size() == 1);
    CHECK(got[0].text == "hello");
}

TEST_CASE("killed and restarted with --state: undeleted messages survive and nothing is delivered twice") {
    ModemFiles f;
    f.write_script("sms +77010000001 first\nsms +77010000002 second\nsms +77010000003 third\n"
                   "wait-for AT+CMGD\nsms +77010000004 fourth\n");
    {
        Phone p(f.device());
        REQUIRE(p.connect() == ERR_NONE);
        std::vector<ReadSms> got;
        REQUIRE(p.read_all(got) == ERR_EMPTY);
        REQUIRE(got.size() == 3);
        REQUIRE(p.remove(got[0].location) == ERR_NONE);
        int pid = f.modem_pid();
        REQUIRE(pid > 0);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));  // let "fourth" arrive
        REQUIRE(::kill(pid, SIGKILL) == 0);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        CHECK(f.log().find("modem process killed by signal 9") != std::string::npos);
    }
    Phone p(f.device());
    REQUIRE(p.connect() == ERR_NONE);
    std::vector<ReadSms> got;
    REQUIRE(p.read_all(got) == ERR_EMPTY);
    std::vector<std::string> texts;
    for (const auto& m : got) texts.push_back(m.text);
    CHECK(texts == std::vector<std::string>{"fourth", "second", "third"});  // "fourth" took free location 1
}

TEST_CASE("AT+CMGL answering ERROR: libgammu falls back to reading location by location") {
    ModemFiles f;
    f.write_script("error-on AT+CMGL ERROR\nsms +77010000001 one\nsms +77010000002 two\n");
    Phone p(f.device());
    REQUIRE(p.connect() == ERR_NONE);
    std::vector<ReadSms> got;
    GSM_Error e = p.read_all(got);
    MESSAGE("AT+CMGL -> ERROR: GSM_GetNextSMS ends with " << std::string(GSM_ErrorName(e)) << " after " << got.size() << " messages");
    CHECK(e == ERR_EMPTY);
    REQUIRE(got.size() == 2);
    CHECK(got[1].text == "two");
    CHECK(f.log().find("rx AT+CMGR=2") != std::string::npos);
}

TEST_CASE("timing survey: a silent modem under GSM_InitConnection(s, 2) (slow; run with --no-skip)" * doctest::skip()) {
    ModemFiles f;
    f.write_script("wait-for AT+CFUN\nsilent\n");
    Phone p(f.device());
    REQUIRE(p.connect(2) == ERR_NONE);
    auto t0 = Clock::now();
    GSM_SignalQuality sq{};
    GSM_Error e = GSM_GetSignalQuality(p.sm(), &sq);
    MESSAGE("silent modem, GSM_GetSignalQuality (AT+CSQ, timeout 20, ReplyNum 2): " << std::string(GSM_ErrorName(e))
                                                                                 << " after " << ms_since(t0) << " ms");
    CHECK(e == ERR_TIMEOUT);
}

TEST_CASE("timing survey: connecting to a modem that never answers (slow; run with --no-skip)" * doctest::skip()) {
    ModemFiles f;
    f.write_script("silent\n");
    for (int replies : {1, 2}) {
        Phone p(f.device());
        auto t0 = Clock::now();
        GSM_Error e = p.connect(replies);
        MESSAGE("silent modem, GSM_InitConnection(s, " << replies << "): " << std::string(GSM_ErrorName(e)) << " after "
                                                        << ms_since(t0) << " ms");
        CHECK(e == ERR_TIMEOUT);
    }
}
