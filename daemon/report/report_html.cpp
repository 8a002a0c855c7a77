// render_report: the page's sections in order (glance, contests, completeness, stations, anomalies), each from the input.
#include "daemon/report/report_html.hpp"

#include "daemon/report/chart_axis.hpp"
#include "daemon/report/completeness_chart.hpp"
#include "daemon/report/convergence_chart.hpp"
#include "daemon/report/html_text.hpp"
#include "daemon/report/interval_chart.hpp"
#include "daemon/report/report_official.hpp"
#include "daemon/report/report_style.hpp"
#include "daemon/takes/take_stability.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <numeric>

namespace smsgw::report {

namespace {

// The leading options followed over the takes: more lines than this only tangle the chart.
constexpr std::size_t convergence_lines = 3;

std::string_view call_class(Call c) {
    switch (c) {
        case Call::first_round_win: return "win";
        case Call::run_off: return "runoff";
        case Call::undetermined: return "und";
        case Call::no_data: return "nodata";
    }
    return "nodata";
}

std::string badge(const ContestEstimate& c) {
    return fmt::format(R"(<span class="badge {}">{}</span>)", call_class(c.call), escape(c.call_text()));
}

std::string title_of(const ContestEstimate& c) {
    std::string t = c.name.empty() ? c.contest : c.name;
    if (c.district != 0)
        t += c.district_name.empty() ? fmt::format(" — district {}", c.district)
                                     : fmt::format(" — district {}, {}", c.district, c.district_name);
    return t;
}

std::string id_of(const ContestEstimate& c) { return anchor(fmt::format("c-{}-{}", c.contest, c.district)); }

std::string hhmm_utc(SystemTime t) {
    const std::time_t s = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&s, &tm);
    return fmt::format("{:02}:{:02} UTC", tm.tm_hour, tm.tm_min);
}

double fraction(std::uint32_t part, std::uint32_t whole) { return whole ? double(part) / whole : 0.0; }

// Options by current estimate, largest first (undefined last, then codebook order).
std::vector<std::size_t> ranking(const ContestEstimate& c) {
    std::vector<std::size_t> order(c.options.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const RatioEstimate &x = c.options[a].estimate, &y = c.options[b].estimate;
        if (x.defined != y.defined) return x.defined;
        return x.share > y.share;
    });
    return order;
}

const store::TakeTarget* target_in(const store::Take& take, const ContestEstimate& c) {
    for (const auto& t : take.targets)
        if (t.contest == c.contest && t.district == c.district) return &t;
    return nullptr;
}

std::vector<IntervalRow> interval_rows(const ContestEstimate& c, const official::ContestVerdict* v) {
    std::vector<IntervalRow> rows;
    for (std::size_t i = 0; i < c.options.size(); ++i) {
        const OptionEstimate& o = c.options[i];
        IntervalRow r{o.tag, o.name, std::string(option_colour(i)), std::nullopt, 0, 0, std::nullopt, Mark::no_estimate};
        if (o.estimate.defined) {
            r.share = o.estimate.share;
            r.low95 = o.estimate.share - o.estimate.margin95;
            r.high95 = o.estimate.share + o.estimate.margin95;
        }
        if (const auto* m = find_measure(v, official::Measure::option, o.tag)) {
            r.official = m->official;
            r.mark = mark_of(m->verdict);
        }
        rows.push_back(std::move(r));
    }
    return rows;
}

std::string ratio_text(std::string_view label, const RatioEstimate& r, const official::MeasureVerdict* m) {
    const int decimals = r.margin95 < 0.001 ? 2 : 1;  // a margin in hundredths of a point needs them in the share too
    std::string s = fmt::format("<span>{} <b>{}</b>", label, r.defined ? percent(r.share, decimals) : "–");
    if (r.defined) s += fmt::format(" {}", points(r.margin95));
    if (m) {
        const Mark mark = mark_of(m->verdict);
        s += fmt::format(R"( · official {} <span class="chip {}">{}</span>)", percent(m->official), mark_class(mark),
                         mark_words(mark));
    }
    return s + "</span>";
}

