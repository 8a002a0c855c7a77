// The hostile SIM records (see hostile_records.hpp): PDU lines of gammu's captures of real phones, the
// fuzz corpus's libgammu-overflow PDUs, and made ones, with what libgammu 1.42 was seen to do with each.
#include "hostile_records.hpp"

#include <stdexcept>

namespace smsgw::e2e {
namespace {

// The PDU hex of captures is gammu's test data (https://github.com/gammu/gammu, tests/at-sms*/NN.dump:
// the line after "+CMGR:"), copied verbatim; the overflow PDUs are the bytes of the corpus files in hex.
const std::vector<HostileRecord> records = {
    {"failing_01",
     "gammu tests/at-sms-failing/01.dump",
     "0791246030500200110481643000007030427132500047D6B0BEECCE83F4E17558EF4EAFEB2CD09C5DD78BC320751944"
     "7E8FC3737719D44EB7DF20B8FC6D7FEB5D2062795D5797DB65903E0C82BFC7E837BCEC4EBB00",
     1, HostileExpect::decode_error, "ERR_UNKNOWN",
     "an SMS-SUBMIT whose destination length says 129 digits: \"Number too long!\""},
    {"failing_13",
     "gammu tests/at-sms-failing/13.dump",
     "0BD04259303784=96p331p71160016D02B5AEC86BBDD6E37D80DFF00F19C0AC8F7BA3E87BFD7F539FFFFFFFFFFFFFFFF"
     "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"
     "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"
     "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF12",
     2, HostileExpect::decode_error, "ERR_CORRUPTED",
     "the phone garbled the line (\"=96p331p\"): not hex, \"Failed to decode hex string!\""},
    {"failing_17",
     "gammu tests/at-sms-failing/17.dump",
     "0BD0p2608>381p=*70p2616p16000AD0D770BB5D0700F1FF04F4F29C0E9CFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"
     "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"
     "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"
     "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF12",
     2, HostileExpect::decode_error, "ERR_CORRUPTED",
     "garbled like 13 (\"p2608>381p=*70p\"): not hex"},
    {"failing_18",
     "gammu tests/at-sms-failing/18.dump",
     "0CD0ABD9CC86CBC16034180C1616000AD0D770BB5D0700F9FF080074006500730074",
     2, HostileExpect::decode_error, "ERR_CORRUPTED",
     "a status report with an alphanumeric SMSC, invalid dates and too few octets: \"Ran out of buffer "
     "when parsing PDU!\""},
    {"failing_25",
     "gammu tests/at-sms-failing/25.dump",
     "0BF0BBBBBBBBBBBBBBBBBBFBFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"
     "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"
     "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"
     "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF12",
     1, HostileExpect::decode_error, "ERR_UNKNOWN",
     "an SMSC field of garbage (0B F0 BB..), then first octet FB: TP-MTI 3, \"Reserved message type, "
     "aborting!\""},
    {"failing_33",
     "gammu tests/at-sms-failing/33.dump",
     "00FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"
     "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"
     "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"
     "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
     2, HostileExpect::decode_error, "ERR_CORRUPTED",
     "00 and 174 octets FF: the Siemens MC35i filler of unused locations, which the AT driver matches "
     "literally"},
    {"failing_35",
     "gammu tests/at-sms-failing/35.dump",
     "07916307996905F0040B916307779872F4003901406041433180353058AC6CCBCD64B05BB80C20007600000000002000"
     "6F0074007400000000006F00630000006900760061006C002000",
     3, HostileExpect::decode_error, "ERR_NOTSUPPORTED",
     "an SMS-DELIVER with DCS 0x39 (compressed UCS-2): \"Compressed unicode messages not yet "
     "supported!\""},
    {"failing_38",
     "gammu tests/at-sms-failing/38.dump",
     "C474795E968388E9B27B4E07CDE965341D947683926879B90DA286E56933C89D1EA3E9207D5D0EB296E566FFB9EE3EBB"
     "40A8220C9602",
     3, HostileExpect::decode_error, "ERR_UNKNOWN",
     "SMSC length octet C4 (196): \"Number too long!\""},
    {"failing_39",
     "gammu tests/at-sms-failing/39.dump",
     "91947122982661",
     3, HostileExpect::decode_error, "ERR_UNKNOWN",
     "7 octets whose SMSC length octet is 0x91 (145): \"Number too long!\""},
    {"failing_40",
     "gammu tests/at-sms-failing/40.dump",
     "0906346170706C69636174696F6E2F766E642E7761702E6D6D732D6D65737361676500B13139322E3136382E3233382E"
     "313900AF84B4818C829843326357556B543859534777476B566741416B4175793379654B4141414141414141008D9089"
     "18802B34383732363631353235332F545950453D504C4D4E00960AEA4453433030323234008A808E0231788805810303"
     "F48083687474703A2F2F6D6D733272783A383030322F6357556B543859534777476B566741416B4175793379654B4141"
     "41414141414100",
     3, HostileExpect::decode_error, "ERR_UNKNOWN",
     "the WAP/MMS body of a push without its SMS header: \"Numbering plan not supported!\""},
    {"exploit_db_46913",
     "gammu tests/at-sms/41.dump (master; exploit-db 46913)",
     "0041000b817777777777f700005d060504157800004de1135b851283d4e2afdd8bd576f3b2dc5e96f7dc617a788e2ebb"
     "d761173c2ca7e777f0b79cdecbe5663bf8bdc74e57cdcfbcf5b97387dbe59e1be00ed3c37374d9bd0ebbe06139",
     0, HostileExpect::decode_error, "ERR_CORRUPTED",
     "an SMS-SUBMIT (first octet 41) whose TP-UDL says 93 septets (82 octets) but 79 follow: \"Ran out "
     "of buffer when parsing PDU!\"; readable since gammu 1.43.0 (#993)"},
    {"truncated_deliver",
     "gammu tests/at-sms/42.dump (master, added with the truncation fix #993)",
     "06914977000030200B914977745010F700FB918050809053221DB15CEC868BC9663018080402816432DD0C060281A441"
     "2A159904",
     1, HostileExpect::decode_error, "ERR_CORRUPTED",
     "an SMS-DELIVER whose user data is cut short: \"Ran out of buffer when parsing PDU!\"; readable "
     "since gammu 1.43.0 (#993)"},
    {"stored_submit_unsent",
     "gammu tests/at-sms/19.dump",
     "069134660405F151000C8160460653332000F1001600C034DC86B3CBA063B8DDAE83DAE5F93C7C2E03",
     2, HostileExpect::readable, "SMS_Submit",
     "a stored SMS-SUBMIT (\"Sample Gammu message\"), stat 2: libgammu puts it in folder 2 (outbox)"},
    {"stored_submit_sent",
     "made: the SMS-SUBMIT of gammu tests/at-sms/28.dump stored as sent",
     "07915141991321F311000B914161787734F800F1FF32EE7A2B0D72A7DBE9B10BE4ACB7C36950DA3D2ECBC7A07918640F"
     "9341E432082E4FB7CBF331A82C97BFE56917",
     3, HostileExpect::readable, "SMS_Submit",
     "an SMS-SUBMIT stored as sent, stat 3"},
    {"status_report_garbage",
     "made: gammu tests/at-sms/36.dump status report + DEADBEEF",
     "07912658050000F006010D91265817373754F501010161705382010101617083820000DEADBEEF",
     1, HostileExpect::readable, "SMS_Status_Report",
     "the AT driver ignores extra data after a status report"},
    {"wap_push",
     "gammu tests/at-sms/40.dump",
     "07912374151616F6440B911174164210F000F571309290346280860605040B8423F04F06226170706C69636174696F6E"
     "2F766E642E7761702E6D6D732D6D65737361676500AF848C82983831343630343934406D6D7331008D928918802B3333"
     "3333333439333231312F545950453D504C4D4E0096008F8186818A808E03017A598805810303F48083687474703A2F2F"
     "6D74732F3F69643D383134363034393400",
     1, HostileExpect::readable, "SMS_Deliver",
     "an 8-bit WAP push (MMS notification, port 2948): an SMS-DELIVER, but no text"},
    {"deliver_trailing_garbage",
     "made: gammu tests/at-sms/03.dump SMS-DELIVER + 1234",
     "0791198948004544040C9119894882006200007050307040042206CF35689E96031234",
     1, HostileExpect::decode_error, "ERR_UNKNOWN",
     "a valid SMS-DELIVER (\"Ok sir\") with 2 octets after its user data: \"Did not parse all PDU data\""},
    {"all_ff",
     "made: 40 bytes FF",
     "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
     0, HostileExpect::decode_error, "ERR_UNKNOWN",
     "an erased record: SMSC length FF, \"Number too long!\""},
    {"empty_00",
     "made: the single byte 00",
     "00",
     0, HostileExpect::decode_error, "ERR_EMPTY",
     "the AT driver takes the PDU \"00\" for an empty location though AT+CMGR answered one; "
     "GSM_DeleteSMS says ERR_EMPTY too and leaves it on the SIM"},
    {"gammu_overflow_gsm7_udl255",
     "smsgw tests/fuzz/corpus/pdu/gammu_overflow_gsm7_udl255 (hex of the file: SMSC field and TPDU)",
     "07917710000000F0040B917710214365F7000042900202510042FF414141414141414141414141414141414141414141"
     "414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141"
     "414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141"
     "414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141"
     "414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141"
     "4141414141414141414141",
     0, HostileExpect::crash, "SIGABRT",
     "GSM-7 TP-UDL 255 (>161 septets) unpacked into a 161-byte stack buffer: \"stack smashing detected\""},
    {"gammu_overflow_oa_digits",
     "smsgw tests/fuzz/corpus/pdu/gammu_overflow_oa_digits (hex of the file: SMSC field and TPDU)",
     "07917710000000F004FF9111111111111111111111111111111111111111111111111111111111111111111111111111"
     "111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111"
     "111111111111111111111111111111111111111111111111111111111111111111111111111111111111110004429002"
     "025100427841414141414141414141414141414141414141414141414141414141414141414141414141414141414141"
     "414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141414141"
     "4141414141414141414141414141414141414141414141414141414141",
     0, HostileExpect::crash, "SIGABRT",
     "a sender of 255 semi-octets: GSM_UnpackSemiOctetNumber overruns its stack buffer, \"stack "
     "smashing detected\""},
    {"gammu_overflow_smsc_digits",
     "smsgw tests/fuzz/corpus/pdu/gammu_overflow_smsc_digits (hex of the file: SMSC field and TPDU)",
     "C89111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111"
     "111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111"
     "111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111"
     "111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111"
     "111111111111111111040B917710214365F70004429002025100423C4141414141414141414141414141414141414141"
     "41414141414141414141414141414141414141414141414141414141414141414141414141414141",
     0, HostileExpect::crash, "SIGSEGV",
     "an SMSC field of 200 octets (398 digits) into the same 201-byte buffer: overwrites more than the "
     "canary"},
};

const std::vector<ValidReport> reports = {
    {"+77010000001", "R 01001 A312 B148 C57 X9 T526"},
    {"+77010000006", "R 02001 A500 B400 C100 X10 T1010"},
    {"+77010000003", "R 01004 A100 B90 C50 X10 T250"},
};

bool is_hex(std::string_view s) {
    if (s.empty() || s.size() % 2 != 0) return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

}  // namespace

const std::vector<HostileRecord>& hostile_records() { return records; }

const HostileRecord& hostile_record(std::string_view name) {
    for (const auto& r : records)
        if (r.name == name) return r;
    throw std::out_of_range("no hostile record " + std::string(name));
}

const std::vector<ValidReport>& valid_reports() { return reports; }

std::string fake_modem_directive(const HostileRecord& r) {
    const std::string verb = is_hex(r.pdu_hex) ? "pdu " : "pdu-line ";
    return verb + std::string(r.pdu_hex) + " " + std::to_string(r.stat);
}

std::string fake_modem_directive(const ValidReport& r) {
    return "sms time=2026-03-01T20:15:00+06:00 " + std::string(r.sender) + " " + std::string(r.text);
}

const char* expect_name(HostileExpect e) {
    switch (e) {
        case HostileExpect::decode_error: return "decode_error";
        case HostileExpect::crash: return "crash";
        case HostileExpect::readable: return "readable";
    }
    return "?";
}

}  // namespace smsgw::e2e
