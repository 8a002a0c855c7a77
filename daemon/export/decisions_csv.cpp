// queue.csv, decisions.csv and calls.csv: the operators' loop for HQ (what waits, what was decided, who was called).
#include "daemon/export/export_format.hpp"
#include "daemon/export/export_tables.hpp"

namespace smsgw::exports {

CsvWriter queue_csv(const ExportData& d) {
    const bool phones = d.options.phones;
    std::vector<std::string> header = {"kind", "item", "report_id", "reference", "form", "station", "station_name",
                                       "region", "facts"};
    if (phones) header.insert(header.end(), {"sender", "monitor_phone"});
    for (const char* h : {"monitor_name", "since_utc", "last_call_utc", "last_call_outcome", "last_call_by", "last_note"})
        header.push_back(h);
    CsvWriter csv(d.options.bom);
    csv.header(header);
    if (!d.queue) return csv;
    for (const review::QueueItem& i : *d.queue) {
        const Station* s = d.codebook.find_station(i.station);
        std::vector<std::string> row = {std::string(review::to_string(i.kind)),
                                        i.report_id ? std::to_string(*i.report_id) : "station:" + i.station,
                                        i.report_id ? std::to_string(*i.report_id) : "",
                                        CsvWriter::text(i.reference),
                                        i.form,
                                        CsvWriter::text(i.station),
                                        s ? s->name : "",
                                        s ? s->region : "",
                                        CsvWriter::text(i.facts)};
        if (phones) row.insert(row.end(), {CsvWriter::text(i.sender), CsvWriter::text(i.monitor_phone)});
        row.push_back(i.monitor_name);
        row.push_back(utc_time(i.since));
        row.push_back(i.last_call ? utc_time(i.last_call->at) : "");
        row.push_back(i.last_call ? i.last_call->entry.verb : "");
        row.push_back(i.last_call ? CsvWriter::text(i.last_call->entry.operator_name) : "");
        row.push_back(i.last_note ? CsvWriter::text(i.last_note->entry.reason) : "");
        csv.row(row);
    }
    return csv;
}

CsvWriter decisions_csv(const ExportData& d) {
    CsvWriter csv(d.options.bom);
    csv.header({"id", "at_utc", "operator", "action", "verb", "report_id", "station", "before", "after", "reason",
                "prev_hash", "hash"});
    for (const store::StoredAudit& a : d.snapshot.audit) {
        const store::AuditEntry& e = a.entry;
        // Operators type names, reasons and notes: text from outside.
        csv.row({std::to_string(a.id), utc_time(a.at), CsvWriter::text(e.operator_name), e.action, e.verb,
                 e.report_id ? std::to_string(*e.report_id) : "", CsvWriter::text(e.station), CsvWriter::text(e.before),
                 CsvWriter::text(e.after), CsvWriter::text(e.reason), a.prev_hash, a.hash});
    }
    return csv;
}

CsvWriter calls_csv(const ExportData& d) {
    const bool phones = d.options.phones;
    std::vector<std::string> header = {"id", "at_utc", "operator", "station", "station_name", "outcome"};
    if (phones) header.push_back("monitor_phone");
    header.push_back("note");
    CsvWriter csv(d.options.bom);
    csv.header(header);
    for (const store::StoredAudit& a : d.snapshot.audit) {
        const store::AuditEntry& e = a.entry;
        if (e.action != "call") continue;
        const Station* s = d.codebook.find_station(e.station);
        std::vector<std::string> row = {std::to_string(a.id), utc_time(a.at), CsvWriter::text(e.operator_name),
                                        CsvWriter::text(e.station), s ? s->name : "", e.verb};
        if (phones) row.push_back(CsvWriter::text(e.after));
        row.push_back(CsvWriter::text(e.reason));
        csv.row(row);
    }
    return csv;
}

}  // namespace smsgw::exports
