// estimates.csv: the quick count per contest (and district) in fractions and in percent.
#include "daemon/export/export_format.hpp"
#include "daemon/export/export_tables.hpp"

namespace smsgw::exports {

namespace {

// share, margin95, margin99, low95, high95 as fractions, then the same in percent; empty if undefined.
std::vector<std::string> ratio_cells(const RatioEstimate& r) {
    if (!r.defined) return std::vector<std::string>(10);
    const double values[] = {r.share, r.margin95, r.margin99, r.share - r.margin95, r.share + r.margin95};
    std::vector<std::string> cells;
    for (double v : values) cells.push_back(fraction(v));
    for (double v : values) cells.push_back(percent(v));
    return cells;
}

}  // namespace

CsvWriter estimates_csv(const ExportData& d) {
    CsvWriter csv(d.options.bom);
    csv.header({"contest", "contest_name", "district", "district_name", "measure", "tag", "name", "share",
                "margin95", "margin99", "low95", "high95", "share_percent", "margin95_percent", "margin99_percent",
                "low95_percent", "high95_percent", "reported", "sampled", "reported_percent", "call",
                "complete_coverage", "notes"});
    for (const ContestEstimate& c : d.quick_count.estimate().contests) {
        auto add = [&](const char* measure, const std::string& tag, const std::string& name, const RatioEstimate& r) {
            std::vector<std::string> row = {c.contest, c.name, c.district ? std::to_string(c.district) : "",
                                            c.district_name, measure, tag, name};
            for (auto& v : ratio_cells(r)) row.push_back(std::move(v));
            row.push_back(std::to_string(c.reported));
            row.push_back(std::to_string(c.sampled));
            row.push_back(c.sampled ? percent(double(c.reported) / c.sampled) : "");
            row.push_back(c.call_text());
            row.push_back(c.complete_coverage ? "1" : "0");
            row.push_back(join(c.notes, "; "));
            csv.row(row);
        };
        for (const OptionEstimate& o : c.options) add("option", o.tag, o.name, o.estimate);
        add("turnout", "", "turnout (cast / registered)", c.turnout);
        add("invalid", "", "invalid ballots (invalid / cast)", c.invalid);
        if (c.has_lead)
            add("lead", c.lead.a + "-" + c.lead.b, "lead of " + c.lead.a + " over " + c.lead.b, c.lead.estimate);
        else
            add("lead", "", "lead", RatioEstimate{});
    }
    return csv;
}

}  // namespace smsgw::exports
