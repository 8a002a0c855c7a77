// missing.csv: the call-back list — sampled stations whose results do not count yet, with whom to call.
#include "daemon/export/export_format.hpp"
#include "daemon/export/export_tables.hpp"

#include <algorithm>
#include <map>

namespace smsgw::exports {

namespace {

std::string form_of(const Codebook& cb, const std::string& contest) {
    if (const Contest* c = cb.find_contest(contest); c && !c->form.empty()) return c->form;
    for (const Form& f : cb.forms)
        if (f.kind == FormKind::results && f.contest == contest) return f.code;
    return "";
}

// Why a sampled station's results do not count, from its stored versions for the form.
std::string reason(const std::vector<const store::StoredReport*>& versions) {
    if (versions.empty()) return "no report";
    bool any_counted_status = false;
    for (const auto* r : versions) {
        if (r->record.current && r->record.conflict) return "conflict";
        any_counted_status = any_counted_status || r->record.status != Status::rejected;
    }
    return any_counted_status ? "not counted" : "rejected";
}

}  // namespace

CsvWriter missing_csv(const ExportData& d) {
    const Codebook& cb = d.codebook;
    std::vector<std::string> header = {"contest", "form", "station"};
    for (auto& h : station_header()) header.push_back(h);
    for (const char* h : {"reason", "monitor_name", "monitor_phone", "monitor_language", "monitor_role"})
        header.push_back(h);

    std::map<std::pair<std::string, std::string>, std::vector<const store::StoredReport*>> versions;
    for (const auto& r : d.snapshot.versions) versions[{r.record.form, r.record.station}].push_back(&r);

    CsvWriter csv(d.options.bom);
    csv.header(header);
    for (const ContestProgress& p : d.quick_count.progress()) {
        const std::string form = form_of(cb, p.contest);
        for (std::uint32_t index : d.quick_count.missing_stations(p.contest, p.district)) {
            const Station& s = cb.stations.at(index);
            std::vector<std::string> base = {p.contest, form, s.code};
            for (auto& v : station_columns(cb, s.code)) base.push_back(std::move(v));
            auto it = versions.find({form, s.code});
            base.push_back(reason(it == versions.end() ? std::vector<const store::StoredReport*>{} : it->second));

            // Coordinators ("*") cover every station: listing them would drown the list.
            int rows = 0;
            auto add = [&](const Monitor& m, const char* role) {
                auto row = base;
                for (const std::string& v : {m.name, m.phone, m.language, std::string(role)}) row.push_back(v);
                csv.row(row);
                ++rows;
            };
            for (const Monitor& m : cb.monitors)
                if (std::find(m.stations.begin(), m.stations.end(), index) != m.stations.end()) add(m, "station");
            for (const Monitor& m : cb.monitors)
                if (std::find(m.districts.begin(), m.districts.end(), s.district) != m.districts.end())
                    add(m, "district team");
            if (rows == 0) {
                base.resize(header.size());
                csv.row(base);
            }
        }
    }
    return csv;
}

}  // namespace smsgw::exports
