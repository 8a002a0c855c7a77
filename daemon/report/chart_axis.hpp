// What the report's charts share: the option palette, verdict colours, and an axis with round ticks.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace smsgw::report {

// The colour of the option at `index` in codebook order, the same in every chart of the report.
std::string_view option_colour(std::size_t index);

// How an official value sits against the PVT's intervals; the report's own words and colours
// (official::Verdict is mapped onto it, so this file needs nothing of the verify code).
enum class Mark : unsigned char { inside95, inside99, outside, no_estimate };
std::string_view mark_colour(Mark);
std::string_view mark_words(Mark);  // "inside the 95% interval", ...
std::string_view mark_class(Mark);  // CSS class: "ok", "warn", "bad", "none"

// A linear axis over [lo, hi] (fractions) with ticks at a round step (0.5, 1, 2, 5, 10, 20 or 25 points).
struct Axis {
    double lo = 0, hi = 1;
    double step = 0.1;
    std::vector<double> ticks() const;
    // The fraction's position between pixel a (at lo) and pixel b (at hi).
    double at(double v, double a, double b) const { return a + (v - lo) / (hi - lo) * (b - a); }
};

// The smallest round axis that holds [lo, hi], at most about `max_ticks` ticks, clamped to [0, 1].
Axis round_axis(double lo, double hi, int max_ticks = 6);

// Text cut to `max` code points with an ellipsis, so long names do not run over a chart.
std::string shorten(std::string_view text, std::size_t max);

}  // namespace smsgw::report
