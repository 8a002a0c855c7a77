// The clues that tell apart two messages from one sender sharing a concatenation reference: when a part was sent, and whether it is a copy of another.
#pragma once

#include "daemon/ingest/part.hpp"

#include <chrono>
#include <optional>
#include <string_view>

namespace smsgw::ingest {

// The instant in an SMSC time stamp "YYYY-MM-DDTHH:MM:SS" with an optional "Z" or "+HH:MM" /
// "-HH:MM" (without one the time is taken as UTC, so stamps without a zone compare among
// themselves); empty when there is none or it does not read as a time.
std::optional<SystemTime> sent_time(std::string_view smsc_time);

// A redelivery of the same part (the network or the SIM handing it over again): same part number,
// coding and text, and the same SMSC time unless one of them has none. The SMSC stamps a part when
// it takes it from the phone, so a message typed again is sent at another second even when its
// text is the same, while a redelivered copy keeps its stamp.
bool is_copy(const Part& a, const Part& b);

// How far apart two parts were sent: by their SMSC times when both have one, else by when the
// gateway received them.
std::chrono::seconds sent_apart(const Part& a, const Part& b);

// True when both parts have an SMSC time and the stamps are more than `gap` apart.
bool sent_further_than(const Part& a, const Part& b, std::chrono::seconds gap);

}  // namespace smsgw::ingest
