// One export run: read the store once, build every file, publish the directory atomically, prune old ones.
#pragma once

#include "daemon/export/export_options.hpp"
#include "daemon/export/export_tables.hpp"

#include <array>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace smsgw::store {
class StoreReader;
}

namespace smsgw::exports {

namespace fs = std::filesystem;

struct ExportSource {
    CodebookPtr codebook;          // the codebook the daemon runs with (e.g. the one saved in the store)
    std::string codebook_version;  // for the manifest; may be empty
};

struct ExportFile {
    std::string name;
    std::size_t rows = 0;  // data rows, header excluded
    std::size_t bytes = 0;
    std::string sha256;    // lower-case hex of the file's bytes (BOM included)
};

struct ExportResult {
    bool ok = false;
    fs::path path;                  // the published directory (when ok)
    std::vector<ExportFile> files;  // the CSVs, the workbook, report.html: manifest order (manifest.json not included)
    std::vector<fs::path> pruned;   // old exports removed
    std::string error;              // why there is no export (store, disk); empty when ok
    std::vector<std::string> warnings;  // the export exists, but e.g. pruning failed
};

// The CSV files, in the order of export_tables; then the workbook, report.html, then manifest.json.
inline constexpr auto export_files = [] {
    std::array<const char*, std::size(export_tables)> names{};
    for (std::size_t i = 0; i < names.size(); ++i) names[i] = export_tables[i].file;
    return names;
}();
// Every table again, one sheet each, with typed cells: what HQ opens with a double-click.
inline constexpr const char* workbook_file = "smsgw-export.xlsx";
// The page HQ opens first (daemon/report/report_html.hpp); listed in the manifest with 0 rows and columns.
inline constexpr const char* report_file = "report.html";
inline constexpr const char* manifest_file = "manifest.json";

// Writes OUT_ROOT/smsgw-export-<UTC now>/ with every file and the manifest, or nothing at all. Never
// throws; all failures are in the result. Runs on the calling thread (it reads and writes files).
ExportResult write_export(store::StoreReader& reader, const ExportSource& source, const ExportOptions& options,
                          const fs::path& out_root, SystemTime now);

}  // namespace smsgw::exports
