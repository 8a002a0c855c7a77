// official.csv, station_diff.csv and anomalies.csv: smsgw verify's results as HQ's spreadsheets.
#include "daemon/export/export_format.hpp"
#include "daemon/export/export_tables.hpp"

#include <fmt/format.h>

namespace smsgw::exports {

namespace {

std::string fraction(double v) { return fmt::format("{:.6f}", v); }

void measure_rows(CsvWriter& csv, const official::ContestVerdict& c, const std::string& region, const std::string& region_name,
                  const std::vector<official::MeasureVerdict>& measures) {
    for (const official::MeasureVerdict& m : measures) {
        auto bound = [&](double v) { return m.estimate ? fraction(v) : std::string(); };
        csv.row({c.contest, c.contest_name, c.district ? std::to_string(c.district) : "", region, region_name,
                 std::string(to_string(m.measure)), m.tag, m.name, fraction(m.official),
                 m.estimate ? fraction(*m.estimate) : "", bound(m.low95), bound(m.high95), bound(m.low99), bound(m.high99),
                 std::string(to_string(m.verdict)), fraction(c.official_coverage), c.official_call, c.pvt_call,
                 c.calls_agree ? "1" : "0"});
    }
}

}  // namespace

CsvWriter official_csv(const ExportData& d) {
    CsvWriter csv(d.options.bom);
    csv.header({"contest", "contest_name", "district", "region", "region_name", "measure", "tag", "name", "official", "estimate",
                "low95", "high95", "low99", "high99", "verdict", "official_coverage", "official_call", "pvt_call", "calls_agree"});
    if (!d.verify) return csv;
    for (const official::ContestVerdict& c : d.verify->contests) {
        measure_rows(csv, c, "", "", c.measures);
        for (const official::RegionVerdicts& g : c.regions) measure_rows(csv, c, g.region, g.region_name, g.measures);
    }
    return csv;
}

CsvWriter station_diff_csv(const ExportData& d) {
    CsvWriter csv(d.options.bom);
    csv.header({"rank", "station", "station_name", "region", "form", "status", "shift", "differences", "report_id"});
    if (!d.verify) return csv;
    std::size_t rank = 0;
    for (const official::StationDiff& s : d.verify->stations) {
        std::string diffs;
        for (const official::FieldDifference& f : s.differences)
            diffs += fmt::format("{}{} {}->{}", diffs.empty() ? "" : "; ", f.tag, f.observer ? std::to_string(*f.observer) : "-",
                                 f.official ? std::to_string(*f.official) : "-");
        csv.row({std::to_string(++rank), s.station, CsvWriter::text(s.station_name), s.region, s.form,
                 std::string(to_string(s.status)), std::to_string(s.shift), diffs, std::to_string(s.observer_report_id)});
    }
    return csv;
}

CsvWriter anomalies_csv(const ExportData& d) {
    CsvWriter csv(d.options.bom);
    csv.header({"station", "station_name", "region", "stratum", "source", "screen", "detail", "values"});
    if (!d.verify) return csv;
    for (const official::Anomaly& a : d.verify->anomalies) {
        const Station* s = d.codebook.find_station(a.station);
        std::string values;
        for (const auto& [name, v] : a.values) values += fmt::format("{}{}={:.6g}", values.empty() ? "" : "; ", name, v);
        csv.row({a.station, s ? CsvWriter::text(s->name) : "", s ? s->region : "", s ? s->stratum : "", a.source, a.screen,
                 CsvWriter::text(a.detail), values});
    }
    return csv;
}

}  // namespace smsgw::exports
