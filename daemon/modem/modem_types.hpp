// Values that cross between a modem worker thread and the event loop: parts read, sends, health.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace smsgw {

using SystemTime = std::chrono::system_clock::time_point;

// One SMS part exactly as the modem gave it (one part of a concatenated message, or a whole SMS).
struct ReceivedPart {
    std::string modem;        // config name
    std::string imei;
    int location = 0;         // gammu location; what the worker deletes after the commit
    std::string sender;       // UTF-8 as the network gave it ("+7701...", "Beeline")
    std::string smsc_time;    // "YYYY-MM-DDTHH:MM:SS" as in the PDU, empty if unknown
    SystemTime received_at{};
    int concat_ref = -1;      // -1: not concatenated
    int concat_part = 0;      // 1-based
    int concat_total = 0;
    std::string text;         // UTF-8; 8-bit data as hex
    std::string coding;       // "gsm7" | "ucs2" | "8bit"
};

struct ReceivedBatch {
    std::string modem;
    std::uint64_t batch_id = 0;  // echoed in the acknowledgement
    std::vector<ReceivedPart> parts;
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

enum class ModemState : std::uint8_t { connecting, running, backing_off, pin_needed, pin_failed, stopped };
std::string_view to_string(ModemState);

struct ModemHealth {
    std::string modem;
    ModemState state = ModemState::connecting;
    std::string imei, imsi, manufacturer, model, network_code, network_name, network_state;
    int signal_percent = -1;
    int battery_percent = -1;
    std::string last_error;
    SystemTime at{};
};

}  // namespace smsgw
