// write_export: snapshot -> quick count -> files -> manifest -> atomic publish -> retention.
#include "daemon/export/exporter.hpp"

#include "daemon/official/anomaly_screens.hpp"
#include "daemon/quickcount/counting_rule.hpp"
#include "daemon/export/export_directory.hpp"
#include "daemon/export/export_format.hpp"
#include "daemon/export/export_tables.hpp"
#include "daemon/export/manifest.hpp"
#include "daemon/export/report_file.hpp"
#include "daemon/export/sha256.hpp"
#include "daemon/export/xlsx_workbook.hpp"
#include "daemon/official/verify.hpp"

#include <exception>
#include <fstream>
#include <optional>
#include <sstream>

namespace smsgw::exports {

namespace {

// The workbook's bytes: libxlsxwriter wrote them to a scratch file in the temporary directory; they
// are read back so the workbook is written, fsynced and moded like every other file.
std::optional<std::string> read_back(const fs::path& scratch, std::string& bytes) {
    std::ifstream in(scratch, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    std::error_code ec;
    fs::remove(scratch, ec);
    if (!in || ec) return "cannot read back " + scratch.string();
    bytes = std::move(content).str();
    return std::nullopt;
}

ExportResult run(store::StoreReader& reader, const ExportSource& source, const ExportOptions& options,
                 const fs::path& out_root, SystemTime now) {
    ExportResult result;
    if (!source.codebook) {
        result.error = "export: no codebook";
        return result;
    }
    auto snapshot = read_export_snapshot(reader);
    if (!snapshot) {
        result.error = "export: reading the store: " + snapshot.error().message;
        return result;
    }
    // The one counting rule with the operators' decisions as the trail in this snapshot has them.
    const review::Decisions decisions = review::replay(snapshot->audit);
    QuickCount qc(source.codebook);
    count_current_reports(qc, snapshot->current, decisions.count);
    const auto observer = official::observer_results(*source.codebook, snapshot->current, decisions.count);
    std::map<std::string, SystemTime, std::less<>> due(snapshot->reminded.begin(), snapshot->reminded.end());
    const auto queue = review::build_queue(
        {*source.codebook, snapshot->versions, decisions,
         official::screen_anomalies(*source.codebook, observer, "observer", {}), due});

    // The official comparison, station diff and call list: verify on the same snapshot.
    std::optional<official::VerifyResult> verified;
    if (!snapshot->official.empty())
        verified = official::verify({source.codebook, observer,
                                     official::official_results(*source.codebook, snapshot->official)});
    const ExportData data{*source.codebook, *snapshot, qc, options, now, verified ? &*verified : nullptr, &decisions, &queue};
    ExportDirectory::remove_stale(out_root);
    ExportDirectory dir(out_root, now);
    if (!dir.error().empty()) {
        result.error = "export: " + dir.error();
        return result;
    }
    const notify::TimeZone zone = election_zone(*source.codebook);
    Manifest manifest{utc_time(now),
                      notify::local_time_text(zone, now),
                      zone.name(),
                      source.codebook->election.id,
                      source.codebook->election.name,
                      source.codebook_version,
                      options.bom,
                      options.phones,
                      {},
                      snapshot->audit_head.hash,
                      snapshot->audit_head.rows};
    // Each table becomes its CSV file and its sheet of the workbook, then is freed: one in memory.
    const fs::path scratch = dir.temporary() / ".workbook.part";
    XlsxWorkbook xlsx(scratch, dir.temporary(), "smsgw export " + data.codebook.election.id + " " + utc_time(now), now);
    if (!xlsx.error().empty()) {
        result.error = "export: " + xlsx.error();
        return result;
    }
    std::size_t rows = 0;
    for (const ExportTable& table : export_tables) {
        const CsvWriter csv = table.build(data);
        ExportFile file{table.file, csv.rows(), csv.str().size(), Sha256::hex_of(csv.str())};
        if (auto e = dir.write(file.name, csv.str())) {
            result.error = "export: " + *e;
            return result;
        }
        std::string sheet = table.file;
        sheet.erase(sheet.rfind(".csv"));
        if (auto e = xlsx.add({sheet, &csv, table.columns})) {
            result.error = "export: " + *e;
            return result;
        }
        manifest.files.push_back({file.name, file.rows, csv.columns(), file.bytes, file.sha256});
        result.files.push_back(std::move(file));
        rows += csv.rows();
    }
    // The workbook's rows are its sheets' added up; "columns" is 0 (each sheet has its CSV's).
    std::string workbook;
    if (auto e = xlsx.close(); e || (e = read_back(scratch, workbook))) {
        result.error = "export: " + *e;
        return result;
    }
    ExportFile book{workbook_file, rows, workbook.size(), Sha256::hex_of(workbook)};
    if (auto e = dir.write(book.name, workbook)) {
        result.error = "export: " + *e;
        return result;
    }
    manifest.files.push_back({book.name, book.rows, 0, book.bytes, book.sha256});
    result.files.push_back(std::move(book));
    // report.html: not a table, so 0 rows and columns, but its digest and size like the others.
    {
        const std::string html = report_html(data, source.codebook_version, data.verify);
        ExportFile file{report_file, 0, html.size(), Sha256::hex_of(html)};
        if (auto e = dir.write(file.name, html)) {
            result.error = "export: " + *e;
            return result;
        }
        manifest.files.push_back({file.name, 0, 0, file.bytes, file.sha256});
        result.files.push_back(std::move(file));
    }
    // Written last: a directory with a manifest is a complete one, even for a reader of the temporary.
    if (auto e = dir.write(manifest_file, manifest_json(manifest))) {
        result.error = "export: " + *e;
        return result;
    }
    auto published = dir.publish();
    if (!published) {
        result.error = "export: " + dir.error();
        return result;
    }
    result.ok = true;
    result.path = *published;
    if (!dir.error().empty()) result.warnings.push_back(dir.error());
    result.pruned = ExportDirectory::prune(out_root, options.keep, result.warnings);
    return result;
}

}  // namespace

ExportResult write_export(store::StoreReader& reader, const ExportSource& source, const ExportOptions& options,
                          const fs::path& out_root, SystemTime now) {
    try {
        return run(reader, source, options, out_root, now);
    } catch (const std::exception& e) {
        // Out of memory or a defect in a table builder: report it, the daemon keeps running.
        ExportResult r;
        r.error = std::string("export: ") + e.what();
        return r;
    }
}

}  // namespace smsgw::exports
