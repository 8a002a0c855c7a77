// The read probe: what a dead modem process was reading is readable from the shared area, and the
// PDU of the last +CMGR answer is found in libgammu's trace.
#include "daemon/modem/read_probe.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace smsgw;

TEST_CASE("the PDU of the last +CMGR answer is taken from the trace, upper-case") {
    const std::string trace =
        "SENDING frame type 0x00/length 0x0A/10\n"
        "AT+CMGR=1\r\n"
        "RECEIVED frame type 0x00/length 0x40/64\n"
        "AT+CMGR=1\r\n+CMGR: 0,,24\r\n07917710000000f0040b917710000001f100006240\r\n\r\nOK\r\n"
        "AT+CMGR=3\r\n+CMGR: 1,,3\r\n0791FFFF\r\nOK\r\n";
    CHECK(pdu_from_trace(trace) == "0791FFFF");
    CHECK(pdu_from_trace(trace.substr(0, trace.find("AT+CMGR=3"))) == "07917710000000F0040B917710000001F100006240");
}

TEST_CASE("libgammu 1.42's own trace format: reply lines quoted and numbered, notes and hex dumps between") {
    // From a real GSM_GetSMS trace of gammu's tests/at-sms-failing/01.dump through the fake modem.
    const std::string trace =
        "Getting SMS\n"
        "SENDING frame type 0x00/length 0x0A/10\n"
        "41A|54T|2B+|43C|4DM|47G|52R|3D=|311|0D                          AT+CMGR=1.\n"
        "1 \"AT+CMGR=1\"\n"
        "2 \"+CMGR: 1,,78\"\n"
        "3 \"0791246030500200110481643000007030427132500047D6B0BEECCE83F4E17558EF4EAFEB2CD09C5DD78BC3207519447E8FC3737719D44EB7DF20B8FC6D7FEB5D2062795D5797DB65903E0C82BFC7E837BCEC4EBB00\"\n"
        "4 \"OK\"\n"
        "Checking line: OK\n"
        "AT reply state: 1\n"
        "RECEIVED frame type 0x00/length 0xCE/206\n"
        "52R|3A:|20 |311|2C,|2C,|377|388|0D |0A |300|377|399|311|322|344 R: 1,,78..079124\n"
        "Parsing +CMGR: 1,,78 with +CMGR: @i, @0\n"
        "Parsed int 1\n"
        "Number Length=129\n"
        "Number too long!\n"
        "GSM_GetSMS failed with error UNKNOWN[27]: Unknown error.\n";
    CHECK(pdu_from_trace(trace) ==
          "0791246030500200110481643000007030427132500047D6B0BEECCE83F4E17558EF4EAFEB2CD09C5DD78BC3207519447E8FC3737719D4"
          "4EB7DF20B8FC6D7FEB5D2062795D5797DB65903E0C82BFC7E837BCEC4EBB00");
}

TEST_CASE("a garbled record line is kept whole as the hex of its characters") {
    const std::string trace = "1 \"AT+CMGR=4\"\n2 \"+CMGR: 2,,23\"\n3 \"07914+CMGL\"\n4 \"OK\"\n";
    CHECK(record_line_from_trace(trace) == "07914+CMGL");
    CHECK(!is_hex_pdu("07914+CMGL"));
    CHECK(pdu_from_trace(trace) == "30373931342B434D474C");
}

TEST_CASE("a trace without a PDU gives nothing, never a guess") {
    CHECK(pdu_from_trace("").empty());
    CHECK(pdu_from_trace("AT+CMGR=2\r\n+CMS ERROR: 321\r\n").empty());
    CHECK(pdu_from_trace("AT+CMGR=2\r\n+CMGR: 0,,0\r\nOK\r\n").empty());
}

TEST_CASE("marks and trace in the probe's area are what a snapshot reads back; the trace is bounded") {
    ReadProbe probe;
    probe.begin(ReadPhase::one, 7);
    probe.append("abc");
    probe.append(std::string(ReadProbeArea::trace_capacity, 'x'));
    CHECK(probe.trace().size() == ReadProbeArea::trace_capacity);
    CHECK(probe.trace().substr(0, 4) == "abcx");
    probe.clear_trace();
    CHECK(probe.trace().empty());
    probe.end();
}
