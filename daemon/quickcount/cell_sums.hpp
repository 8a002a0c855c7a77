// Running moment sums of one estimation cell (a stratum within a contest or district) for every ratio.
#pragma once

#include "daemon/quickcount/ratio_estimator.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace smsgw {

// One station's counted results for a contest: its option votes, invalid and cast ballots, and the
// registered voters from the codebook.
struct StationCounts {
    std::span<const std::int64_t> options;
    std::int64_t invalid = 0;
    std::int64_t cast = 0;
    std::int64_t registered = 0;
};

// Sums over the reported stations of a cell. Adding or removing a station costs O(K²) for K options:
// the option cross products Σ y_a·y_b are what make the lead of whichever pair is ahead exact
// without a rescan. Each ratio's moments are then read in O(1) (lead) or O(1) per option.
class CellSums {
public:
    explicit CellSums(std::size_t options = 0);

    void add(const StationCounts& s) { apply(s, 1); }
    void remove(const StationCounts& s) { apply(s, -1); }

    std::uint32_t reported() const { return reported_; }
    std::size_t options() const { return y_.size(); }

    RatioMoments option(std::size_t k) const;                // y = votes for k, x = valid votes
    RatioMoments lead(std::size_t a, std::size_t b) const;   // y = votes a − votes b, x = valid votes
    RatioMoments turnout() const;                            // y = cast, x = registered
    RatioMoments invalid() const;                            // y = invalid, x = cast

private:
    void apply(const StationCounts& s, int sign);
    std::size_t pair(std::size_t a, std::size_t b) const;  // index into the upper triangle, a <= b

    std::uint32_t reported_ = 0;
    std::vector<Int128> y_;     // Σ y_k
    std::vector<Int128> yv_;    // Σ y_k·v, v = valid votes = Σ_k y_k
    std::vector<Int128> yy_;    // Σ y_a·y_b, a <= b
    Int128 v_ = 0, vv_ = 0;
    Int128 cast_ = 0, cast2_ = 0;
    Int128 reg_ = 0, reg2_ = 0, cast_reg_ = 0;
    Int128 inv_ = 0, inv2_ = 0, inv_cast_ = 0;
};

}  // namespace smsgw
