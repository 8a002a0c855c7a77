// The convergence chart: the leading options' estimates and 95% bands over the takes, by share of the sample in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smsgw::report {

struct ConvergencePoint {
    std::int64_t take = 0;
    double reported = 0;  // fraction of the sampled stations counted at the take (the x axis)
    double share = 0, low95 = 0, high95 = 0;
};

struct ConvergenceSeries {
    std::string tag, name, colour;
    std::vector<ConvergencePoint> points;  // takes in order; takes without data for it left out
    std::optional<double> official;        // drawn as a dashed line across
};

// An inline <svg> line chart: x = sampled stations reported (0-100%), y = share on a round axis
// fitted to the estimates (the wide bands of the first few percent are clipped, not allowed to
// flatten the rest). `id` makes the clip path's id unique within the page.
// `stable_from`: the share of the sample in at the point of stability, marked with a dotted line.
// `compact`: 560 units wide instead of 760 (cards in two columns).
std::string convergence_chart(const std::vector<ConvergenceSeries>& series, std::string_view id,
                              std::optional<double> stable_from = std::nullopt, bool compact = false);

}  // namespace smsgw::report
