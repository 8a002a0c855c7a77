// write_export: snapshot -> quick count -> files -> manifest -> atomic publish -> retention.
#include "daemon/export/exporter.hpp"

#include "daemon/export/count_reports.hpp"
#include "daemon/export/export_directory.hpp"
#include "daemon/export/export_format.hpp"
#include "daemon/export/export_tables.hpp"
#include "daemon/export/manifest.hpp"
#include "daemon/export/sha256.hpp"
#include "daemon/export/xlsx_workbook.hpp"

#include <exception>
#include <fstream>
#include <sstream>

namespace smsgw::exports {

namespace {

// The workbook of TABLES (in export_tables order): written by libxlsxwriter to a scratch file in the
// temporary directory, then read back, so it is written, fsynced and moded like every other file.
std::optional<std::string> workbook_bytes(const ExportDirectory& dir, const std::vector<CsvWriter>& tables,
                                          const ExportData& data, std::string& bytes) {
    std::vector<WorkbookSheet> sheets;
    for (std::size_t i = 0; i < tables.size(); ++i) {
        std::string name = export_tables[i].file;
        name.erase(name.rfind(".csv"));
        sheets.push_back({std::move(name), &tables[i], export_tables[i].columns});
    }
    const fs::path scratch = dir.temporary() / ".workbook.part";
    const WorkbookWriter writer{"smsgw export " + data.codebook.election.id + " " + utc_time(data.now), data.now};
    if (auto e = writer.write(scratch, dir.temporary(), sheets)) return e;
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
    QuickCount qc(source.codebook);
    if (source.count)
        source.count(qc, snapshot->current);
    else
        count_reports(qc, snapshot->current);

    const ExportData data{*source.codebook, *snapshot, qc, options, now};
    ExportDirectory::remove_stale(out_root);
    ExportDirectory dir(out_root, now);
    if (!dir.error().empty()) {
        result.error = "export: " + dir.error();
        return result;
    }
    Manifest manifest{utc_time(now), source.codebook->election.id, source.codebook->election.name,
                      source.codebook_version, options.bom, options.phones, {}};
    std::vector<CsvWriter> tables;
    std::size_t rows = 0;
    for (const ExportTable& table : export_tables) {
        CsvWriter csv = table.build(data);
        ExportFile file{table.file, csv.rows(), csv.str().size(), Sha256::hex_of(csv.str())};
        if (auto e = dir.write(file.name, csv.str())) {
            result.error = "export: " + *e;
            return result;
        }
        manifest.files.push_back({file.name, file.rows, csv.columns(), file.bytes, file.sha256});
        result.files.push_back(std::move(file));
        rows += csv.rows();
        tables.push_back(std::move(csv));
    }
    // The same tables as one workbook; its rows are theirs added up, its columns theirs per sheet (0 here).
    std::string workbook;
    if (auto e = workbook_bytes(dir, tables, data, workbook)) {
        result.error = "export: " + *e;
        return result;
    }
    tables.clear();
    ExportFile book{workbook_file, rows, workbook.size(), Sha256::hex_of(workbook)};
    if (auto e = dir.write(book.name, workbook)) {
        result.error = "export: " + *e;
        return result;
    }
    manifest.files.push_back({book.name, book.rows, 0, book.bytes, book.sha256});
    result.files.push_back(std::move(book));
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
