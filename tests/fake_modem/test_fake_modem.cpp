// The fake modem driven by the real libgammu AT driver over `connection = proxyat`: connect, health,
// reading and deleting SMS, sending, +CMTI. Faults are in test_fake_modem_faults.cpp.
#include "testing_phone.hpp"

#include <doctest/doctest.h>
#include <boost/json.hpp>

#include <chrono>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

using namespace fake_modem::testing;
using Clock = std::chrono::steady_clock;

namespace {

const std::string kLong =
    "Station 0412 final count: turnout 1234 of 2000 voters, candidate A 512, candidate B 498, candidate C 101, "
    "spoilt 23, blank 100. Protocol signed by all members at 21:40; no complaints filed. {OK}";

boost::json::object sent_record(const ModemFiles& f, std::size_t i) {
    auto lines = f.sent();
    REQUIRE(lines.size() > i);
    return boost::json::parse(lines[i]).as_object();
}

std::string str(const boost::json::object& o, const char* key) { return std::string(o.at(key).as_string()); }

}  // namespace

TEST_CASE("connect and read health: IMEI, IMSI, signal, network, battery, security status") {
    for (std::string charsets : {"IRA,GSM,UCS2", "HEX,GSM,UCS2"}) {
        CAPTURE(charsets);
        ModemFiles f;
        f.write_script(std::string("imei 356938035643809\nimsi 401011234567890\nsignal 25 99\noperator Beeline KZ\n"
                                   "operator-code 40101\nbattery 0 87\ncharsets ") +
                       charsets + "\n");
        Phone p(f.device());
        auto t0 = Clock::now();
        REQUIRE(p.connect() == ERR_NONE);
        MESSAGE("GSM_InitConnection over proxyat: " << ms_since(t0) << " ms (charsets " << charsets << ")");

        char imei[GSM_MAX_IMEI_LENGTH + 1] = {};
        REQUIRE(GSM_GetIMEI(p.sm(), imei) == ERR_NONE);
        CHECK(std::string(imei) == "356938035643809");
        char imsi[GSM_MAX_INFO_LENGTH] = {};
        REQUIRE(GSM_GetSIMIMSI(p.sm(), imsi) == ERR_NONE);
        CHECK(std::string(imsi) == "401011234567890");

        GSM_SignalQuality sq{};
        REQUIRE(GSM_GetSignalQuality(p.sm(), &sq) == ERR_NONE);
        CHECK(sq.SignalStrength == 2 * 25 - 113);
        CHECK(sq.SignalPercent == 75);

        t0 = Clock::now();
        GSM_NetworkInfo ni{};
        REQUIRE(GSM_GetNetworkInfo(p.sm(), &ni) == ERR_NONE);
        MESSAGE("GSM_GetNetworkInfo: " << ms_since(t0) << " ms");
        CHECK(ni.State == GSM_HomeNetwork);
        CHECK(std::string(ni.NetworkCode) == "401 01");
        CHECK(utf8(ni.NetworkName) == "Beeline KZ");
        CHECK(std::string(ni.LAC) == "1A2B");
        CHECK(std::string(ni.CID) == "00C3D4E5");
        CHECK(ni.GPRS == GSM_GPRS_Attached);

        GSM_BatteryCharge bc{};
        REQUIRE(GSM_GetBatteryCharge(p.sm(), &bc) == ERR_NONE);
        CHECK(bc.BatteryPercent == 87);
        GSM_SecurityCodeType sec{};
        REQUIRE(GSM_GetSecurityStatus(p.sm(), &sec) == ERR_NONE);
        CHECK(sec == SEC_None);
        if (charsets.starts_with("HEX")) CHECK(f.log().find("rx AT+CSCS=\"HEX\"\\r") != std::string::npos);
    }
}

TEST_CASE("GSM_GetNextSMS reads GSM-7, UCS-2 Cyrillic and both parts of a concatenated message; delete empties the SIM") {
    ModemFiles f;
    f.write_script("sms time=2024-09-20T20:15:00+06:00 +77010000001 R 01234 A312 {ok} €5\n"
                   "sms-ucs2 +77010000002 Участок 12: явка 45%\n"
                   "multipart ref=66 +77010000003 " + kLong + "\n"
                   "sms Beeline Balance 100 tg\n");
    Phone p(f.device());
    REQUIRE(p.connect() == ERR_NONE);
    std::vector<ReadSms> got;
    auto t0 = Clock::now();
    CHECK(p.read_all(got) == ERR_EMPTY);
    MESSAGE("reading 5 SIM messages: " << ms_since(t0) << " ms");
    REQUIRE(got.size() == 5);

    CHECK(got[0].text == "R 01234 A312 {ok} €5");
    CHECK(got[0].number == "+77010000001");
    CHECK(got[0].smsc == "+77010000000");
    CHECK(got[0].coding == SMS_Coding_Default_No_Compression);
    CHECK(got[0].udh_type == UDH_NoUDH);
    CHECK(got[0].folder == 1);
    CHECK(got[0].state == SMS_UnRead);

    CHECK(got[1].text == "Участок 12: явка 45%");
    CHECK(got[1].coding == SMS_Coding_Unicode_No_Compression);

    for (int i : {2, 3}) {
        CAPTURE(i);
        CHECK(got[i].number == "+77010000003");
        CHECK(got[i].udh_type == UDH_ConcatenatedMessages);
        CHECK(got[i].ref == 66);
        CHECK(got[i].parts == 2);
        CHECK(got[i].part == i - 1);
        CHECK(got[i].udh_hex == (i == 2 ? "050003420201" : "050003420202"));
    }
    CHECK(got[2].text + got[3].text == kLong);
    CHECK(got[4].number == "Beeline");
    CHECK(got[4].text == "Balance 100 tg");

    t0 = Clock::now();
    for (const auto& m : got) CHECK(p.remove(m.location) == ERR_NONE);
    MESSAGE("deleting 5 messages: " << ms_since(t0) << " ms");
    std::vector<ReadSms> after;
    CHECK(p.read_all(after) == ERR_EMPTY);
    CHECK(after.empty());
    GSM_Error again = p.remove(got[0].location);
    MESSAGE("GSM_DeleteSMS on an already deleted location: " << std::string(GSM_ErrorName(again)));
    CHECK(again == ERR_EMPTY);
}

