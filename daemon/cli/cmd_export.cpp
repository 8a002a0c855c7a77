// smsgw export --db FILE --out DIR: one export now, the same files the daemon writes on its schedule.
#include "daemon/cli/options.hpp"
#include "daemon/codebook_io/codebook_dir.hpp"
#include "daemon/codebook_io/codebook_store.hpp"
#include "daemon/cli/commands.hpp"
#include "daemon/status/estimate_from_store.hpp"
#include "daemon/export/exporter.hpp"
#include "daemon/store/store_reader.hpp"

#include <chrono>
#include <iostream>
#include <memory>
#include <optional>

namespace smsgw {

namespace {

constexpr const char* usage =
    "smsgw export --db FILE --out DIR [--no-bom] [--no-phones] [--keep N] [--codebook DIR]\n\n"
    "Writes one export now into a new directory DIR/smsgw-export-<UTC time>/ — reports.csv,\n"
    "messages.csv, incidents.csv, estimates.csv, missing.csv, quarantined.csv (SIM records the modems\n"
    "could not read), official.csv, station_diff.csv and anomalies.csv (smsgw verify's verdicts, station\n"
    "diff and call list; header only before official results are imported), estimate_history.csv (the\n"
    "estimate at each take), smsgw-export.xlsx (every table as a sheet, cells typed: codes and phones\n"
    "text, shares percent, times UTC dates), report.html (the page for HQ: charts, opens offline) and\n"
    "manifest.json (SHA-256 and row counts) — the same files as the daemon's scheduled exports, and\n"
    "prints its path. The directory appears complete or not at all.\n"
    "Reads the database without blocking a running daemon.\n"
    "Exit 0: written; 1: it could not be written (the message says why); 2: bad arguments.\n";

struct Loaded {
    CodebookPtr codebook;
    std::string version;
};

// The codebook the reports were checked against: the one saved in the database, unless --codebook.
std::optional<Loaded> load_codebook(store::StoreReader& reader, const std::string& dir, std::string& error) {
    if (!dir.empty()) {
        LoadResult r = load_codebook_dir(dir);
        if (!r.ok()) {
            error = "codebook " + dir + " has errors (run smsgw check-codebook " + dir + ")";
            return std::nullopt;
        }
        return Loaded{r.codebook, codebook_version(read_codebook_dir(dir))};
    }
    try {
        CodebookInUse in_use = codebook_from_reader(reader);
        if (in_use.codebook) return Loaded{in_use.codebook, in_use.version};
        error = "the database holds no codebook yet; give one with --codebook DIR";
    } catch (const std::exception& e) {
        error = std::string(e.what()) + " (or give the codebook with --codebook DIR)";
    }
    return std::nullopt;
}

}  // namespace

int cmd_export(const Args& args) {
    std::string db, out, codebook_dir;
    int keep = 0;
    bool no_bom = false, no_phones = false;
    cli::Options opts("export", usage);
    opts.text("db", db, "FILE", "the smsgw database (SQLite file)").required();
    opts.text("out", out, "DIR", "directory to write the export into (created if missing)").required();
    opts.flag("no-bom", no_bom, "no UTF-8 byte order mark (Excel needs it to read Cyrillic; scripts may not)");
    opts.flag("no-phones", no_phones,
              "leave monitors' phone numbers out of every file except missing.csv (and the raw SIM records, which "
              "hold the sender's number, out of quarantined.csv)");
    opts.number("keep", keep, 0, 1000000, "N", "then keep only the newest N exports in DIR (0: keep all)");
    opts.text("codebook", codebook_dir, "DIR", "use this codebook directory instead of the one saved in the database");
    if (auto exit = opts.parse(args)) return *exit;

    std::unique_ptr<store::StoreReader> reader;
    try {
        reader = open_store_reader(db);
    } catch (const std::exception& e) {
        std::cerr << "smsgw export: " << e.what() << "\n";
        return 1;
    }
    std::string error;
    auto codebook = load_codebook(*reader, codebook_dir, error);
    if (!codebook) {
        std::cerr << "smsgw export: " << error << "\n";
        return 1;
    }

    exports::ExportOptions options;
    options.bom = !no_bom;
    options.phones = !no_phones;
    options.keep = keep;
    exports::ExportSource source{codebook->codebook, codebook->version};
    exports::ExportResult r =
        exports::write_export(*reader, source, options, out, std::chrono::system_clock::now());
    if (!r.ok) {
        std::cerr << "smsgw " << r.error << "\n";
        return 1;
    }
    for (const auto& w : r.warnings) std::cerr << "smsgw export: warning: " << w << "\n";
    std::cout << r.path.string() << "\n";
    return 0;
}

}  // namespace smsgw
