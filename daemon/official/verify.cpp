// Reads what verify needs from the store and runs the three comparisons on it.
#include "daemon/official/verify.hpp"

#include "daemon/official/anomaly_screens.hpp"
#include "daemon/official/contest_verdicts.hpp"
#include "daemon/official/station_diff.hpp"
#include "daemon/pipeline/report_json.hpp"
#include "daemon/quickcount/counting_rule.hpp"
#include "daemon/review/decisions.hpp"
#include "daemon/quickcount/quick_count.hpp"
#include "daemon/store/store_reader.hpp"

#include <stdexcept>

namespace smsgw::official {

std::vector<StationValues> observer_results(const Codebook& cb, const std::vector<store::StoredReport>& current,
                                             const CountDecisions& decisions) {
    std::vector<StationValues> out;
    for (const store::StoredReport& report : current) {
        Judged j = judge_report(cb, report, decisions);
        if (j.fate == CountFate::counts) out.push_back({j.station->index, j.form, std::move(j.values), report.id});
    }
    return out;
}

std::vector<StationValues> official_results(const Codebook& cb, const std::vector<store::StoredOfficial>& rows) {
    std::vector<StationValues> out;
    out.reserve(rows.size());
    for (const store::StoredOfficial& row : rows) {
        const Form* form = cb.find_form(row.form);
        const Station* station = cb.find_station(row.station);
        auto values = values_from_json(row.values_json);
        if (!row.current || !form || form->kind != FormKind::results || !station || !values) continue;
        out.push_back({station->index, form, std::move(*values), row.id});
    }
    return out;
}

VerifyResult verify(const VerifyInput& input, const VerifyOptions& options) {
    if (!input.codebook) throw std::invalid_argument("verify needs a codebook");
    const Codebook& cb = *input.codebook;
    QuickCount qc(input.codebook);
    for (const StationValues& o : input.observer) (void)qc.set_result(o.station, o.form->code, o.values);
    VerifyResult out;
    out.contests = contest_verdicts(qc, qc.estimate(), input.official);
    out.stations = station_diff(cb, input.observer, input.official);
    out.anomalies = screen_anomalies(cb, input.observer, "observer", options.screens);
    auto official = screen_anomalies(cb, input.official, "official", options.screens);
    out.anomalies.insert(out.anomalies.end(), std::make_move_iterator(official.begin()),
                         std::make_move_iterator(official.end()));
    return out;
}

VerifyResult verify_in_snapshot(store::StoreReader& reader, CodebookPtr codebook, const VerifyOptions& options) {
    if (!codebook) throw std::invalid_argument("verify needs a codebook");
    auto current = reader.current_reports();
    if (!current) throw std::runtime_error("cannot read the current reports: " + current.error().message);
    auto rows = reader.official_rows();
    if (!rows) throw std::runtime_error("cannot read the official results: " + rows.error().message);
    auto audit = reader.audit_since(0);
    if (!audit) throw std::runtime_error("cannot read the audit trail: " + audit.error().message);
    VerifyInput input{codebook, observer_results(*codebook, *current, review::replay(*audit).count),
                      official_results(*codebook, *rows)};
    return verify(input, options);
}

}  // namespace smsgw::official
