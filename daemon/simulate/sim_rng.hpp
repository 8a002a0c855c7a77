// Deterministic random streams for the simulator: one independent stream per purpose and entity.
#pragma once

#include "daemon/simulate/example_rng.hpp"

#include <cmath>
#include <cstdint>

namespace smsgw::sim {

// Purposes of the streams, so that e.g. a station's count never depends on how many messages
// were planned before it.
enum class Stream : std::uint64_t {
    region_effects = 1,
    urban_effects,
    station_count,
    district_candidates,
    station_candidates,
    plan,
};

// A fresh xoshiro256** stream (the example codebook's integer-only PRNG) for (seed, purpose, index).
inline ExampleRng stream(std::uint64_t seed, Stream purpose, std::uint64_t index, std::uint64_t sub = 0) {
    std::uint64_t s = seed;
    s ^= (static_cast<std::uint64_t>(purpose) + 1) * 0x9E3779B97F4A7C15ULL;
    s ^= (index + 1) * 0xC2B2AE3D27D4EB4FULL;
    s ^= (sub + 1) * 0x165667B19E3779F9ULL;
    return ExampleRng(s);
}

// True with probability p (clamped to 0..1), drawn in millionths so no floating point enters the
// stream itself.
inline bool chance(ExampleRng& rng, double p) {
    if (!(p > 0)) return false;
    if (p >= 1) return true;
    return rng.below(1000000) < static_cast<std::uint64_t>(std::llround(p * 1e6));
}

}  // namespace smsgw::sim
