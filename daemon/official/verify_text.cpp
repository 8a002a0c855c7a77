// Formats verify's results for a terminal, percent with one decimal, verdicts in words.
#include "daemon/official/verify_text.hpp"

#include <fmt/format.h>

namespace smsgw::official {

namespace {

std::string verdict_words(Verdict v) {
    switch (v) {
        case Verdict::inside95: return "inside 95%";
        case Verdict::inside99: return "inside 99% only";
        case Verdict::outside: return "OUTSIDE both";
        case Verdict::no_estimate: return "no estimate";
    }
    return "?";
}

std::string label(const MeasureVerdict& m) {
    if (m.measure == Measure::option) return m.tag + (m.name.empty() ? "" : " " + m.name);
    return std::string(to_string(m.measure));
}

std::string line(const MeasureVerdict& m) {
    if (!m.estimate) return fmt::format("  {:<28.28} official {:6.2f}%   no estimate\n", label(m), 100 * m.official);
    return fmt::format("  {:<28.28} official {:6.2f}%  estimate {:6.2f}%  95% [{:.2f}, {:.2f}]  99% [{:.2f}, {:.2f}]  {}\n",
                       label(m), 100 * m.official, 100 * *m.estimate, 100 * m.low95, 100 * m.high95, 100 * m.low99,
                       100 * m.high99, verdict_words(m.verdict));
}

}  // namespace

std::string render_verify_text(const VerifyResult& r, std::size_t max_stations, std::size_t max_anomalies) {
    std::string out;
    if (r.contests.empty()) out += "No official results imported (smsgw official import --db FILE --form CODE CSV).\n";
    for (const ContestVerdict& c : r.contests) {
        out += fmt::format("{} {}{}: official results for {:.1f}% of its stations\n", c.contest, c.contest_name,
                           c.district ? fmt::format(", district {}", c.district) : "", 100 * c.official_coverage);
        for (const MeasureVerdict& m : c.measures) out += line(m);
        for (const RegionVerdicts& g : c.regions) {
            std::size_t off = 0;
            for (const MeasureVerdict& m : g.measures) off += m.verdict == Verdict::inside99 || m.verdict == Verdict::outside;
            if (off == 0) continue;
            out += fmt::format("  region {} {}: {} of {} measures not inside 95%\n", g.region, g.region_name, off, g.measures.size());
            for (const MeasureVerdict& m : g.measures)
                if (m.verdict == Verdict::inside99 || m.verdict == Verdict::outside) out += "  " + line(m);
        }
        out += fmt::format("  call: official {}, quick count {} ({})\n\n", c.official_call, c.pvt_call,
                           c.calls_agree ? "they agree" : "they differ");
    }
    std::size_t differs = 0, missing = 0, match = 0;
    for (const StationDiff& s : r.stations)
        (s.status == StationStatus::differs ? differs : s.status == StationStatus::match ? match : missing)++;
    out += fmt::format("Stations: {} differ from the monitor's report, {} match, {} reported by monitors but not in the official table\n",
                       differs, match, missing);
    std::size_t shown = 0;
    for (const StationDiff& s : r.stations) {
        if (s.status == StationStatus::match) continue;
        if (shown++ == max_stations) break;
        std::string fields;
        for (const FieldDifference& d : s.differences)
            fields += fmt::format(" {}:{}->{}", d.tag, d.observer ? std::to_string(*d.observer) : "-",
                                  d.official ? std::to_string(*d.official) : "-");
        out += fmt::format("  {} form {} {}: {}{}{}\n", s.station, s.form, s.station_name,
                           s.status == StationStatus::differs ? fmt::format("shift {} votes;", s.shift) : "no official row",
                           fields.empty() ? "" : " monitor->official", fields);
    }
    if (differs + missing > max_stations) out += fmt::format("  ... {} more (--json has all)\n", differs + missing - max_stations);
    out += fmt::format("\nCall list (reasons to check, not findings): {} entries\n", r.anomalies.size());
    for (std::size_t i = 0; i < r.anomalies.size() && i < max_anomalies; ++i)
        out += fmt::format("  {} {}: {}\n", r.anomalies[i].station, r.anomalies[i].screen, r.anomalies[i].detail);
    if (r.anomalies.size() > max_anomalies) out += fmt::format("  ... {} more (--json has all)\n", r.anomalies.size() - max_anomalies);
    return out;
}

}  // namespace smsgw::official
