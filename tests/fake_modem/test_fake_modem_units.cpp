// Tests of the fake modem's parts without a process: PDU codec (cross-checked with libgammu's own
// decoder), script parser, SIM state file and the AT interpreter.
#include "modem.hpp"
#include "pdu.hpp"
#include "script.hpp"
#include "sim_card.hpp"
#include "text_codec.hpp"
#include "tests/support/run_smsgw.hpp"

#include <doctest/doctest.h>
#include <gammu.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <cstdlib>
#include <sys/wait.h>
#include <unistd.h>

using namespace fake_modem;

namespace {

struct GammuView {
    GSM_Error error = ERR_NONE;
    std::size_t parsed = 0;
    std::unique_ptr<GSM_SMSMessage> sms = std::make_unique<GSM_SMSMessage>();
    std::string text, number, smsc;
};

std::string gammu_utf8(const unsigned char* unicode) {
    std::string buf(4 * UnicodeLength(unicode) + 1, '\0');
    EncodeUTF8(buf.data(), unicode);
    return buf.c_str();
}

// libgammu's own PDU decoder, the one the AT driver uses on AT+CMGL output.
GammuView gammu_decode(const std::string& hex) {
    GammuView v;
    auto bytes = from_hex(hex);
    REQUIRE(bytes);
    std::memset(v.sms.get(), 0, sizeof(GSM_SMSMessage));
    v.error = GSM_DecodePDUFrame(GSM_GetGlobalDebug(), v.sms.get(), bytes->data(), bytes->size(), &v.parsed, TRUE);
    CHECK(v.parsed == bytes->size());
    v.text = gammu_utf8(v.sms->Text);
    v.number = gammu_utf8(v.sms->Number);
    v.smsc = gammu_utf8(v.sms->SMSC.Number);
    return v;
}

DeliverSpec spec(std::string sender, const std::string& text, Coding coding) {
    DeliverSpec s;
    s.smsc = "+77010000000";
    s.sender = std::move(sender);
    s.text = utf8_to_u32(text);
    s.coding = coding;
    s.time = Timestamp{2024, 9, 20, 20, 15, 42, 6 * 60};
    return s;
}

}  // namespace

TEST_CASE("septet packing matches the textbook example") {
    auto septets = to_gsm7(U"hellohello");
    REQUIRE(septets);
    std::vector<std::uint8_t> packed;
    pack7(*septets, 0, packed);
    CHECK(to_hex(packed) == "E8329BFD4697D9EC37");
    CHECK(unpack7(packed, 0, 10) == *septets);
}

TEST_CASE("GSM-7 alphabet: extension characters take two septets, Cyrillic has no GSM-7 form") {
    CHECK(to_gsm7(U"{€}")->size() == 6);
    CHECK(gsm7_cost(U'€') == 2);
    CHECK(gsm7_cost(U'П') == 0);
    CHECK_FALSE(to_gsm7(U"Привет"));
    CHECK(from_gsm7(*to_gsm7(U"@£$¥èéùìòÇ\nØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./09:;<=>?¡AZÄÖÑÜ§¿azäöñüà^{}\\[~]|€")) ==
          U"@£$¥èéùìòÇ\nØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./09:;<=>?¡AZÄÖÑÜ§¿azäöñüà^{}\\[~]|€");
    CHECK(choose_coding(U"R 01234 A312") == Coding::gsm7);
    CHECK(choose_coding(U"Участок 12") == Coding::ucs2);
}

TEST_CASE("UTF-8 and UCS-2 round trips, including a character outside the BMP") {
    std::string text = "Привет 😀 ok";
    auto u = utf8_to_u32(text);
    CHECK(u32_to_utf8(u) == text);
    auto ucs2 = to_ucs2(u);
    CHECK(ucs2.size() == 2 * (u.size() + 1));  // the emoji is a surrogate pair
    CHECK(from_ucs2(ucs2) == u);
    CHECK(utf8_to_u32("a\xFF" "b") == U"a\uFFFDb");
}

