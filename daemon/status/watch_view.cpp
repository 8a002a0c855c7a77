// Lays out smsgw watch: sections in order of importance, each cut to the rows left and every line to the width.
#include "daemon/status/watch_view.hpp"

#include "daemon/console/logger.hpp"
#include "daemon/status/status_view.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

namespace smsgw {

namespace {

enum class Tone { normal, good, warn, bad, heading };

struct Line {
    std::string text;
    Tone tone = Tone::normal;
};

struct Section {
    std::string what;  // for "… 12 more <what>"
    std::vector<Line> lines;
};

std::string share(const RatioEstimate& r) {
    if (!r.defined) return "-";
    const double m = 100 * r.margin95;
    return fmt::format("{:.1f}±{:.{}f}", 100 * r.share, m, m < 0.995 ? 2 : 1);
}

std::string percent_of(std::uint32_t part, std::uint32_t whole) {
    return whole ? fmt::format("{:.0f}%", 100.0 * part / whole) : "-";
}

Section header(const StatusSnapshot& s, const std::string& suffix) {
    Section out{"header lines", {}};
    out.lines.push_back({"smsgw watch " + s.time_text(s.now) + " " + s.zone.name() + (suffix.empty() ? "" : "   " + suffix),
                         Tone::heading});
    std::string second = s.codebook ? "codebook " + s.codebook->version + "   " : "";
    out.lines.push_back({second + "db " + s.path});
    return out;
}

Section problems(const StatusSnapshot& s) {
    Section out{"problems", {}};
    for (const auto& p : s.problems) out.lines.push_back({"PROBLEM " + p, Tone::bad});
    if (s.last_export && s.last_export->status == store::ExportStatus::failed)
        out.lines.push_back({"PROBLEM last export failed " + status_age(s.now, s.last_export->started_at) + ": " +
                                 s.last_export->error,
                             Tone::bad});
    return out;
}

std::string storage(const std::optional<int>& used, const std::optional<int>& size) {
    if (!used || !size || *size <= 0) return "SIM ?";
    std::string text = fmt::format("SIM {}/{}", *used, *size);
    if (*used >= *size) return text + " FULL";
    if (*used * 100 >= sms_storage_warn_percent * *size) return text + " FULL SOON";
    return text;
}

Section modems(const StatusSnapshot& s) {
    Section out{"modems", {}};
    if (s.modems.empty()) out.lines.push_back({"modems: none has reported yet", Tone::warn});
    for (const auto& m : s.modems) {
        const bool running = m.state == "running", stale = s.modem_stale(m);
        const bool full = m.sim_used && m.sim_size && *m.sim_size > 0 &&
                          *m.sim_used * 100 >= sms_storage_warn_percent * *m.sim_size;
        std::string text = fmt::format("modem {:<8} {:<11} sig {:<4} {:<14} {} seen {}", m.name, m.state,
                                       m.signal_percent ? fmt::format("{}%", *m.signal_percent) : "-",
                                       storage(m.sim_used, m.sim_size),
                                       m.operator_name.empty() ? "-" : m.operator_name, status_age(s.now, m.last_seen));
        if (stale) text += " STALE";
        if (!m.last_error.empty()) text += "; " + m.last_error;
        if (m.undeletable > 0) text += fmt::format("; {} SIM records stuck", m.undeletable);
        out.lines.push_back({text, !running || stale || m.undeletable > 0 ? Tone::bad
                                   : full || !m.last_error.empty()    ? Tone::warn
                                                                      : Tone::good});
    }
    if (s.quarantined > 0)
        out.lines.push_back({fmt::format("quarantined SIM records: {} (quarantined.csv)", s.quarantined), Tone::warn});
    return out;
}

Section traffic(const StatusSnapshot& s) {
    const store::Counts& c = s.counts;
    Section out{"lines", {}};
    out.lines.push_back({fmt::format("messages {} processed, {} pending   {:.1f}/min (5 min) {:.1f}/min (15 min)",
                                     c.messages_processed, c.messages_pending, s.per_minute_5(), s.per_minute_15())});
    out.lines.push_back({fmt::format("reports {} accepted, {} warning, {} rejected, {} in conflict", c.reports_accepted,
                                     c.reports_warning, c.reports_rejected, c.reports_conflict),
                         c.reports_conflict ? Tone::warn : Tone::normal});
    std::string replies = fmt::format("replies {} sent, {} queued{}, {} failed", c.replies_sent, c.replies_queued,
                                      s.oldest_queued ? " (oldest " + status_age(s.now, *s.oldest_queued) + ")" : "",
                                      c.replies_failed);
    if (s.last_export && s.last_export->status != store::ExportStatus::failed)
        replies += "   export " + status_age(s.now, s.last_export->started_at);
    out.lines.push_back({replies, c.replies_failed ? Tone::bad : Tone::normal});
    if (s.queue) out.lines.push_back({queue_summary_line(*s.queue, s.now), s.queue->total ? Tone::warn : Tone::normal});
    return out;
}

Section estimates(const StatusSnapshot& s) {
    Section out{"contests", {}};
    if (!s.count) return out;
    const auto progress = s.count->quick_count.progress();
    for (const auto& e : s.count->quick_count.estimate().contests) {
        if (e.district) continue;
        // The call and turnout first: on a narrow screen the options' line is the one cut short.
        out.lines.push_back({fmt::format("{} {}/{} reported ({}), turnout {}: {}", e.contest, e.reported, e.sampled,
                                         percent_of(e.reported, e.sampled), share(e.turnout), e.call_text()),
                             Tone::heading});
        std::string options;
        for (const auto& o : e.options) options += fmt::format(" {} {}", o.tag, share(o.estimate));
        out.lines.push_back({" " + options});
    }
    std::uint32_t districts = 0, complete = 0;
    for (const auto& p : progress)
        if (p.district) {
            ++districts;
            complete += p.total.missing() == 0;
        }
    if (districts) out.lines.push_back({fmt::format("district contests: {} of {} districts fully reported", complete, districts)});
    return out;
}

Section regions(const StatusSnapshot& s) {
    Section out{"regions", {}};
    if (!s.callback) return out;
    const Codebook& cb = s.count->quick_count.codebook();
    // The few worst regions say where to push; the call-back list below says whom to call.
    constexpr std::size_t regions_shown = 5;
    std::size_t more = 0;
    for (const auto& r : s.callback->list.regions) {
        if (r.district) continue;
        if (out.lines.size() == regions_shown) {
            ++more;
            continue;
        }
        const Region* region = cb.find_region(r.progress.id);
        out.lines.push_back({fmt::format("  {} {} {}: {}/{} reported, {} missing", r.contest, r.progress.id,
                                         region ? region->name : "", r.progress.reported, r.progress.sampled,
                                         r.progress.missing())});
    }
    if (more > 0) out.lines.push_back({fmt::format("  … {} more regions (smsgw status, smsgw callback)", more)});
    if (!out.lines.empty()) out.lines.insert(out.lines.begin(), {"least reported regions", Tone::heading});
    return out;
}

Section callback(const StatusSnapshot& s) {
    Section out{"stations to call", {}};
    if (!s.callback || s.callback->list.stations.empty()) return out;
    out.lines.push_back({fmt::format("call back: {} silent sampled stations (smsgw callback)", s.callback->list.stations.size()),
                         Tone::heading});
    for (const auto& st : s.callback->list.stations) {
        std::string who;
        for (const auto& c : st.contacts)
            who += fmt::format("{}{} {} ({}{})", who.empty() ? "" : "; ", c.monitor->phone, c.monitor->name,
                               c.monitor->language, c.role == exports::MonitorRole::district_team ? ", team" : "");
        out.lines.push_back({fmt::format("  {} {} {} [{}] {}", st.contest, st.station->code, st.station->name,
                                         to_string(st.reason), who.empty() ? "no monitor" : who)});
    }
    return out;
}

}  // namespace

std::string WatchView::screen(const StatusSnapshot& s, ScreenSize size) const {
    const std::size_t rows = size.rows > 0 ? std::max(size.rows, 3) : SIZE_MAX;
    const std::size_t columns = size.columns > 0 ? std::max(size.columns, 20) : SIZE_MAX;
    const Section sections[] = {header(s, options_.title_suffix), problems(s), modems(s), traffic(s),
                                estimates(s), regions(s), callback(s)};
    std::vector<Line> lines;
    std::size_t hidden = 0;  // lines of whole sections that found no row left
    for (const Section& section : sections) {
        const std::size_t left = rows - lines.size();
        if (left == 0) {
            hidden += section.lines.size();
            continue;
        }
        if (section.lines.size() <= left) {
            lines.insert(lines.end(), section.lines.begin(), section.lines.end());
            continue;
        }
        lines.insert(lines.end(), section.lines.begin(), section.lines.begin() + (left - 1));
        lines.push_back({fmt::format("  … {} more {}", section.lines.size() - (left - 1), section.what), Tone::normal});
    }
    // A screen that ran out of rows says so on its last row, so nothing is missing unseen.
    if (hidden > 0 && lines.back().text.find("  … ") != 0)
        lines.back() = {fmt::format("  … {} more lines below (a taller window shows them)", hidden + 1), Tone::normal};
    std::string out;
    for (const Line& l : lines) {
        // Cut first, then colour, so escape codes never count against the width.
        std::string text = columns == SIZE_MAX ? l.text : shorten_for_console(l.text, columns);
        if (options_.color && l.tone != Tone::normal) {
            const char* code = l.tone == Tone::good ? "\033[32m" : l.tone == Tone::warn ? "\033[33m"
                               : l.tone == Tone::bad ? "\033[1;31m" : "\033[1m";
            text = code + text + "\033[0m";
        }
        out += text + "\n";
    }
    return out;
}

}  // namespace smsgw
