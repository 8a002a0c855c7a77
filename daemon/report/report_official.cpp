// Tables from VerifyResult. Its enums are put into words here, so the page needs no code of the verify branch.
#include "daemon/report/report_official.hpp"

#include "daemon/report/html_text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace smsgw::report {

namespace {

std::string measure_label(const official::MeasureVerdict& m) {
    switch (m.measure) {
        case official::Measure::option: return m.name.empty() ? m.tag : m.tag + " " + m.name;
        case official::Measure::turnout: return "turnout";
        case official::Measure::invalid: return "invalid ballots";
    }
    return m.tag;
}

std::string chip(Mark mark, std::string_view text) {
    return fmt::format(R"(<span class="chip {}">{}</span>)", mark_class(mark), escape(text));
}

std::string status_words(official::StationStatus s) {
    switch (s) {
        case official::StationStatus::match: return "matches";
        case official::StationStatus::differs: return "differs";
        case official::StationStatus::official_missing: return "no official row";
    }
    return "";
}

std::string value_or_dash(const std::optional<std::int64_t>& v) { return v ? count(*v) : std::string("–"); }

}  // namespace

Mark mark_of(official::Verdict v) {
    switch (v) {
        case official::Verdict::inside95: return Mark::inside95;
        case official::Verdict::inside99: return Mark::inside99;
        case official::Verdict::outside: return Mark::outside;
        case official::Verdict::no_estimate: return Mark::no_estimate;
    }
    return Mark::no_estimate;
}

const official::ContestVerdict* find_verdict(const official::VerifyResult* verify, std::string_view contest,
                                             int district) {
    if (!verify) return nullptr;
    for (const auto& c : verify->contests)
        if (c.contest == contest && c.district == district) return &c;
    return nullptr;
}

const official::MeasureVerdict* find_measure(const official::ContestVerdict* verdict, official::Measure measure,
                                             std::string_view tag) {
    if (!verdict) return nullptr;
    for (const auto& m : verdict->measures)
        if (m.measure == measure && (measure != official::Measure::option || m.tag == tag)) return &m;
    return nullptr;
}

std::string verdict_table(const official::ContestVerdict& v) {
    std::string s = R"(<div class="scroll inner"><table class="verdicts"><thead><tr><th>measure</th><th class="num">official</th>)"
                    R"(<th class="num">PVT estimate</th><th class="num">95% interval</th><th class="num">99% interval</th>)"
                    R"(<th>official value is</th></tr></thead><tbody>)";
    for (const auto& m : v.measures) {
        const Mark mark = mark_of(m.verdict);
        s += fmt::format("<tr><td>{}</td><td class=\"num\">{}</td>", escape(measure_label(m)), percent(m.official, 2));
        if (m.estimate)
            s += fmt::format(R"(<td class="num">{}</td><td class="num">{} – {}</td><td class="num">{} – {}</td>)",
                             percent(*m.estimate, 2), percent(m.low95, 2), percent(m.high95, 2), percent(m.low99, 2),
                             percent(m.high99, 2));
        else
            s += R"(<td class="num">–</td><td class="num">–</td><td class="num">–</td>)";
        s += fmt::format("<td>{}</td></tr>", chip(mark, mark_words(mark)));
    }
    s += "</tbody></table></div>";
    s += fmt::format(R"(<p class="calls">Official call: <b>{}</b> · PVT call: <b>{}</b> · {} · official table covers {} of the stations</p>)",
                     escape(v.official_call), escape(v.pvt_call),
                     v.calls_agree ? chip(Mark::inside95, "the calls agree") : chip(Mark::outside, "the calls differ"),
                     percent(v.official_coverage, 1));
    return s;
}

