// Exact integer updates of a cell's moment sums, and the per-ratio moments read from them.
#include "daemon/quickcount/cell_sums.hpp"

namespace smsgw {

CellSums::CellSums(std::size_t options) : y_(options, 0), yv_(options, 0), yy_(options * (options + 1) / 2, 0) {}

std::size_t CellSums::pair(std::size_t a, std::size_t b) const {
    // Row a of the upper triangle starts after a rows of lengths K, K−1, ...
    return a * (2 * y_.size() - a + 1) / 2 + (b - a);
}

void CellSums::apply(const StationCounts& s, int sign) {
    const std::size_t k = y_.size();
    const Int128 sg = sign;
    Int128 v = 0;
    for (std::size_t a = 0; a < k; ++a) v += s.options[a];
    for (std::size_t a = 0; a < k; ++a) {
        const Int128 ya = s.options[a];
        y_[a] += sg * ya;
        yv_[a] += sg * ya * v;
        std::size_t row = pair(a, a);
        for (std::size_t b = a; b < k; ++b) yy_[row + (b - a)] += sg * ya * Int128(s.options[b]);
    }
    const Int128 c = s.cast, r = s.registered, x = s.invalid;
    v_ += sg * v;
    vv_ += sg * v * v;
    cast_ += sg * c;
    cast2_ += sg * c * c;
    reg_ += sg * r;
    reg2_ += sg * r * r;
    cast_reg_ += sg * c * r;
    inv_ += sg * x;
    inv2_ += sg * x * x;
    inv_cast_ += sg * x * c;
    reported_ = sign > 0 ? reported_ + 1 : reported_ - 1;
}

RatioMoments CellSums::option(std::size_t k) const { return {y_[k], v_, yy_[pair(k, k)], yv_[k], vv_}; }

RatioMoments CellSums::lead(std::size_t a, std::size_t b) const {
    const Int128 ab = a < b ? yy_[pair(a, b)] : yy_[pair(b, a)];
    return {y_[a] - y_[b], v_, yy_[pair(a, a)] - 2 * ab + yy_[pair(b, b)], yv_[a] - yv_[b], vv_};
}

RatioMoments CellSums::turnout() const { return {cast_, reg_, cast2_, cast_reg_, reg2_}; }

RatioMoments CellSums::invalid() const { return {inv_, cast_, inv2_, inv_cast_, cast2_}; }

}  // namespace smsgw
