// quarantined.csv: the SIM records the modems could not read, as evidence for HQ (a burst suggests an attack).
#include "daemon/export/export_format.hpp"
#include "daemon/export/export_tables.hpp"

namespace smsgw::exports {

CsvWriter quarantined_csv(const ExportData& d) {
    const bool phones = d.options.phones;
    std::vector<std::string> header = {"id", "modem", "imei", "location", "error", "reason"};
    if (phones) header.push_back("pdu_hex");  // the PDU carries the sender's number
    header.push_back("detected_at");

    CsvWriter csv(d.options.bom);
    csv.header(header);
    for (const store::QuarantineRecord& q : d.snapshot.quarantined) {
        // The error and reason may quote what libgammu or the modem said: text from outside.
        std::vector<std::string> row = {std::to_string(q.id),     q.modem,
                                        CsvWriter::text(q.imei),  std::to_string(q.location),
                                        CsvWriter::text(q.error), CsvWriter::text(q.reason)};
        if (phones) row.push_back(q.pdu_hex);
        row.push_back(utc_time(q.detected_at));
        csv.row(row);
    }
    return csv;
}

}  // namespace smsgw::exports