TEST_CASE("GSM_SendSMS: GSM-7, UCS-2 and a two-part message arrive as SMS-SUBMIT PDUs that decode to the text") {
    ModemFiles f;
    f.write_script("smsc +77019999999\n");
    Phone p(f.device());
    REQUIRE(p.connect() == ERR_NONE);
    std::vector<int> statuses, refs;
    auto t0 = Clock::now();
    REQUIRE(p.send("+77011234567", "Report P123 accepted {ok} [5]", statuses, refs) == ERR_NONE);
    MESSAGE("sending one part (GSM_SendSMS + GSM_ReadDevice until the status callback): " << ms_since(t0) << " ms");
    REQUIRE(p.send("+77011234567", "Принято: участок 12", statuses, refs) == ERR_NONE);
    REQUIRE(p.send("87017654321", kLong, statuses, refs) == ERR_NONE);
    CHECK(statuses == std::vector<int>{0, 0, 0, 0});
    CHECK(refs == std::vector<int>{0, 1, 2, 3});

    auto a = sent_record(f, 0);
    CHECK(a.at("accepted").as_bool());
    CHECK(str(a, "to") == "+77011234567");
    CHECK(str(a, "smsc") == "+77019999999");
    CHECK(str(a, "coding") == "gsm7");
    CHECK(str(a, "text") == "Report P123 accepted {ok} [5]");
    auto b = sent_record(f, 1);
    CHECK(str(b, "coding") == "ucs2");
    CHECK(str(b, "text") == "Принято: участок 12");
    auto c1 = sent_record(f, 2), c2 = sent_record(f, 3);
    CHECK(str(c1, "to") == "87017654321");
    CHECK(c1.at("concat").at("total").as_int64() == 2);
    CHECK(c1.at("concat").at("seq").as_int64() == 1);
    CHECK(c2.at("concat").at("seq").as_int64() == 2);
    CHECK(c1.at("concat").at("ref") == c2.at("concat").at("ref"));
    CHECK(str(c1, "text") + str(c2, "text") == kLong);
}

TEST_CASE("+CMTI announcement reaches the incoming-SMS callback; the message then reads by its location") {
    ModemFiles f;
    f.write_script("wait-for AT+CNMI=2\nwait-ms 100\nsms +77010000009 Late report P77\nannounce\n");
    Phone p(f.device());
    REQUIRE(p.connect() == ERR_NONE);
    p.enable_incoming();
    auto t0 = Clock::now();
    while (p.incoming.empty() && ms_since(t0) < 10000) GSM_ReadDevice(p.sm(), TRUE);
    auto seen_wall = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch()).count();
    REQUIRE(p.incoming.size() == 1);
    CHECK(p.incoming[0].Location == 1);
    CHECK(p.incoming[0].Folder == 1);
    CHECK(p.incoming[0].Memory == MEM_SM);
    std::string log = f.log();
    auto pos = log.find(" tx \\r\\n+CMTI: ");
    REQUIRE(pos != std::string::npos);
    auto line_start = log.rfind('\n', pos) + 1;
    long long cmti_wall = std::stoll(log.substr(line_start, pos - line_start));
    MESSAGE("+CMTI written -> callback seen after GSM_ReadDevice: " << seen_wall - cmti_wall << " ms");
    CHECK(seen_wall - cmti_wall < 1000);

    auto msms = std::make_unique<GSM_MultiSMSMessage>();
    std::memset(msms.get(), 0, sizeof(GSM_MultiSMSMessage));
    msms->SMS[0] = p.incoming[0];
    REQUIRE(GSM_GetSMS(p.sm(), msms.get()) == ERR_NONE);
    CHECK(utf8(msms->SMS[0].Text) == "Late report P77");
    CHECK(utf8(msms->SMS[0].Number) == "+77010000009");
}
