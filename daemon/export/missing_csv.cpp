// missing.csv: the call-back list — sampled stations whose results do not count yet, with whom to call.
#include "daemon/export/callback_list.hpp"
#include "daemon/export/export_format.hpp"
#include "daemon/export/export_tables.hpp"

namespace smsgw::exports {

CsvWriter missing_csv(const ExportData& d) {
    const Codebook& cb = d.codebook;
    std::vector<std::string> header = {"contest", "form", "station"};
    for (auto& h : station_header()) header.push_back(h);
    for (const char* h : {"reason", "monitor_name", "monitor_phone", "monitor_language", "monitor_role"})
        header.push_back(h);

    CsvWriter csv(d.options.bom);
    csv.header(header);
    for (const CallbackStation& s : callback_list(cb, d.quick_count, versions_in(d.snapshot.versions)).stations) {
        std::vector<std::string> base = {s.contest, s.form, s.station->code};
        for (auto& v : station_columns(cb, s.station->code)) base.push_back(std::move(v));
        base.emplace_back(to_string(s.reason));
        for (const CallbackContact& c : s.contacts) {
            auto row = base;
            for (std::string_view v : {std::string_view(c.monitor->name), std::string_view(c.monitor->phone),
                                       std::string_view(c.monitor->language), to_string(c.role)})
                row.emplace_back(v);
            csv.row(row);
        }
        if (s.contacts.empty()) {
            base.resize(header.size());
            csv.row(base);
        }
    }
    return csv;
}

}  // namespace smsgw::exports
