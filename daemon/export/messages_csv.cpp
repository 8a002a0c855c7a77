// messages.csv: every stored message with what became of it.
#include "daemon/export/export_format.hpp"
#include "daemon/export/export_tables.hpp"

namespace smsgw::exports {

CsvWriter messages_csv(const ExportData& d) {
    std::vector<std::string> header = {"message_id", "received_utc", "modem"};
    if (d.options.phones) header.push_back("sender");
    for (const char* h : {"monitor_name", "text", "assembly", "missing_parts", "state", "report_id", "form", "station",
                          "status", "disposition", "errors", "warnings", "reference"})
        header.push_back(h);

    const auto reports = d.snapshot.report_of_message();
    CsvWriter csv(d.options.bom);
    csv.header(header);
    for (const store::StoredMessage& m : d.snapshot.messages) {
        const auto& msg = m.message;
        const Monitor* monitor = monitor_of_sender(d.codebook, msg.sender);
        std::vector<std::string> missing;
        for (int part : msg.missing) missing.push_back(std::to_string(part));

        std::vector<std::string> row = {std::to_string(m.id), utc_time(msg.received_at), msg.modem};
        if (d.options.phones) row.push_back(CsvWriter::text(msg.sender));
        row.push_back(monitor ? monitor->name : "");
        row.push_back(CsvWriter::text(msg.text));
        row.push_back(std::string(ingest::to_string(msg.assembly)));
        row.push_back(join(missing, ";"));
        row.push_back(std::string(store::to_string(m.state)));

        auto it = reports.find(m.id);
        if (it == reports.end()) {
            row.resize(header.size());
        } else {
            const auto& rec = it->second->record;
            row.push_back(std::to_string(it->second->id));
            row.push_back(rec.form);
            row.push_back(rec.station);
            row.push_back(std::string(to_string(rec.status)));
            row.push_back(rec.disposition);
            row.push_back(issue_codes(rec.errors_json));
            row.push_back(issue_codes(rec.warnings_json));
            row.push_back(rec.reference);
        }
        csv.row(row);
    }
    return csv;
}

}  // namespace smsgw::exports
