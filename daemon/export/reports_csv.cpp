// reports.csv: the current reports, one row each, every form's tags as columns.
#include "daemon/export/export_format.hpp"
#include "daemon/export/export_tables.hpp"
#include "daemon/quickcount/counting_rule.hpp"
#include "daemon/store/values_column.hpp"

#include <algorithm>
#include <map>

namespace smsgw::exports {

namespace {

struct TagColumn {
    const Form* form;
    int field;  // -1: the incident codes column of an incident form
};

std::vector<TagColumn> tag_columns(const Codebook& cb) {
    std::vector<TagColumn> cols;
    for (const Form& f : cb.forms) {
        if (f.kind == FormKind::incident) {
            cols.push_back({&f, -1});
            continue;
        }
        for (int i = 0; i < static_cast<int>(f.fields.size()); ++i) cols.push_back({&f, i});
    }
    return cols;
}

int form_rank(const Codebook& cb, const std::string& code) {
    for (std::size_t i = 0; i < cb.forms.size(); ++i)
        if (cb.forms[i].code == code) return static_cast<int>(i);
    return static_cast<int>(cb.forms.size());
}

}  // namespace

CsvWriter reports_csv(const ExportData& d) {
    const Codebook& cb = d.codebook;
    const auto cols = tag_columns(cb);

    std::vector<std::string> header = {"report_id", "form", "form_name", "station"};
    for (auto& h : station_header()) header.push_back(h);
    for (const char* h : {"status", "disposition", "conflict", "version", "versions", "warnings", "received_utc",
                          "recorded_utc"})
        header.push_back(h);
    if (d.options.phones) header.push_back("sender");
    for (const char* h : {"monitor_name", "reference", "comment", "codebook_version", "channel", "entered_by", "counting"})
        header.push_back(h);
    for (const auto& c : cols)
        header.push_back(c.field < 0 ? c.form->code + "_codes" : c.form->code + "_" + c.form->fields[c.field].tag);

    std::map<std::pair<std::string, std::string>, int> versions;
    for (const auto& r : d.snapshot.versions) ++versions[{r.record.form, r.record.station}];

    std::vector<const store::StoredReport*> rows;
    for (const auto& r : d.snapshot.current) rows.push_back(&r);
    std::stable_sort(rows.begin(), rows.end(), [&](const store::StoredReport* a, const store::StoredReport* b) {
        int fa = form_rank(cb, a->record.form), fb = form_rank(cb, b->record.form);
        if (fa != fb) return fa < fb;
        if (a->record.station != b->record.station) return a->record.station < b->record.station;
        return a->id < b->id;
    });

    CsvWriter csv(d.options.bom);
    csv.header(header);
    for (const store::StoredReport* r : rows) {
        const auto& rec = r->record;
        const Form* form = cb.find_form(rec.form);
        const store::StoredMessage* msg = d.snapshot.message(rec.message_id);
        const Monitor* monitor = monitor_of_sender(cb, rec.sender);

        std::vector<std::string> row = {std::to_string(r->id), rec.form, form ? form->name : "", rec.station};
        for (auto& v : station_columns(cb, rec.station)) row.push_back(std::move(v));
        row.push_back(std::string(to_string(rec.status)));
        row.push_back(rec.disposition);
        row.push_back(rec.conflict ? "1" : "0");
        row.push_back(std::to_string(r->version));
        row.push_back(std::to_string(versions[{rec.form, rec.station}]));
        row.push_back(issue_codes(rec.warnings_json));
        row.push_back(msg ? utc_time(msg->message.received_at) : "");
        row.push_back(utc_time(rec.created_at));
        if (d.options.phones) row.push_back(CsvWriter::text(rec.sender));
        row.push_back(monitor ? monitor->name : "");
        row.push_back(reference_text(rec.reference));
        row.push_back(CsvWriter::text(rec.comment));
        row.push_back(rec.codebook_version);
        // Which values came by phone, who took them, and what the one counting rule makes of them.
        row.push_back(rec.channel == store::Channel::phone ? "phone" : "sms");
        row.push_back(CsvWriter::text(rec.operator_name));
        row.push_back(std::string(to_string(judge_report(cb, *r, d.decisions ? d.decisions->count : CountDecisions{}).fate)));

        // An unreadable column shows no values (the count does not use it either).
        const auto values = store::values_from_json(rec.values_json).value_or(std::vector<TagValue>{});
        const auto incidents = parse_incidents(rec.incidents_json);
        for (const auto& c : cols) {
            std::string cell;
            if (c.form->code == rec.form) {
                if (c.field < 0) {
                    std::vector<std::string> codes;
                    for (int code : incidents) codes.push_back(std::to_string(code));
                    cell = join(codes, ";");
                } else {
                    const Field& f = c.form->fields[c.field];
                    for (const auto& v : values)
                        if (v.tag == f.tag) cell = field_value(f, v.value);
                }
            }
            row.push_back(std::move(cell));
        }
        csv.row(row);
    }
    return csv;
}

}  // namespace smsgw::exports
