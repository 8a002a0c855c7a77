// convergence_chart: polylines and band polygons in a viewBox; end labels pushed apart so they stay legible.
#include "daemon/report/convergence_chart.hpp"

#include "daemon/report/chart_axis.hpp"
#include "daemon/report/html_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

namespace smsgw::report {

namespace {

constexpr double left = 56, top = 12;
constexpr double label_gap = 14;

// The bands of takes with less than this share of the sample in are clipped rather than fitted.
constexpr double fit_bands_from = 0.2;

}  // namespace

std::string convergence_chart(const std::vector<ConvergenceSeries>& series, std::string_view id,
                              std::optional<double> stable_from, bool compact) {
    const double width = compact ? 560 : 760, height = compact ? 250 : 280, right = width - 92, bottom = height - 44;
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    bool late = false;
    for (const auto& s : series)
        for (const auto& p : s.points) late = late || p.reported >= fit_bands_from;
    for (const auto& s : series) {
        for (const auto& p : s.points) {
            lo = std::min(lo, p.share);
            hi = std::max(hi, p.share);
            if (!late || p.reported >= fit_bands_from) {
                lo = std::min(lo, p.low95);
                hi = std::max(hi, p.high95);
            }
        }
        if (s.official) lo = std::min(lo, *s.official), hi = std::max(hi, *s.official);
    }
    if (lo > hi) lo = 0, hi = 1;
    const Axis ya = round_axis(lo, hi, 6);
    const Axis xa{0, 1, 0.2};
    const auto X = [&](double v) { return xa.at(std::clamp(v, 0.0, 1.0), left, right); };
    const auto Y = [&](double v) { return ya.at(v, bottom, top); };
    const std::string clip = "clip-" + anchor(id);

    std::string s = fmt::format(R"(<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="convergence over takes">)",
                                width, height);
    s += fmt::format(R"(<defs><clipPath id="{}"><rect x="{}" y="{}" width="{}" height="{}"/></clipPath></defs>)", clip,
                     left, top, right - left, bottom - top);
    for (double t : ya.ticks()) {
        s += fmt::format(R"(<line class="grid" x1="{0}" x2="{1}" y1="{2:.1f}" y2="{2:.1f}"/>)", left, right, Y(t));
        s += fmt::format(R"(<text class="tick" x="{}" y="{:.1f}" text-anchor="end">{}</text>)", left - 6, Y(t) + 4,
                         percent(t, ya.step < 0.01 ? 1 : 0));
    }
    for (double t : xa.ticks()) {
        s += fmt::format(R"(<line class="grid" x1="{0:.1f}" x2="{0:.1f}" y1="{1}" y2="{2}"/>)", X(t), top, bottom);
        s += fmt::format(R"(<text class="tick" x="{:.1f}" y="{}" text-anchor="middle">{}</text>)", X(t), bottom + 16,
                         percent(t, 0));
    }
    s += fmt::format(R"(<text class="axis" x="{}" y="{}" text-anchor="middle">sampled stations reported</text>)",
                     (left + right) / 2, height - 8);
    if (ya.lo <= 0.5 && ya.hi >= 0.5)
        s += fmt::format(R"(<line class="half" x1="{0}" x2="{1}" y1="{2:.1f}" y2="{2:.1f}"/>)", left, right, Y(0.5));

    if (stable_from)
        s += fmt::format(R"(<line class="stable" x1="{0:.1f}" x2="{0:.1f}" y1="{1}" y2="{2}"><title>stable from here: every later take inside the latest 95% intervals</title></line><text class="stablelabel" x="{3:.1f}" y="{4}">stable →</text>)",
                         X(*stable_from), top, bottom, X(*stable_from) + 4, top + 11);
    struct Label {
        double y;
        std::string text, colour;
    };
    std::vector<Label> labels;
    s += fmt::format(R"svg(<g clip-path="url(#{})">)svg", clip);
    for (const auto& se : series) {
        if (se.points.empty()) continue;
        std::string band, line;
        for (const auto& p : se.points) band += fmt::format("{:.1f},{:.1f} ", X(p.reported), Y(p.high95));
        for (auto it = se.points.rbegin(); it != se.points.rend(); ++it)
            band += fmt::format("{:.1f},{:.1f} ", X(it->reported), Y(it->low95));
        for (const auto& p : se.points) line += fmt::format("{:.1f},{:.1f} ", X(p.reported), Y(p.share));
        s += fmt::format(R"(<polygon class="cband" points="{}" fill="{}"/>)", band, se.colour);
        s += fmt::format(R"(<polyline class="cline" points="{}" stroke="{}"/>)", line, se.colour);
        for (const auto& p : se.points)
            s += fmt::format(R"(<circle cx="{:.1f}" cy="{:.1f}" r="2.6" fill="{}"><title>take {}: {} {}, {} ({} of the sample in)</title></circle>)",
                             X(p.reported), Y(p.share), se.colour, p.take, escape(se.tag), percent(p.share, 2),
                             points((p.high95 - p.low95) / 2, 2), percent(p.reported, 0));
        if (se.official)
            s += fmt::format(R"(<line class="officialline" x1="{0}" x2="{1}" y1="{2:.1f}" y2="{2:.1f}" stroke="{3}"><title>official {4}: {5}</title></line>)",
                             left, right, Y(*se.official), se.colour, escape(se.tag), percent(*se.official, 2));
        labels.push_back({Y(se.points.back().share), fmt::format("{} {}", se.tag, percent(se.points.back().share)),
                          se.colour});
    }
    s += "</g>";
    // End labels in order of height, pushed apart, then back inside the plot from below.
    std::sort(labels.begin(), labels.end(), [](const Label& a, const Label& b) { return a.y < b.y; });
    for (std::size_t i = 1; i < labels.size(); ++i) labels[i].y = std::max(labels[i].y, labels[i - 1].y + label_gap);
    if (!labels.empty() && labels.back().y > bottom) {
        double shift = labels.back().y - bottom;
        for (auto& l : labels) l.y -= shift;
    }
    for (const auto& l : labels)
        s += fmt::format(R"(<text class="endlabel" x="{}" y="{:.1f}" fill="{}">{}</text>)", right + 6,
                         std::max(top + 4, l.y) + 4, l.colour, escape(l.text));
    return s + "</svg>";
}

}  // namespace smsgw::report
