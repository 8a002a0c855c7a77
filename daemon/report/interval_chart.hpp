// The per-contest bar chart: each option's estimate with its 95% interval, the official value marked.
#pragma once

#include "daemon/report/chart_axis.hpp"

#include <optional>
#include <string>
#include <vector>

namespace smsgw::report {

struct IntervalRow {
    std::string tag;      // "A"
    std::string name;     // the option's name (any script; escaped here)
    std::string colour;
    std::optional<double> share;  // empty: no data yet
    double low95 = 0, high95 = 0;
    std::optional<double> official;  // empty: no official value imported
    Mark mark = Mark::no_estimate;
};

// An inline <svg> (no xmlns, no external reference) as wide as its container: one row per option,
// a bar to the estimate, the 95% interval as a band with whiskers, the official value as a
// diamond coloured by its verdict, and a dashed 50% line when the axis reaches it (the
// first-round threshold). Each row has a <title> tooltip with the numbers.
// `compact`: a narrower drawing (560 units instead of 760) for cards in two columns, so its text
// stays as large as the full-width chart's once the browser scales both.
std::string interval_chart(const std::vector<IntervalRow>& rows, bool compact = false);

}  // namespace smsgw::report