TEST_CASE("SMS-DELIVER in GSM-7 decodes in libgammu to the same text, sender, SMSC and time") {
    auto v = gammu_decode(encode_deliver(spec("+77010000001", "R 01234 A312 [ok] {x} ~|^ € \\ end", Coding::gsm7)));
    REQUIRE(v.error == ERR_NONE);
    CHECK(v.sms->PDU == SMS_Deliver);
    CHECK(v.sms->Coding == SMS_Coding_Default_No_Compression);
    CHECK(v.text == "R 01234 A312 [ok] {x} ~|^ € \\ end");
    CHECK(v.number == "+77010000001");
    CHECK(v.smsc == "+77010000000");
    CHECK(v.sms->UDH.Type == UDH_NoUDH);
    CHECK(v.sms->DateTime.Year == 2024);
    CHECK(v.sms->DateTime.Month == 9);
    CHECK(v.sms->DateTime.Day == 20);
    CHECK(v.sms->DateTime.Hour == 20);
    CHECK(v.sms->DateTime.Minute == 15);
    CHECK(v.sms->DateTime.Second == 42);
    CHECK(v.sms->DateTime.Timezone == 6 * 3600);
}

TEST_CASE("SMS-DELIVER details: full 160 septets, negative time zone, national and alphanumeric senders") {
    std::string full(160, 'x');
    auto v = gammu_decode(encode_deliver(spec("87011234567", full, Coding::gsm7)));
    CHECK(v.text == full);
    CHECK(v.number == "87011234567");
    CHECK_THROWS_AS(encode_deliver(spec("+7701", full + "x", Coding::gsm7)), std::invalid_argument);
    CHECK_THROWS_AS(encode_deliver(spec("+7701", "Привет", Coding::gsm7)), std::invalid_argument);

    auto s = spec("Beeline", "hi", Coding::gsm7);
    s.time.tz_minutes = -150;
    auto a = gammu_decode(encode_deliver(s));
    CHECK(a.number == "Beeline");
    CHECK(a.sms->DateTime.Timezone == -150 * 60);
}

TEST_CASE("SMS-DELIVER in UCS-2 carries Cyrillic and emoji") {
    auto v = gammu_decode(encode_deliver(spec("+77010000002", "Участок 12: явка 45% 😀", Coding::ucs2)));
    REQUIRE(v.error == ERR_NONE);
    CHECK(v.sms->Coding == SMS_Coding_Unicode_No_Compression);
    CHECK(v.text == "Участок 12: явка 45% 😀");
    CHECK_THROWS_AS(encode_deliver(spec("+7701", std::string(71, 'a'), Coding::ucs2)), std::invalid_argument);
}

TEST_CASE("concatenated parts carry a 05 00 03 header and correct fill bits") {
    std::u32string text = utf8_to_u32(std::string(150, 'a') + "{€}" + std::string(150, 'b'));
    auto parts = split_text(text, Coding::gsm7);
    REQUIRE(parts.size() == 3);
    CHECK(parts[0].size() == 151);  // 150 + '{' is 152 septets; '€' would make 154 > 153, so it starts part 2
    CHECK(parts[1].front() == U'€');
    std::string joined;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        auto s = spec("+77010000003", u32_to_utf8(parts[i]), Coding::gsm7);
        s.concat = Concat{0x42, 3, static_cast<int>(i + 1), false};
        std::string hex = encode_deliver(s);
        auto v = gammu_decode(hex);
        REQUIRE(v.error == ERR_NONE);
        CHECK(v.sms->UDH.Type == UDH_ConcatenatedMessages);
        CHECK(v.sms->UDH.ID8bit == 0x42);
        CHECK(v.sms->UDH.PartNumber == static_cast<int>(i + 1));
        CHECK(v.sms->UDH.AllParts == 3);
        CHECK(to_hex(std::vector<std::uint8_t>(v.sms->UDH.Text, v.sms->UDH.Text + v.sms->UDH.Length)) ==
              "0500034203" + std::string(i == 0 ? "01" : i == 1 ? "02" : "03"));
        joined += v.text;
    }
    CHECK(joined == u32_to_utf8(text));

    auto u = split_text(utf8_to_u32(std::string(100, 'z') + "Ж"), Coding::ucs2);
    REQUIRE(u.size() == 2);
    CHECK(u[0].size() == 67);
    auto s = spec("+77010000004", u32_to_utf8(u[1]), Coding::ucs2);
    s.concat = Concat{0x1234, 2, 2, true};
    auto v = gammu_decode(encode_deliver(s));
    CHECK(v.sms->UDH.Type == UDH_ConcatenatedMessages16bit);
    CHECK(v.sms->UDH.ID16bit == 0x1234);
    CHECK(v.text == std::string(33, 'z') + "Ж");
}

