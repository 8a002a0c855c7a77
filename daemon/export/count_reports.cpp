// The quick count rebuilt from the store's current reports, for exports read outside the pipeline.
#include "daemon/export/count_reports.hpp"

#include "daemon/export/export_format.hpp"

namespace smsgw::exports {

std::size_t count_reports(QuickCount& qc, const std::vector<store::StoredReport>& current) {
    const Codebook& cb = qc.codebook();
    std::size_t counted = 0;
    for (const store::StoredReport& r : current) {
        const auto& rec = r.record;
        if (!rec.current || rec.conflict || rec.status == Status::rejected) continue;
        const Form* form = cb.find_form(rec.form);
        const Station* station = cb.find_station(rec.station);
        if (!form || form->kind != FormKind::results || !station) continue;
        auto values = parse_values(rec.values_json);
        if (qc.set_result(station->index, form->code, values) == QuickCount::Outcome::counted) ++counted;
    }
    return counted;
}

}  // namespace smsgw::exports
