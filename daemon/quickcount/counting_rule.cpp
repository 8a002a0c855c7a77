// The counting rule of SPEC.md section 6 plus the operators' decisions of issue 15, in one place.
#include "daemon/quickcount/counting_rule.hpp"

#include "daemon/store/values_column.hpp"

namespace smsgw {

std::string_view to_string(CountFate f) {
    switch (f) {
        case CountFate::counts: return "counts";
        case CountFate::not_results: return "not a results form";
        case CountFate::not_current: return "superseded";
        case CountFate::conflict: return "in conflict";
        case CountFate::rejected: return "rejected";
        case CountFate::operator_rejected: return "rejected by an operator";
        case CountFate::station_withheld: return "station withheld from the count";
        case CountFate::unusable: return "unusable";
    }
    return "unusable";
}

Judged judge_report(const Codebook& cb, const store::StoredReport& report, const CountDecisions& decisions) {
    const store::ReportRecord& rec = report.record;
    Judged j;
    j.form = cb.find_form(rec.form);
    if (!j.form || j.form->kind != FormKind::results) return j;
    j.station = cb.find_station(rec.station);
    if (!rec.current) j.fate = CountFate::not_current;
    else if (rec.conflict) j.fate = CountFate::conflict;
    else if (rec.status == Status::rejected) j.fate = CountFate::rejected;
    else if (decisions.rejected_reports.contains(report.id)) j.fate = CountFate::operator_rejected;
    else if (decisions.withheld_stations.contains(rec.station)) j.fate = CountFate::station_withheld;
    else if (!j.station) j.fate = CountFate::unusable;
    else if (auto values = store::values_from_json(rec.values_json)) {
        j.fate = CountFate::counts;
        j.values = std::move(*values);
    } else j.fate = CountFate::unusable;
    return j;
}

CountTally count_current_reports(QuickCount& qc, const std::vector<store::StoredReport>& current,
                                 const CountDecisions& decisions) {
    CountTally tally;
    for (const store::StoredReport& report : current) {
        Judged j = judge_report(qc.codebook(), report, decisions);
        switch (j.fate) {
            case CountFate::not_results:
            case CountFate::not_current: continue;
            case CountFate::conflict: ++tally.conflicts; continue;
            case CountFate::rejected:
            case CountFate::operator_rejected: ++tally.rejected; continue;
            case CountFate::station_withheld: ++tally.withheld; continue;
            case CountFate::unusable: ++tally.unusable; continue;
            case CountFate::counts: break;
        }
        switch (qc.set_result(j.station->index, j.form->code, j.values)) {
            case QuickCount::Outcome::counted: ++tally.counted; break;
            case QuickCount::Outcome::not_sampled:
            case QuickCount::Outcome::out_of_scope: ++tally.not_estimated; break;
            default: ++tally.unusable; break;
        }
    }
    return tally;
}

}  // namespace smsgw
