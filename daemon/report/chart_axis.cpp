// Palette, verdict colours and round axes for the report's SVG charts.
#include "daemon/report/chart_axis.hpp"

#include <algorithm>
#include <cmath>

namespace smsgw::report {

std::string_view option_colour(std::size_t index) {
    // Tableau 10: distinguishable, also for the common colour-vision deficiencies, and print-safe.
    static constexpr std::string_view colours[] = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1",
                                                   "#76b7b2", "#edc948", "#ff9da7", "#9c755f", "#bab0ac"};
    return colours[index % std::size(colours)];
}

std::string_view mark_colour(Mark m) {
    switch (m) {
        case Mark::inside95: return "#2e7d32";
        case Mark::inside99: return "#b26a00";
        case Mark::outside: return "#c62828";
        case Mark::no_estimate: return "#616161";
    }
    return "#616161";
}

std::string_view mark_words(Mark m) {
    switch (m) {
        case Mark::inside95: return "inside the 95% interval";
        case Mark::inside99: return "outside 95%, inside 99%";
        case Mark::outside: return "outside the 99% interval";
        case Mark::no_estimate: return "no PVT estimate";
    }
    return "";
}

std::string_view mark_class(Mark m) {
    switch (m) {
        case Mark::inside95: return "ok";
        case Mark::inside99: return "warn";
        case Mark::outside: return "bad";
        case Mark::no_estimate: return "none";
    }
    return "none";
}

std::vector<double> Axis::ticks() const {
    std::vector<double> out;
    for (double k = std::ceil(lo / step - 1e-9); k * step <= hi + 1e-9; ++k) out.push_back(k * step + 0.0);
    return out;
}

Axis round_axis(double lo, double hi, int max_ticks) {
    lo = std::clamp(std::isfinite(lo) ? lo : 0.0, 0.0, 1.0);
    hi = std::clamp(std::isfinite(hi) ? hi : 1.0, 0.0, 1.0);
    if (hi < lo) std::swap(lo, hi);
    if (hi - lo < 0.005) {  // one value: a window of a point around it
        lo = std::max(0.0, lo - 0.005);
        hi = std::min(1.0, hi + 0.005);
    }
    static constexpr double steps[] = {0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.25};
    Axis a;
    for (double s : steps) {
        a.step = s;
        a.lo = std::floor(lo / s + 1e-9) * s;
        a.hi = std::ceil(hi / s - 1e-9) * s;
        if ((a.hi - a.lo) / s <= max_ticks) break;
    }
    a.lo = std::max(0.0, a.lo);
    a.hi = std::min(1.0, std::max(a.hi, a.lo + a.step));
    return a;
}

std::string shorten(std::string_view text, std::size_t max) {
    std::size_t points = 0, cut = text.size();
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
        if (points == max - 1) cut = i;
        ++points;
    }
    if (points <= max) return std::string(text);
    return std::string(text.substr(0, cut)) + "…";
}

}  // namespace smsgw::report