std::string measures_line(const ContestEstimate& c, const official::ContestVerdict* v) {
    std::string s = R"(<div class="measures">)";
    s += ratio_text("Turnout", c.turnout, find_measure(v, official::Measure::turnout, ""));
    s += " &nbsp;·&nbsp; " + ratio_text("Invalid ballots", c.invalid, find_measure(v, official::Measure::invalid, ""));
    if (c.has_lead && c.lead.estimate.defined)
        s += fmt::format(" &nbsp;·&nbsp; <span>Lead of {} over {} <b>{} points</b> {}</span>", escape(c.lead.a),
                         escape(c.lead.b), fmt::format("{:.1f}", 100 * c.lead.estimate.share),
                         points(c.lead.estimate.margin95));
    return s + "</div>";
}

std::string convergence_block(const ContestEstimate& c, const std::vector<store::Take>& takes,
                              const official::ContestVerdict* v, bool compact) {
    std::vector<ConvergenceSeries> series;
    std::size_t with_data = 0;
    for (const auto& take : takes)
        if (const auto* t = target_in(take, c); t && t->reported > 0) ++with_data;
    const auto order = ranking(c);
    for (std::size_t k = 0; k < order.size() && series.size() < convergence_lines; ++k) {
        const OptionEstimate& o = c.options[order[k]];
        ConvergenceSeries s{o.tag, o.name, std::string(option_colour(order[k])), {}, std::nullopt};
        for (const auto& take : takes) {
            const auto* t = target_in(take, c);
            if (!t) continue;
            for (const auto& m : t->measures)
                if (m.kind == store::TakeMeasureKind::option && m.tag == o.tag && m.share)
                    s.points.push_back({take.number, fraction(t->reported, t->sampled), *m.share,
                                        *m.share - m.margin95, *m.share + m.margin95});
        }
        if (const auto* m = find_measure(v, official::Measure::option, o.tag)) s.official = m->official;
        if (!s.points.empty()) series.push_back(std::move(s));
    }
    std::string out = R"(<div class="sub-h">How the estimate converged over the takes</div>)";
    if (with_data < 2 || series.empty())
        return out + fmt::format(R"(<p class="empty">The chart needs two takes with data; there {} {} so far.</p>)",
                                 with_data == 1 ? "is" : "are", with_data);
    const auto stable = stable_since(takes, c.contest, c.district);
    out += convergence_chart(series, id_of(c), stable ? std::optional<double>(stable->reported) : std::nullopt, compact);
    out += R"(<div class="legend">)";
    for (const auto& s : series)
        out += fmt::format(R"(<span><i style="background:{}"></i>{} {}</span>)", s.colour, escape(s.tag),
                           escape(shorten(s.name, 28)));
    out += fmt::format("<span>shaded: 95% interval · {} takes</span>", with_data);
    if (v) out += "<span>dashed: official result</span>";
    out += "</div>";
    if (stable)
        out += fmt::format(R"(<div class="stability"><span class="chip ok">stable since take {}</span> every estimate has stayed inside the latest 95% intervals since {} of the sample was in ({} takes)</div>)",
                           stable->since_take, percent(stable->reported, 0), stable->takes);
    else
        out += R"(<div class="stability"><span class="chip warn">not stable yet</span> the take before the latest lies outside the latest 95% intervals</div>)";
    return out;
}

