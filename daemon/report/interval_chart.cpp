// interval_chart: fixed geometry in a viewBox, so the browser scales it and no script measures anything.
#include "daemon/report/interval_chart.hpp"

#include "daemon/report/html_text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace smsgw::report {

namespace {

constexpr double axis_height = 24, row_height = 32, bar_height = 14;

}  // namespace

std::string interval_chart(const std::vector<IntervalRow>& rows, bool compact) {
    const double width = compact ? 560 : 760, label_right = compact ? 176 : 232, plot_left = label_right + 12;
    const double plot_right = width - 142, value_left = width - 130;
    const std::size_t name_length = compact ? 20 : 26;
    double hi = 0.1;
    for (const auto& r : rows) {
        if (r.share) hi = std::max({hi, r.high95, *r.share});
        if (r.official) hi = std::max(hi, *r.official);
    }
    const Axis axis = round_axis(0, hi, 6);
    const double height = axis_height + row_height * static_cast<double>(rows.size()) + 6;
    const auto x = [&](double v) { return axis.at(std::clamp(v, axis.lo, axis.hi), plot_left, plot_right); };

    std::string s = fmt::format(R"(<svg class="chart" viewBox="0 0 {} {:.0f}" role="img" aria-label="estimates with 95% intervals">)",
                                width, height);
    for (double t : axis.ticks()) {
        s += fmt::format(R"(<line class="grid" x1="{0:.1f}" x2="{0:.1f}" y1="{1}" y2="{2:.0f}"/>)", x(t), axis_height - 4,
                         height - 4);
        s += fmt::format(R"(<text class="tick" x="{:.1f}" y="{}" text-anchor="middle">{}</text>)", x(t), axis_height - 9,
                         percent(t, axis.step < 0.01 ? 1 : 0));
    }
    if (axis.hi >= 0.5)
        s += fmt::format(R"(<line class="half" x1="{0:.1f}" x2="{0:.1f}" y1="{1}" y2="{2:.0f}"><title>50%: above it with its whole interval, a first-round win</title></line>)",
                         x(0.5), axis_height - 4, height - 4);
    double y = axis_height;
    for (const auto& r : rows) {
        const double mid = y + row_height / 2;
        std::string tip = fmt::format("{} {}: ", r.tag, r.name);
        tip += r.share ? fmt::format("{} (95% interval {} to {})", percent(*r.share, 2), percent(r.low95, 2),
                                     percent(r.high95, 2))
                       : std::string("no data yet");
        if (r.official) tip += fmt::format("; official {}, {}", percent(*r.official, 2), mark_words(r.mark));
        s += fmt::format("<g><title>{}</title>", escape(tip));
        s += fmt::format(R"(<text class="tag" x="{}" y="{:.1f}" text-anchor="end"><tspan class="tagcode">{}</tspan> {}</text>)",
                         label_right, mid + 4.5, escape(r.tag), escape(shorten(r.name, name_length)));
        s += fmt::format(R"(<rect class="track" x="{}" y="{:.1f}" width="{}" height="{}" rx="3"/>)", plot_left,
                         mid - bar_height / 2, plot_right - plot_left, bar_height);
        if (r.share) {
            s += fmt::format(R"(<rect x="{}" y="{:.1f}" width="{:.1f}" height="{}" rx="3" fill="{}"/>)", plot_left,
                             mid - bar_height / 2, std::max(0.0, x(*r.share) - plot_left), bar_height, r.colour);
            const double a = x(r.low95), b = x(r.high95);
            s += fmt::format(R"(<rect class="band" x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{}"/>)", a,
                             mid - bar_height / 2 - 4, std::max(1.0, b - a), bar_height + 8);
            s += fmt::format(R"(<path class="whisker" d="M{0:.1f} {1:.1f}V{2:.1f}M{0:.1f} {3:.1f}H{4:.1f}M{4:.1f} {1:.1f}V{2:.1f}"/>)",
                             a, mid - 7, mid + 7, mid, b);
            s += fmt::format(R"(<text class="value" x="{}" y="{:.1f}">{} <tspan class="margin">{}</tspan></text>)",
                             value_left, mid + 4.5, percent(*r.share), points((r.high95 - r.low95) / 2));
        } else {
            s += fmt::format(R"(<text class="value nodata" x="{}" y="{:.1f}">no data yet</text>)", value_left, mid + 4.5);
        }
        if (r.official) {
            const double o = x(*r.official);
            s += fmt::format(R"(<path class="official" d="M{0:.1f} {1:.1f}l6 8l-6 8l-6 -8z" fill="{2}"/>)", o, mid - 8,
                             mark_colour(r.mark));
        }
        s += "</g>";
        y += row_height;
    }
    return s + "</svg>";
}

}  // namespace smsgw::report
