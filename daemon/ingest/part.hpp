// One received SMS part as the ingest path sees it, before and after the store has given it an id.
#pragma once

#include "daemon/clock/clock.hpp"

#include <chrono>
#include <cstdint>
#include <string>

namespace smsgw::ingest {

// One SMS part as the modem read it (the modem layer calls it ReceivedPart). It is defined here,
// in the lower component, so that the store and the linker do not depend on the modem layer.
struct Part {
    std::string modem{};      // config name
    std::string imei{};       // empty if the modem did not tell
    int location = 0;         // SIM location, what the modem deletes once the part is committed
    std::string sender{};     // UTF-8 as the network gave it
    std::string smsc_time{};  // "YYYY-MM-DDTHH:MM:SS" from the PDU, empty if unknown
    SystemTime received_at{};
    int concat_ref = -1;  // -1: not concatenated
    int concat_part = 0;  // 1-based
    int concat_total = 0;
    std::string text{};    // UTF-8; 8-bit data as hex
    std::string coding{};  // "gsm7" | "ucs2" | "8bit"
};

// A part the store has committed: `id` is its row, which the assembled message will name.
struct StoredPart {
    std::int64_t id = 0;
    Part part;
};

}  // namespace smsgw::ingest