std::string contest_card(const ContestEstimate& c, const ReportInput& in) {
    const bool compact = c.district != 0;  // district cards sit two to a row
    const official::ContestVerdict* v = find_verdict(in.verify, c.contest, c.district);
    std::string s = fmt::format(R"(<section class="card" id="{}"><div class="head"><div><h3>{}</h3>)", id_of(c),
                                escape(title_of(c)));
    s += fmt::format(R"(<div class="facts">{} of {} sampled stations reported ({}){}</div></div>{}</div>)", c.reported,
                     c.sampled, percent(fraction(c.reported, c.sampled), 0),
                     c.complete_coverage || c.reported == 0 ? "" : " · not every region represented yet", badge(c));
    s += R"(<div class="sub-h">Estimate and 95% interval</div>)";
    s += interval_chart(interval_rows(c, v), compact);
    s += R"h(<div class="legend"><span><i style="background:#9aa5b1"></i>estimate</span><span><i style="background:rgba(16,42,67,.25)"></i>95% interval</span>)h";
    if (v)
        for (Mark m : {Mark::inside95, Mark::inside99, Mark::outside})
            s += fmt::format(R"(<span><i class="diamond" style="background:{}"></i>official, {}</span>)", mark_colour(m),
                             mark_words(m));
    else
        s += fmt::format("<span>{}</span>", no_official);
    s += "</div>" + measures_line(c, v);
    s += convergence_block(c, in.takes, v, compact);
    if (v) {
        s += R"(<div class="sub-h">Official result against the quick count</div>)" + verdict_table(*v);
        s += region_verdict_table(*v, in.region_names);
    }
    if (!c.notes.empty()) {
        s += R"(<ul class="notes">)";
        for (const auto& n : c.notes) s += "<li>" + escape(n) + "</li>";
        s += "</ul>";
    }
    return s + "</section>";
}

std::string glance(const ReportInput& in) {
    std::string s = R"(<div class="tiles">)";
    for (const auto& c : in.estimates.contests) {
        if (c.district != 0) continue;
        const auto order = ranking(c);
        std::string big = "–", colour = "#9aa5b1";
        if (!order.empty() && c.options[order[0]].estimate.defined) {
            const auto& o = c.options[order[0]];
            big = fmt::format("{} {} <small>{}</small>", escape(o.tag), percent(o.estimate.share), points(o.estimate.margin95));
            colour = option_colour(order[0]);
        }
        s += fmt::format(R"(<a class="tile" style="--accent:{};text-decoration:none;color:inherit" href="#{}"><div class="label">{} · leader</div><div class="big">{}</div><div class="sub">{} · {} of {} reported ({})</div></a>)",
                         colour, id_of(c), escape(title_of(c)), big, badge(c), c.reported, c.sampled,
                         percent(fraction(c.reported, c.sampled), 0));
    }
    std::size_t districts = 0, decided = 0;
    for (const auto& c : in.estimates.contests)
        if (c.district != 0) ++districts, decided += c.call == Call::first_round_win;
    if (districts)
        s += fmt::format(R"(<a class="tile" style="text-decoration:none;color:inherit" href="#districts"><div class="label">District quick counts</div><div class="big">{} <small>of {} called</small></div><div class="sub">first-round wins at 95%</div></a>)",
                         decided, districts);
    s += R"(<div class="tile" style="--accent:#829ab1"><div class="label">Takes of the estimate</div>)";
    if (in.takes.empty())
        s += R"(<div class="big">0</div><div class="sub">none yet</div></div>)";
    else
        s += fmt::format(R"(<div class="big">{}</div><div class="sub">last at {} (take {})</div></div>)", in.takes.size(),
                         in.clock ? in.clock(in.takes.back().at) : hhmm_utc(in.takes.back().at), in.takes.back().number);
    if (in.verify) {
        std::size_t agree = 0, differ = 0;
        for (const auto& c : in.verify->contests) agree += c.calls_agree;
        for (const auto& d : in.verify->stations) differ += d.status != official::StationStatus::match;
        s += fmt::format(R"(<a class="tile" style="--accent:#c62828;text-decoration:none;color:inherit" href="#stations"><div class="label">Official results</div><div class="big">{} <small>of {} calls agree</small></div><div class="sub">{} stations differ · {} to check</div></a>)",
                         agree, in.verify->contests.size(), differ, in.verify->anomalies.size());
    }
    return s + "</div>";
}

