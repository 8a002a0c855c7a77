// The idempotency key that makes a redelivered SMS part a no-op in the store.
#pragma once

#include "daemon/ingest/part.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace smsgw::ingest {

// 64-bit FNV-1a. Not cryptographic: it only has to tell apart texts that already share modem,
// sender, SMSC second and concatenation header, where an accidental collision is ~2^-64.
std::uint64_t content_hash(std::string_view coding, std::string_view text);

// (modem IMEI, sender, SMSC timestamp, concat ref/part/total, hash of content), readable in the
// database, e.g. "356938035643809|12:+77011234567|2024-03-01T08:15:02|66/1/3|9f0c...".
// Without an SMSC timestamp the SIM location stands in ("sim:7"): the key stays the same for every
// read of one record, so an undeletable record is stored once, whatever the number of reads.
std::string idempotency_key(const Part& part);

}  // namespace smsgw::ingest