TEST_CASE("split_text: per-part caps and forced concatenation") {
    CHECK(split_text(U"short", Coding::gsm7).size() == 1);
    CHECK(split_text(U"abcdefghij", Coding::gsm7, 4).size() == 3);
    CHECK(split_text(std::u32string(155, U'a'), Coding::gsm7, 0, true).size() == 2);
    CHECK(split_text(std::u32string(160, U'a'), Coding::gsm7).size() == 1);
    CHECK(split_text(std::u32string(161, U'a'), Coding::gsm7).size() == 2);
}

TEST_CASE("SMS-SUBMIT PDUs written by libgammu decode to destination, text and header") {
    auto r = decode_submit("07917710000000F011000B917710214365F70000FF1CD232FC2DA783E4E571396D2F937520684C36036D50EFF52605");
    REQUIRE(r.submit);
    CHECK(r.submit->smsc == "+77010000000");
    CHECK(r.submit->to == "+77011234567");
    CHECK(r.submit->text == "Report received: P123 {ok}");
    CHECK(r.submit->coding == Coding::gsm7);
    CHECK(r.submit->tpdu_length == 39);
    CHECK(r.submit->validity == 255);

    auto u = decode_submit("07917710000000F011000B917710214365F70008FF0E041F04400438043D044F0442043E");
    REQUIRE(u.submit);
    CHECK(u.submit->text == "Принято");
    CHECK(u.submit->coding == Coding::ucs2);

    auto c = decode_submit("07917710000000F051000B917710214365F70000FF18050003720202F0783C1E8FC7E3F1783C1E8FC7E3F1");
    REQUIRE(c.submit);
    REQUIRE(c.submit->concat);
    CHECK(c.submit->concat->ref == 0x72);
    CHECK(c.submit->concat->total == 2);
    CHECK(c.submit->concat->seq == 2);
    CHECK(to_hex(c.submit->udh) == "050003720202");
    CHECK(c.submit->text == std::string(17, 'x'));

    auto no_smsc = decode_submit("0011000B917710214365F70000FF02E834");
    REQUIRE(no_smsc.submit);
    CHECK(no_smsc.submit->smsc.empty());
    CHECK(no_smsc.submit->text == "hi");
}

TEST_CASE("malformed SMS-SUBMIT PDUs are reported, not guessed") {
    CHECK(decode_submit("zz").error == "PDU is not hex");
    CHECK(decode_submit("0004").error.find("truncated") != std::string::npos);
    // An SMS-DELIVER is not a SUBMIT.
    CHECK_FALSE(decode_submit(encode_deliver(spec("+7701", "x", Coding::gsm7))).submit);
    // TP-UDL claims more than is there.
    CHECK(decode_submit("0011000B917710214365F70000FF05E834").error.find("TP-UDL") != std::string::npos);
}

TEST_CASE("script parser: messages, options, waits, faults and errors with line numbers") {
    auto d = parse_script("# comment\n\nimei 3520990017614\nsms +7701 R 01234  A312\\n2\n"
                          "multipart ref=66 per-part=10 only=2,1 ucs2 +7702 Привет мир\n"
                          "sms time=2024-09-20T20:15:00+06:00 read Beeline hi\n"
                          "wait-ms 250\nwait-for AT+CNMI 2\nannounce\nsilent-after 3\nerror-on AT+CMGL +CMS ERROR: 500\n"
                          "pdu 0011 1\nexit 3\n",
                          "t");
    REQUIRE(d.size() == 11);
    CHECK(d[0].key == "imei");
    CHECK(d[0].value == "3520990017614");
    CHECK(d[1].message.sender == "+7701");
    CHECK(d[1].message.text == U"R 01234  A312\n2");
    CHECK_FALSE(d[1].message.multipart);
    CHECK(d[2].message.multipart);
    CHECK(d[2].message.ref == 66);
    CHECK(d[2].message.per_part == 10);
    CHECK(d[2].message.only == std::vector<int>{2, 1});
    CHECK(d[2].message.coding == Coding::ucs2);
    CHECK(d[2].message.text == U"Привет мир");
    CHECK(d[3].message.stat == 1);
    CHECK(d[3].message.time->tz_minutes == 360);
    CHECK(d[4].number == 250);
    CHECK(d[5].text == "AT+CNMI");
    CHECK(d[5].number == 2);
    CHECK(d[6].kind == Directive::Kind::announce);
    CHECK(d[7].number == 3);
    CHECK(d[8].text == "AT+CMGL");
    CHECK(d[8].value == "+CMS ERROR: 500");
    CHECK(d[9].message.raw_pdu == "0011");
    CHECK(d[10].number == 3);
    CHECK(unescape_text("a\\u0416b\\\\") == U"aЖb\\");

    CHECK_THROWS_WITH(parse_script("imei 1\nbogus x\n", "f"), "f:2: unknown directive 'bogus'");
    CHECK_THROWS_AS(parse_script("wait-ms soon", "f"), std::runtime_error);
    CHECK_THROWS_AS(parse_script("sms", "f"), std::runtime_error);
    CHECK_THROWS_AS(parse_script("sms time=yesterday +7701 x", "f"), std::runtime_error);
    // A capture's garbled PDU line is served as it is only when asked for with pdu-line.
    CHECK_THROWS_AS(parse_script("pdu 0BD0=96p 2", "f"), std::runtime_error);
    const auto garbled = parse_script("pdu-line 0BD0=96p 2", "f");
    CHECK(garbled[0].message.raw_pdu == "0BD0=96p");
    CHECK(garbled[0].message.stat == 2);
}