std::string completeness(const ReportInput& in) {
    std::string s;
    for (const auto& c : in.estimates.contests) {
        if (c.district != 0) continue;
        for (const auto& p : in.progress) {
            if (p.contest != c.contest || p.district != 0) continue;
            std::vector<CompletenessRow> rows;
            for (const auto& r : p.regions) {
                auto it = in.region_names.find(r.id);
                rows.push_back({it != in.region_names.end() ? it->second : r.id, r.reported, r.sampled});
            }
            s += fmt::format(R"(<div class="card"><h3>{} — per region</h3><div class="facts">{} of {} sampled stations reported</div>{}</div>)",
                             escape(title_of(c)), p.total.reported, p.total.sampled, completeness_chart(rows));
        }
    }
    std::vector<CompletenessRow> districts;
    std::string contest;
    for (const auto& c : in.estimates.contests)
        if (c.district != 0) {
            districts.push_back({fmt::format("{} {}", c.district, c.district_name), c.reported, c.sampled});
            if (contest.empty()) contest = c.name.empty() ? c.contest : c.name;
        }
    if (!districts.empty())
        s += fmt::format(R"(<div class="card"><h3>{} — per district</h3>{}</div>)", escape(contest),
                         completeness_chart(districts));
    return s;
}

}  // namespace

std::string render_report(const ReportInput& in) {
    std::string h = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    h += fmt::format("<title>Quick count — {}</title>\n<style>{}</style>\n</head>\n<body>\n", escape(in.election_name),
                     report_css());
    h += fmt::format(R"(<header class="top"><h1>{}</h1><div class="meta">Quick count report · exported {} · election {} · codebook {}</div>)",
                     escape(in.election_name), escape(in.created_local.empty() ? in.created_utc : in.created_local), escape(in.election_id),
                     escape(in.codebook_version.empty() ? "–" : in.codebook_version));
    h += R"(<nav class="toc"><a href="#glance">At a glance</a>)";
    for (const auto& c : in.estimates.contests)
        if (c.district == 0) h += fmt::format(R"(<a href="#{}">{}</a>)", id_of(c), escape(c.name.empty() ? c.contest : c.name));
    h += R"(<a href="#districts">Districts</a><a href="#completeness">Completeness</a><a href="#stations">Station diff</a><a href="#anomalies">Anomalies</a></nav></header>)";
    h += "\n<main>\n";
    if (!in.verify)
        h += fmt::format(R"(<div class="banner"><b>{}.</b> The official marks, the verdicts, the station diff and the anomaly list appear in the export after <code>smsgw official import</code>.</div>)",
                         "No official results imported");
    h += R"(<h2 id="glance">At a glance</h2>)" + glance(in);
    for (const auto& c : in.estimates.contests)
        if (c.district == 0) h += contest_card(c, in) + "\n";
    h += R"(<h2 id="districts">District quick counts</h2><div class="grid2">)";
    bool any = false;
    for (const auto& c : in.estimates.contests)
        if (c.district != 0) h += contest_card(c, in) + "\n", any = true;
    h += "</div>";
    if (!any) h += R"(<p class="empty">This election has no district quick counts.</p>)";
    h += R"(<h2 id="completeness">Reporting completeness</h2>)" + completeness(in);
    h += R"(<h2 id="stations">Station diff: official protocol against the monitor's copy</h2>)" +
         station_diff_section(in.verify, in.region_names);
    h += R"(<h2 id="anomalies">Anomalies to check</h2>)" + anomalies_section(in.verify);
    h += "\n</main>\n<footer>Shares are of valid votes; turnout is of registered voters; invalid ballots of ballots cast. "
         "Intervals are 95% unless said otherwise. Generated by smsgw; this page loads nothing and runs "
         "no script.</footer>\n</body>\n</html>\n";
    return h;
}

}  // namespace smsgw::report
