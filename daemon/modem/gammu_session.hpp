// One libgammu state machine, owned by one modem worker thread: connect, read, delete, send, health.
#pragma once

#include "daemon/config/config.hpp"
#include "daemon/modem/modem_types.hpp"

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
std::string gammu_error_text(GSM_Error e);  // "ERR_TIMEOUT (No response in specified timeout...)"

enum class PinOutcome : std::uint8_t { ready, entered, needed_none_configured, rejected, error };

// Not movable: libgammu holds `this` as callback user data, so the object stays where it was
// made (own it through unique_ptr). Every call must come from the owning thread, except abort().
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

    // Reads inbox parts, skipping locations in `skip`, at most `max`.
    // `inbox_count`, when known (>= 0), is how many inbox messages the phone holds: reading stops
    // once that many were seen (skipped ones included) instead of probing on to the end.
    GSM_Error read_inbox(const std::string& modem, const std::set<int>& skip, int max, std::vector<ReceivedPart>& out,
                         int inbox_count = -1);
    GSM_Error delete_sms(int location);
    GSM_Error send(const SendRequest& request, std::chrono::milliseconds status_wait, SendResult& result);
    // Reads what the modem tells about itself; an error means the modem did not answer at all.
    GSM_Error read_health(ModemHealth& health);

    // Lets libgammu process unsolicited lines (+CMTI) on AT modems; blocks up to ~50 ms.
    void poll_device();
    // True once after an incoming-SMS notification arrived.
    bool take_incoming() { return incoming_.exchange(false); }
    // The one call that is safe from another thread; the session must be dropped afterwards.
    void abort() noexcept;

    const std::string& imei() const { return imei_; }

private:
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
};

}  // namespace smsgw
