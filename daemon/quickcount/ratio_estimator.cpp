// The combined ratio estimator and its linearized variance, in long double over exact integer sums.
#include "daemon/quickcount/ratio_estimator.hpp"

#include <cmath>

namespace smsgw {

namespace {

using Real = long double;

Real real(Int128 v) { return static_cast<Real>(v); }

// Σ (e − ē)² over the stratum, from centred cross products computed exactly in integers:
// r·Σ(e−ē)² = C_yy − 2p·C_xy + p²·C_xx with C_ab = r·Σab − Σa·Σb. Centring before going to
// floating point removes the large common part of Σy² and (Σy)²/r, so only the genuine
// cancellation between y and p·x is left, and long double carries it with digits to spare.
Real residual_square_sum(const StratumMoments& s, Real p) {
    const RatioMoments& m = s.m;
    if (s.reported == 1) {
        Real q = real(m.yy) - 2 * p * real(m.xy) + p * p * real(m.xx);
        return q > 0 ? q : 0;
    }
    const Int128 r = s.reported;
    Real cyy = real(r * m.yy - m.y * m.y);
    Real cxy = real(r * m.xy - m.x * m.y);
    Real cxx = real(r * m.xx - m.x * m.x);
    Real q = (cyy - 2 * p * cxy + p * p * cxx) / static_cast<Real>(s.reported);
    return q > 0 ? q : 0;
}

}  // namespace

RatioEstimate combined_ratio(std::span<const StratumMoments> strata) {
    Real num = 0, den = 0;
    for (const auto& s : strata) {
        if (s.reported == 0) continue;
        Real w = static_cast<Real>(s.frame) / static_cast<Real>(s.reported);
        num += w * real(s.m.y);
        den += w * real(s.m.x);
    }
    RatioEstimate out;
    if (!(den > 0)) return out;
    const Real p = num / den;

    Real var_num = 0;
    for (const auto& s : strata) {
        if (s.reported == 0 || s.reported >= s.frame) continue;  // fully counted strata have no variance
        const Real r = s.reported;
        const Real n = s.frame;
        Real ss = residual_square_sum(s, p);
        Real s2 = s.reported >= 2 ? ss / (r - 1) : ss;
        var_num += n * (n - r) * s2 / r;  // N²(1 − r/N)·s²/r without the rounding of 1 − r/N
    }
    const Real var = var_num / (den * den);
    const Real sd = std::sqrt(var);
    if (!std::isfinite(p) || !std::isfinite(sd)) return out;
    out.defined = true;
    out.share = static_cast<double>(p);
    out.variance = static_cast<double>(var);
    out.margin95 = static_cast<double>(z95 * sd);
    out.margin99 = static_cast<double>(z99 * sd);
    return out;
}

}  // namespace smsgw