TEST_CASE("SIM card: lowest free location, read marking, state file round trip") {
    SimCard sim(3);
    CHECK(sim.store("AA") == 1);
    CHECK(sim.store("BB") == 2);
    CHECK(sim.erase(1));
    CHECK(sim.store("CC") == 1);
    CHECK(sim.store("DD") == 3);
    CHECK_FALSE(sim.store("EE"));
    sim.mark_read(2);
    CHECK(sim.list(0).size() == 2);
    CHECK(sim.list(1).size() == 1);
    sim.pending.push_back("FF");
    sim.delivered = 7;
    sim.next_mr = 42;
    sim.pin_attempts = 1;

    std::string path = "/tmp/fake_modem_state_" + std::to_string(::getpid());
    REQUIRE(sim.save(path));
    SimCard back;
    std::string error;
    REQUIRE(back.load(path, error));
    CHECK(back.capacity() == 3);
    CHECK(back.used() == 3);
    CHECK(back.find(2)->stat == 1);
    CHECK(back.find(3)->pdu == "DD");
    CHECK(back.pending == std::vector<std::string>{"FF"});
    CHECK(back.delivered == 7);
    CHECK(back.next_mr == 42);
    CHECK(back.pin_attempts == 1);
    std::remove(path.c_str());
    SimCard missing;
    CHECK(missing.load(path, error));
}

TEST_CASE("AT interpreter: echo, result codes, charsets, PIN and faults") {
    ModemSettings settings;
    settings.pin = "1234";
    SimCard sim;
    Faults faults;
    int changes = 0;
    Modem m(settings, sim, faults, ModemEvents{nullptr, [&] { ++changes; }, nullptr, nullptr});

    CHECK(m.feed("\x1B\rAT\r") == "AT\r\r\nOK\r\n");
    CHECK(m.feed("ATE0\r") == "ATE0\r\r\nOK\r\n");
    CHECK(m.feed("AT+CGSN\r") == "\r\n352099001761481\r\n\r\nOK\r\n");
    CHECK(m.feed("ATE1\r") == "\r\nOK\r\n");
    CHECK(m.feed("AT+BOGUS\r") == "AT+BOGUS\r\r\nERROR\r\n");
    CHECK(m.feed("AT+CSCS=\"UCS2\"\r") == "AT+CSCS=\"UCS2\"\r\r\nOK\r\n");
    CHECK(m.feed("AT+COPS?\r") == "AT+COPS?\r\r\n+COPS: 0\r\n\r\nOK\r\n");  // SIM locked: not registered
    CHECK(m.feed("AT+CMEE=1\r").ends_with("OK\r\n"));
    CHECK(m.feed("AT+CPIN?\r") == "AT+CPIN?\r\r\n+CPIN: SIM PIN\r\n\r\nOK\r\n");
    CHECK(m.feed("AT+CIMI\r") == "AT+CIMI\r\r\n+CME ERROR: 11\r\n");
    CHECK(m.feed("AT+CMGL=4\r") == "AT+CMGL=4\r\r\n+CMS ERROR: 311\r\n");
    CHECK(m.feed("AT+CPIN=\"0000\"\r") == "AT+CPIN=\"0000\"\r\r\n+CME ERROR: 16\r\n");
    CHECK(sim.pin_attempts == 2);
    CHECK(m.feed("AT+CPIN=\"1234\"\r") == "AT+CPIN=\"1234\"\r\r\nOK\r\n");
    CHECK(m.feed("AT+CPIN?\r").find("READY") != std::string::npos);
    CHECK(m.feed("AT+COPS=3,0\rAT+COPS?\r").ends_with("+COPS: 0,0,\"00460041004B0045002000470053004D\"\r\n\r\nOK\r\n"));
    CHECK(changes == 2);

    faults.errors.emplace_back("at+csq", "+CME ERROR: 100");
    CHECK(m.feed("AT+CSQ\r") == "AT+CSQ\r\r\n+CME ERROR: 100\r\n");
    faults.silent_on = "AT+CBC";
    CHECK(m.feed("AT+CBC\r").empty());
    CHECK(m.feed("AT\r").empty());
    CHECK(m.cmti(1).empty());
    CHECK(m.count("AT+CPIN") == 4);
    CHECK_FALSE(m.exit_requested());
}