std::string region_verdict_table(const official::ContestVerdict& v, const std::map<std::string, std::string>& names) {
    if (v.regions.empty()) return {};
    std::string s = R"(<details class="regions"><summary>Official result per region against the PVT's regional intervals</summary>)"
                    R"(<div class="scroll inner"><table class="verdicts"><thead><tr><th>region</th>)";
    for (const auto& m : v.regions.front().measures)
        s += fmt::format(R"(<th class="num">{}</th>)", escape(m.measure == official::Measure::option ? m.tag : measure_label(m)));
    s += "</tr></thead><tbody>";
    for (const auto& r : v.regions) {
        auto it = names.find(r.region);
        const std::string& name = !r.region_name.empty() ? r.region_name : it != names.end() ? it->second : r.region;
        s += fmt::format("<tr><td>{}</td>", escape(name));
        for (const auto& m : r.measures) {
            const Mark mark = mark_of(m.verdict);
            s += fmt::format(R"(<td class="num"><span class="chip {}" title="{}">{}</span></td>)", mark_class(mark),
                             escape(fmt::format("{}: official {}, {}", measure_label(m), percent(m.official, 2),
                                                mark_words(mark))),
                             percent(m.official, 1));
        }
        s += "</tr>";
    }
    return s + "</tbody></table></div></details>";
}

std::string station_diff_section(const official::VerifyResult* verify,
                                 const std::map<std::string, std::string>& region_names) {
    if (!verify) return fmt::format(R"(<p class="empty">{}: the station diff appears once <code>smsgw official import</code> has been run.</p>)", no_official);
    std::size_t matches = 0;
    std::vector<const official::StationDiff*> listed;
    for (const auto& d : verify->stations) {
        if (d.status == official::StationStatus::match) ++matches;
        else listed.push_back(&d);
    }
    std::string s = fmt::format(R"(<p>{} stations compared: <b>{}</b> match the monitor's copy exactly, <b>{}</b> differ or have no official row (largest vote shift first).</p>)",
                                count(static_cast<std::int64_t>(verify->stations.size())),
                                count(static_cast<std::int64_t>(matches)), count(static_cast<std::int64_t>(listed.size())));
    if (listed.empty()) return s;
    s += R"(<div class="scroll"><table><thead><tr><th class="num">#</th><th>station</th><th>region</th><th>form</th>)"
         R"(<th>status</th><th class="num">vote shift</th><th>differences (monitor → official)</th></tr></thead><tbody>)";
    std::size_t rank = 0;
    for (const auto* d : listed) {
        std::string diffs;
        for (const auto& f : d->differences) {
            if (!diffs.empty()) diffs += "; ";
            diffs += fmt::format("<b>{}</b> {} → {}", escape(f.tag), value_or_dash(f.observer), value_or_dash(f.official));
        }
        const bool missing = d->status == official::StationStatus::official_missing;
        s += fmt::format(R"(<tr><td class="num">{}</td><td><b>{}</b> {}</td><td>{}</td><td>{}</td><td>{}</td><td class="num">{}</td><td>{}</td></tr>)",
                         ++rank, escape(d->station), escape(d->station_name),
                         escape(region_names.count(d->region) ? region_names.at(d->region) : d->region), escape(d->form),
                         chip(missing ? Mark::no_estimate : Mark::outside, status_words(d->status)),
                         missing ? std::string("–") : count(d->shift), diffs);
    }
    return s + "</tbody></table></div>";
}

std::string anomalies_section(const official::VerifyResult* verify) {
    if (!verify) return fmt::format(R"(<p class="empty">{}: the anomaly call list appears once <code>smsgw official import</code> has been run.</p>)", no_official);
    if (verify->anomalies.empty()) return R"(<p>No screen flagged a station.</p>)";
    std::string s = fmt::format(R"(<p>{} flags to check by phone: each line names the station, the screen that flagged it and its numbers. A flag is a reason to call, not a finding.</p>)",
                                count(static_cast<std::int64_t>(verify->anomalies.size())));
    s += R"(<div class="scroll"><table><thead><tr><th>station</th><th>source</th><th>screen</th><th>detail</th><th>numbers</th></tr></thead><tbody>)";
    for (const auto& a : verify->anomalies) {
        std::string values;
        for (const auto& [name, value] : a.values) {
            if (!values.empty()) values += ", ";
            values += escape(name) + " " + escape(fmt::format("{:.4g}", value));
        }
        s += fmt::format("<tr><td><b>{}</b></td><td>{}</td><td><code>{}</code></td><td>{}</td><td class=\"small\">{}</td></tr>",
                         escape(a.station), escape(a.source), escape(a.screen), escape(a.detail), values);
    }
    return s + "</tbody></table></div>";
}

}  // namespace smsgw::report
