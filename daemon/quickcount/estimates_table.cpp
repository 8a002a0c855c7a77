// Formats estimates as aligned text with fmt: percent with two decimals, margins in points.
#include "daemon/quickcount/estimates_table.hpp"

#include <fmt/format.h>

namespace smsgw {

namespace {

constexpr std::size_t label_width = 30;

std::size_t code_points(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

std::string pad(std::string s, std::size_t width) {
    std::size_t n = code_points(s);
    if (n < width) s.append(width - n, ' ');
    return s;
}

std::string ratio_line(const std::string& label, const RatioEstimate& r, bool interval) {
    if (!r.defined) return fmt::format("  {} {:>8}\n", pad(label, label_width), "-");
    std::string line = fmt::format("  {} {:>7.2f}%  ±{:5.2f}", pad(label, label_width), 100 * r.share, 100 * r.margin95);
    if (interval)
        line += fmt::format("   {:6.2f}% .. {:6.2f}%   ±{:5.2f}", 100 * (r.share - r.margin95),
                            100 * (r.share + r.margin95), 100 * r.margin99);
    return line + "\n";
}

}  // namespace

std::string render_table(const Estimates& est) {
    std::string out;
    for (const auto& c : est.contests) {
        if (!out.empty()) out += "\n";
        std::string title = c.name.empty() ? c.contest : fmt::format("{} {}", c.contest, c.name);
        if (c.district != 0)
            title += c.district_name.empty() ? fmt::format(", district {}", c.district)
                                             : fmt::format(", district {} ({})", c.district, c.district_name);
        double pct = c.sampled ? 100.0 * c.reported / c.sampled : 0.0;
        out += fmt::format("{}: {} of {} sampled stations reported ({:.1f}%)\n", title, c.reported, c.sampled, pct);
        out += fmt::format("  {} {:>8}  {:>6}   {:^18}   {:>6}\n", pad("option", label_width), "share", "±95%",
                           "95% interval", "±99%");
        for (const auto& o : c.options) out += ratio_line(fmt::format("{:<3} {}", o.tag, o.name), o.estimate, true);
        out += ratio_line("turnout", c.turnout, false);
        out += ratio_line("invalid ballots", c.invalid, false);
        if (c.has_lead) out += ratio_line(fmt::format("lead {} over {} (points)", c.lead.a, c.lead.b), c.lead.estimate, true);
        out += fmt::format("  call: {}\n", c.call_text());
        for (const auto& n : c.notes) out += fmt::format("  note: {}\n", n);
    }
    return out;
}

}  // namespace smsgw
