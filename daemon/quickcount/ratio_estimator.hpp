// The combined ratio estimator of SPEC.md section 6, computed from exact per-stratum moment sums.
#pragma once

#include <cstdint>
#include <span>

namespace smsgw {

// Vote counts are integers, so the moment sums are kept exact: the same reports give bit-identical
// estimates in any order, and subtracting a corrected report leaves no rounding residue behind.
__extension__ typedef __int128 Int128;

// Sums over the reported stations of one stratum for one ratio y/x.
struct RatioMoments {
    Int128 y = 0, x = 0, yy = 0, xy = 0, xx = 0;

    RatioMoments& operator+=(const RatioMoments& o) {
        y += o.y;
        x += o.x;
        yy += o.yy;
        xy += o.xy;
        xx += o.xx;
        return *this;
    }
};

// One estimation stratum: N_h frame stations, r_h reported, and their moments.
struct StratumMoments {
    std::uint32_t frame = 0;     // N_h
    std::uint32_t reported = 0;  // r_h
    RatioMoments m;
};

inline constexpr double z95 = 1.96;
inline constexpr double z99 = 2.58;

// A ratio estimate. `defined` is false when nothing was reported or the denominator total is zero;
// then every number is 0, never NaN or infinity.
struct RatioEstimate {
    bool defined = false;
    double share = 0;
    double margin95 = 0;
    double margin99 = 0;
    double variance = 0;
};

// p = Σ w_h Σ y / Σ w_h Σ x with w_h = N_h / r_h; Var(p) = Σ N_h (N_h − r_h) s²_eh / r_h / X².
// s²_eh is the sample variance of e = y − p·x within the stratum (r_h ≥ 2). A stratum with r_h = 1
// (which the caller could not merge) uses e² itself: its deviation from the overall residual mean,
// which is 0 by construction of p — the conservative "lonely unit" convention. Strata with r_h = 0
// contribute nothing.
RatioEstimate combined_ratio(std::span<const StratumMoments> strata);

}  // namespace smsgw
