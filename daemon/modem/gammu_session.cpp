// libgammu calls for one modem, in the order LIBGAMMU.md verified; nothing else in smsgw calls libgammu
// except the dummy-inbox writer.
#include "daemon/modem/gammu_session.hpp"

#include "daemon/modem/sms_to_part.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <sys/wait.h>

// Exported by libGammu but not in its public headers: sends one command and waits for the reply
// handled by the given request id (gsmreply.h's GSM_Phone_RequestID, an int-sized enum).
extern "C" GSM_Error GSM_WaitFor(GSM_StateMachine* s, const unsigned char* buffer, size_t length, int type, int timeout,
                                 int request);

namespace smsgw {


namespace {

std::string_view network_state_name(GSM_NetworkInfo_State s) {
    switch (s) {
        case GSM_HomeNetwork: return "home";
        case GSM_RoamingNetwork: return "roaming";
        case GSM_NoNetwork: return "none";
        case GSM_RegistrationDenied: return "denied";
        case GSM_RequestingNetwork: return "searching";
        default: return "unknown";
    }
}

// Children of the calling thread (libgammu forks the proxyat command from the worker thread).
std::set<pid_t> thread_children() {
    std::set<pid_t> out;
    std::ifstream in("/proc/thread-self/children");
    pid_t pid = 0;
    while (in >> pid) out.insert(pid);
    return out;
}

// libgammu 1.42 sends the proxy command SIGHUP but never waits for it: reap it here so
// reconnects do not leave zombies behind, and kill it if it ignores the hang-up.
void reap(const std::set<pid_t>& pids) {
    for (pid_t pid : pids) {
        for (int i = 0; i < 50; ++i) {
            pid_t r = ::waitpid(pid, nullptr, WNOHANG);
            if (r == pid || (r < 0 && errno != EINTR)) goto next;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        ::kill(pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);
    next:;
    }
}

}  // namespace

GammuErrorClass classify(GSM_Error e) {
    switch (e) {
        case ERR_NONE: return GammuErrorClass::none;
        case ERR_TIMEOUT: return GammuErrorClass::timeout;
        case ERR_DEVICEWRITEERROR:
        case ERR_DEVICEREADERROR:
        case ERR_DEVICENOTWORK:
        case ERR_NOTCONNECTED:
        case ERR_DEVICENOTEXIST:
        case ERR_ABORTED: return GammuErrorClass::reconnect;  // an aborted state machine must be re-made
        case ERR_DEVICEOPENERROR:
        case ERR_DEVICEBUSY:
        case ERR_DEVICELOCKED: return GammuErrorClass::backoff;
        case ERR_SECURITYERROR: return GammuErrorClass::security;
        default: return GammuErrorClass::transient;
    }
}

bool is_record_error(GSM_Error e) {
    switch (e) {
        case ERR_CORRUPTED:
        case ERR_UNKNOWN:
        case ERR_NOTSUPPORTED:
        case ERR_NOTIMPLEMENTED:
        case ERR_BUG:
        case ERR_INVALIDDATA:
        case ERR_UNKNOWNRESPONSE:
        case ERR_FILENOTSUPPORTED:
        case ERR_MOREMEMORY: return true;
        default: return false;
    }
}

std::string gammu_error_name(GSM_Error e) {
    const char* name = GSM_ErrorName(e);
    return std::string("ERR_") + (name ? name : "?");
}

std::string gammu_error_text(GSM_Error e) { return fmt::format("{} ({})", gammu_error_name(e), GSM_ErrorString(e)); }

void GammuSession::global_init() {
    static std::once_flag once;
    std::call_once(once, [] { GSM_InitLocales(nullptr); });
}

GammuSession::GammuSession(const ModemConfig& config)
    // Default-initialised, not zeroed: each ~266 KB buffer becomes resident only when a read, a
    // traced read or a send first uses it (a modem process that never quarantines or sends saves ~0.5 MB).
    : smsc_(std::make_unique<GSM_SMSC>()), buffers_(new Buffers) {
    sm_ = GSM_AllocStateMachine();
    if (!sm_) throw std::bad_alloc();
    GSM_Config* cfg = GSM_GetConfig(sm_, 0);
    // Fills every default (returns ERR_USING_DEFAULTS), then our values replace device/connection/model.
    GSM_ReadConfig(nullptr, cfg, 0);
    std::free(cfg->Device);
    cfg->Device = ::strdup(config.device.c_str());
    std::free(cfg->Connection);
    cfg->Connection = ::strdup(config.connection.c_str());
    std::string model = config.model;
    if (model.empty() && config.connection == "none") model = "dummy";
    if (model.empty() && config.connection.rfind("at", 0) == 0) model = "at";
    if (model.empty() && config.connection == "proxyat") model = "at";
    std::snprintf(cfg->Model, sizeof cfg->Model, "%s", model.c_str());
    cfg->LockDevice = FALSE;
    GSM_SetConfigNum(sm_, 1);
    at_ = config.connection != "none";
    device_ = config.device;
    attach_probe(&own_probe_);
}

void GammuSession::attach_probe(ReadProbe* probe) {
    probe_ = probe;
    GSM_Debug_Info* di = GSM_GetDebug(sm_);
    GSM_SetDebugGlobal(FALSE, di);
    GSM_SetDebugFunction(&GammuSession::on_debug_text, this, di);
    GSM_SetDebugLevel("nothing", di);
}

void GammuSession::on_debug_text(const char* text, void* user) {
    if (text) static_cast<GammuSession*>(user)->probe_->append(text);
}

GammuSession::~GammuSession() {
    if (connected_) {
        GSM_Error e = GSM_TerminateConnection(sm_);
        if (e != ERR_NONE) std::fprintf(stderr, "smsgw: modem disconnect: %s\n", gammu_error_text(e).c_str());
    }
    GSM_FreeStateMachine(sm_);
    reap(children_);
}

GSM_Error GammuSession::connect() {
    // One reply attempt: libgammu multiplies every command timeout by it, and a silent modem
    // should be noticed in seconds (timeouts_before_reconnect gives a slow one a second chance).
    const auto before = thread_children();
    GSM_Error e = GSM_InitConnection(sm_, 1);
    for (pid_t pid : thread_children())
        if (!before.count(pid)) children_.insert(pid);
    if (e != ERR_NONE) return e;
    connected_ = true;
    // InitConnection resets the debug settings from the config, and every user callback: all set only now.
    attach_probe(probe_);
    GSM_SetSendSMSStatusCallback(sm_, &GammuSession::on_send_status, this);
    GSM_SetIncomingSMSCallback(sm_, &GammuSession::on_incoming_sms, this);
    if (at_) GSM_SetIncomingSMS(sm_, TRUE);  // the dummy driver cannot notify
    char imei[GSM_MAX_IMEI_LENGTH + 1] = {};
    if (GSM_GetIMEI(sm_, imei) == ERR_NONE) imei_ = imei;
    smsc_loaded_ = false;
    return ERR_NONE;
}

PinOutcome GammuSession::unlock(const std::string& pin, GSM_Error& error) {
    GSM_SecurityCodeType status = SEC_None;
    error = GSM_GetSecurityStatus(sm_, &status);
    if (error == ERR_NOTSUPPORTED || error == ERR_NOTIMPLEMENTED) {
        error = ERR_NONE;
        return PinOutcome::ready;
    }
    if (error != ERR_NONE) return PinOutcome::error;
    if (status == SEC_None) return PinOutcome::ready;
    if (status != SEC_Pin) {  // PUK or phone code: a person has to deal with the SIM
        error = ERR_SECURITYERROR;
        return PinOutcome::rejected;
    }
    if (pin.empty()) return PinOutcome::needed_none_configured;
    GSM_SecurityCode code{};
    code.Type = SEC_Pin;
    std::snprintf(code.Code, sizeof code.Code, "%s", pin.c_str());
    error = GSM_EnterSecurityCode(sm_, &code);
    if (error == ERR_NONE) return PinOutcome::entered;
    return classify(error) == GammuErrorClass::security ? PinOutcome::rejected : PinOutcome::error;
}

GSM_Error GammuSession::delete_sms(int location) {
    GSM_SMSMessage& sms = buffers_->single;
    std::memset(&sms, 0, sizeof sms);
    sms.Location = location;
    sms.Folder = 0;
    GSM_Error e = GSM_DeleteSMS(sm_, &sms);
    return e == ERR_EMPTY ? ERR_NONE : e;  // already gone is what we wanted
}

GSM_Error GammuSession::delete_unread(int location) {
    // The dummy driver unlinks the file without reading it. Request ids are libgammu 1.42.0's
    // (gsmreply.h: ID_DeleteSMSMessage 49, ID_SetMemoryType 91); another version gets the plain call.
    if (!at_ || std::string_view(GetGammuVersion()).rfind("1.42.", 0) != 0) return delete_sms(location);
    constexpr int id_delete_sms = 49, id_set_memory = 91;
    const bool phone = location > GSM_PHONE_MAXSMSINFOLDER;
    const int index = phone ? location - GSM_PHONE_MAXSMSINFOLDER : location;
    const auto command = [&](const std::string& text, int request) {
        return GSM_WaitFor(sm_, reinterpret_cast<const unsigned char*>(text.data()), text.size(), 0x00, 5, request);
    };
    // AT+CMGD acts on the memory selected last: select the record's own.
    GSM_Error e = command(phone ? "AT+CPMS=\"ME\"\r" : "AT+CPMS=\"SM\"\r", id_set_memory);
    if (e != ERR_NONE) return e;
    e = command(fmt::format("AT+CMGD={}\r", index), id_delete_sms);
    // libgammu keeps the SIM selected between its own reads and does not know we changed it.
    if (phone) (void)command("AT+CPMS=\"SM\"\r", id_set_memory);
    return e == ERR_EMPTY ? ERR_NONE : e;
}

GSM_Error GammuSession::send(const SendRequest& request, std::chrono::milliseconds status_wait, SendResult& result) {
    result.reply_id = request.reply_id;
    result.sent = false;
    if (!smsc_loaded_) {
        std::memset(smsc_.get(), 0, sizeof(GSM_SMSC));
        smsc_->Location = 1;
        GSM_Error e = GSM_GetSMSC(sm_, smsc_.get());
        if (e != ERR_NONE) return e;
        smsc_loaded_ = true;
    }
    std::vector<unsigned char> ucs2((request.text.size() + 2) * 2, 0);
    DecodeUTF8(ucs2.data(), request.text.c_str(), request.text.size());
    GSM_MultiPartSMSInfo info;
    GSM_ClearMultiPartSMSInfo(&info);
    info.Class = -1;
    info.EntriesNum = 1;
    info.Entries[0].ID = SMS_ConcatenatedAutoTextLong;
    info.Entries[0].Buffer = ucs2.data();
    GSM_MultiSMSMessage& out = buffers_->outgoing;
    std::memset(&out, 0, sizeof out);
    GSM_Error e = GSM_EncodeMultiPartSMS(nullptr, &info, &out);
    info.Entries[0].Buffer = nullptr;
    GSM_FreeMultiPartSMSInfo(&info);
    if (e != ERR_NONE) return e;
    if (request.destination.size() >= GSM_MAX_NUMBER_LENGTH) return ERR_INVALIDDATA;

    for (int i = 0; i < out.Number; ++i) {
        GSM_SMSMessage& part = out.SMS[i];
        part.SMSC = *smsc_;
        part.SMSC.Location = 0;  // use the number we copied, not a phone-side location
        part.PDU = SMS_Submit;
        EncodeUnicode(part.Number, request.destination.c_str(), request.destination.size());
        send_pending_ = true;
        send_status_ = -1;
        send_reference_ = -1;
        e = GSM_SendSMS(sm_, &part);
        if (e != ERR_NONE) {
            send_pending_ = false;
            return e;
        }
        const auto deadline = std::chrono::steady_clock::now() + status_wait;
        while (send_pending_ && std::chrono::steady_clock::now() < deadline) GSM_ReadDevice(sm_, TRUE);
        if (send_pending_) {
            send_pending_ = false;
            return ERR_TIMEOUT;
        }
        if (send_status_ != 0) {
            result.error = fmt::format("network refused part {}/{} (status {})", i + 1, out.Number, send_status_);
            return ERR_NONE;  // the modem works; this message failed
        }
        result.message_reference = send_reference_;
        result.parts = i + 1;
    }
    result.sent = true;
    return ERR_NONE;
}

GSM_Error GammuSession::read_health(ModemHealth& h) {
    // Signal first: it is the cheapest command every modem answers, so its error doubles as the
    // liveness check of an idle modem (a dead one answers nothing and times out).
    GSM_SignalQuality sig{};
    GSM_Error alive = GSM_GetSignalQuality(sm_, &sig);
    if (alive == ERR_NONE) h.signal_percent = sig.SignalPercent;
    else if (classify(alive) != GammuErrorClass::transient) return alive;
    char buf[GSM_MAX_INFO_LENGTH + 1] = {};
    h.imei = imei_;
    if (GSM_GetSIMIMSI(sm_, buf) == ERR_NONE) h.imsi = buf;
    std::memset(buf, 0, sizeof buf);
    if (GSM_GetManufacturer(sm_, buf) == ERR_NONE) h.manufacturer = buf;
    std::memset(buf, 0, sizeof buf);
    if (GSM_GetModel(sm_, buf) == ERR_NONE) h.model = buf;
    GSM_BatteryCharge bat{};
    if (GSM_GetBatteryCharge(sm_, &bat) == ERR_NONE) h.battery_percent = bat.BatteryPercent;
    // The dummy driver answers by opening all 50,000 possible file names (~0.1 s, reads stop
    // meanwhile) and its "SIM" has 10,000 places: only real modems are asked.
    GSM_SMSMemoryStatus storage{};
    if (at_ && GSM_GetSMSStatus(sm_, &storage) == ERR_NONE) {
        h.sim_used = storage.SIMUsed;
        h.sim_size = storage.SIMSize;
        h.phone_used = storage.PhoneUsed;
        h.phone_size = storage.PhoneSize;
    }
    h.device = device_;
    GSM_NetworkInfo net{};
    if (GSM_GetNetworkInfo(sm_, &net) == ERR_NONE) {
        h.network_code = net.NetworkCode;
        h.network_name = ucs2_to_utf8(net.NetworkName, sizeof net.NetworkName / 2);
        h.network_state = network_state_name(net.State);
    }
    return ERR_NONE;
}

void GammuSession::poll_device() {
    if (at_ && connected_) GSM_ReadDevice(sm_, FALSE);
}

void GammuSession::on_incoming_sms(GSM_StateMachine*, GSM_SMSMessage*, void* user) {
    // Never call libgammu from its own callback: only note that the inbox needs reading.
    static_cast<GammuSession*>(user)->incoming_ = true;
}

void GammuSession::on_send_status(GSM_StateMachine*, int status, int reference, void* user) {
    auto* self = static_cast<GammuSession*>(user);
    self->send_status_ = status;
    self->send_reference_ = reference;
    self->send_pending_ = false;
}

}  // namespace smsgw
