// incidents.csv: the lawyers' list, one row per incident report with its codes spelled out.
#include "daemon/export/export_format.hpp"
#include "daemon/export/export_tables.hpp"

namespace smsgw::exports {

CsvWriter incidents_csv(const ExportData& d) {
    const Codebook& cb = d.codebook;
    std::vector<std::string> header = {"report_id", "reference", "received_utc", "form", "station"};
    for (auto& h : station_header()) header.push_back(h);
    for (const char* h : {"codes", "labels", "comment", "monitor_name"}) header.push_back(h);
    if (d.options.phones) header.push_back("monitor_phone");
    header.push_back("status");
    header.push_back("warnings");

    CsvWriter csv(d.options.bom);
    csv.header(header);
    for (const store::StoredReport& r : d.snapshot.versions) {
        const auto& rec = r.record;
        const Form* form = cb.find_form(rec.form);
        // A resent incident is the same incident: lawyers must not file it twice.
        if (!form || form->kind != FormKind::incident || rec.status == Status::rejected ||
            rec.disposition == "duplicate")
            continue;
        const store::StoredMessage* msg = d.snapshot.message(rec.message_id);
        const Monitor* monitor = monitor_of_sender(cb, rec.sender);

        std::vector<std::string> codes, labels;
        for (int code : parse_incidents(rec.incidents_json)) {
            codes.push_back(std::to_string(code));
            const IncidentCode* ic = form->find_incident(code);
            labels.push_back(ic ? ic->label : "?");
        }
        std::vector<std::string> row = {std::to_string(r.id), reference_text(rec.reference),
                                        msg ? utc_time(msg->message.received_at) : utc_time(rec.created_at),
                                        rec.form, rec.station};
        for (auto& v : station_columns(cb, rec.station)) row.push_back(std::move(v));
        row.push_back(join(codes, ";"));
        row.push_back(join(labels, "; "));
        row.push_back(CsvWriter::text(rec.comment));
        row.push_back(monitor ? monitor->name : "");
        if (d.options.phones) row.push_back(monitor ? monitor->phone : CsvWriter::text(rec.sender));
        row.push_back(std::string(to_string(rec.status)));
        row.push_back(issue_codes(rec.warnings_json));
        csv.row(row);
    }
    return csv;
}

}  // namespace smsgw::exports
