// libgammu helpers for the fake modem's tests: modem files, an RAII proxyat phone, read and send.
#include "testing_phone.hpp"

#include "text_codec.hpp"

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

namespace fake_modem::testing {

std::string utf8(const unsigned char* gammu_unicode) {
    std::string buf(4 * UnicodeLength(gammu_unicode) + 1, '\0');
    EncodeUTF8(buf.data(), gammu_unicode);
    return buf.c_str();
}

double ms_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

void ModemFiles::write_script(const std::string& text) const { std::ofstream(path("script")) << text; }

std::string ModemFiles::device() const {
    return std::string(FAKE_MODEM_BINARY) + " --script " + path("script") + " --state " + path("state") +
           " --sent " + path("sent.jsonl") + " --log " + path("at.log");
}

std::string ModemFiles::log() const {
    std::ifstream in(path("at.log"));
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<std::string> ModemFiles::sent() const {
    std::vector<std::string> out;
    std::ifstream in(path("sent.jsonl"));
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

int ModemFiles::modem_pid() const {
    std::string text = log();
    auto pos = text.rfind(" ev start pid ");
    return pos == std::string::npos ? 0 : std::atoi(text.c_str() + pos + 14);
}

Phone::Phone(const std::string& device) : sm_(GSM_AllocStateMachine()) {
    if (!sm_) throw std::runtime_error("GSM_AllocStateMachine failed");
    GSM_Config* cfg = GSM_GetConfig(sm_, 0);
    GSM_ReadConfig(nullptr, cfg, 0);  // defaults; ERR_USING_DEFAULTS is expected
    std::free(cfg->Device);
    cfg->Device = ::strdup(device.c_str());
    std::free(cfg->Connection);
    cfg->Connection = ::strdup("proxyat");
    std::strcpy(cfg->Model, "at");
    if (const char* log = std::getenv("FAKE_MODEM_GAMMU_LOG")) {  // libgammu's own trace, for debugging
        std::free(cfg->DebugFile);
        cfg->DebugFile = ::strdup(log);
        std::strcpy(cfg->DebugLevel, "textall");
        cfg->UseGlobalDebugFile = FALSE;
    }
    GSM_SetConfigNum(sm_, 1);
}

Phone::~Phone() {
    if (GSM_IsConnected(sm_)) GSM_TerminateConnection(sm_);
    GSM_FreeStateMachine(sm_);
}

GSM_Error Phone::connect(int reply_num) { return GSM_InitConnection(sm_, reply_num); }

void Phone::on_status(GSM_StateMachine*, int status, int ref, void* self) {
    auto* p = static_cast<Phone*>(self);
    p->status_ = status;
    p->reference_ = ref;
    p->status_seen_ = true;
}

void Phone::on_incoming(GSM_StateMachine*, GSM_SMSMessage* sms, void* self) {
    auto* p = static_cast<Phone*>(self);
    p->incoming.push_back(*sms);  // copy out; never call libgammu from its own callback
    p->last_incoming = std::chrono::steady_clock::now();
}

void Phone::enable_incoming() {
    GSM_SetIncomingSMSCallback(sm_, &Phone::on_incoming, this);
    GSM_Error e = GSM_SetIncomingSMS(sm_, TRUE);
    if (e != ERR_NONE) throw std::runtime_error(std::string("GSM_SetIncomingSMS: ") + GSM_ErrorString(e));
}

GSM_Error Phone::read_all(std::vector<ReadSms>& out) {
    auto msms = std::make_unique<GSM_MultiSMSMessage>();
    std::memset(msms.get(), 0, sizeof(GSM_MultiSMSMessage));
    bool start = true;
    while (true) {
        msms->SMS[0].Folder = 0;
        GSM_Error e = GSM_GetNextSMS(sm_, msms.get(), start);
        if (e != ERR_NONE) return e;
        start = false;
        for (int i = 0; i < msms->Number; ++i) {
            const GSM_SMSMessage& m = msms->SMS[i];
            ReadSms r;
            r.location = m.Location;
            r.folder = m.Folder;
            r.number = utf8(m.Number);
            r.smsc = utf8(m.SMSC.Number);
            r.text = utf8(m.Text);
            r.coding = m.Coding;
            r.udh_type = m.UDH.Type;
            r.udh_hex = to_hex(std::vector<std::uint8_t>(m.UDH.Text, m.UDH.Text + m.UDH.Length));
            r.ref = m.UDH.ID8bit;
            r.part = m.UDH.PartNumber;
            r.parts = m.UDH.AllParts;
            r.state = m.State;
            out.push_back(r);
        }
    }
}

GSM_Error Phone::remove(int location) {
    auto sms = std::make_unique<GSM_SMSMessage>();
    std::memset(sms.get(), 0, sizeof(GSM_SMSMessage));
    sms->Folder = 0;
    sms->Location = location;
    return GSM_DeleteSMS(sm_, sms.get());
}

GSM_Error Phone::send(const std::string& number, const std::string& text, std::vector<int>& statuses,
                      std::vector<int>& message_refs) {
    GSM_SetSendSMSStatusCallback(sm_, &Phone::on_status, this);
    auto info = std::make_unique<GSM_MultiPartSMSInfo>();
    GSM_ClearMultiPartSMSInfo(info.get());
    std::vector<unsigned char> unicode(2 * text.size() + 4, 0);
    DecodeUTF8(unicode.data(), text.c_str(), text.size());
    info->EntriesNum = 1;
    info->Class = -1;
    info->Entries[0].ID = SMS_ConcatenatedAutoTextLong;
    info->Entries[0].Buffer = unicode.data();
    auto msms = std::make_unique<GSM_MultiSMSMessage>();
    std::memset(msms.get(), 0, sizeof(GSM_MultiSMSMessage));
    GSM_Error e = GSM_EncodeMultiPartSMS(GSM_GetGlobalDebug(), info.get(), msms.get());
    if (e != ERR_NONE) return e;

    GSM_SMSC smsc;
    std::memset(&smsc, 0, sizeof smsc);
    smsc.Location = 1;
    if ((e = GSM_GetSMSC(sm_, &smsc)) != ERR_NONE) return e;
    for (int i = 0; i < msms->Number; ++i) {
        GSM_SMSMessage& m = msms->SMS[i];
        CopyUnicodeString(m.SMSC.Number, smsc.Number);
        m.SMSC.Location = 0;
        EncodeUnicode(m.Number, number.c_str(), number.size());
        m.PDU = SMS_Submit;
        status_seen_ = false;
        if ((e = GSM_SendSMS(sm_, &m)) != ERR_NONE) return e;
        auto start = std::chrono::steady_clock::now();
        while (!status_seen_ && ms_since(start) < 15000) GSM_ReadDevice(sm_, TRUE);
        if (!status_seen_) return ERR_TIMEOUT;
        statuses.push_back(status_);
        message_refs.push_back(reference_);
    }
    return ERR_NONE;
}

}  // namespace fake_modem::testing
