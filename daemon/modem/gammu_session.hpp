// One libgammu state machine, owned by one modem worker thread: connect, read, delete, send, health.
#pragma once

#include "daemon/config/config.hpp"
#include "daemon/modem/modem_types.hpp"
#include "daemon/modem/read_probe.hpp"

#include <gammu.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <sys/types.h>

namespace smsgw {

// What a libgammu error means for the worker (LIBGAMMU.md, "Errors that mean ...").
enum class GammuErrorClass : std::uint8_t { none, transient, timeout, reconnect, backoff, security };
GammuErrorClass classify(GSM_Error e);
// Errors about one SIM record's content, not about the modem: reading it again can never succeed.
bool is_record_error(GSM_Error e);
std::string gammu_error_name(GSM_Error e);  // "ERR_TIMEOUT": libgammu's own names lack the enum's prefix
std::string gammu_error_text(GSM_Error e);  // "ERR_TIMEOUT (No response in specified timeout...)"

enum class PinOutcome : std::uint8_t { ready, entered, needed_none_configured, rejected, error };

// Not movable: libgammu holds `this` as callback user data, so the object stays where it was
// made (own it through unique_ptr). Every call must come from the owning thread.
class GammuSession {
public:
    // GSM_InitLocales calls setlocale for the process: once, before any worker thread starts.
    static void global_init();

    explicit GammuSession(const ModemConfig& config);
    ~GammuSession();
    GammuSession(const GammuSession&) = delete;
    GammuSession& operator=(const GammuSession&) = delete;

    GSM_Error connect();
    PinOutcome unlock(const std::string& pin, GSM_Error& error);
    bool is_at() const { return at_; }

    // Marks every read in `probe` (shared with the daemon when this runs in a modem process), and
    // traces single-record reads into it. Call before reading; the probe must outlive the session.
    void attach_probe(ReadProbe* probe);

    // What one read found: SMS-DELIVER parts for the pipeline, and records to quarantine.
    struct InboxRead {
        std::vector<ReceivedPart> parts;
        std::vector<PoisonRecord> poison;
        std::size_t size() const { return parts.size() + poison.size(); }
    };
    // Reads inbox parts, skipping locations in `skip`, at most `max` records. A record libgammu
    // cannot decode, and any record that is not a received SMS-DELIVER, becomes a PoisonRecord
    // (its bytes captured by a traced single read) and the read goes on behind it.
    // `inbox_count`, when known (>= 0), is how many inbox messages the phone holds: reading stops
    // once that many were seen (skipped ones included) instead of probing on to the end.
    GSM_Error read_inbox(const std::string& modem, const std::set<int>& skip, int max, InboxRead& out,
                         int inbox_count = -1);
    // The same, one location at a time (GSM_GetSMS, traced): after a read killed the modem's
    // process, so that the next death names its record. Slower: one command per SIM location.
    GSM_Error read_inbox_careful(const std::string& modem, const std::set<int>& skip, int max, InboxRead& out);
    GSM_Error delete_sms(int location);
    // Deletes a quarantined record without reading it. GSM_DeleteSMS reads a record before deleting
    // it (the AT driver checks its folder): it fails on most bad records and crashes on the overflow
    // ones. On the AT driver of libgammu 1.42 this sends AT+CPMS and AT+CMGD itself.
    GSM_Error delete_unread(int location);
    GSM_Error send(const SendRequest& request, std::chrono::milliseconds status_wait, SendResult& result);
    // Reads what the modem tells about itself; an error means the modem did not answer at all.
    GSM_Error read_health(ModemHealth& health);

    // Lets libgammu process unsolicited lines (+CMTI) on AT modems; blocks up to ~50 ms.
    void poll_device();
    // True once after an incoming-SMS notification arrived.
    bool take_incoming() { return incoming_.exchange(false); }

    const std::string& imei() const { return imei_; }
    const std::string& device() const { return device_; }

private:
    // GSM_GetSMS of one location into `sms`, marked in the probe; `traced`: libgammu's AT trace of
    // it is kept in the probe, for record_hex().
    GSM_Error read_one(int location, GSM_MultiSMSMessage& sms, bool traced);
    // The bytes of the record just read: the PDU in the trace (AT), the file's bytes (dummy).
    std::string record_hex(int location) const;
    GSM_Error read_locations(const std::string& modem, const std::set<int>& skip, int max, InboxRead& out, bool traced);
    PoisonRecord poison(const std::string& modem, int location, std::string error, std::string reason,
                        std::string pdu_hex) const;
    // Quarantines a record that is not an SMS-DELIVER for us, or returns nullopt for a part.
    void take(const std::string& modem, const GSM_SMSMessage& m, InboxRead& out);
    std::vector<int> candidate_locations();
    static void on_debug_text(const char* text, void* user);

    static void on_incoming_sms(GSM_StateMachine*, GSM_SMSMessage*, void* user);
    static void on_send_status(GSM_StateMachine*, int status, int reference, void* user);

    GSM_StateMachine* sm_ = nullptr;
    bool connected_ = false;
    bool at_ = false;
    std::string imei_;
    std::atomic<bool> incoming_{false};
    // Send status, written by the callback during GSM_SendSMS/GSM_ReadDevice on this thread.
    int send_status_ = -1;
    int send_reference_ = -1;
    bool send_pending_ = false;
    bool smsc_loaded_ = false;
    std::unique_ptr<GSM_SMSC> smsc_;
    // ~266 KB and ~5 KB: heap, allocated once per session.
    struct Buffers;
    std::unique_ptr<Buffers> buffers_;
    std::set<pid_t> children_;  // proxyat commands libgammu started for this session
    std::string device_;
    ReadProbe* probe_ = nullptr;
    ReadProbe own_probe_;        // when nobody attached one
};

// Shared by gammu_session.cpp and gammu_inbox.cpp.
struct GammuSession::Buffers {
    GSM_MultiSMSMessage multi;
    GSM_MultiSMSMessage traced;  // a single-record read inside a GetNextSMS walk must not clobber `multi`
    GSM_MultiSMSMessage outgoing;
    GSM_SMSMessage single;
};

}  // namespace smsgw
