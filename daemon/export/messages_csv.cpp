// messages.csv: every SMS through the gateway: each message with its outcome and reply, each reminder and HQ summary.
#include "daemon/export/export_format.hpp"
#include "daemon/export/export_tables.hpp"

namespace smsgw::exports {

namespace {

// The outgoing SMS's columns: reply_id ... reply_error (and the destination when phones are shown).
void reply_columns(std::vector<std::string>& row, const store::OutgoingSms* o, bool phones) {
    if (!o) {
        row.resize(row.size() + (phones ? 9 : 8));
        return;
    }
    const store::StoredReply& r = o->reply;
    row.push_back(std::to_string(r.id));
    if (phones) row.push_back(CsvWriter::text(r.record.destination));
    row.push_back(CsvWriter::text(r.record.text));
    row.push_back(std::string(store::to_string(r.status)));
    row.push_back(std::to_string(r.attempts));
    row.push_back(r.modem);
    row.push_back(utc_time(r.created_at));
    row.push_back(r.sent_at ? utc_time(*r.sent_at) : "");
    row.push_back(CsvWriter::text(r.error));
}

}  // namespace

CsvWriter messages_csv(const ExportData& d) {
    const bool phones = d.options.phones;
    std::vector<std::string> header = {"message_id", "kind", "received_utc", "modem"};
    if (phones) header.push_back("sender");
    for (const char* h : {"monitor_name", "text", "assembly", "missing_parts", "state", "report_id", "form", "station",
                          "status", "disposition", "errors", "warnings", "reference", "reply_id"})
        header.push_back(h);
    if (phones) header.push_back("reply_destination");
    for (const char* h : {"reply_text", "reply_status", "reply_attempts", "reply_modem", "reply_queued_utc",
                          "reply_sent_utc", "reply_error", "reminder_window"})
        header.push_back(h);

    const auto reports = d.snapshot.report_of_message();
    const auto replies = d.snapshot.reply_of_message();
    CsvWriter csv(d.options.bom);
    csv.header(header);

    auto message_row = [&](const store::StoredMessage& m) {
        const auto& msg = m.message;
        const Monitor* monitor = monitor_of_sender(d.codebook, msg.sender);
        std::vector<std::string> missing;
        for (int part : msg.missing) missing.push_back(std::to_string(part));

        std::vector<std::string> row = {std::to_string(m.id), "in", utc_time(msg.received_at), msg.modem};
        if (phones) row.push_back(CsvWriter::text(msg.sender));
        row.push_back(monitor ? monitor->name : "");
        row.push_back(CsvWriter::text(msg.text));
        row.push_back(std::string(ingest::to_string(msg.assembly)));
        row.push_back(join(missing, ";"));
        row.push_back(std::string(store::to_string(m.state)));
        if (auto it = reports.find(m.id); it == reports.end()) {
            row.resize(row.size() + 8);
        } else {
            const auto& rec = it->second->record;
            row.push_back(std::to_string(it->second->id));
            row.push_back(rec.form);
            row.push_back(rec.station);
            row.push_back(std::string(to_string(rec.status)));
            row.push_back(rec.disposition);
            row.push_back(issue_codes(rec.errors_json));
            row.push_back(issue_codes(rec.warnings_json));
            row.push_back(reference_text(rec.reference));
        }
        auto reply = replies.find(m.id);
        reply_columns(row, reply == replies.end() ? nullptr : reply->second, phones);
        row.emplace_back();  // reminder_window
        csv.row(row);
    };

    // A reminder or HQ summary: no incoming message; for a reminder, the stations and forms it asked for.
    auto outgoing_row = [&](const store::OutgoingSms& o) {
        const Monitor* monitor =
            o.reply.record.kind == "reminder" ? monitor_of_sender(d.codebook, o.reply.record.destination) : nullptr;
        std::vector<std::string> row = {"", o.reply.record.kind, "", ""};
        if (phones) row.emplace_back();
        row.push_back(monitor ? monitor->name : "");
        row.resize(row.size() + 5);  // text, assembly, missing_parts, state, report_id
        row.push_back(o.forms);
        row.push_back(o.stations);
        row.resize(row.size() + 5);  // status, disposition, errors, warnings, reference
        reply_columns(row, &o, phones);
        row.push_back(o.window);
        csv.row(row);
    };

    // Messages in id order and the SMS that answer none in id order, merged by time, so the file
    // reads as the night went.
    std::vector<const store::OutgoingSms*> unanswered;
    for (const auto& o : d.snapshot.outgoing)
        if (!o.reply.record.message_id || !d.snapshot.message(*o.reply.record.message_id)) unanswered.push_back(&o);
    std::size_t next = 0;
    for (const store::StoredMessage& m : d.snapshot.messages) {
        while (next < unanswered.size() && unanswered[next]->reply.created_at < m.message.received_at)
            outgoing_row(*unanswered[next++]);
        message_row(m);
    }
    while (next < unanswered.size()) outgoing_row(*unanswered[next++]);
    return csv;
}

}  // namespace smsgw::exports
