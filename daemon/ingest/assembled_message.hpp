// A whole message made from one or more stored parts: what the linker releases and the store records.
#pragma once

#include "daemon/ingest/part.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace smsgw::ingest {

enum class Assembly : std::uint8_t {
    complete,   // every part present (or a single-part SMS)
    timed_out,  // released after the timeout with parts missing; `missing` names them
    malformed,  // a concatenation header that cannot be placed (part 0, part > total, total 0)
};

std::string_view to_string(Assembly);

struct AssembledMessage {
    std::string modem{};
    std::string imei{};
    std::string sender{};
    std::string smsc_time{};   // of the lowest-numbered part present
    SystemTime received_at{};  // earliest receive time of its parts
    int concat_ref = -1;       // -1: not concatenated
    int concat_total = 1;
    std::string text{};    // parts in order; each missing part replaced by the placeholder
    std::string coding{};  // of the lowest-numbered part present
    Assembly assembly = Assembly::complete;
    std::vector<int> missing{};  // part numbers never received, ascending
    // Every stored part this message consumes, including ignored duplicates of a part number, so
    // that recording the message links them all and none is fed to the linker again.
    std::vector<std::int64_t> part_ids{};
};

}  // namespace smsgw::ingest
