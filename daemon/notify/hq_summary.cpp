// The one-SMS summary HQ gets while exports cannot reach it: national estimates and reporting progress.
#include "daemon/notify/hq_summary.hpp"

#include "codebooks/gsm7.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace smsgw::notify {

namespace {

// Printable ASCII minus what GSM-7 sends as two septets or not at all, so length is characters.
std::string ascii(std::string_view s) {
    std::string out;
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if ((u & 0xC0) == 0x80) continue;  // UTF-8 continuation: one '?' per character
        const bool plain = u >= 0x20 && u < 0x7F && std::string_view("[]{}\\^~|`$@_").find(c) == std::string_view::npos;
        out += plain ? c : '?';
    }
    return out;
}

std::string pct(double share) { return fmt::format("{:.1f}", share * 100); }

std::string duration_text(std::chrono::minutes m) {
    if (m.count() < 120) return fmt::format("{}m", m.count());
    return fmt::format("{}h{:02}m", m.count() / 60, m.count() % 60);
}

}  // namespace

std::string hq_summary_text(const Estimates& estimates, std::string_view local_hhmm, std::chrono::minutes down_for) {
    constexpr std::size_t limit = gsm7_single_limit;
    std::string out = fmt::format("smsgw {}, exports down {}.", ascii(local_hhmm), duration_text(down_for));
    auto add = [&](const std::string& piece) {
        if (out.size() + piece.size() > limit) return false;
        out += piece;
        return true;
    };
    for (const ContestEstimate& c : estimates.contests) {
        if (c.district != 0) continue;
        if (!add(fmt::format(" {} {}/{} rep", ascii(c.contest), c.reported, c.sampled))) break;
        std::vector<const OptionEstimate*> options;
        for (const auto& o : c.options)
            if (o.estimate.defined) options.push_back(&o);
        std::stable_sort(options.begin(), options.end(), [](const OptionEstimate* a, const OptionEstimate* b) {
            return a->estimate.share > b->estimate.share;
        });
        // The call and turnout go in before minor options: an option list cut short still says who leads.
        std::string tail;
        if (c.turnout.defined) tail += "; turnout " + pct(c.turnout.share);
        tail += "; " + ascii(c.call_text());
        std::string list = options.empty() ? "" : ":";
        for (const OptionEstimate* o : options) {
            std::string item = fmt::format(" {} {}+-{}", ascii(o->tag), pct(o->estimate.share), pct(o->estimate.margin95));
            if (out.size() + list.size() + item.size() + tail.size() > limit) break;
            list += item;
        }
        if (list == ":") list.clear();
        if (!add(list + tail) && !add(list)) break;
    }
    return out;
}

}  // namespace smsgw::notify
