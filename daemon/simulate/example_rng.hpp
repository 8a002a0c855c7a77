// The example generator's PRNG: xoshiro256** seeded by splitmix64, with integer-only draws so the
// same seed gives the same codebook on every compiler and standard library.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace smsgw {

// std:: distributions are implementation-defined, so every draw here is built from next() with
// integer arithmetic only.
class ExampleRng {
public:
    explicit ExampleRng(std::uint64_t seed) {
        for (auto& word : s_) word = splitmix64(seed);
    }

    std::uint64_t next() {
        const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }

    // Uniform in [0, n), n > 0, without modulo bias (rejects the short top slice of the range).
    std::uint64_t below(std::uint64_t n) {
        const std::uint64_t threshold = (0 - n) % n;
        for (;;) {
            const std::uint64_t r = next();
            if (r >= threshold) return r % n;
        }
    }

    // Uniform in [lo, hi], lo <= hi.
    std::int64_t between(std::int64_t lo, std::int64_t hi) {
        return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo) + 1));
    }

    // True with probability num / den.
    bool chance(std::uint64_t num, std::uint64_t den) { return below(den) < num; }

    template <class T>
    const T& pick(std::span<const T> items) {
        return items[below(items.size())];
    }

    // Fisher-Yates over the first k positions: afterwards items[0..k) is a uniform k-subset in
    // uniform order.
    template <class T>
    void partial_shuffle(std::vector<T>& items, std::size_t k) {
        for (std::size_t i = 0; i < k && i + 1 < items.size(); ++i) {
            const std::size_t j = i + static_cast<std::size_t>(below(items.size() - i));
            std::swap(items[i], items[j]);
        }
    }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

    static std::uint64_t splitmix64(std::uint64_t& state) {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }

    std::uint64_t s_[4];
};

}  // namespace smsgw
