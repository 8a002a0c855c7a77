// completeness_chart: the same fixed-geometry approach as the interval chart, one thin bar per row.
#include "daemon/report/completeness_chart.hpp"

#include "daemon/report/chart_axis.hpp"
#include "daemon/report/html_text.hpp"

#include <fmt/format.h>

namespace smsgw::report {

namespace {

constexpr double width = 760, label_right = 232, plot_left = 244, plot_right = 618, value_left = 630;
constexpr double axis_height = 22, row_height = 22, bar_height = 12;

std::string_view fill_of(double f) { return f < 0.5 ? "#d9534f" : f < 0.8 ? "#f0ad4e" : "#4caf50"; }

}  // namespace

std::string completeness_chart(const std::vector<CompletenessRow>& rows) {
    const double height = axis_height + row_height * static_cast<double>(rows.size()) + 4;
    const Axis axis{0, 1, 0.25};
    const auto x = [&](double v) { return axis.at(v, plot_left, plot_right); };
    std::string s = fmt::format(R"(<svg class="chart" viewBox="0 0 {} {:.0f}" role="img" aria-label="reporting completeness">)",
                                width, height);
    for (double t : axis.ticks()) {
        s += fmt::format(R"(<line class="grid" x1="{0:.1f}" x2="{0:.1f}" y1="{1}" y2="{2:.0f}"/>)", x(t), axis_height - 4,
                         height - 2);
        s += fmt::format(R"(<text class="tick" x="{:.1f}" y="{}" text-anchor="middle">{}</text>)", x(t), axis_height - 8,
                         percent(t, 0));
    }
    double y = axis_height;
    for (const auto& r : rows) {
        const double mid = y + row_height / 2;
        s += fmt::format(R"(<text class="tag" x="{}" y="{:.1f}" text-anchor="end">{}</text>)", label_right, mid + 4,
                         escape(shorten(r.label, 30)));
        s += fmt::format(R"(<rect class="track" x="{}" y="{:.1f}" width="{}" height="{}" rx="3"/>)", plot_left,
                         mid - bar_height / 2, plot_right - plot_left, bar_height);
        if (r.sampled == 0) {
            s += fmt::format(R"(<text class="value nodata" x="{}" y="{:.1f}">not sampled</text>)", value_left, mid + 4);
        } else {
            const double f = double(r.reported) / r.sampled;
            s += fmt::format(R"(<rect x="{}" y="{:.1f}" width="{:.1f}" height="{}" rx="3" fill="{}"/>)", plot_left,
                             mid - bar_height / 2, x(f) - plot_left, bar_height, fill_of(f));
            s += fmt::format(R"(<text class="value" x="{}" y="{:.1f}">{} of {} <tspan class="margin">({})</tspan></text>)",
                             value_left, mid + 4, r.reported, r.sampled, percent(f, 0));
        }
        y += row_height;
    }
    return s + "</svg>";
}

}  // namespace smsgw::report
