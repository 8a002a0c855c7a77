// Values that cross between a modem worker thread and the event loop: parts read, sends, health.
#pragma once

#include "daemon/clock/clock.hpp"
#include "daemon/ingest/part.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace smsgw {

// One SMS part exactly as the modem gave it: the ingest path's own part type, so the pipeline
// takes it without a copy (it lives in ingest/, which knows nothing of modems or libgammu).
using ReceivedPart = ingest::Part;

// A SIM record that is not an SMS for the pipeline: libgammu could not decode it, reading it killed
// the modem's process, or it is not a received SMS-DELIVER (a status report, a stored outgoing
// message). The daemon stores it in the quarantine table; only then is it deleted from the SIM.
struct PoisonRecord {
    std::string modem;
    std::string imei;
    int location = 0;
    std::string error;    // libgammu's error name ("ERR_CORRUPTED"), a signal ("SIGSEGV"), or the record type
    std::string reason;   // one line for the console and the export
    std::string pdu_hex;  // the record's bytes as the modem sent them, upper-case hex; "" if not captured
    SystemTime detected_at{};
};

struct ReceivedBatch {
    std::string modem;
    std::uint64_t batch_id = 0;  // echoed in the acknowledgement
    std::vector<ReceivedPart> parts;
    std::vector<PoisonRecord> poison;  // acknowledged like parts: deleted once stored
};

// The event loop's answer to a batch: committed (delete these locations) or not (read them again).
struct BatchAck {
    std::uint64_t batch_id = 0;
    bool committed = false;
    std::vector<int> locations;
};

struct SendRequest {
    std::int64_t reply_id = 0;   // outbox row
    std::string destination;
    std::string text;            // UTF-8; libgammu picks GSM-7 or UCS-2 and splits
};

struct SendResult {
    std::string modem;
    std::int64_t reply_id = 0;
    bool sent = false;
    int parts = 0;
    int message_reference = -1;
    std::string error;           // gammu's error name/text when not sent
};

// restarting: the modem's process died (a crash, a hang) and a new one starts after a backoff.
enum class ModemState : std::uint8_t { connecting, running, backing_off, pin_needed, pin_failed, stopped, restarting };
std::string_view to_string(ModemState);

struct ModemHealth {
    std::string modem;
    ModemState state = ModemState::connecting;
    std::string imei, imsi, manufacturer, model, network_code, network_name, network_state;
    std::string device;
    int signal_percent = -1;
    int battery_percent = -1;
    // SMS storage (GSM_GetSMSStatus); -1 unknown. A full SIM stops new-SMS notifications on many modems.
    int sim_used = -1, sim_size = -1, phone_used = -1, phone_size = -1;
    std::string last_error;
    // Deletes the modem refused since its process started, the SIM locations still refusing, and
    // the last refusal ("SIM location 3: ERR_UNKNOWN ..."): such records stay on the SIM.
    long delete_failures = 0;
    int undeletable = 0;
    std::string last_delete_error;
    SystemTime at{};
};

}  // namespace smsgw
