// FNV-1a, 64 bits: the one cheap, stable hash behind codebook versions, idempotency keys and parse-mode references.
#pragma once

#include <cstdint>
#include <string_view>

namespace smsgw {

inline constexpr std::uint64_t fnv1a_offset = 0xCBF29CE484222325ull;

// Continues hash `h` over `bytes`; start from fnv1a_offset. Stored values depend on it (keys,
// versions, references): it must never change.
constexpr std::uint64_t fnv1a(std::uint64_t h, std::string_view bytes) {
    for (const char c : bytes) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001B3ull;
    }
    return h;
}

}  // namespace smsgw
