// estimate_history.csv: every take of the estimate, measure by measure, with each stratum's completeness.
#include "daemon/export/export_format.hpp"
#include "daemon/export/export_tables.hpp"

#include <map>
#include <tuple>

namespace smsgw::exports {

namespace {

// Option names as the current estimate has them (a district's candidates by its own tags).
using Names = std::map<std::tuple<std::string, int, std::string>, std::string>;

Names option_names(const Estimates& e) {
    Names names;
    for (const auto& c : e.contests)
        for (const auto& o : c.options) names[{c.contest, c.district, o.tag}] = o.name;
    return names;
}

std::string measure_name(const store::TakeMeasure& m, const store::TakeTarget& t, const Names& names) {
    switch (m.kind) {
        case store::TakeMeasureKind::option: {
            auto it = names.find({t.contest, t.district, m.tag});
            return it == names.end() ? "" : it->second;
        }
        case store::TakeMeasureKind::turnout: return "turnout (cast / registered)";
        case store::TakeMeasureKind::invalid: return "invalid ballots (invalid / cast)";
        case store::TakeMeasureKind::lead: return "lead of " + m.tag + " over " + m.versus;
    }
    return "";
}

std::string stratum_name(const Codebook& cb, const std::string& id) {
    const Stratum* s = cb.find_stratum(id);
    if (!s) return "";
    const Region* r = cb.find_region(s->region);
    return (r ? r->name : s->region) + (s->urban ? ", urban" : ", rural");
}

}  // namespace

CsvWriter estimate_history_csv(const ExportData& d) {
    CsvWriter csv(d.options.bom);
    csv.header({"take", "taken_utc", "trigger", "counted_since_previous", "contest", "contest_name", "district",
                "district_name", "measure", "tag", "name", "share", "margin95", "margin99", "low95", "high95",
                "share_percent", "margin95_percent", "low95_percent", "high95_percent", "reported", "sampled",
                "reported_percent", "call", "complete_coverage"});
    const Names names = option_names(d.quick_count.estimate());
    for (const store::Take& take : d.snapshot.takes) {
        for (const store::TakeTarget& t : take.targets) {
            const Contest* contest = d.codebook.find_contest(t.contest);
            const District* district = t.district ? d.codebook.find_district(t.district) : nullptr;
            auto row = [&](std::string_view measure, const std::string& tag, const std::string& name) {
                return std::vector<std::string>{std::to_string(take.number), utc_time(take.at),
                                                std::string(store::to_string(take.trigger)), std::to_string(take.counted),
                                                t.contest, contest ? contest->name : "",
                                                t.district ? std::to_string(t.district) : "",
                                                district ? district->name : "", std::string(measure), tag, name};
            };
            auto tail = [&](std::vector<std::string>& r, std::uint32_t reported, std::uint32_t sampled) {
                r.push_back(std::to_string(reported));
                r.push_back(std::to_string(sampled));
                r.push_back(sampled ? percent(double(reported) / sampled) : "");
                r.push_back(t.call);
                r.push_back(t.complete_coverage ? "1" : "0");
            };
            for (const store::TakeMeasure& m : t.measures) {
                auto r = row(store::to_string(m.kind), m.kind == store::TakeMeasureKind::lead ? m.tag + "-" + m.versus : m.tag,
                             measure_name(m, t, names));
                if (m.share) {
                    const double p = *m.share;
                    for (double v : {p, m.margin95, m.margin99, p - m.margin95, p + m.margin95}) r.push_back(fraction(v));
                    for (double v : {p, m.margin95, p - m.margin95, p + m.margin95}) r.push_back(percent(v));
                } else {
                    r.resize(r.size() + 9);
                }
                tail(r, t.reported, t.sampled);
                csv.row(r);
            }
            // Completeness: share is the stratum's reported fraction; no margins.
            for (const store::TakeStratum& s : t.strata) {
                auto r = row("stratum", s.stratum, stratum_name(d.codebook, s.stratum));
                const double f = s.sampled ? double(s.reported) / s.sampled : 0.0;
                r.push_back(s.sampled ? fraction(f) : "");
                r.resize(r.size() + 4);
                r.push_back(s.sampled ? percent(f) : "");
                r.resize(r.size() + 3);
                tail(r, s.reported, s.sampled);
                csv.row(r);
            }
        }
    }
    return csv;
}

}  // namespace smsgw::exports