TEST_CASE("AT interpreter: list, read, delete and send in PDU mode") {
    ModemSettings settings;
    SimCard sim;
    Faults faults;
    std::vector<SentRecord> sent;
    Modem m(settings, sim, faults, ModemEvents{nullptr, nullptr, [&](const SentRecord& r) { sent.push_back(r); }, nullptr});
    std::string pdu = encode_deliver(spec("+77010000001", "hello", Coding::gsm7));
    sim.store(pdu);
    std::string len = std::to_string(tpdu_length(pdu));

    CHECK(m.feed("ATE0\r").ends_with("OK\r\n"));
    CHECK(m.feed("AT+CPMS=\"SM\",\"SM\"\r") == "\r\n+CPMS: 1,30,1,30,1,30\r\n\r\nOK\r\n");
    CHECK(m.feed("AT+CMGL=4\r") == "\r\n+CMGL: 1,0,," + len + "\r\n" + pdu + "\r\n\r\nOK\r\n");
    CHECK(m.feed("AT+CMGR=1\r") == "\r\n+CMGR: 1,," + len + "\r\n" + pdu + "\r\n\r\nOK\r\n");  // now read
    CHECK(m.feed("AT+CMGR=2\r") == "\r\nOK\r\n");
    CHECK(m.feed("AT+CMGR=99\r") == "\r\n+CMS ERROR: 321\r\n");
    CHECK(m.feed("AT+CMGD=1\r") == "\r\nOK\r\n");
    CHECK(sim.used() == 0);

    CHECK(m.feed("AT+CMGS=16\r") == "\r\n> ");
    CHECK_FALSE(m.idle());
    CHECK(m.feed("0011000B917710214365F70000FF02E834\x1A") == "\r\n+CMGS: 0\r\n\r\nOK\r\n");
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].decoded.submit->text == "hi");
    CHECK(m.feed("AT+CMGS=17\r0011000B917710214365F70000FF02E834\x1A") == "\r\n> \r\n+CMS ERROR: 304\r\n");
    CHECK(sent.back().problem == "AT+CMGS=17 but the TPDU has 16 octets");
    faults.send_fail = "+CMS ERROR: 38";
    CHECK(m.feed("AT+CMGS=16\r0011000B917710214365F70000FF02E834\x1A").ends_with("\r\n+CMS ERROR: 38\r\n"));
    CHECK(sent.size() == 3);
    CHECK(sim.next_mr == 1);
    CHECK(m.idle());

    CHECK(m.cmti(5).empty());  // AT+CNMI not set: no indications
    CHECK(m.feed("AT+CNMI=2,1,0,2,0\r") == "\r\nOK\r\n");
    CHECK(m.cmti(5) == "\r\n+CMTI: \"SM\",5\r\n");
}

TEST_CASE("the fake_modem program: a conversation on stdin/stdout, and a bad script rejected with status 2") {
    const smsgw::test::Run talk =
        smsgw::test::run_program({FAKE_MODEM_BINARY, "-e", "imei 123456789012345"}, "AT\rAT+CGSN\r");
    REQUIRE(talk.status == 0);
    CHECK(talk.out == "AT\r\r\nOK\r\nAT+CGSN\r\r\n123456789012345\r\n\r\nOK\r\n");

    const smsgw::test::Run bogus = smsgw::test::run_program({FAKE_MODEM_BINARY, "-e", "bogus 1"});
    CHECK(bogus.status == 2);
    CHECK(bogus.err.find("unknown directive 'bogus'") != std::string::npos);
}
