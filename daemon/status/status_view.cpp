// Renders a status snapshot as text for operators: one section per concern, bad states coloured on a terminal.
#include "daemon/status/status_view.hpp"

#include "daemon/status/delivery_text.hpp"

#include <fmt/format.h>

#include <ctime>

namespace smsgw {

std::string status_utc(SystemTime t, bool iso) {
    std::time_t tt = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, iso ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%d %H:%M:%S UTC", &tm);
    return buf;
}

// "5s ago", "3m ago", "2h05m ago", "1d3h ago"; "in 3m" for a time still to come.
std::string status_age(SystemTime now, SystemTime t) {
    std::int64_t s = std::chrono::duration_cast<std::chrono::seconds>(now - t).count();
    bool future = s < 0;
    if (future) s = -s;
    std::string text = s < 60      ? fmt::format("{}s", s)
                       : s < 3600  ? fmt::format("{}m", s / 60)
                       : s < 86400 ? fmt::format("{}h{:02}m", s / 3600, s % 3600 / 60)
                                   : fmt::format("{}d{}h", s / 86400, s % 86400 / 3600);
    return future ? "in " + text : text + " ago";
}

namespace {

// Margins under one point get two decimals: late in the night they are ±0.04, not ±0.0.
std::string percent(const RatioEstimate& r) {
    if (!r.defined) return "-";
    const double m = 100 * r.margin95;
    return fmt::format("{:.1f}% ±{:.{}f}", 100 * r.share, m, m < 0.995 ? 2 : 1);
}

std::string region_name(const Codebook& cb, const std::string& id) {
    const Region* r = cb.find_region(id);
    return r ? id + " " + r->name : id;
}

std::string contest_title(const ContestProgress& p) {
    return p.district ? fmt::format("{} district {}", p.contest, p.district) : p.contest;
}

std::string progress_line(const std::string& label, const ProgressRow& r) {
    double pct = r.sampled ? 100.0 * r.reported / r.sampled : 0.0;
    return fmt::format("{:<24} {:>5}/{:<5} {:5.1f}%   {} missing\n", label, r.reported, r.sampled, pct, r.missing());
}

std::string plural(std::int64_t n, const char* word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

std::string optional_percent(const std::optional<int>& v) { return v ? fmt::format("{}%", *v) : "-"; }

std::string optional_count(const std::optional<int>& v) { return v ? std::to_string(*v) : "?"; }

}  // namespace

// "SIM 12/30 40%", "SIM 25/30 83% FULL SOON", "SIM 30/30 100% FULL", "SIM 3/?"; "" when nothing is known.
std::string StatusView::storage(std::string_view label, const std::optional<int>& used,
                                const std::optional<int>& size) const {
    if (!used && !size) return "";
    std::string text = fmt::format("{} {}/{}", label, optional_count(used), optional_count(size));
    if (!used || !size || *size <= 0) return text;
    const long long u = *used, n = *size;
    text += fmt::format(" {}%", u * 100 / n);
    if (u >= n) return text + " " + paint("FULL", Tone::bad);
    if (u * 100 >= sms_storage_warn_percent * n) return text + " " + paint("FULL SOON", Tone::warn);
    return text;
}

std::string StatusView::paint(std::string text, Tone tone) const {
    if (!options_.color || tone == Tone::normal) return text;
    const char* code = tone == Tone::good      ? "\033[32m"
                       : tone == Tone::warn    ? "\033[33m"
                       : tone == Tone::bad     ? "\033[1;31m"
                       : tone == Tone::heading ? "\033[1m"
                                               : "\033[2m";
    std::string painted = code;
    painted += text;
    painted += "\033[0m";
    return painted;
}

std::string StatusView::heading(std::string title) const {
    std::string out(1, '\n');
    out += paint(std::move(title), Tone::heading);
    out += '\n';
    return out;
}

std::string StatusView::text(const StatusSnapshot& s) const {
    std::string out = paint(fmt::format("{} at {} ({})", options_.title, s.time_text(s.now), s.zone.name()), Tone::heading) +
                      options_.title_suffix + "\n";
    out += fmt::format("database  {} (schema {})\n", s.path, s.schema_version);
    if (s.codebook)
        out += fmt::format("codebook  {}, in use since {} ({})\n", s.codebook->version,
                           s.time_text(s.codebook->in_use_since), status_age(s.now, s.codebook->in_use_since));
    for (const auto& p : s.problems) out += paint(fmt::format("problem   {}", p), Tone::bad) + "\n";
    out += modems(s);
    out += messages(s);
    out += replies(s);
    out += reporting(s);
    out += last_export(s);
    out += hq_push(s);
    return out;
}

std::string StatusView::modems(const StatusSnapshot& s) const {
    std::string out = heading(fmt::format("modems ({})", s.modems.size()));
    if (s.modems.empty()) out += "  none has reported yet\n";
    for (const auto& m : s.modems) {
        const bool running = m.state == "running";
        const bool stale = s.modem_stale(m);
        // Padding first, then colour, so the escape codes do not upset the columns.
        out += fmt::format("  {:<12} {} signal {:<5} battery {:<5} {:<14} {:<10} last seen {}{}\n", m.name,
                           paint(fmt::format("{:<12}", m.state), running ? Tone::good : Tone::bad),
                           optional_percent(m.signal_percent), optional_percent(m.battery_percent),
                           m.operator_name.empty() ? "-" : m.operator_name,
                           m.network_state.empty() ? "-" : m.network_state, status_age(s.now, m.last_seen),
                           stale ? paint(" (stale: no heartbeat)", Tone::bad) : "");
        // Storage and device on a line of their own: the line above already fills 120 columns
        // for a stale modem, and watch must fit an operator's 120-column terminal.
        std::string details;
        // Phone memory only where there is some: many modems report a size of 0.
        const bool phone_memory = m.phone_size && *m.phone_size > 0;
        for (std::string part : {storage("SIM", m.sim_used, m.sim_size),
                                 phone_memory ? storage("phone", m.phone_used, m.phone_size) : std::string(),
                                 m.device.empty() ? std::string() : "device " + m.device})
            if (!part.empty()) details += (details.empty() ? "" : "   ") + part;
        if (!details.empty()) out += fmt::format("  {:<12} {}\n", "", details);
        if (!m.last_error.empty())
            out += fmt::format("  {:<12} last error: {}\n", "", paint(m.last_error, running ? Tone::warn : Tone::bad));
        if (m.delete_failures > 0)
            out += fmt::format("  {:<12} {}\n", "",
                               paint(fmt::format("deletes refused: {} ({} SIM records stuck; last {})", m.delete_failures,
                                                 m.undeletable, m.last_delete_error),
                                     m.undeletable > 0 ? Tone::bad : Tone::warn));
    }
    if (s.quarantined > 0)
        out += "  " +
               paint(fmt::format("quarantined SIM records: {} (see quarantined.csv in the export)", s.quarantined),
                     Tone::warn) +
               "\n";
    return out;
}

std::string StatusView::messages(const StatusSnapshot& s) const {
    const store::Counts& c = s.counts;
    std::string out = heading("messages");
    out += fmt::format("  {} processed, {} pending, {} incomplete; {} SMS parts ({} waiting for the rest)\n",
                       c.messages_processed, c.messages_pending, c.messages_incomplete, c.parts, c.unlinked_parts);
    out += fmt::format("  arriving: {:.1f}/min over the last 5 min, {:.1f}/min over the last 15 min\n",
                       s.per_minute_5(), s.per_minute_15());
    std::string outcomes;
    for (const auto& o : s.outcomes)
        outcomes += fmt::format("{}{} {}", outcomes.empty() ? "" : ", ", o.disposition, o.reports);
    out += fmt::format("  outcomes: {}\n", outcomes.empty() ? "none yet" : outcomes);
    out += fmt::format("  reports: {} accepted, {} warning, {} rejected; {} current, {}\n", c.reports_accepted,
                       c.reports_warning, c.reports_rejected, c.reports_current,
                       paint(fmt::format("{} withheld in conflict", c.reports_conflict),
                             c.reports_conflict ? Tone::warn : Tone::normal));
    if (s.count) {
        const CountTally& t = s.count->tally;
        out += fmt::format(
            "  counted: {} results in the estimates, {} not estimated (not sampled, or a district without a quick "
            "count), {} unusable\n",
            t.counted, t.not_estimated, t.unusable);
        if (t.withheld || t.rejected)
            out += fmt::format("  operators: {} results withheld (station quarantined), {} rejected\n", t.withheld,
                               t.rejected);
    }
    if (s.queue)
        out += "  " + paint(queue_summary_line(*s.queue, s.now), s.queue->total ? Tone::warn : Tone::normal) +
               " (smsgw queue)\n";
    return out;
}

std::string StatusView::replies(const StatusSnapshot& s) const {
    const store::Counts& c = s.counts;
    std::string out = heading("replies");
    out += fmt::format("  {} sent, {} queued{}, {} sending, {}\n", c.replies_sent, c.replies_queued,
                       s.oldest_queued ? " (oldest queued " + status_age(s.now, *s.oldest_queued) + ")" : "",
                       c.replies_sending,
                       paint(fmt::format("{} failed", c.replies_failed), c.replies_failed ? Tone::bad : Tone::normal));
    // Reminders and HQ summaries share the outbox; say how many of the counts above they are.
    for (const char* kind : {"reminder", "hq_summary"}) {
        std::string parts;
        for (const auto& o : s.outgoing)
            if (o.kind == kind)
                parts += fmt::format("{}{} {}", parts.empty() ? "" : ", ", o.count, store::to_string(o.status));
        if (!parts.empty())
            out += fmt::format("  of them {}: {}\n", kind == std::string_view("reminder") ? "reminders" : "HQ summaries",
                               parts);
    }
    for (const auto& r : s.reply_errors) {
        const bool failed = r.status == store::ReplyStatus::failed;
        out += paint(fmt::format("  reply {} to {}: {} after {} via {}: {}", r.id, r.record.destination,
                                 failed ? "given up" : "retry " + status_age(s.now, r.next_try_at),
                                 plural(r.attempts, "attempt"), r.modem.empty() ? "-" : r.modem, r.error),
                     failed ? Tone::bad : Tone::warn) +
               "\n";
    }
    return out;
}

std::string StatusView::reporting(const StatusSnapshot& s) const {
    if (!s.count) return "";
    const Codebook& cb = s.count->quick_count.codebook();
    std::string out = heading("reporting (sampled stations counted)");
    for (const auto& p : s.count->quick_count.progress()) {
        out += "  " + progress_line(contest_title(p), p.total);
        if (p.district) continue;  // a district lies in one region
        for (const auto& r : p.regions) out += "    " + progress_line(region_name(cb, r.id), r);
    }
    out += heading("estimates (national, 95% margins)");
    for (const auto& e : s.count->quick_count.estimate().contests) {
        if (e.district) continue;
        std::string options;
        for (const auto& o : e.options)
            options += fmt::format("{}{} {}", options.empty() ? "" : ", ", o.tag, percent(o.estimate));
        out += fmt::format("  {} {}: {}; turnout {}; {} ({}/{} reported)\n", e.contest, e.name, options,
                           percent(e.turnout), e.call_text(), e.reported, e.sampled);
    }
    return out;
}

std::string StatusView::last_export(const StatusSnapshot& s) const {
    std::string out = heading("last export");
    if (!s.last_export) return out + "  none yet\n";
    const store::ExportRecord& e = *s.last_export;
    const Tone tone = e.status == store::ExportStatus::failed ? Tone::bad : Tone::normal;
    out += fmt::format("  {} {} ({}), {}, {}{}\n", paint(std::string(to_string(e.status)), tone),
                       s.time_text(e.started_at), status_age(s.now, e.started_at), plural(e.files.size(), "file"),
                       e.path, e.error.empty() ? "" : paint(": " + e.error, tone));
    if (auto lines = delivery_lines(s); !lines.empty()) {
        out += heading("delivery to HQ");
        for (const auto& l : lines) out += "  " + paint(l.text, l.problem ? Tone::bad : Tone::normal) + "\n";
    }
    return out;
}

std::string StatusView::hq_push(const StatusSnapshot& s) const {
    if (!s.hq_push) return {};
    // What waits for HQ's PostgreSQL, and since when, is the lag; a minute of it is worth a colour.
    const store::HqPushState& h = *s.hq_push;
    // Appended, not "\n" + ...: GCC 12 at -O3 warns (-Wrestrict, a false positive) on that operator+.
    std::string out = "\n";
    out += paint("HQ push (PostgreSQL) as gateway " + h.gateway_id, Tone::heading);
    out += "\n";
    const bool late = h.pending > 0 && h.oldest_pending && s.now - *h.oldest_pending > std::chrono::seconds(60);
    const std::string waiting = !h.oldest_pending ? "nothing waiting"
                                : fmt::format("{} waiting, the oldest written {} ({})", plural(h.pending, "row"),
                                              s.time_text(*h.oldest_pending), status_age(s.now, *h.oldest_pending));
    out += "  " + paint(waiting, late ? Tone::bad : Tone::normal) + "\n";
    if (h.pushed_at)
        out += fmt::format("  HQ holds entries up to {} of {}, last heard {} ({})\n", h.pushed_through, h.last_id,
                           s.time_text(*h.pushed_at), status_age(s.now, *h.pushed_at));
    else
        out += "  HQ has confirmed nothing yet\n";
    if (!h.last_error.empty())
        out += "  " + paint(fmt::format("failing{}: {}", h.failing_since ? " since " + s.time_text(*h.failing_since) : "",
                                        h.last_error), Tone::bad) + "\n";
    return out;
}

}  // namespace smsgw
