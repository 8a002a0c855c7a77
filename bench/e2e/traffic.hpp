// Election-night SMS traffic for the end-to-end benchmark, drawn from a codebook's own monitors and stations.
#pragma once

#include "codebooks/codebook.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace smsgw::bench {

struct Sms {
    std::string sender;          // E.164
    std::string text;            // UTF-8
    std::string smsc_time;       // YYYYMMDDTHHMMSS (UTC), distinct per message
    std::optional<int> concat_ref;  // set for texts that need more than one SMS
    std::size_t parts = 1;
    std::string kind;            // what the generator meant it to be, for the mix summary
};

struct TrafficOptions {
    std::uint64_t seed = 2026;
    bool single_part_only = false;  // every text fits one SMS (the latency run pairs one reply per arrival)
    bool strangers = true;          // a few senders that are not monitors
    bool distinct_senders = false;  // no sender twice (latency run: a reply is matched by destination)
};

struct TrafficMix {
    std::size_t messages = 0, parts = 0, multipart = 0, ucs2 = 0;
    std::map<std::string, std::size_t> kinds;
};

// A realistic mix: checklists, party-list and district results (some with Cyrillic look-alike
// letters, so UCS-2), incidents with Latin or Cyrillic comments (long ones multipart), resends
// and corrections, malformed and wrong messages, a few unknown senders. Deterministic per seed.
// Throws std::runtime_error when the codebook has too few monitors for the options.
std::vector<Sms> make_traffic(const Codebook& cb, std::size_t count, const TrafficOptions& options);

TrafficMix describe(const std::vector<Sms>& traffic);

// "checklist 201, results 455, ..."
std::string format_kinds(const TrafficMix& mix);

}  // namespace smsgw::bench
